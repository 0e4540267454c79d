"""The real `tollwatch daemon` in a subprocess against the local fixture site, asserting on the database.

Intervals are seconds and jitter is off (--jitter 0); every wait has a deadline, so a broken daemon fails
a test instead of hanging it.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from scheduler.daemon import one_line
from scheduler.flags import seconds, size
from scheduler.lock import DaemonError, sqlite_lock_path
from scheduler.orphans import STALE_MESSAGE
from storage.db import open_database
from tests.conftest import TOLLWATCH, run_cli
from scheduler.status import WALLED_RUNS
from tests.site import FixtureSite, Page, article_html, config_toml, rss, source_toml, wall_html

ENV = {k: v for k, v in os.environ.items() if k != "TOLLWATCH_DATABASE_URL"}


def source(name: str, url: str, interval: str = "2s", kind: str = "feed") -> str:
    return source_toml(name, kind, url, interval=interval)


def write_config(project: Path, site: FixtureSite, *sources: str, database: str = "sqlite:///tollwatch.db",
                 extra: str = "") -> None:
    text = config_toml(site.url, database, sources="".join(sources), extra=extra).replace("workers = 1",
                                                                                        "workers = 0")
    (project / "tollwatch.toml").write_text(text)


def rows(project: Path, sql: str, *params: Any) -> list[tuple]:
    with sqlite3.connect(project / "tollwatch.db", timeout=30) as conn:
        return conn.execute(sql, params).fetchall()


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")


def finished_runs(project: Path, name: str, status: str = "ok") -> list[tuple]:
    return rows(project, "SELECT id, started_at, finished_at FROM crawl_runs WHERE sources = ? AND status = ? "
                         "ORDER BY id", name, status)


class Daemon:
    """A foreground daemon with its log in a file."""

    def __init__(self, project: Path, *flags: str):
        self.project = project
        self.log_path = project / f"daemon{len(list(project.glob('daemon*.log')))}.log"
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen([TOLLWATCH, "daemon", "--jitter", "0", *flags], cwd=project, env=ENV,
                                        stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_for(lambda: "daemon started" in self.log or self.process.poll() is not None, 30, "the daemon to start")
        assert self.process.poll() is None, self.log

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.log_file.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


def serve(handler: BaseHTTPRequestHandler, page: Page) -> None:
    try:
        page.send(handler)
    except OSError:  # the crawl that asked was killed meanwhile
        pass


def slow_articles(site: FixtureSite, delay: float = 0.0, gate: threading.Event | None = None) -> None:
    """Article pages answer after `delay` seconds, or once `gate` is set."""
    for path, page in list(site.routes.items()):
        if path.startswith("/world/2026/"):
            def handler(h: BaseHTTPRequestHandler, page: Page = page) -> None:
                if gate is not None:
                    gate.wait(60)
                time.sleep(delay)
                serve(h, page)
            site.routes[path] = Page(handler=handler)


def article_hits(site: FixtureSite) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/world/2026/"))


def cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """`tollwatch ARGS` started in the background (to overlap the CLI's start-up time)."""
    return subprocess.Popen([TOLLWATCH, *args], cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def assert_clean(project: Path) -> None:
    """Nothing half-written: no run left running, and every article has a version."""
    assert rows(project, "SELECT id FROM crawl_runs WHERE status = 'running'") == []
    assert_whole_articles(project)


def assert_whole_articles(project: Path) -> None:
    """Every article has a version (each is written with its version in one transaction, so this holds while
    a crawl runs too)."""
    assert rows(project, "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                         "(SELECT 1 FROM article_versions v WHERE v.article_id = a.id)") == [(0,)]


def test_runs_on_schedule_backs_off_refuses_a_second_daemon_and_stops(tmp_path: Path, site: FixtureSite) -> None:
    flaky_feed = site.routes["/atom.xml"]
    site.routes["/flaky.xml"] = Page(handler=lambda h: None)  # closes the connection without an answer
    write_config(tmp_path, site, source("rss", f"{site.url}/rss.xml", "2s"),
                 source("flaky", f"{site.url}/flaky.xml", "1s"))
    # a run left "running" by a daemon that was killed: marked failed on start
    open_database(f"sqlite:///{tmp_path / 'tollwatch.db'}").dispose()
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        conn.execute("INSERT INTO crawl_runs (started_at, status, sources, trigger, pid, pages_fetched, "
                     "new_articles, changed_articles, unchanged_articles, errors, figure_changes) "
                     "VALUES ('2026-11-01 10:00:00', 'running', 'rss', 'daemon', ?, 0, 0, 0, 0, 0, 0)",
                     (dead_pid(),))

    result = run_cli("daemon", "--detach", "--jitter", "0", "--max-backoff", "4s", "--pidfile", "d.pid",
                     "--logfile", "d.log", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    pid = int((tmp_path / "d.pid").read_text())
    assert f"pid {pid}" in result.stdout
    try:
        second = cli("daemon", "--jitter", "0", cwd=tmp_path)
        assert rows(tmp_path, "SELECT status, message, finished_at IS NOT NULL FROM crawl_runs WHERE id = 1") == [
            ("failed", STALE_MESSAGE, 1)]

        # a second daemon on the same database is refused, with one clear line
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2, out + err
        assert err.strip().splitlines() == [
            f"tollwatch: error: another tollwatch daemon (pid {pid}) is already running on "
            "sqlite:///tollwatch.db; stop it first ('tollwatch stop')"]

        # a failing source: status shows it backing off
        wait_for(lambda: len(finished_runs(tmp_path, "flaky", "failed")) >= 2 and
                          finished_runs(tmp_path, "flaky", "failed"), 60, "two failed runs of the flaky source")
        status = run_cli("status", "--format", "json", cwd=tmp_path)
        assert status.returncode == 0, status.stderr
        assert f"daemon running (pid {pid}" in status.stderr
        flaky = next(row for row in json.loads(status.stdout)["sources"] if row["source"] == "flaky")
        assert flaky["schedule"] == "every 1s" and flaky["outcome"] == "failed" and flaky["failures"] >= 2
        assert flaky["next_run"].endswith("(backing off)") or flaky["next_run"].startswith("running since")
        table = run_cli("status", cwd=tmp_path).stdout
        assert f"daemon: running (pid {pid}" in table and "next_run" in table
        site.routes["/flaky.xml"] = flaky_feed  # the source comes back: it recovers on its own
        wait_for(lambda: finished_runs(tmp_path, "flaky"), 60, "the flaky source to recover")
        wait_for(lambda: len(finished_runs(tmp_path, "rss")) >= 2, 60, "two runs of rss")
    finally:
        stop = run_cli("stop", cwd=tmp_path, timeout=90)
    assert stop.returncode == 0, stop.stderr
    assert f"pid {pid}" in stop.stdout
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    assert not (tmp_path / "d.pid").exists()

    runs = rows(tmp_path, "SELECT id, sources, status, trigger, started_at, finished_at FROM crawl_runs "
                          "WHERE id > 1 ORDER BY id")
    assert {r[3] for r in runs} == {"daemon"}
    for name in ("rss", "flaky"):
        mine = [r for r in runs if r[1] == name]
        for before, after in zip(mine, mine[1:]):  # one run per source at a time
            assert after[4] >= before[5], (before, after)
    starts = [_seconds(r[4]) for r in runs if r[1] == "rss"]
    assert all(b - a >= 1.5 for a, b in zip(starts, starts[1:])), starts  # on its 2s schedule, not faster
    flaky = [r for r in runs if r[1] == "flaky"]
    outcomes = [r[2] for r in flaky]
    failures = outcomes.index("ok")
    assert failures >= 2 and set(outcomes[:failures]) == {"failed"}, outcomes
    gaps = [_seconds(flaky[i + 1][4]) - _seconds(flaky[i][5]) for i in range(failures)]
    # the failing source backs off: 2s after its first failure (twice its 1s interval), then 4s (the cap)
    assert gaps[0] >= 1.8 and all(gap >= 3.8 for gap in gaps[1:]), gaps
    assert_clean(tmp_path)

    # one log line per finished run, with its counts
    log = (tmp_path / "d.log").read_text()
    for run_id, name, status, *_ in runs:
        if status in ("ok", "failed"):
            assert sum(f"{name}: run {run_id} {status} in " in line and " pages, " in line and " new, " in line
                       and " changed, " in line and " figure changes, " in line and " errors" in line
                       for line in log.splitlines()) == 1, (run_id, log)
    assert f"flaky: recovered after {failures} failed run(s)" in log

    status, again = cli("status", cwd=tmp_path), cli("stop", cwd=tmp_path)
    assert "daemon: not running" in status.communicate(timeout=60)[0]
    assert status.returncode == 3
    assert again.communicate(timeout=60)[1].strip() == "tollwatch: no daemon is running on sqlite:///tollwatch.db"
    assert again.returncode == 1


def _seconds(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()


def test_killed_crawl_is_recorded_failed_and_sighup_reloads_only_a_valid_config(
        tmp_path: Path, site: FixtureSite, daemons: list[Daemon]) -> None:
    gate = threading.Event()
    slow_articles(site, gate=gate)
    write_config(tmp_path, site, source("rss", f"{site.url}/rss.xml", "2s"))
    daemon = Daemon(tmp_path, "--grace", "5s")
    daemons.append(daemon)

    # kill -9 the crawl process while it waits for an article page
    run_id, pid = wait_for(lambda: rows(tmp_path, "SELECT id, pid FROM crawl_runs WHERE status = 'running' "
                                                  "AND pid IS NOT NULL"), 30, "a running crawl")[0]
    wait_for(lambda: article_hits(site) > 0, 30, "the crawl to fetch an article")
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: rows(tmp_path, "SELECT status FROM crawl_runs WHERE id = ?", run_id) != [("running",)], 30,
             "the killed run to be closed")
    assert rows(tmp_path, "SELECT status, message FROM crawl_runs WHERE id = ?", run_id) == [
        ("failed", "crawl process was killed by signal SIGKILL")]
    gate.set()
    wait_for(lambda: [r for r in finished_runs(tmp_path, "rss") if r[0] > run_id], 60, "the next run to succeed")
    assert daemon.process.poll() is None
    assert_whole_articles(tmp_path)  # the next run may have started already: its 2s interval is short

    # a broken config is refused, the old schedule keeps running
    good = (tmp_path / "tollwatch.toml").read_text()
    (tmp_path / "tollwatch.toml").write_text(good + "\n[[sources]]\nname = 'broken'\n")
    done = len(finished_runs(tmp_path, "rss"))
    daemon.signal(signal.SIGHUP)
    wait_for(lambda: "config reload refused" in daemon.log, 10, "the refusal to be logged")
    refusal = next(line for line in daemon.log.splitlines() if "config reload refused" in line)
    assert "needs exactly one of the keys feed, sitemap, pages" in refusal
    wait_for(lambda: len(finished_runs(tmp_path, "rss")) > done, 60, "a run after the refused reload")

    # a valid config is picked up: the new source is crawled, history kept
    (tmp_path / "tollwatch.toml").write_text(good + source("atom", f"{site.url}/atom.xml", "1h"))
    daemon.signal(signal.SIGHUP)
    wait_for(lambda: finished_runs(tmp_path, "atom"), 60, "a run of the added source")
    assert "added: atom; removed: none" in daemon.log
    assert rows(tmp_path, "SELECT status FROM crawl_runs WHERE id = ?", run_id) == [("failed",)]

    # kill -9 of the daemon mid-crawl: its crawl process dies with it; the next daemon closes the run
    gate.clear()
    hits = article_hits(site)
    wait_for(lambda: article_hits(site) > hits, 30, "a crawl waiting for an article")
    [(run_id, pid)] = rows(tmp_path, "SELECT id, pid FROM crawl_runs WHERE status = 'running'")
    daemon.kill()
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), 10, "the crawl process to die with the daemon")
    gate.set()
    daemon = Daemon(tmp_path, "--grace", "5s")
    daemons.append(daemon)
    assert rows(tmp_path, "SELECT status, message FROM crawl_runs WHERE id = ?", run_id) == [
        ("failed", STALE_MESSAGE)]
    wait_for(lambda: [r for r in finished_runs(tmp_path, "rss") if r[0] > run_id], 60, "a run after the restart")

    daemon.signal(signal.SIGTERM)
    assert daemon.wait(30) == 0
    assert_clean(tmp_path)


def test_sigterm_lets_the_running_crawl_finish_its_articles_then_exits_0(
        tmp_path: Path, site: FixtureSite, daemons: list[Daemon]) -> None:
    slow_articles(site, delay=0.7)
    write_config(tmp_path, site, source("world", f"{site.url}/world/", "1h", kind="pages"),
                 extra="per_domain = 1")  # one article at a time
    daemon = Daemon(tmp_path, "--grace", "15s")
    daemons.append(daemon)
    wait_for(lambda: article_hits(site) >= 2, 30, "the crawl to be fetching articles")
    daemon.signal(signal.SIGTERM)
    started = time.monotonic()
    assert daemon.wait(30) == 0, daemon.log
    assert time.monotonic() - started < 15  # finished within its grace period, not killed
    assert rows(tmp_path, "SELECT status, message FROM crawl_runs") == [
        ("interrupted", "crawl stopped before the end (shutdown)")]
    assert "SIGTERM received: stopping; no new crawls; 1 running crawl(s) get 15s" in daemon.log
    assert "daemon stopped" in daemon.log
    assert_clean(tmp_path)


def test_a_source_answering_with_challenges_run_after_run_is_warned_about(
        tmp_path: Path, site: FixtureSite, daemons: list[Daemon]) -> None:
    """Each run's line counts the challenge; from the WALLED_RUNS-th run in a row on, a warning says the
    source's articles are not being updated; a run that serves the article again ends the streak."""
    article = site.articles[0]  # type: ignore[attr-defined]
    site.set_xml("/walled.xml", rss([article], site.url))
    site.set_html(article.path, wall_html("challenge-cloudflare-en"))
    write_config(tmp_path, site, source("walled", f"{site.url}/walled.xml", "1s"))
    daemon = Daemon(tmp_path)
    daemons.append(daemon)
    warning = f"walled: answered mostly with walls or challenges in {WALLED_RUNS} runs in a row (last run: " \
              "1 bot challenge); its articles are not being updated"
    wait_for(lambda: warning in daemon.log, 60, "the warning about the walled source")
    assert re.search(r"INFO walled: run 1 ok in [\d.]+s: 1 pages, 0 new, 0 changed, 0 figure changes, 1 errors; "
                     r"outcomes: 1 bot challenge\n", daemon.log), daemon.log
    assert f"in {WALLED_RUNS - 1} runs in a row" not in daemon.log  # not before
    site.set_html(article.path, article_html(article, site.url))
    wait_for(lambda: rows(tmp_path, "SELECT count(*) FROM articles") == [(1,)], 60, "the article to come back")
    runs = len(finished_runs(tmp_path, "walled"))
    wait_for(lambda: len(finished_runs(tmp_path, "walled")) >= runs + 1, 60, "one more run")
    last = daemon.log.rsplit("walled: run ", 1)[1]
    assert "answered mostly with walls" not in last


def test_a_hanging_crawl_hits_its_time_limit_and_sigterm_kills_one_that_outlasts_its_grace(
        tmp_path: Path, site: FixtureSite, daemons: list[Daemon]) -> None:
    gate = threading.Event()  # never set: article pages hang
    slow_articles(site, gate=gate)
    write_config(tmp_path, site, source("rss", f"{site.url}/rss.xml", "2s"))
    daemon = Daemon(tmp_path, "--time-limit", "8s", "--grace", "2s", "--max-backoff", "2s")
    daemons.append(daemon)
    wait_for(lambda: finished_runs(tmp_path, "rss", "failed"), 30, "the hanging crawl to be stopped")
    assert rows(tmp_path, "SELECT message FROM crawl_runs") == [
        ("crawl exceeded its time limit of 8s and was stopped",)]
    # the daemon goes on: the next run starts (and hangs too); SIGTERM gives it 2s, then kills it
    wait_for(lambda: rows(tmp_path, "SELECT id FROM crawl_runs WHERE id > 1 AND status = 'running'"), 30,
             "the next run")
    hits = article_hits(site)
    wait_for(lambda: article_hits(site) > hits, 30, "the next run to wait for an article")
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(20) == 0, daemon.log
    gate.set()
    assert rows(tmp_path, "SELECT status, message FROM crawl_runs WHERE id > 1") == [
        ("interrupted", "stopped by the daemon's shutdown; the crawl did not finish within its grace period "
                        "of 2s and was killed")]
    assert_clean(tmp_path)
    for (pid,) in rows(tmp_path, "SELECT pid FROM crawl_runs"):
        assert not Path(f"/proc/{pid}").exists()  # no crawl process left behind


def test_user_mistakes_are_one_line_errors(tmp_path: Path, site: FixtureSite) -> None:
    write_config(tmp_path, site, source("rss", f"{site.url}/rss.xml"))
    (tmp_path / "bad.toml").write_text("[[sources]\n")
    cases = {
        ("--config", "bad.toml", "daemon"): "TOML syntax error",
        ("--database", "postgresql://127.0.0.1:1/nothing", "daemon"): "cannot open database",
        ("daemon", "--detach", "--pidfile", "missing/dir/d.pid"): "cannot write pidfile missing/dir/d.pid",
    }
    processes = {args: cli(*args, cwd=tmp_path) for args in cases}
    processes["stop",] = cli("stop", cwd=tmp_path)
    for args, expected in cases.items():
        out, err = processes[args].communicate(timeout=60)
        assert processes[args].returncode == 2, (args, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("tollwatch: error: ") and expected in lines[0], (args, err)
    out, err = processes["stop",].communicate(timeout=60)
    assert processes["stop",].returncode == 1 and err.startswith("tollwatch: no daemon is running"), err


def test_flag_values_and_lock_paths_are_checked() -> None:
    assert size("2G", "--memory-limit") == 2 * 1024**3 and size("0", "--memory-limit") is None
    assert seconds("30m", "--grace") == 1800 and seconds("0", "--jitter", allow_zero=True) == 0
    for call, message in ((lambda: size("lots", "--memory-limit"), "--memory-limit: 'lots' is not a size"),
                          (lambda: size("1M", "--memory-limit"), "too small for a crawl"),
                          (lambda: seconds("soon", "--jitter"), "--jitter: 'soon' is not a duration"),
                          (lambda: seconds("0", "--time-limit"), "--time-limit: '0' must be longer than zero"),
                          (lambda: sqlite_lock_path("sqlite://"), "in-memory SQLite database")):
        with pytest.raises(DaemonError, match=re.escape(message)):
            call()
    assert sqlite_lock_path("sqlite:///a/../tollwatch.db") == Path.cwd() / "tollwatch.db.lock"


def test_log_lines_cannot_be_forged() -> None:
    forged = "Shelling\n2026-11-27T10:00:00Z INFO rss: run 9 ok\r\x1b[2J\u2028"
    line = one_line(forged)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u2028" not in line
    assert line == "Shelling\\n2026-11-27T10:00:00Z INFO rss: run 9 ok\\r\\x1b[2J\\u2028"


@pytest.mark.postgres
def test_postgres_lock_refuses_a_second_daemon(tmp_path: Path, site: FixtureSite, pg_url: str,
                                               daemons: list[Daemon]) -> None:
    write_config(tmp_path, site, source("rss", f"{site.url}/rss.xml", "1h"), database=pg_url)
    daemon = Daemon(tmp_path)
    daemons.append(daemon)
    second = run_cli("daemon", cwd=tmp_path, timeout=60)
    assert second.returncode == 2
    assert f"another tollwatch daemon (pid {daemon.process.pid}) is already running" in second.stderr
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(60) == 0
