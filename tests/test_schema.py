"""The tables the models describe are the tables the migrations build, on both backends."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import open_database
from storage.models import Base
from storage.search import is_search_table


def modelled(name: str | None, type_: str, _parent: object) -> bool:
    """Whether autogenerate compares a name: not the full-text indexes (FTS5 virtual tables and the tables
    SQLite keeps for them, which no model describes; storage/search.py)."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def test_models_match_the_migrations(db_url: str) -> None:
    """Column types, nullability, defaults, keys, indexes and constraints: a difference would mean the
    code writes to a schema the migrations never built (or the other way round)."""
    engine = open_database(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": modelled})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
