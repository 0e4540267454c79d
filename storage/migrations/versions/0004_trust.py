"""Figures a person can trust: publication-time precision, background figures, per-version totals, the
definitions monitors were filled with, and the views over them.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Background figures (other or earlier events) and earlier stages of a toll are not an article's current
# figures: the view leaves them out.
LATEST_FIGURES = """
CREATE VIEW latest_figures AS
SELECT article_id, url, source, title, published_at, version_id, fetched_at, category, who, value, low,
       high, vague, qualifier, "where", attribution, cumulative, role, in_total, sentence
FROM (
    SELECT a.id AS article_id, a.url, s.name AS source, a.title, a.published_at, v.id AS version_id,
           v.fetched_at, f.category, f.who, f.value, f.low, f.high, f.vague, f.qualifier, f."where",
           f.attribution, f.cumulative, f.role, f.in_total, f.sentence,
           ROW_NUMBER() OVER (PARTITION BY f.version_id, f.category, COALESCE(f.who, '')
                              ORDER BY f.cumulative DESC, f.value DESC, f.id) AS pick
    FROM articles a
    JOIN sources s ON s.id = a.source_id
    JOIN article_versions v ON v.id = (SELECT max(v2.id) FROM article_versions v2 WHERE v2.article_id = a.id)
    JOIN figures f ON f.version_id = v.id
    WHERE NOT f.background AND f.role NOT IN ('previous', 'claim')
) ranked
WHERE pick = 1
"""

ARTICLE_TOTALS = """
CREATE VIEW article_totals AS
SELECT a.id AS article_id, a.url, s.name AS source, a.title, a.published_at, a.published_precision,
       v.id AS version_id, v.fetched_at, t.category, t.value, t.vague, t.qualifier, t.attribution, t.figures
FROM articles a
JOIN sources s ON s.id = a.source_id
JOIN article_versions v ON v.id = (SELECT max(v2.id) FROM article_versions v2 WHERE v2.article_id = a.id)
JOIN version_totals t ON t.version_id = v.id
"""


def upgrade() -> None:
    op.execute("DROP VIEW latest_figures")
    # plain ALTER TABLE ADD COLUMN (a batch would copy the tables, which SQLite refuses under the views)
    op.add_column("articles", sa.Column("published_precision", sa.String(8)))
    op.add_column("figures", sa.Column("background", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("figures", sa.Column("in_total", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "version_totals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("article_versions.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("value", sa.BigInteger),
        sa.Column("vague", sa.Boolean, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("attribution", sa.Text),
        sa.Column("figures", sa.Integer, nullable=False),
        sa.UniqueConstraint("version_id", "category", name="uq_version_totals_category"),
    )
    op.create_table(
        "monitor_definitions",
        sa.Column("monitor", sa.String(64), primary_key=True),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("filled_at", sa.DateTime, nullable=False),
    )
    op.execute(LATEST_FIGURES)
    op.execute(ARTICLE_TOTALS)


def downgrade() -> None:
    op.execute("DROP VIEW article_totals")
    op.execute("DROP VIEW latest_figures")
    op.drop_table("monitor_definitions")
    op.drop_table("version_totals")
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("in_total")
        batch.drop_column("background")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_precision")
    from importlib import import_module

    op.execute(import_module("storage.migrations.versions.0002_history").LATEST_FIGURES)
