"""Run one crawl in a child process and report how it ended; shared by `tollwatch crawl` and the daemon."""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from scheduler.config import Config, Source
from storage.models import CrawlRun
from storage.recorder import finish_run, start_run

STOP_GRACE = 30.0  # seconds a crawl gets to finish its current articles after being asked to stop


@dataclass
class CrawlResult:
    """How a crawl ended, read back from its `crawl_runs` row."""

    run_id: int
    status: str
    message: str | None
    pages_fetched: int
    new_articles: int
    changed_articles: int
    unchanged_articles: int
    errors: int
    duration: float


def run_crawl(config: Config, engine: Engine, sources: tuple[Source, ...], *, trigger: str = "manual",
              progress: bool = False, time_limit: float | None = None, memory_limit: int | None = None,
              log_level: str = "ERROR", on_start: Callable[[subprocess.Popen[bytes]], None] | None = None
              ) -> CrawlResult:
    """Crawl `sources` in a child process; a child that crashes, hangs past `time_limit` or is killed
    leaves its run recorded as failed."""
    run_id = start_run(engine, [s.name for s in sources], trigger)
    job = {"run_id": run_id, "database_url": config.database_url, "sources": [s.to_job() for s in sources],
           "crawl": config.crawl.to_job(), "progress": progress, "log_level": log_level}
    child = subprocess.Popen([sys.executable, "-m", "crawler.run"], stdin=subprocess.PIPE,
                             preexec_fn=_limits(memory_limit) if memory_limit else None)
    if on_start:
        on_start(child)
    assert child.stdin is not None
    try:
        child.stdin.write(json.dumps(job).encode())
        child.stdin.close()
    except BrokenPipeError:
        pass
    returncode = _wait(child, time_limit)
    if returncode == "timeout":
        finish_run(engine, run_id, "failed", f"crawl exceeded its time limit of {time_limit:g}s and was stopped")
    elif returncode < 0:
        finish_run(engine, run_id, "failed", f"crawl process was killed by signal "
                                             f"{signal.Signals(-returncode).name}")
    elif returncode not in (0, 3, 4):
        finish_run(engine, run_id, "failed", f"crawl process exited with code {returncode}"
                   + (" (out of memory?)" if memory_limit else ""))
    return read_result(engine, run_id)


def _wait(child: subprocess.Popen[bytes], time_limit: float | None) -> int | str:
    """Wait for the child; past the time limit ask it to stop, then kill it after a grace period."""
    while True:
        try:
            return child.wait(timeout=time_limit)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGINT)  # Scrapy's graceful shutdown: finish what is in flight
            try:
                child.wait(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            return "timeout"
        except KeyboardInterrupt:  # Ctrl-C reached the child too; let it finish its current articles
            time_limit = STOP_GRACE


def _limits(memory_limit: int) -> Callable[[], None]:
    def apply() -> None:
        os.setsid()  # a terminal's Ctrl-C goes to the daemon, which decides what the crawl should do
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    return apply


def read_result(engine: Engine, run_id: int) -> CrawlResult:
    """The current state of a run as a CrawlResult."""
    with Session(engine) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        duration = ((run.finished_at or run.started_at) - run.started_at).total_seconds()
        return CrawlResult(run.id, run.status, run.message, run.pages_fetched, run.new_articles,
                           run.changed_articles, run.unchanged_articles, run.errors, duration)
