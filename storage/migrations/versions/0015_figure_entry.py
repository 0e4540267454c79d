"""figures.entry_at and entry_title: the live page's entry a figure was read in (its time, UTC, and headline),
and `latest_figures` taking a live page's newest entry's figure (NULL for other pages, which keep their rule).

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# As revision 0004's, with one more rule: of a version's figures for one (category, who), the cumulative one,
# then the newest entry's (of a live page; a figure of no entry ranks last), then the largest.
LATEST_FIGURES = """
CREATE VIEW latest_figures AS
SELECT article_id, url, source, title, published_at, version_id, fetched_at, category, who, value, low,
       high, vague, qualifier, "where", attribution, cumulative, role, in_total, sentence
FROM (
    SELECT a.id AS article_id, a.url, s.name AS source, a.title, a.published_at, v.id AS version_id,
           v.fetched_at, f.category, f.who, f.value, f.low, f.high, f.vague, f.qualifier, f."where",
           f.attribution, f.cumulative, f.role, f.in_total, f.sentence,
           ROW_NUMBER() OVER (PARTITION BY f.version_id, f.category, COALESCE(f.who, '')
                              ORDER BY f.cumulative DESC, {entry_order}f.value DESC, f.id) AS pick
    FROM articles a
    JOIN sources s ON s.id = a.source_id
    JOIN article_versions v ON v.id = (SELECT max(v2.id) FROM article_versions v2 WHERE v2.article_id = a.id)
    JOIN figures f ON f.version_id = v.id
    WHERE NOT f.background AND f.role NOT IN ('previous', 'claim')
) ranked
WHERE pick = 1
"""
ENTRY_ORDER = "f.entry_at IS NULL, f.entry_at DESC, "


# Plain ALTER TABLE on both databases: a batch copy of the table on SQLite would drop the search index's
# triggers on it (migration 0011).
def upgrade() -> None:
    op.execute("DROP VIEW latest_figures")
    op.add_column("figures", sa.Column("entry_at", sa.DateTime))
    op.add_column("figures", sa.Column("entry_title", sa.Text))
    op.execute(LATEST_FIGURES.format(entry_order=ENTRY_ORDER))


def downgrade() -> None:
    op.execute("DROP VIEW latest_figures")
    op.execute("ALTER TABLE figures DROP COLUMN entry_title")
    op.execute("ALTER TABLE figures DROP COLUMN entry_at")
    op.execute(LATEST_FIGURES.format(entry_order=""))
