"""Run one crawl in a child process and report how it ended; shared by `tollwatch crawl` and the daemon."""
from __future__ import annotations

import logging
import os
import select
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from crawler.revisits import revisit_budget
from scheduler.config import Config, Source
from scheduler.spawn import CrawlProcess, start_child
from storage import tables
from storage.due import due_urls
from storage.link import send
from storage.display import escape_controls
from storage.outcomes import describe, run_outcomes
from storage.recorder import finish_run, has_articles, start_run, utcnow
from storage.service import StorageService

if TYPE_CHECKING:  # the daemon's; `tollwatch crawl` need not import multiprocessing
    from crawler.extraction_pool import ExtractionPool

REASONS_SHOWN = 3  # sources whose first fetch error a failed run's summary quotes
LINK_CLOSE = 10.0  # seconds to wait, after the crawl process ended, for its link to close (see run_crawl)
STOP_GRACE = 30.0  # seconds a crawl gets to finish its current articles after being asked to stop
POLL = 0.25  # seconds between checks of a running child for a stop request or its time limit


def timed_out(time_limit: float) -> str:
    """The message of a run stopped at its time limit, wherever it ran."""
    return f"crawl exceeded its time limit of {time_limit:g}s and was stopped"


@dataclass
class CrawlResult:
    """How a crawl ended, read back from its `crawl_runs` row and its `fetch_outcomes`."""

    run_id: int
    status: str
    message: str | None
    pages_fetched: int
    new_articles: int
    changed_articles: int
    unchanged_articles: int
    errors: int
    figure_changes: int
    duration: float
    outcomes: dict[str, int] = field(default_factory=dict)  # fetched URLs by outcome (storage.outcomes)
    monitor_changes: dict[str, int] = field(default_factory=dict)  # series changes the run made, by monitor
    reasons: list[str] = field(default_factory=list)  # a run that fetched nothing: why, per source

    @property
    def explanation(self) -> str | None:
        """The run's message; for a run that fetched nothing, with why (each source's first fetch error)."""
        if not self.reasons:
            return self.message
        return f"{self.message or self.status}: {'; '.join(self.reasons)}"

    def summary(self, monitors: bool) -> str:
        """The line `tollwatch crawl` ends with, control characters escaped; the series changes per monitor
        when `monitors` are configured (or the run made some all the same)."""
        outcomes = describe(self.outcomes)
        per_monitor = ", ".join(f"{name} {count}" for name, count in self.monitor_changes.items())
        line = (f"crawl {self.run_id} {self.status} in {self.duration:.1f}s: {self.pages_fetched} pages fetched, "
                f"{self.new_articles} new articles, {self.changed_articles} changed, {self.unchanged_articles} "
                f"unchanged, {self.figure_changes} figure changes, ")
        if monitors or per_monitor:
            line += f"{sum(self.monitor_changes.values())} monitor changes" + (
                f" ({per_monitor})" if per_monitor else "") + ", "
        line += f"{self.errors} errors" + (f"; outcomes: {outcomes}" if outcomes else "") + (
            f" ({self.explanation})" if self.explanation else "")
        return escape_controls(line)


@dataclass
class StopRequest:
    """Set by whoever supervises crawls (the daemon): `asked` lets a running crawl finish its current
    articles within its grace period, `now` cuts the grace period short."""

    asked: threading.Event = field(default_factory=threading.Event)
    now: threading.Event = field(default_factory=threading.Event)


def run_crawl(config: Config, engine: Engine, sources: tuple[Source, ...], *, trigger: str = "manual",
              progress: bool = False, time_limit: float | None = None, memory_limit: int | None = None,
              log_level: str = "ERROR", on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
              stop: StopRequest | None = None, grace: float = STOP_GRACE, isolate: bool = False,
              on_output: Callable[[str], None] | None = None,
              child: CrawlProcess | None = None,
              current_config: Callable[[], Config] | None = None,
              clock: Callable[[], datetime] = utcnow,
              extraction: ExtractionPool | None = None) -> CrawlResult:
    """Crawl `sources` in a child process, storing what it finds from this process (`storage.service`);
    a child that crashes, hangs past `time_limit` or is killed leaves its run recorded as failed.

    `isolate` (implied by `memory_limit`) runs the child in its own session, so a terminal's Ctrl-C
    reaches only the supervisor; isolated or not, it dies with this process (`crawler.lifeline`). `stop`
    asks a running child to stop gracefully (SIGINT: Scrapy finishes what is in flight) and kills its whole
    process group after `grace` seconds. `on_output` receives the child's output line by line
    (otherwise it goes to this process's stdout and stderr). `child` is a crawl process already started
    with `start_child` and matching options, still waiting for its job. `current_config` gives the config
    whose monitors the post-crawl step updates (default `config`): the daemon's, reloaded while a crawl runs.
    `clock` gives the time (naive UTC) what is due for a re-visit is judged by and records are stored at: a test's
    simulated clock. `extraction` is the daemon's pool, shared by its crawls: the child then starts none.
    """
    isolate = isolate or memory_limit is not None
    names = [s.name for s in sources]
    try:
        child = child or start_child(isolate=isolate, memory_limit=memory_limit, piped=on_output is not None)
    except OSError as exc:
        run_id = start_run(engine, names, trigger)
        finish_run(engine, run_id, "failed", f"cannot start the crawl process: {exc}")
        return read_result(engine, run_id)
    with _ended_on_error(child):  # the run names its crawl process from the start (scheduler.orphans)
        run_id = start_run(engine, names, trigger, pid=child.pid)
        job = crawl_job(config, engine, sources, run_id, progress=progress, log_level=log_level, now=clock())
        job["shared_extraction"] = extraction is not None
    reader = _relay(child, on_output) if on_output else None
    if on_start:
        on_start(child)
    try:
        send(child.link, job)
    except OSError:  # the child is gone already: its exit code tells why
        pass
    sources_seen = {s["name"]: (s["kind"], s["urls"][0]) for s in job["sources"]}
    service = StorageService(child.link, engine, run_id, sources_seen, config.crawl.revisit_policy(), clock,
                             extraction.submit if extraction else None).start()
    returncode, outcome, killed = _wait(child, time_limit, grace, stop, isolate)
    if isolate:
        _kill_group(child.pid)  # extraction workers left behind by a child that was killed
    # The link closes when the child ends (nothing it started holds it); written by then is all it sent.
    service.join(LINK_CLOSE)
    child.link.shutdown(socket.SHUT_RDWR)  # wakes the service's reader, should something still hold the link
    service.join()
    child.link.close()
    if reader:
        reader.join(timeout=5)
    if outcome == "timeout":  # failed even when the child closed its run as interrupted on the way out
        finish_run(engine, run_id, "failed", timed_out(time_limit), overrule=True)
    elif outcome == "stopped":
        finish_run(engine, run_id, "interrupted", f"stopped by the daemon's shutdown; the crawl did not finish "
                                                  f"within its grace period of {grace:g}s and was killed"
                   if killed else "stopped by the daemon's shutdown before the end")
    elif outcome == "interrupted" or returncode == 4:
        # 4 is the crawl process's exit code for Ctrl-C: interrupted while starting up, it exits without
        # closing its run (a run it closed keeps its own outcome), and this process may have lost its own
        # KeyboardInterrupt (Python drops one that lands in a weakref callback)
        finish_run(engine, run_id, "interrupted", "interrupted by Ctrl-C")
    elif returncode < 0:
        finish_run(engine, run_id, "failed", f"crawl process was killed by signal "
                                             f"{signal.Signals(-returncode).name}")
    elif returncode not in (0, 3, 4):
        finish_run(engine, run_id, "failed", f"crawl process exited with code {returncode}"
                   + (" (out of memory?)" if memory_limit else ""))
    record_monitors(current_config() if current_config else config, engine, run_id)
    return read_result(engine, run_id)


def record_monitors(config: Config, engine: Engine, run_id: int) -> None:
    """The monitors' series, changes and alerts of what run `run_id` wrote; a failure is logged and never fails
    the crawl."""
    try:
        from scheduler.monitors import after_crawl

        after_crawl(config, engine, run_id)
    except Exception:  # noqa: BLE001
        logging.getLogger("tollwatch.monitors").exception("crawl %s: recording monitors failed", run_id)


def crawl_job(config: Config, engine: Engine, sources: tuple[Source, ...], run_id: int, *,
              progress: bool = False, log_level: str = "ERROR", now: datetime | None = None) -> dict[str, Any]:
    """The job a crawl process runs (sent on its link): run `run_id` over `sources`, with each source's articles
    due for a re-visit at `now` (default: now)."""
    due = due_revisits(config, engine, sources, now or utcnow())
    return {"run_id": run_id, "sources": [dict(s.to_job(), revisit=due.get(s.name, [])) for s in sources],
            "crawl": config.crawl.to_job(), "progress": progress, "log_level": log_level,
            "first_crawl": not has_articles(engine, [s.name for s in sources])}


def due_revisits(config: Config, engine: Engine, sources: tuple[Source, ...], now: datetime) -> dict[str, list[str]]:
    """Per source, the URLs of its articles due for a re-visit at `now`, oldest due first: as many as its run
    could re-visit at most (its share of a run that reaches its URL budget); none when re-visits are off."""
    if not config.crawl.revisit:
        return {}
    with engine.connect() as conn:
        return {source.name: due_urls(conn, source.name, now, revisit_budget(
            config.crawl.revisit_share, source.url_budget or config.crawl.url_budget)) for source in sources}


@contextmanager
def _ended_on_error(child: CrawlProcess) -> Iterator[None]:
    """End the crawl process, still waiting for its job, if the block fails (the database is unusable)."""
    try:
        yield
    except BaseException:
        child.kill()
        child.wait()
        child.link.close()
        raise


def _relay(child: subprocess.Popen[bytes], on_output: Callable[[str], None]) -> threading.Thread:
    def relay() -> None:
        assert child.stdout is not None
        with child.stdout:
            for raw in child.stdout:
                on_output(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
    thread = threading.Thread(target=relay, name=f"crawl-output-{child.pid}", daemon=True)
    thread.start()
    return thread


def _wait(child: subprocess.Popen[bytes], time_limit: float | None, grace: float, stop: StopRequest | None,
          isolate: bool) -> tuple[int, str | None, bool]:
    """Wait for the child: (its return code, None) when it ended on its own; else the child was asked
    to stop (SIGINT) because of its time limit ("timeout"), a stop request ("stopped") or Ctrl-C
    ("interrupted"), and killed (third value) when it did not end within `grace` seconds."""
    deadline = time.monotonic() + time_limit if time_limit else None
    with _exit_signal(child) as exited:
        return _supervise(child, exited, deadline, grace, stop, isolate)


def _supervise(child: subprocess.Popen[bytes], exited: int | None, deadline: float | None, grace: float,
               stop: StopRequest | None, isolate: bool) -> tuple[int, str | None, bool]:
    """`_wait`'s loop; `exited` is a descriptor that becomes readable when the child ends (or None)."""
    outcome: str | None = None
    kill_at: float | None = None
    killed = False
    while True:
        try:
            if exited is not None:
                select.select([exited], [], [], POLL)
                returncode = child.wait(timeout=0)
            else:
                returncode = child.wait(timeout=POLL)
        except subprocess.TimeoutExpired:
            pass
        except KeyboardInterrupt:  # Ctrl-C reached the child too; let it finish its current articles
            if outcome is None:
                outcome, kill_at = "interrupted", time.monotonic() + grace
            continue
        else:
            # a child that ended within its grace period closed its own run (finish_run keeps that);
            # the outcome names why it was asked to stop, for a run the child could not close
            return returncode, outcome, killed
        now = time.monotonic()
        if outcome is None:
            if deadline is not None and now >= deadline:
                outcome = "timeout"
            elif stop is not None and stop.asked.is_set():
                outcome = "stopped"
            if outcome is not None:
                _signal(child, signal.SIGINT)  # Scrapy's graceful shutdown: finish what is in flight
                kill_at = now + grace
        elif kill_at is not None and (now >= kill_at or (stop is not None and stop.now.is_set())):
            if isolate:
                _kill_group(child.pid)
            else:
                child.kill()
            kill_at, killed = None, True


@contextmanager
def _exit_signal(child: subprocess.Popen[bytes]) -> Iterator[int | None]:
    """A pidfd of the child (Linux 5.3+; None elsewhere): waiting on it ends the moment the child does,
    where Popen.wait polls, up to 50 ms late, which every crawl paid once at its end."""
    try:
        pidfd = os.pidfd_open(child.pid)
    except (AttributeError, OSError):
        yield None
        return
    try:
        yield pidfd
    finally:
        os.close(pidfd)


def _signal(child: subprocess.Popen[bytes], signum: int) -> None:
    try:
        child.send_signal(signum)
    except ProcessLookupError:
        pass


def _kill_group(pgid: int) -> None:
    """Kill what is left of a crawl's process group (the child ran in its own session, pgid = its pid)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def read_result(engine: Engine, run_id: int) -> CrawlResult:
    """The current state of a run as a CrawlResult (through the Core table: a crawl's command and the
    daemon's crawls do not load the ORM)."""
    with engine.connect() as conn:
        run = conn.execute(tables.crawl_runs.select().where(tables.crawl_runs.c.id == run_id)).one()
        monitor_changes = _monitor_changes(conn, run_id)
        reasons = _reasons(conn, run_id) if run.status == "failed" and not run.pages_fetched else []
    duration = ((run.finished_at or run.started_at) - run.started_at).total_seconds()
    return CrawlResult(run.id, run.status, run.message, run.pages_fetched, run.new_articles,
                       run.changed_articles, run.unchanged_articles, run.errors, run.figure_changes, duration,
                       run_outcomes(engine, run_id), monitor_changes, reasons)


def _monitor_changes(conn: Connection, run_id: int) -> dict[str, int]:
    """The series changes run `run_id` made, by monitor."""
    changes, series = tables.monitor_changes, tables.monitor_series
    rows = conn.execute(sa.select(series.c.monitor, sa.func.count())
                        .select_from(changes.join(series, changes.c.series_id == series.c.id))
                        .where(changes.c.run_id == run_id).group_by(series.c.monitor).order_by(series.c.monitor))
    return {monitor: count for monitor, count in rows}


def _reasons(conn: Connection, run_id: int) -> list[str]:
    """The first fetch error of each source of the run (`source (host): reason`), for the first REASONS_SHOWN
    sources by name, and how many more failed."""
    errors = tables.fetch_errors
    first = sa.select(sa.func.min(errors.c.id)).where(errors.c.run_id == run_id).group_by(errors.c.source)
    rows = conn.execute(sa.select(errors.c.source, errors.c.url, errors.c.reason).where(errors.c.id.in_(first))
                        .order_by(errors.c.source)).all()  # by name: the same line whichever failed first
    reasons = [f"{source or '-'} ({urlsplit(url).netloc or url}): {reason}"
               for source, url, reason in rows[:REASONS_SHOWN]]
    if len(rows) > REASONS_SHOWN:
        reasons.append(f"{len(rows) - REASONS_SHOWN} more sources")
    return reasons
