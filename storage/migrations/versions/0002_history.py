"""History: figures per version, figure change events, raw HTML, conditional-request state, views.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LATEST_FIGURES = """
CREATE VIEW latest_figures AS
SELECT article_id, url, source, title, published_at, version_id, fetched_at, category, who, value, low,
       high, vague, qualifier, "where", attribution, cumulative, sentence
FROM (
    SELECT a.id AS article_id, a.url, s.name AS source, a.title, a.published_at, v.id AS version_id,
           v.fetched_at, f.category, f.who, f.value, f.low, f.high, f.vague, f.qualifier, f."where",
           f.attribution, f.cumulative, f.sentence,
           ROW_NUMBER() OVER (PARTITION BY f.version_id, f.category, COALESCE(f.who, '')
                              ORDER BY f.cumulative DESC, f.value DESC, f.id) AS pick
    FROM articles a
    JOIN sources s ON s.id = a.source_id
    JOIN article_versions v ON v.id = (SELECT max(v2.id) FROM article_versions v2 WHERE v2.article_id = a.id)
    JOIN figures f ON f.version_id = v.id
) ranked
WHERE pick = 1
"""

FIGURE_TIMELINE = """
CREATE VIEW figure_timeline AS
SELECT c.id AS change_id, c.detected_at, s.name AS source, a.url, a.title, a.published_at,
       c.article_id, c.version_id, c.category, c.who, c.old_value, c.new_value, c.qualifier, c.sentence
FROM figure_changes c
JOIN sources s ON s.id = c.source_id
JOIN articles a ON a.id = c.article_id
"""


def upgrade() -> None:
    with op.batch_alter_table("article_versions") as batch:
        batch.add_column(sa.Column("html_gz", sa.LargeBinary))
        batch.add_column(sa.Column("extractor", sa.String(32)))
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("figure_changes", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("article_versions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("low", sa.BigInteger),
        sa.Column("high", sa.BigInteger),
        sa.Column("vague", sa.Boolean, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("who", sa.String(64)),
        sa.Column("where", sa.Text),
        sa.Column("attribution", sa.Text),
        sa.Column("cumulative", sa.Boolean, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "figure_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("article_versions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("who", sa.String(64)),
        sa.Column("old_value", sa.BigInteger),
        sa.Column("new_value", sa.BigInteger, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("detected_at", sa.DateTime, nullable=False, index=True),
        sa.Column("sentence", sa.Text, nullable=False),
    )
    op.create_index("ix_figure_changes_article", "figure_changes", ["article_id", "id"])
    op.create_index("ix_figure_changes_source_time", "figure_changes", ["source_id", "detected_at"])
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("body_hash", sa.String(64)),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_fetched_at", sa.DateTime, nullable=False),
    )
    op.execute(LATEST_FIGURES)
    op.execute(FIGURE_TIMELINE)


def downgrade() -> None:
    op.execute("DROP VIEW figure_timeline")
    op.execute("DROP VIEW latest_figures")
    for table in ("fetch_state", "figure_changes", "figures"):
        op.drop_table(table)
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("figure_changes")
    with op.batch_alter_table("article_versions") as batch:
        batch.drop_column("extractor")
        batch.drop_column("html_gz")
