"""The tables the models describe are the tables the migrations build, on both backends."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import open_database
from storage.models import Base


def test_models_match_the_migrations(db_url: str) -> None:
    """Column types, nullability, defaults, keys, indexes and constraints: a difference would mean the
    code writes to a schema the migrations never built (or the other way round)."""
    engine = open_database(db_url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
