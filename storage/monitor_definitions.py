"""The definition each configured monitor's rows were built from (`monitor_definitions`): a stored definition
means its matches, points, series and changes cover every stored version as that definition matches it.

Core tables only: the check every crawl makes loads no ORM (see docs/performance.md).
"""
from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, select

from storage.tables import crawl_runs, monitor_definitions

if TYPE_CHECKING:
    from storage.monitors import MonitorLike


def definition(monitor: MonitorLike) -> str:
    """Canonical JSON of what decides a monitor's matches: its keywords and sources, deduplicated and sorted,
    so reordering or repeating them changes nothing; keywords in lower case with single inner spaces, since
    matching ignores case and the amount of whitespace. Its name is the key and `notify` changes no row."""
    return json.dumps({"keywords": sorted({_keyword_key(k) for k in monitor.keywords if k.strip()}),
                       "sources": sorted(set(monitor.sources))}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _keyword_key(keyword: str) -> str:
    """A keyword as case-insensitive matching sees it: lowered character by character, like the regular
    expression's IGNORECASE (a character whose lower case is longer, such as "İ", is kept as it is)."""
    return "".join(c if len(c.lower()) > 1 else c.lower() for c in " ".join(keyword.split()))


def stored_definitions(conn: Connection) -> dict[str, str]:
    """Each monitor's stored definition, by name."""
    t = monitor_definitions.c
    return {row.monitor: row.definition for row in conn.execute(select(t.monitor, t.definition))}


def record_definitions(conn: Connection, definitions: Mapping[str, str], now: datetime) -> None:
    """Store the definitions the named monitors' rows were just built from."""
    if definitions:
        forget_definitions(conn, list(definitions))
        conn.execute(insert(monitor_definitions), [{"monitor": name, "definition": text, "filled_at": now}
                                                   for name, text in definitions.items()])


def forget_definitions(conn: Connection, names: Collection[str] | None = None) -> None:
    """Drop the stored definitions of the named monitors (all when None): they are filled again when next
    configured."""
    query = delete(monitor_definitions)
    conn.execute(query if names is None else query.where(monitor_definitions.c.monitor.in_(list(names))))


def wrote_versions(conn: Connection, run_id: int) -> bool:
    """Whether crawl run `run_id` stored any article version (its counters are updated in the transactions
    that store them)."""
    run = crawl_runs.c
    return bool(conn.scalar(select(run.new_articles + run.changed_articles).where(run.id == run_id)))
