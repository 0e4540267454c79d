"""`tollwatch schema [NAME]`: the tables and views tollwatch creates, or one's columns, described as in
docs/schema.md (both come from `storage.schema_docs`). No database is read."""
from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import TextIO

from scheduler.output import print_rows
from storage.display import shorten
from storage.schema_docs import relations

LIST_COLUMNS = ("name", "kind", "description")
COLUMN_COLUMNS = ("column", "type", "description")


def print_schema(name: str | None, fmt: str, out: TextIO = sys.stdout) -> None:
    """Every table and view with its summary, or (with `name`) that one's columns; a ValueError naming the known
    ones for an unknown `name`."""
    known = relations()
    if name is None:
        rows = [(r.name, r.kind, r.summary) for r in known.values()]
        _print(LIST_COLUMNS, rows, fmt, out)
        return
    relation = known.get(name)
    if relation is None:
        raise ValueError(f"no table or view named {shorten(name)!r} (known: {', '.join(known)})")
    if fmt == "table":
        out.write(_wrapped(f"{relation.name} ({relation.kind}): {relation.summary} {relation.notes}".strip(), "")
                  + "\n\n")
    _print(COLUMN_COLUMNS, [(c.name, c.type, c.description) for c in relation.columns], fmt, out)


def _print(columns: Sequence[str], rows: Sequence[tuple[str, str, str]], fmt: str, out: TextIO) -> None:
    """CSV and JSON as every listing prints them; a table with its last column wrapped to the terminal's width
    rather than cut, since the descriptions are the point."""
    if fmt != "table":
        print_rows(columns, rows, fmt, out)
        return
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns[:-1])]
    indent = " " * (sum(widths) + 2 * len(widths))
    lines = [(columns[0], columns[1], columns[2]), ("-" * widths[0], "-" * widths[1], "-" * len(columns[2]))]
    for first, second, text in lines + list(rows):
        lead = f"{first.ljust(widths[0])}  {second.ljust(widths[1])}  "
        out.write(lead + _wrapped(text, indent)[len(indent):] + "\n")


def _wrapped(text: str, indent: str) -> str:
    """`text` wrapped to the terminal's width (at least 40 characters a line), each line after `indent`."""
    width = max(shutil.get_terminal_size().columns, len(indent) + 40)
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False)
