"""Print rows as an aligned table, CSV or JSON: the three formats every listing command offers; and the one
way every command prints a time (`timestamp`)."""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")
MAX_CELL = 80


def timestamp(value: datetime | date) -> str:
    """A time as every command prints it: ISO 8601 UTC to the second with a Z, 2026-12-07T01:04:36Z (a naive
    time is UTC, as the database keeps them); a date as 2026-12-07."""
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is not None:
        try:
            value = value.astimezone(timezone.utc)
        except OverflowError:  # year 1 or 9999 moved across midnight (a user's query can ask for it)
            return value.isoformat()
    return value.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return timestamp(value)
    if isinstance(value, (bytes, memoryview)):
        return f"<{len(bytes(value))} bytes>"
    return value


def _cell(value: Any) -> str:
    """One table cell: control characters escaped so page content cannot break or forge lines."""
    text = "" if value is None else str(_plain(value))
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
               out: TextIO = sys.stdout) -> None:
    """Write `rows` under `columns` in the chosen format."""
    if fmt == "json":
        json.dump([{c: _plain(v) for c, v in zip(columns, row)} for row in rows], out,
                  ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
    else:
        cells = [[_cell(v) for v in row] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
