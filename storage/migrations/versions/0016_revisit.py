"""articles.last_changed_at, revisit_step and next_check_at: the re-visit schedule of articles that may still
change after they leave their feed (issue 33), indexed by source and time for each crawl's due articles.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases: a batch copy of a table on SQLite would drop the search index's triggers
# (migration 0011).
def upgrade() -> None:
    op.add_column("articles", sa.Column("last_changed_at", sa.DateTime))
    op.add_column("articles", sa.Column("revisit_step", sa.Integer))
    op.add_column("articles", sa.Column("next_check_at", sa.DateTime))
    op.execute("UPDATE articles SET last_changed_at = (SELECT max(v.fetched_at) FROM article_versions v "
               "WHERE v.article_id = articles.id)")
    op.create_index("ix_articles_next_check", "articles", ["source_id", "next_check_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_next_check", "articles")
    op.execute("ALTER TABLE articles DROP COLUMN next_check_at")
    op.execute("ALTER TABLE articles DROP COLUMN revisit_step")
    op.execute("ALTER TABLE articles DROP COLUMN last_changed_at")
