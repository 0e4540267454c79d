"""A change event shows the title of the version it happened in: `figure_timeline` takes the title from the
change's version (`article_versions.title`), else the article's current one.

Revision ID: 0008
Revises: 0007
"""
from importlib import import_module

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FIGURE_TIMELINE = """
CREATE VIEW figure_timeline AS
SELECT c.id AS change_id, c.detected_at, s.name AS source, a.url, COALESCE(v.title, a.title) AS title, a.published_at,
       c.article_id, c.version_id, c.category, c.who, c.old_value, c.new_value, c.qualifier, c.sentence
FROM figure_changes c
JOIN sources s ON s.id = c.source_id
JOIN articles a ON a.id = c.article_id
LEFT JOIN article_versions v ON v.id = c.version_id
"""


def upgrade() -> None:
    # PostgreSQL replaces the view in place, keeping the grants made on it (the read-only role's, whoever
    # granted them); SQLite has no CREATE OR REPLACE VIEW
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FIGURE_TIMELINE.replace("CREATE VIEW", "CREATE OR REPLACE VIEW"))
    else:
        op.execute("DROP VIEW figure_timeline")
        op.execute(FIGURE_TIMELINE)


def downgrade() -> None:
    op.execute("DROP VIEW figure_timeline")
    op.execute(import_module("storage.migrations.versions.0002_history").FIGURE_TIMELINE)
