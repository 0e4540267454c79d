"""Prune the bookkeeping that grows with every crawl: old finished crawl runs and old fetch errors (`[retention]`).

History is never pruned: articles, versions, figures, totals, figure changes and monitor series stay for good. A
run is kept as long as anything but its own page counts (`fetch_outcomes`, removed with it) refers to it: its
article versions, monitor matches, series changes and notifications, and its fetch errors until they expire.
Deletes go in batches, each its own short transaction, so a crawl writing meanwhile waits for no long lock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, delete, exists, func, select

from storage import tables
from storage.recorder import utcnow

ERROR_BATCH = 5000  # fetch_errors rows per delete
RUN_BATCH = 1000  # crawl runs per delete (each checks the tables that reference it, through their indexes)
# What refers to a run and keeps it; fetch_errors keep it too, until they expire (see `_unreferenced`).
_KEEPERS = (tables.article_versions, tables.monitor_articles, tables.monitor_changes, tables.monitor_notifications)


@dataclass(frozen=True)
class PruneResult:
    """What a prune removed (or, dry, would remove)."""

    runs: int
    fetch_errors: int

    def describe(self) -> str:
        """`3 crawl runs, 120 fetch errors`, for the command's and the daemon's line."""
        return f"{_count(self.runs, 'crawl run')}, {_count(self.fetch_errors, 'fetch error')}"


def limits(runs_older_than: float | None, errors_older_than: float | None) -> str:
    """The limits in words, `runs older than 90d, fetch errors older than 30d`, for the same lines."""
    return ", ".join(f"{what} kept forever" if age is None else f"{what} older than {_age(age)}"
                     for what, age in (("runs", runs_older_than), ("fetch errors", errors_older_than)))


def prune(engine: Engine, runs_older_than: float | None, errors_older_than: float | None,
          now: datetime | None = None, *, dry_run: bool = False) -> PruneResult:
    """Delete fetch errors older than `errors_older_than` seconds, then finished crawl runs started more than
    `runs_older_than` seconds before `now` (naive UTC) that nothing kept refers to; None keeps them for good.
    `dry_run` only counts."""
    now = now or utcnow()
    errors_cutoff = None if errors_older_than is None else now - timedelta(seconds=errors_older_than)
    runs_cutoff = None if runs_older_than is None else now - timedelta(seconds=runs_older_than)
    errors = 0 if errors_cutoff is None else _prune_errors(engine, errors_cutoff, dry_run)
    runs = 0 if runs_cutoff is None else _prune_runs(engine, runs_cutoff, errors_cutoff, dry_run)
    return PruneResult(runs, errors)


def _prune_errors(engine: Engine, cutoff: datetime, dry_run: bool) -> int:
    errors = tables.fetch_errors
    old = errors.c.occurred_at < cutoff
    if dry_run:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(errors).where(old)) or 0
    removed = 0
    while True:
        with engine.begin() as conn:
            batch = select(errors.c.id).where(old).limit(ERROR_BATCH).scalar_subquery()
            deleted = conn.execute(delete(errors).where(errors.c.id.in_(batch))).rowcount
        removed += deleted
        if deleted < ERROR_BATCH:
            return removed


def _prune_runs(engine: Engine, cutoff: datetime, errors_cutoff: datetime | None, dry_run: bool) -> int:
    runs = tables.crawl_runs
    prunable = _unreferenced(errors_cutoff) & (runs.c.started_at < cutoff) & (runs.c.status != "running") \
        & runs.c.finished_at.is_not(None)
    if dry_run:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(runs).where(prunable)) or 0
    with engine.connect() as conn:  # the newest old run: the batches walk the ids up to it, never past
        last = conn.scalar(select(func.max(runs.c.id)).where(runs.c.started_at < cutoff))
    removed, after = 0, 0
    while last is not None and after < last:
        with engine.begin() as conn:
            ids = list(conn.scalars(select(runs.c.id).where(prunable, runs.c.id > after, runs.c.id <= last)
                                    .order_by(runs.c.id).limit(RUN_BATCH)))
            if not ids:
                break
            for table in (tables.fetch_outcomes, tables.fetch_errors):  # errors: only expired ones are left
                conn.execute(delete(table).where(table.c.run_id.in_(ids)))
            removed += conn.execute(delete(runs).where(runs.c.id.in_(ids))).rowcount
        after = ids[-1]
    return removed


def _unreferenced(errors_cutoff: datetime | None) -> ColumnElement[bool]:
    """The condition "nothing kept refers to this run": none of `_KEEPERS`, and no fetch error younger than
    `errors_cutoff` (any at all when errors are kept for good)."""
    run_id = tables.crawl_runs.c.id
    condition = ~exists().where(tables.fetch_errors.c.run_id == run_id)
    if errors_cutoff is not None:
        condition = ~exists().where(tables.fetch_errors.c.run_id == run_id,
                                    tables.fetch_errors.c.occurred_at >= errors_cutoff)
    for table in _KEEPERS:
        condition &= ~exists().where(table.c.run_id == run_id)
    return condition


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' * (number != 1)}"


def _age(seconds: float) -> str:
    """A limit as a duration the config takes: 90d, 12h, 45m, 30s."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"
