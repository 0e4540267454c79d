"""Sources with one schedule crawled together by the daemon (scheduler/batches.py): one crawl process for a
batch, each source still judged, backed off and reported on its own."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scheduler.batches import batch_id, batch_label, batches, source_status
from scheduler.config import Source
from tests.conftest import run_cli
from tests.site import FixtureSite, Page
from tests.test_daemon import Daemon, cli, rows, source, wait_for, write_config


def _source(name: str, interval: float = 60.0, cron: str | None = None) -> Source:
    return Source(name=name, kind="feed", urls=("http://127.0.0.1/feed.xml",), interval=interval, cron=cron)


def test_sources_with_one_schedule_are_batched_in_config_order_up_to_the_size() -> None:
    sources = [_source("a"), _source("b", 30), _source("c"), _source("d", cron="*/5 * * * *"), _source("e"),
               _source("f", cron="*/5 * * * *")]
    assert [[s.name for s in batch] for batch in batches(sources, 2)] == [["a", "c"], ["e"], ["b"], ["d", "f"]]
    assert [[s.name for s in batch] for batch in batches(sources, 1)] == [["a"], ["c"], ["e"], ["b"], ["d"], ["f"]]
    assert batch_id(("a",)) == "a" and batch_id(("a", "c")) == "batch:a,c"
    assert batch_label(("a",)) == "a" and batch_label(("a", "b", "c", "d")) == "4 sources (a, b, c, ...)"


@pytest.mark.parametrize("status, message, name, expected", [
    ("ok", "unreachable: down, gone", "down", "failed"),
    ("ok", "unreachable: down, gone; aa-en reached its URL budget", "gone", "failed"),
    ("ok", "unreachable: down-two", "down", "ok"),  # a name only like another's
    ("ok", None, "down", "ok"),
    ("failed", "no source could be reached", "up", "failed"),
    ("interrupted", "crawl stopped before the end (shutdown)", "up", "interrupted"),
])
def test_a_source_that_could_not_be_reached_failed_in_a_run_that_did_not(status: str, message: str | None,
                                                                         name: str, expected: str) -> None:
    assert source_status(status, message, name) == expected


def test_one_crawl_polls_a_batch_and_a_source_that_fails_in_it_backs_off_alone(
        tmp_path: Path, site: FixtureSite, daemons: list[Daemon]) -> None:
    site.routes["/down.xml"] = Page(handler=lambda h: None)  # closes the connection without an answer
    write_config(tmp_path, site, source("alpha", f"{site.url}/rss.xml", "1s"),
                 source("beta", f"{site.url}/atom.xml", "1s"), source("down", f"{site.url}/down.xml", "1s"))
    daemon = Daemon(tmp_path, "--max-backoff", "1h")
    daemons.append(daemon)
    # the first run crawls all three in one process; "down" then sits out its batch's runs while it backs off
    # (2s after one failure: twice its interval), and rejoins them
    wait_for(lambda: rows(tmp_path, "SELECT count(*) FROM crawl_runs WHERE sources = 'alpha,beta,down' "
                                    "AND status = 'ok'") >= [(2,)], 60, "a second run with 'down'")
    runs = rows(tmp_path, "SELECT sources, status, message, started_at, finished_at FROM crawl_runs "
                          "WHERE status != 'running' ORDER BY id")
    assert runs[0][:3] == ("alpha,beta,down", "ok", "unreachable: down"), runs
    with_down = [i for i, run in enumerate(runs) if run[0] == "alpha,beta,down"]
    assert {run[0] for run in runs} == {"alpha,beta,down", "alpha,beta"}, runs
    assert with_down[1] > with_down[0] + 1, runs  # the batch ran without it in between
    assert _seconds(runs[with_down[1]][3]) - _seconds(runs[with_down[0]][4]) >= 1.8, runs
    assert re.search(r"INFO 3 sources \(alpha, beta, down\): run 1 ok in [\d.]+s: \d+ pages, ", daemon.log), daemon.log
    assert "WARNING down: 1 failed run(s) in a row; backing off, next run at " in daemon.log
    assert "alpha: 1 failed run" not in daemon.log and "beta: 1 failed run" not in daemon.log
    wait_for(lambda: "down: 2 failed run(s) in a row" in daemon.log, 30, "the second failure logged")

    status = run_cli("status", "--format", "json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    by_name = {row["source"]: row for row in json.loads(status.stdout)["sources"]}
    assert by_name["down"]["outcome"] == "failed" and by_name["down"]["failures"] >= 2
    assert by_name["down"]["next_run"].endswith("(backing off)") or by_name["down"]["next_run"].startswith("running")
    assert by_name["alpha"]["failures"] == 0 and by_name["beta"]["failures"] == 0


def test_batch_one_crawls_each_source_alone_and_a_bad_batch_is_refused(
        tmp_path: Path, site: FixtureSite, daemons: list[Daemon]) -> None:
    write_config(tmp_path, site, source("alpha", f"{site.url}/rss.xml", "1h"),
                 source("beta", f"{site.url}/atom.xml", "1h"))
    refused = cli("daemon", "--batch", "0", cwd=tmp_path)
    out, err = refused.communicate(timeout=60)
    assert refused.returncode == 2 and err.strip() == "tollwatch: error: --batch: must be at least 1", (out, err)
    daemon = Daemon(tmp_path, "--batch", "1")
    daemons.append(daemon)
    wait_for(lambda: rows(tmp_path, "SELECT count(*) FROM crawl_runs WHERE status = 'ok'") == [(2,)], 60,
             "a run of each source")
    assert sorted(rows(tmp_path, "SELECT sources FROM crawl_runs")) == [("alpha",), ("beta",)]


def _seconds(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()
