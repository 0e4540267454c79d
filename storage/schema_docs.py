"""What each table, view and column of the database holds, read from `schema_descriptions.toml`: the one source
of `tollwatch schema` and of docs/schema.md's table and view sections, which `python -m storage.schema_docs
--write` regenerates (`--check` fails when they are out of date)."""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
GROUPS = ("main", "monitors")  # the sections of docs/schema.md, each a generated region
_BEGIN, _END = "<!-- BEGIN GENERATED: {} -->", "<!-- END GENERATED: {} -->"
_NOTICE = ("<!-- Generated from storage/schema_descriptions.toml by `python -m storage.schema_docs --write`: "
           "edit that file, not this section. -->")


@dataclass(frozen=True)
class Column:
    """One column of a table or view as `tollwatch schema` shows it."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Relation:
    """A table or view: its group (section of docs/schema.md), one-line summary, further notes and columns."""

    name: str
    kind: str  # table | view
    group: str
    summary: str
    notes: str
    columns: tuple[Column, ...]


@cache
def descriptions() -> dict[str, dict[str, Any]]:
    """The data file as read: group -> table or view name -> summary, notes, columns and (views) from."""
    text = resources.files("storage").joinpath("schema_descriptions.toml").read_text("utf-8")
    return tomllib.loads(text)


def relations() -> dict[str, Relation]:
    """Every table and view, in the order of the data file: tables' columns and types from `storage.tables`,
    views' from the table columns they are read from."""
    from storage.tables import metadata

    found: dict[str, Relation] = {}
    for group in GROUPS:
        for name, entry in descriptions()[group].items():
            described = entry.get("columns", {})
            if name in metadata.tables:
                kind, origins = "table", {c.name: c for c in metadata.tables[name].columns}
            else:
                kind, origins = "view", {c: _table_column(metadata, origin) for c, origin in entry["from"].items()}
            columns = tuple(Column(column, str(origin.type), described.get(column) or _described(origin))
                            for column, origin in origins.items())
            found[name] = Relation(name, kind, group, entry["summary"], entry.get("notes", ""), columns)
    return found


def _table_column(metadata: Any, dotted: str) -> Any:
    """The `storage.tables` column that `table.column` names."""
    table, column = dotted.split(".")
    return metadata.tables[table].columns[column]


def _described(column: Any) -> str:
    """The description the data file gives a table column ('' when it gives none)."""
    for group in GROUPS:
        entry = descriptions()[group].get(column.table.name)
        if entry is not None:
            return entry.get("columns", {}).get(column.name, "")
    return ""


def markdown(group: str) -> str:
    """The docs/schema.md section of one group: per table and view, its summary, notes and columns."""
    parts = []
    for relation in (r for r in relations().values() if r.group == group):
        title = f"### `{relation.name}`" + (" (view)" if relation.kind == "view" else "")
        rows = "\n".join(f"| `{c.name}` | {c.type} | {_cell(c.description)} |" for c in relation.columns)
        about = " ".join(filter(None, (relation.summary, relation.notes)))
        parts.append(f"{title}\n\n{about}\n\n| column | type | description |\n| --- | --- | --- |\n{rows}\n")
    return "\n".join(parts)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")


def updated_docs(text: str) -> str:
    """docs/schema.md's text with each group's generated region replaced by what the data file says now."""
    for group in GROUPS:
        begin, end = _BEGIN.format(group), _END.format(group)
        region = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.DOTALL)
        if not region.search(text):
            raise ValueError(f"{DOCS}: no region {begin} ... {end}")
        block = f"{begin}\n{_NOTICE}\n\n{markdown(group)}\n{end}"
        text = region.sub(lambda _: block, text)
    return text


def main(argv: list[str] | None = None) -> int:
    """`python -m storage.schema_docs --write | --check`: regenerate docs/schema.md, or tell if it is stale."""
    parser = argparse.ArgumentParser(prog="python -m storage.schema_docs", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the generated sections of docs/schema.md")
    action.add_argument("--check", action="store_true", help="exit 1 when docs/schema.md is out of date")
    args = parser.parse_args(argv)
    text = DOCS.read_text("utf-8")
    new = updated_docs(text)
    if args.write:
        if new != text:
            DOCS.write_text(new, "utf-8")
        return 0
    if new != text:
        print(f"{DOCS} is out of date: run python -m storage.schema_docs --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
