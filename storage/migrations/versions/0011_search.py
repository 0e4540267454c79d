"""Full-text indexes of evidence sentences and article texts (SQLite FTS5; `storage/search.py`).

External-content FTS5 tables over `figures.sentence` and `article_versions.title, text`, kept current by
triggers on insert, update and delete (deletes by cascade included), and built from the rows already
stored. PostgreSQL: nothing (`tollwatch serve` reads SQLite only).

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# index name, table, indexed columns (frozen here: a later change of storage/search.py needs a new migration)
INDEXES = (("figures_search", "figures", ("sentence",)),
           ("versions_search", "article_versions", ("title", "text")))


def statements(name: str, table: str, columns: tuple[str, ...]) -> list[str]:
    """The FTS5 table, its three triggers and its first build."""
    listed = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    delete = f"INSERT INTO {name}({name}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {name}(rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({listed}, content='{table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {listed} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, table, columns in INDEXES:
        for statement in statements(name, table, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, _, _ in INDEXES:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {name}")
