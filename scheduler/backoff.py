"""Exponential, capped back-off of failing sources, and when a source's next run is due.

The daemon and `tollwatch status` share these, and both derive a source's state from `crawl_runs`,
so a restarted daemon keeps backing off a source that was failing and `status` shows the same times.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from apscheduler.triggers.cron import CronTrigger

DEFAULT_MAX_BACKOFF = 3600.0


def consecutive_failures(statuses: Sequence[str]) -> int:
    """Failed runs in a row, newest first; runs still going or interrupted by a stop do not count."""
    count = 0
    for status in statuses:
        if status in ("running", "interrupted"):
            continue
        if status != "failed":
            break
        count += 1
    return count


def backoff_delay(period: float, failures: int, cap: float = DEFAULT_MAX_BACKOFF) -> float:
    """Seconds to wait after the last of `failures` failed runs: the source's period doubled per failure,
    at most `cap` (but never less than the period itself)."""
    if failures <= 0:
        return 0.0
    return min(period * 2.0 ** min(failures, 32), max(cap, period))


def period(interval: float, cron: str | None, now: datetime) -> float:
    """A source's normal time between runs: its interval, or the gap between its next two cron times."""
    if not cron:
        return interval
    trigger = CronTrigger.from_crontab(cron)  # the machine's time zone, like crontab
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1)) if first else None
    return (second - first).total_seconds() if first and second else interval


def next_due(interval: float, cron: str | None, last_started: datetime | None,
             last_finished: datetime | None, failures: int, now: datetime,
             cap: float = DEFAULT_MAX_BACKOFF) -> datetime:
    """When a source's next run is due (aware datetimes): the next time of its schedule after its last
    run (at once if that was missed), pushed back while the source is failing."""
    if cron:
        trigger = CronTrigger.from_crontab(cron)
        missed = last_started is not None and \
            (trigger.get_next_fire_time(None, last_started + timedelta(seconds=1)) or now) < now
        due = now if last_started is None or missed else (trigger.get_next_fire_time(None, now) or now)
        # never crawled, or a cron time passed while the daemon was down: catch up once, now
    elif last_started is None:
        due = now
    else:
        due = last_started + timedelta(seconds=interval)
        if due < now:
            due = now  # missed while the daemon was down (or the run outlasted its interval): once, now
    if failures and last_finished is not None:
        due = max(due, last_finished + timedelta(seconds=backoff_delay(period(interval, cron, now), failures,
                                                                        cap)))
    return due
