"""What the command line tells an analyst: the crawl summary (figure and monitor changes, why nothing could be
reached), the daemon's state in `status --format json`, the figures of `extract`'s text, and a database in a
directory that does not exist."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import socket
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from scheduler.crawl import REASONS_SHOWN, read_result
from storage import tables
from storage.db import open_database
from storage.recorder import finish_run, start_run, utcnow
from tests.conftest import TOLLWATCH, run_cli
from tests.site import FixtureSite, article_html, config_toml, source_toml
from tests.test_daemon import Daemon, write_config

SEED = Path(__file__).parent / "fixtures" / "consent" / "aa-ukraine-turkey.html"
GAZA = '\n[[monitors]]\nname = "gaza"\nkeywords = ["Gaza"]\n'


def crawl(project: Path) -> str:
    result = run_cli("crawl", cwd=project)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def scalar(project: Path, sql: str) -> Any:
    with sqlite3.connect(project / "tollwatch.db") as conn:
        return conn.execute(sql).fetchone()[0]


def test_summary_counts_figure_changes_and_monitor_changes(tmp_path: Path, site: FixtureSite) -> None:
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", extra=GAZA))
    out = crawl(tmp_path)
    first = scalar(tmp_path, "SELECT figure_changes FROM crawl_runs WHERE id = 1")
    assert first >= 24  # a killed and an injured figure in each of the 12 articles
    assert re.search(rf"12 new articles, 0 changed, \d+ unchanged, {first} figure changes, 0 monitor changes, "
                     r"0 errors\n", out), out

    gaza = site.articles[1]  # type: ignore[attr-defined]
    gaza.paragraphs[1] = gaza.paragraphs[1].replace("At least 11 civilians", "At least 19 civilians")
    for path in (gaza.path, gaza.path + "?utm_source=rss&utm_medium=feed"):
        site.set_html(path, article_html(gaza, site.url))
    out = crawl(tmp_path)
    changes = scalar(tmp_path, "SELECT count(*) FROM monitor_changes WHERE run_id = 2")
    assert changes >= 1
    assert re.search(rf"0 new articles, 1 changed, \d+ unchanged, 1 figure changes, {changes} monitor changes "
                     rf"\(gaza {changes}\), 0 errors\n", out), out


def test_summary_without_monitors_leaves_them_out(tmp_path: Path, site: FixtureSite) -> None:
    (tmp_path / "tollwatch.toml").write_text(config_toml(
        site.url, "sqlite:///tollwatch.db", sources=source_toml("rss", "feed", f"{site.url}/rss.xml")))
    out = crawl(tmp_path)
    assert re.search(r"6 new articles, 0 changed, 0 unchanged, \d+ figure changes, 0 errors\n", out), out
    assert "monitor" not in out


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_when_no_source_is_reached_the_summary_says_why(tmp_path: Path) -> None:
    port = closed_port()
    sources = (source_toml("down", "feed", "http://127.0.0.1:9/rss.xml")
               + source_toml("gone", "sitemap", f"http://127.0.0.1:{port}/sitemap.xml"))
    (tmp_path / "tollwatch.toml").write_text(config_toml("", "sqlite:///tollwatch.db", sources=sources))
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 1
    line = result.stdout.strip()
    assert line.startswith("crawl 1 failed in ")
    refused = "connection refused: Connection was refused by other side: 111: Connection refused."
    assert line.endswith(f"(no source could be reached: down (127.0.0.1:9): {refused}; "
                         f"gone (127.0.0.1:{port}): {refused})"), line


def test_the_reasons_are_each_sources_first_error_escaped_in_the_summary(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        run = start_run(engine, ["a", "b", "c", "d", "e"])
        with engine.begin() as conn:
            for n, source in enumerate("abcdea"):
                conn.execute(insert(tables.fetch_errors).values(
                    run_id=run, source=source, url=f"http://{source}.example/feed?\x1b]0;x", occurred_at=utcnow(),
                    reason=f"DNS lookup failed\x1b[31m {n}"))
        finish_run(engine, run, "failed", "no source could be reached")
        result = read_result(engine, run)
    finally:
        engine.dispose()
    assert REASONS_SHOWN == 3
    assert result.explanation == ("no source could be reached: a (a.example): DNS lookup failed\x1b[31m 0; "
                                  "b (b.example): DNS lookup failed\x1b[31m 1; "
                                  "c (c.example): DNS lookup failed\x1b[31m 2; 2 more sources")
    line = result.summary(monitors=False)
    assert "\x1b" not in line
    assert line.endswith("0 figure changes, 0 errors (no source could be reached: a (a.example): DNS lookup "
                         "failed\\x1b[31m 0; b (b.example): DNS lookup failed\\x1b[31m 1; c (c.example): DNS lookup "
                         "failed\\x1b[31m 2; 2 more sources)")


def test_status_json_has_the_daemon_state(tmp_path: Path, site: FixtureSite, daemons: list[Any],
                                          db_url: str) -> None:
    write_config(tmp_path, site, source_toml("rss", "feed", f"{site.url}/rss.xml", interval="1h"), database=db_url)
    open_database(db_url).dispose()  # status reads an existing database only
    result = run_cli("status", "--format", "json", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    stopped = json.loads(result.stdout)
    assert stopped["daemon"] == {"running": False, "pid": None, "host": None, "since": None, "pidfile": None,
                                 "database": stopped["daemon"]["database"]}
    assert [s["source"] for s in stopped["sources"]] == ["rss"]

    before = datetime.now(timezone.utc).replace(microsecond=0)
    daemon = Daemon(tmp_path, "--pidfile", "tollwatch.pid")
    daemons.append(daemon)
    result = run_cli("status", "--format", "json", "--pidfile", "tollwatch.pid", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    running = state["daemon"]
    assert (running["running"], running["pid"], running["host"], running["pidfile"]) == (
        True, daemon.process.pid, socket.gethostname(), "tollwatch.pid")
    since = datetime.fromisoformat(running["since"].replace("Z", "+00:00"))
    assert before <= since <= datetime.now(timezone.utc)
    assert running["since"].endswith("Z")
    assert state["sources"][0]["source"] == "rss" and set(state["sources"][0]) >= {"last_run", "next_run"}
    table = run_cli("status", cwd=tmp_path)
    assert f"daemon: running (pid {daemon.process.pid}, since {running['since']}) on" in table.stdout


def test_extract_text_shows_the_figures_when_asked_and_on_a_terminal(tmp_path: Path) -> None:
    figures = ["--- 3 figures ---",
               'killed    at least 726 civilians · "At least 726 civilians have been killed and 1,174 injured in '
               'Ukraine since the beginning of the war."',
               'injured   1,174 · "At least 726 civilians have been killed and 1,174 injured in Ukraine since the '
               'beginning of the war."',
               'refugees  more than 3,000,000 · source: UN · "More than 3 million refugees have fled to neighboring '
               'countries, according to the UN."',
               "--- totals ---",
               "killed    at least 726 · from 1 figure",
               "injured   1,174 · from 1 figure",
               "refugees  more than 3,000,000 · source: UN · from 1 figure"]
    shown = run_cli("extract", "--figures", str(SEED), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    text, _, rest = shown.stdout.partition("\n\n--- ")
    assert "At least 726 civilians have been killed" in text
    assert ("--- " + rest).splitlines() == figures
    piped = run_cli("extract", str(SEED), cwd=tmp_path)  # a pipe: the text alone
    assert piped.stdout == text + "\n" and "figures" not in piped.stdout
    assert run_cli("extract", "--no-figures", str(SEED), cwd=tmp_path).stdout == piped.stdout

    primary, secondary = pty.openpty()  # a terminal: the figures by default
    process = subprocess.Popen([TOLLWATCH, "extract", str(SEED)], cwd=tmp_path, stdin=subprocess.DEVNULL,
                               stdout=secondary, stderr=subprocess.PIPE)
    os.close(secondary)
    seen = b""
    while select.select([primary], [], [], 60)[0]:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert process.wait(timeout=60) == 0
    assert seen.decode().replace("\r\n", "\n").endswith("\n".join(figures) + "\n")


def test_extract_figures_of_plain_text_are_one_line_each_and_escaped(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Gunmen killed dozens of people and wounded 10 to 12 others in the market\x1b[2J, police "
                     "said. Last year's floods killed 300.")
    result = run_cli("extract", "--input-format", "text", "--figures", str(story), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n--- ", 1)[1].splitlines()
    assert "\x1b" not in result.stdout
    assert lines[0] == "3 figures ---"
    assert lines[1].startswith("killed   at least 24 people · source: police · vague · \"Gunmen killed dozens")
    assert "\\x1b[2J" in lines[1]
    assert lines[2].startswith("injured  10–12 · source: police · \"Gunmen")
    assert lines[3] == "killed   300 · background · \"Last year's floods killed 300.\""


@pytest.mark.parametrize("command", [["crawl"], ["status"], ["sql", "SELECT 1"], ["prune"], ["changes"],
                                     ["reprocess"], ["daemon"]])
def test_a_database_in_a_missing_directory_is_one_line_exit_2(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "tollwatch.toml").write_text('[[sources]]\nname = "a"\nfeed = "https://e.org/f"\n')
    missing = tmp_path / "nosuchdir"
    url = f"sqlite:///{missing / 'x.db'}"
    result = run_cli("--database", url, *command, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"tollwatch: error: cannot open database {url}: directory '{missing}' does not exist (create it first)"]
    assert not missing.exists()
