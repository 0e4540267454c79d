"""Print rows as an aligned table, CSV or JSON: the three formats every listing command offers; and the one
way every command prints a time (`timestamp`).

Whatever the format, no control character from a page, an HTTP header or a user reaches the terminal raw:
the table escapes them all (`\\n`, `\\x1b`), CSV all but newline and tab (quoted, as CSV keeps them), JSON
writes them as JSON escapes (`\\u001b`, `\\u009b`), which parse back to the very same text."""
from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from typing import Any, TextIO

from storage.display import escape_controls

FORMATS = ("table", "csv", "json")
MAX_CELL = 80
# What `json.dumps(..., ensure_ascii=False)` leaves raw: DEL, the C1 controls and the Unicode line breaks.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029]")


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


def _cell(value: Any, width: int = MAX_CELL) -> str:
    """One table cell of at most `width` characters: control characters escaped so page content cannot break
    or forge lines."""
    text = escape_controls("" if value is None else str(_plain(value)))
    return text if len(text) <= width else text[: width - 1] + "…"


def _csv_value(value: Any) -> Any:
    """One CSV value: text with its control characters escaped but for newline and tab, which CSV quotes."""
    value = _plain(value)
    return escape_controls(value, keep="\n\t") if isinstance(value, str) else value


def json_text(value: Any, indent: int | None = None) -> str:
    """`value` as JSON with letters of every script as they are, and every control character a JSON escape."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
               out: TextIO = sys.stdout, widths: Mapping[str, int] | None = None) -> None:
    """Write `rows` under `columns` in the chosen format; in a table, a cell is cut at MAX_CELL characters, or
    at its column's width in `widths` (a command's narrower columns)."""
    if fmt == "json":
        out.write(json_text([{c: _plain(v) for c, v in zip(columns, row)} for row in rows], indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow([_csv_value(c) for c in columns])
        writer.writerows([[_csv_value(v) for v in row] for row in rows])
    else:
        limits = [min(MAX_CELL, (widths or {}).get(c, MAX_CELL)) for c in columns]
        columns = [_cell(c) for c in columns]
        cells = [[_cell(v, limit) for v, limit in zip(row, limits)] for row in rows]
        sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        out.write("  ".join(c.ljust(w) for c, w in zip(columns, sizes)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in sizes) + "\n")
        for row in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(row, sizes)).rstrip() + "\n")
