"""Full-text indexes of the stored text (SQLite FTS5, created by migration 0011): the evidence sentence of each
figure and the title and text of each article version. Triggers keep them current as rows are written, so
`tollwatch serve` (and any SQL client) can search them; PostgreSQL databases have none."""
from __future__ import annotations

from typing import NamedTuple


class SearchIndex(NamedTuple):
    """An FTS5 table indexing some text columns of a table, by its `id` (external content: the text is not
    stored twice)."""

    name: str
    columns: tuple[str, ...]


SEARCH_INDEXES = {
    "figures": SearchIndex("figures_search", ("sentence",)),
    "article_versions": SearchIndex("versions_search", ("title", "text")),
}


def is_search_table(name: str) -> bool:
    """Whether a table name is one of the indexes or one of the tables FTS5 keeps for it."""
    return any(name == index.name or name.startswith(f"{index.name}_") for index in SEARCH_INDEXES.values())
