"""Publication times as pages and feeds state them, read as hostile input: ISO 8601 text to a UTC time when
it has a time of day and a zone, else to a date; implausible values (before 1990, more than a day ahead,
offsets no zone has) are refused. Standard library only: the crawl process reads extractions with it."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
AHEAD = timedelta(days=1)  # clocks and zones differ; a "publication" further ahead is invented
WIDEST_OFFSET = timedelta(hours=14)  # no time zone is further from UTC


def plausible(moment: datetime, now: datetime | None = None) -> bool:
    """Whether an aware time can be a publication time: from 1990 to a day from now."""
    return EARLIEST <= moment <= (now or datetime.now(timezone.utc)) + AHEAD


def parse_published(text: str | None, now: datetime | None = None) -> datetime | date | None:
    """An aware UTC datetime when `text` gives a time of day with a zone (`Z`, `+02:00`, `+0200`), the date
    when it gives a date or a time without a zone (whose day is all that is sure), else None."""
    try:
        moment = datetime.fromisoformat(text.strip()) if text else None
    except ValueError:
        return None
    if moment is None:
        return None
    offset = moment.utcoffset()
    if offset is None:
        day = moment.date()
        return day if plausible(datetime(day.year, day.month, day.day, tzinfo=timezone.utc), now) else None
    if abs(offset) > WIDEST_OFFSET:
        return None
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:  # year 1 or 9999 moved across midnight
        return None
    return moment if plausible(moment, now) else None


def published_text(value: datetime | date | None) -> str | None:
    """The ISO 8601 form `Extraction.published` carries: `2026-12-07T01:10:06+00:00` or `2026-12-07`."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()
    return value.isoformat() if value else None
