"""What the daemon and `tollwatch status` know about each source, read from `crawl_runs`."""
from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from scheduler.backoff import DEFAULT_MAX_BACKOFF, consecutive_failures, next_due
from scheduler.batches import source_status
from scheduler.config import Source
from scheduler.control import Running
from scheduler.output import timestamp
from storage.due import source_revisits
from storage.models import CrawlRun
from storage.outcomes import describe, run_outcomes, walled_runs

HISTORY = 50  # runs of a source looked at to count its failures in a row
WALLED_RUNS = 3  # runs in a row a source answers mostly with walls or challenges before the daemon warns

STATUS_COLUMNS = ("source", "schedule", "last_run", "outcome", "pages", "new", "changed", "errors", "page_outcomes",
                  "failures", "next_run", "revisits_due", "next_revisit", "message")


@dataclass
class SourceState:
    """A source's recent runs, newest first."""

    name: str
    last: CrawlRun | None  # the newest run, perhaps still running
    failures: int
    done: CrawlRun | None = None  # the newest finished run

    @property
    def last_started(self) -> datetime | None:
        return aware(self.last.started_at) if self.last else None

    @property
    def last_finished(self) -> datetime | None:
        return aware(self.last.finished_at) if self.last and self.last.finished_at else None

    @property
    def running(self) -> bool:
        return self.last is not None and self.last.status == "running"


def aware(value: datetime) -> datetime:
    """Database times are naive UTC."""
    return value.replace(tzinfo=timezone.utc)


def runs_of(name: str) -> Any:
    """The condition "this run crawled source `name`" on the comma-separated `sources` column."""
    column = CrawlRun.sources
    return or_(column == name, column.like(f"{name},%"), column.like(f"%,{name}"), column.like(f"%,{name},%"))


def source_state(engine: Engine, name: str) -> SourceState:
    with Session(engine, expire_on_commit=False) as session:
        runs = list(session.scalars(select(CrawlRun).where(runs_of(name))
                                    .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(HISTORY)))
        session.expunge_all()
    done = next((r for r in runs if r.status != "running"), None)
    return SourceState(name, runs[0] if runs else None,
                       consecutive_failures([source_status(r.status, r.message, name) for r in runs]), done)


def due(source: Source, state: SourceState, now: datetime, max_backoff: float = DEFAULT_MAX_BACKOFF) -> datetime:
    return next_due(source.interval, source.cron, state.last_started, state.last_finished, state.failures, now,
                    max_backoff)


def schedule_text(source: Source) -> str:
    return f"cron {source.cron}" if source.cron else f"every {_duration(source.interval)}"


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def status_rows(engine: Engine, sources: Sequence[Source], daemon_running: bool, now: datetime | None = None,
                max_backoff: float = DEFAULT_MAX_BACKOFF) -> list[tuple[Any, ...]]:
    """One row per configured source: its last run and, while a daemon runs, its next run (UTC); how many of its
    articles are due for a re-visit (fetched by its next run, within its budget) and when the next one is."""
    now = now or datetime.now(timezone.utc)
    rows = []
    with engine.connect() as conn:
        revisits = {source.name: source_revisits(conn, source.name, now.astimezone(timezone.utc).replace(tzinfo=None))
                    for source in sources}
    for source in sources:
        state = source_state(engine, source.name)
        last, revisit = state.done, revisits[source.name]
        if state.running:
            next_run = f"running since {_utc(state.last_started)}"
        elif not daemon_running:
            next_run = "- (no daemon)"
        else:
            when = due(source, state, now, max_backoff)
            next_run = "due now" if when <= now else _utc(when)
            if state.failures:
                next_run += " (backing off)"
        rows.append((source.name, schedule_text(source), _utc(aware(last.started_at)) if last else "never",
                     source_status(last.status, last.message, source.name) if last else "-", last.pages_fetched if last else None,
                     last.new_articles if last else None, last.changed_articles if last else None,
                     last.errors if last else None,
                     describe(run_outcomes(engine, last.id, source.name), articles=True) if last else None,
                     state.failures, next_run, revisit.due,
                     _utc(aware(revisit.next_check_at)) if revisit.next_check_at else "-", last.message if last else None))
    return rows


def daemon_state(running: Running | None, database: str) -> dict[str, Any]:
    """The daemon in `status --format json`: whether one runs on `database`, its pid, host, since when it runs
    (UTC; known from its lock) and pidfile; null what is not known."""
    holder = running.holder if running else None
    since = holder.since if holder else None
    return {"running": running is not None,
            "pid": holder.pid if holder else running.pid if running else None,
            "host": holder.host if holder else socket.gethostname() if running else None,
            "since": timestamp(since) if since else None,
            "pidfile": str(running.pidfile) if running and running.pidfile else None,
            "database": database}


def walled_streak(engine: Engine, name: str) -> int:
    """How many of the source's latest finished runs in a row it answered mostly with walls or challenges."""
    with Session(engine) as session:
        ids = list(session.scalars(select(CrawlRun.id).where(runs_of(name), CrawlRun.status != "running")
                                   .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(HISTORY)))
    return walled_runs(engine, ids, name)


def _utc(value: datetime | None) -> str:
    """A time of the status table, "-" for none."""
    return timestamp(value) if value else "-"
