"""`tollwatch changes`: how far back `--since` reaches, and the compact table of changes.

The table keeps what an analyst reads in a terminal (time, source, figure, old and new value, title) within
about 190 characters; CSV and JSON keep every column of the view under its own name."""
from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TextIO

from scheduler.config import parse_duration
from scheduler.output import print_rows, timestamp
from storage.display import MAX_SHOWN, shorten

_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_FORMS = "a date (2026-12-01, from midnight UTC) or a time (2026-12-01T06:00:00Z, +02:00)"

# The table's columns, and the widest each may be; the other columns are short (a time, a category).
CHANGE_TABLE = ("detected_at", "source", "category", "who", "change", "qualifier", "title")
SERIES_CHANGE_TABLE = ("detected_at", "category", "who", "attribution", "source", "change", "direction",
                       "reported_at")
TABLE_WIDTHS = {"source": 20, "category": 16, "who": 20, "attribution": 30, "change": 24, "qualifier": 16,
                "direction": 8, "title": 60}


def parse_since(text: str, now: datetime) -> datetime:
    """The naive UTC time `--since` names: `now` less a duration ("6h", "1w", bare seconds), a date (its
    midnight UTC) or an ISO 8601 time (converted to UTC; naive is UTC); ValueError worded for the user."""
    value = text.strip()
    if not _DATE_LIKE.match(value):
        try:
            return now - timedelta(seconds=parse_duration(value))
        except ValueError:
            if any(c.isdigit() for c in value):  # a duration with a mistake: say which
                raise
            raise ValueError(f"{_shown(value)} is neither a duration (15m, 1h30m, 1w) nor {_TIME_FORMS}") \
                from None
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):  # not ISO 8601, or moved past year 1 by its offset
        raise ValueError(f"{_shown(value)} is not {_TIME_FORMS}") from None
    if moment > now:
        raise ValueError(f"{timestamp(moment)} is in the future (now is {timestamp(now)})")
    return moment


def print_changes(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
                  out: TextIO = sys.stdout) -> None:
    """Rows of `figure_timeline` (under `columns`) as `tollwatch changes` prints them: every column in CSV
    and JSON, the compact CHANGE_TABLE in a table."""
    _print(columns, rows, fmt, CHANGE_TABLE, out)


def print_series_changes(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
                         out: TextIO = sys.stdout) -> None:
    """Rows of `series_changes` as `tollwatch changes --monitor` prints them (SERIES_CHANGE_TABLE in a
    table; the monitor is the one named)."""
    _print(columns, rows, fmt, SERIES_CHANGE_TABLE, out)


def _print(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, table: Sequence[str],
           out: TextIO) -> None:
    if fmt != "table":
        print_rows(columns, rows, fmt, out)
        return
    named = [dict(zip(columns, row)) for row in rows]
    print_rows(table, [[_change(r) if c == "change" else r[c] for c in table] for r in named], fmt, out,
               widths=TABLE_WIDTHS)


def _change(row: dict[str, Any]) -> str:
    """Old and new value as one cell, `726 -> 816`, or `first: 726` for a first report."""
    old, new = row["old_value"], row["new_value"]
    return f"first: {new}" if old is None else f"{old} -> {new}"


def _shown(value: str) -> str:
    return repr(shorten(value, MAX_SHOWN))
