"""`tollwatch sources`: the configured sources, their schedules and, when the database exists, their last and
next runs. Read-only: a database that does not exist is not created, its columns are left out instead."""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from typing import Any

from scheduler.config import Config, Source
from scheduler.output import print_rows, timestamp
from storage.display import escape_controls

COLUMNS = ("source", "kind", "url", "urls", "schedule")
RUN_COLUMNS = ("last_run", "last_status", "next_run")


def schedule(source: Source) -> str:
    """The source's cron expression, or its interval as a duration: `15m`, `2h`, `90s`."""
    if source.cron:
        return source.cron
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if source.interval >= size and source.interval % size == 0:
            return f"{source.interval / size:g}{unit}"
    return f"{source.interval:g}s"


def source_rows(config: Config) -> list[tuple[Any, ...]]:
    """One row per configured source: name, kind, first URL, how many URLs, schedule."""
    return [(s.name, s.kind, s.urls[0], len(s.urls), schedule(s)) for s in config.sources]


def run_rows(config: Config) -> list[tuple[Any, ...]] | None:
    """Per source its last run's start and status and, while a daemon runs, its next run; None (with a note on
    stderr) when there is no database to read them from."""
    from storage.db import DatabaseError, opened_database

    try:
        with opened_database(config.database_url, create=False) as engine:
            return _runs(config, engine)
    except DatabaseError as exc:
        print(f"tollwatch: last and next runs not shown: {escape_controls(str(exc))}", file=sys.stderr)
        return None


def _runs(config: Config, engine: Any) -> list[tuple[Any, ...]]:
    """Each source's last run (start, status) and next run: `running`, `due now`, a time, or None without a
    daemon."""
    from scheduler.control import find_running
    from scheduler.status import due, source_state

    daemon = find_running(config.database_url, None) is not None
    now = datetime.now(timezone.utc)
    rows = []
    for source in config.sources:
        state = source_state(engine, source.name)
        if state.running:
            next_run: str | None = "running"
        elif daemon:
            when = due(source, state, now)
            next_run = "due now" if when <= now else timestamp(when)
        else:
            next_run = None
        rows.append((timestamp(state.last_started) if state.last_started else None,
                     state.last.status if state.last else None, next_run))
    return rows


def print_sources(config: Config, fmt: str) -> None:
    """The listing in the chosen format; the run columns only when the database exists."""
    rows = source_rows(config)
    runs = run_rows(config)
    if runs is None:
        print_rows(COLUMNS, rows, fmt)
    else:
        print_rows(COLUMNS + RUN_COLUMNS, [row + run for row, run in zip(rows, runs)], fmt)
