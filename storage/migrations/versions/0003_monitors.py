"""Monitors: matched article versions, series of reported figures, series changes, pending alerts, views.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SERIES_POINTS = """
CREATE VIEW series_points AS
SELECT p.id AS point_id, p.series_id, s.monitor, s.category, NULLIF(s.who, '') AS who,
       NULLIF(s.attribution, '') AS attribution, NULLIF(s.scope, '') AS scope, src.name AS source, p.value,
       f.low, f.high, p.qualifier, p.cumulative, p.role, p.counts, p.reported_at, a.published_at, p.fetched_at,
       p.article_id, p.version_id, a.url, a.title, f.sentence
FROM monitor_points p
JOIN monitor_series s ON s.id = p.series_id
JOIN articles a ON a.id = p.article_id
JOIN sources src ON src.id = p.source_id
JOIN figures f ON f.id = p.figure_id
"""

SERIES = """
CREATE VIEW series AS
SELECT s.id AS series_id, s.monitor, s.category, NULLIF(s.who, '') AS who,
       NULLIF(s.attribution, '') AS attribution, NULLIF(s.scope, '') AS scope, p.value, p.qualifier,
       p.cumulative, p.reported_at, p.fetched_at, src.name AS source, p.article_id, a.url, a.title,
       s.points, s.changes, c.old_value AS last_old_value, c.new_value AS last_new_value,
       c.direction AS last_direction, c.detected_at AS last_change_at
FROM monitor_series s
LEFT JOIN monitor_points p ON p.id = s.current_point_id
LEFT JOIN articles a ON a.id = p.article_id
LEFT JOIN sources src ON src.id = p.source_id
LEFT JOIN monitor_changes c ON c.id = s.last_change_id
"""

SERIES_CHANGES = """
CREATE VIEW series_changes AS
SELECT c.id AS change_id, c.series_id, s.monitor, s.category, NULLIF(s.who, '') AS who,
       NULLIF(s.attribution, '') AS attribution, NULLIF(s.scope, '') AS scope, c.old_value, c.new_value,
       c.direction, c.detected_at, np.reported_at, src.name AS source, np.article_id, a.url, a.title,
       f.sentence, op.reported_at AS old_reported_at, op.article_id AS old_article_id, oa.url AS old_url,
       c.run_id
FROM monitor_changes c
JOIN monitor_series s ON s.id = c.series_id
JOIN monitor_points np ON np.id = c.new_point_id
JOIN monitor_points op ON op.id = c.old_point_id
JOIN articles a ON a.id = np.article_id
JOIN articles oa ON oa.id = op.article_id
JOIN sources src ON src.id = np.source_id
JOIN figures f ON f.id = np.figure_id
"""


def upgrade() -> None:
    op.create_table(
        "monitor_articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("monitor", sa.String(64), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("article_versions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("crawl_runs.id")),
        sa.Column("matched_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("monitor", "version_id", name="uq_monitor_articles_version"),
    )
    op.create_index("ix_monitor_articles_article", "monitor_articles", ["monitor", "article_id"])
    op.create_table(
        "monitor_series",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("monitor", sa.String(64), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("who", sa.String(64), nullable=False),
        sa.Column("attribution", sa.Text, nullable=False),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("current_point_id", sa.Integer),
        sa.Column("last_change_id", sa.Integer),
        sa.Column("points", sa.Integer, nullable=False, server_default="0"),
        sa.Column("changes", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("monitor", "category", "who", "attribution", "scope", name="uq_monitor_series_key"),
    )
    op.create_table(
        "monitor_points",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series_id", sa.Integer, sa.ForeignKey("monitor_series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("figure_id", sa.Integer, sa.ForeignKey("figures.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("article_versions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("cumulative", sa.Boolean, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("counts", sa.Boolean, nullable=False),
        sa.Column("reported_at", sa.DateTime, nullable=False),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("series_id", "figure_id", name="uq_monitor_points_figure"),
    )
    op.create_index("ix_monitor_points_series_time", "monitor_points", ["series_id", "reported_at", "id"])
    op.create_table(
        "monitor_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series_id", sa.Integer, sa.ForeignKey("monitor_series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("old_point_id", sa.Integer, sa.ForeignKey("monitor_points.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("new_point_id", sa.Integer, sa.ForeignKey("monitor_points.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("old_value", sa.BigInteger, nullable=False),
        sa.Column("new_value", sa.BigInteger, nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("crawl_runs.id"), index=True),
        sa.Column("detected_at", sa.DateTime, nullable=False, index=True),
    )
    op.create_index("ix_monitor_changes_series", "monitor_changes", ["series_id", "id"])
    op.create_table(
        "monitor_notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("monitor", sa.String(64), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("crawl_runs.id")),
        sa.Column("target_hash", sa.String(64), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("changes", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", sa.DateTime, index=True),
        sa.UniqueConstraint("monitor", "run_id", "target_hash", name="uq_monitor_notifications_run"),
    )
    op.execute(SERIES_POINTS)
    op.execute(SERIES)
    op.execute(SERIES_CHANGES)


def downgrade() -> None:
    for view in ("series_changes", "series", "series_points"):
        op.execute(f"DROP VIEW {view}")
    for table in ("monitor_notifications", "monitor_changes", "monitor_points", "monitor_series",
                  "monitor_articles"):
        op.drop_table(table)
