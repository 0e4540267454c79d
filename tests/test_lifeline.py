"""No crawl outlives the command or daemon that started it, nor leaves a helper process behind; a later
start ends what was left anyway and marks the runs of dead crawls failed; `crawl --time-limit`.

Real processes against the local fixture site; every wait polls a condition with a deadline.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from crawler.entry import EXIT_ORPHANED
from crawler.lifeline import SUPERVISOR_ENV
from scheduler.config import parse_config
from scheduler.crawl import crawl_job
from scheduler.orphans import STALE_MESSAGE
from scheduler.spawn import CrawlProcess, start_child
from storage import tables
from storage.db import open_database
from storage.link import send
from storage.recorder import start_run, utcnow
from storage.service import StorageService
from tests.conftest import TOLLWATCH, run_cli
from tests.processes import Process, crawl_tree, descendants, running, start_time
from tests.site import FixtureSite, Page, config_toml, source_toml
from tests.test_daemon import ENV, Daemon, dead_pid, wait_for

HERE = socket.gethostname()
GONE_WITHIN = 10  # seconds: "within a few seconds", with room for a loaded machine


@pytest.fixture
def gate(site: FixtureSite) -> Iterator[threading.Event]:
    """Articles after the first three hang until the gate opens (when the test ends); the first three let
    the crawl start its extraction workers."""
    opened = threading.Event()
    held = {a.path for a in site.articles[3:]}  # type: ignore[attr-defined]
    for path, page in list(site.routes.items()):
        if path.split("?")[0] in held:
            site.routes[path] = Page(handler=lambda h, page=page: _serve_after(opened, h, page))
    yield opened
    opened.set()


def _serve_after(gate: threading.Event, handler: BaseHTTPRequestHandler, page: Page) -> None:
    gate.wait(60)
    try:
        page.send(handler)
    except OSError:  # the crawl that asked was killed meanwhile
        pass


def project(tmp_path: Path, site: FixtureSite, database: str = "sqlite:///tollwatch.db", extra: str = "") -> Path:
    """A project crawling the fixture site's RSS feed, with one extraction worker."""
    sources = source_toml("rss", "feed", f"{site.url}/rss.xml", interval="1h")
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, database, sources=sources, extra=extra))
    return tmp_path


def extracting(root: int) -> list[Process]:
    """The processes below `root` once a crawl there has an extraction worker running (else nothing)."""
    processes = descendants(root)
    roles = crawl_tree(processes)
    return processes if roles["worker"] and roles["tracker"] else []


def assert_all_end(processes: list[Process]) -> None:
    wait_for(lambda: not running(processes), GONE_WITHIN, f"the crawl's processes to end: {running(processes)}")


def test_kill_9_of_the_crawl_command_ends_its_crawl_process_forkserver_and_workers(
        tmp_path: Path, site: FixtureSite, gate: threading.Event) -> None:
    command = subprocess.Popen([TOLLWATCH, "crawl", "--quiet"], cwd=project(tmp_path, site), env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes = wait_for(lambda: extracting(command.pid), 60, "the crawl's extraction worker")
    command.kill()
    command.wait()
    assert_all_end(processes)
    hits = sum(site.hits.values())
    gate.set()  # a crawl left running would fetch the held articles now

    # the next crawl closes the run the killed one left running, and crawls what the killed one missed
    result = run_cli("crawl", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"tollwatch: run 1 was left running; marked failed: {STALE_MESSAGE}" in result.stderr.splitlines()
    assert sum(site.hits.values()) > hits


def test_kill_9_of_the_crawl_process_ends_its_forkserver_resource_tracker_and_workers(
        tmp_path: Path, site: FixtureSite, gate: threading.Event) -> None:
    command = subprocess.Popen([TOLLWATCH, "crawl", "--quiet"], cwd=project(tmp_path, site), env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    processes = wait_for(lambda: extracting(command.pid), 60, "the crawl's extraction worker")
    roles = crawl_tree(processes)
    os.kill(roles["crawl"][0], signal.SIGKILL)
    assert_all_end(processes)
    out, err = command.communicate(timeout=60)
    assert command.returncode == 1, err
    assert "failed" in out and "(crawl process was killed by signal SIGKILL)" in out


def test_kill_9_of_the_daemon_ends_its_crawls_and_their_helpers(
        tmp_path: Path, site: FixtureSite, gate: threading.Event, daemons: list[Daemon]) -> None:
    daemon = Daemon(project(tmp_path, site))
    daemons.append(daemon)
    processes = wait_for(lambda: extracting(daemon.process.pid), 60, "the daemon's crawl to extract")
    daemon.kill()
    assert_all_end(processes)


def sleeper(supervisor: str | None) -> subprocess.Popen[bytes]:
    """A process that waits, with `supervisor` as the marker of a crawl's processes (None: no marker)."""
    env = {k: v for k, v in os.environ.items() if k != SUPERVISOR_ENV}
    if supervisor is not None:
        env[SUPERVISOR_ENV] = supervisor
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"], env=env)


@pytest.mark.parametrize("starter", ["crawl", "daemon"])
def test_a_start_ends_the_processes_of_crawls_whose_supervisor_died_and_no_others(
        tmp_path: Path, site: FixtureSite, starter: str, daemons: list[Daemon]) -> None:
    me = f"{os.getpid()}:{start_time(os.getpid())}"
    planted = {"dead supervisor": sleeper(f"{dead_pid()}:1"),
               "pid reused since": sleeper(f"{os.getpid()}:{start_time(os.getpid()) - 1}"),
               "live supervisor": sleeper(me), "no marker": sleeper(None)}
    try:
        wait_for(lambda: all(start_time(p.pid) for p in planted.values()), 30, "the planted processes")
        project(tmp_path, site)
        if starter == "crawl":
            result = run_cli("crawl", "--quiet", cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            log = result.stderr
        else:
            daemon = Daemon(tmp_path)
            daemons.append(daemon)
            log = daemon.log
        # (any tollwatch start of this user ends them, so the log does not always name them: another
        # start on this machine may have come first)
        wait_for(lambda: all(planted[name].poll() is not None for name in ("dead supervisor", "pid reused since")),
                 GONE_WITHIN, f"the leftovers to be ended: {log}")
        assert planted["dead supervisor"].returncode == -signal.SIGKILL
        assert planted["live supervisor"].poll() is None and planted["no marker"].poll() is None
    finally:
        for process in planted.values():
            process.kill()
            process.wait()


def insert_run(engine, *, trigger: str = "manual", pid: int | None, host: str | None,  # noqa: ANN001
               age: timedelta = timedelta(minutes=5)) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(tables.crawl_runs).values(
            started_at=utcnow() - age, status="running", sources="rss", trigger=trigger, pid=pid, host=host,
            pages_fetched=0, new_articles=0, changed_articles=0, unchanged_articles=0, errors=0,
            figure_changes=0)).inserted_primary_key[0]


@pytest.mark.parametrize("starter", ["crawl", "daemon"])
def test_runs_left_running_by_dead_crawls_are_marked_failed_at_the_next_start(
        tmp_path: Path, site: FixtureSite, db_url: str, starter: str, daemons: list[Daemon]) -> None:
    engine = open_database(db_url)
    live = start_child()  # a crawl process of a live supervisor (this test), waiting for its job
    try:
        runs = {
            "dead pid here": insert_run(engine, pid=dead_pid(), host=HERE),
            "live crawl here": insert_run(engine, pid=live.pid, host=HERE),
            "pid of another program here": insert_run(engine, pid=os.getpid(), host=HERE),
            "another host": insert_run(engine, pid=dead_pid(), host="elsewhere.example"),
            "another host, long ago": insert_run(engine, pid=1, host="elsewhere.example", age=timedelta(hours=25)),
            "daemon of another host": insert_run(engine, trigger="daemon", pid=1, host="elsewhere.example"),
        }
        project(tmp_path, site, db_url)
        if starter == "crawl":
            result = run_cli("crawl", "--quiet", cwd=tmp_path)
            assert result.returncode == 0, result.stderr
        else:
            daemons.append(Daemon(tmp_path))
        with engine.connect() as conn:
            found = dict(conn.execute(select(tables.crawl_runs.c.id, tables.crawl_runs.c.message)
                                      .where(tables.crawl_runs.c.status == "failed")).all())
            hosts = set(conn.execute(select(tables.crawl_runs.c.host).where(
                tables.crawl_runs.c.id > max(runs.values()))).scalars())
    finally:
        live.link.close()
        live.wait(timeout=60)
        engine.dispose()
    failed = {name: found[run_id] for name, run_id in runs.items() if run_id in found}
    expected = {"dead pid here": STALE_MESSAGE, "pid of another program here": STALE_MESSAGE,
                "another host, long ago": "crawl process on elsewhere.example presumed dead: still running "
                                          "after 24h"}
    if starter == "daemon":  # it holds the database's lock: no other daemon can be running crawls
        expected["daemon of another host"] = STALE_MESSAGE
    assert failed == expected
    if starter == "crawl":
        assert hosts == {HERE}  # the new run names the machine it ran on


def test_a_crawl_process_ends_when_its_link_ends_even_without_the_kernels_help(
        tmp_path: Path, site: FixtureSite, sqlite_url: str, gate: threading.Event) -> None:
    """Where the kernel cannot kill a crawl process with its parent (no prctl), the end of its link does:
    here a crawl process started without the supervisor's marker, whose link this test ends."""
    config = parse_config(config_toml(site.url, sqlite_url, sources=source_toml("rss", "feed", f"{site.url}/rss.xml")),
                          None)
    engine = open_database(sqlite_url)
    child = CrawlProcess([sys.executable, "-m", "crawler"],
                         env={k: v for k, v in os.environ.items() if k != SUPERVISOR_ENV})
    run_id = start_run(engine, ["rss"], pid=child.pid)
    send(child.link, crawl_job(config, engine, config.sources, run_id))
    service = StorageService(child.link, engine, run_id, {"rss": ("feed", f"{site.url}/rss.xml")}).start()
    processes = wait_for(lambda: extracting(child.pid), 60, "the crawl to extract")
    child.link.shutdown(socket.SHUT_RDWR)
    assert child.wait(timeout=GONE_WITHIN) == EXIT_ORPHANED
    assert_all_end(processes)
    service.join()
    child.link.close()
    engine.dispose()


def test_time_limit_stops_a_manual_crawl_and_records_why(tmp_path: Path, site: FixtureSite) -> None:
    for path, page in list(site.routes.items()):
        if path.startswith("/world/2026/"):  # one article at a time, 1.5s each: 9s for the six of the feed
            site.routes[path] = Page(handler=lambda h, page=page: (time.sleep(1.5), page.send(h)))
    result = run_cli("crawl", "--time-limit", "3s", cwd=project(tmp_path, site, extra="per_domain = 1"), timeout=120)
    assert result.returncode == 1, result.stderr
    assert "crawl 1 failed in " in result.stdout
    assert result.stdout.strip().endswith("(crawl exceeded its time limit of 3s and was stopped)")
    engine = open_database(f"sqlite:///{tmp_path / 'tollwatch.db'}")
    with engine.connect() as conn:
        assert conn.execute(select(tables.crawl_runs.c.status, tables.crawl_runs.c.message)).all() == [
            ("failed", "crawl exceeded its time limit of 3s and was stopped")]
    engine.dispose()


@pytest.mark.parametrize(("value", "message"), [
    ("soon", "--time-limit: 'soon' is not a duration"),
    ("0", "--time-limit: '0' must be longer than zero"),
])
def test_a_bad_time_limit_is_a_one_line_error(tmp_path: Path, site: FixtureSite, value: str, message: str) -> None:
    result = run_cli("crawl", "--time-limit", value, cwd=project(tmp_path, site))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tollwatch: error: {message}"), result.stderr
