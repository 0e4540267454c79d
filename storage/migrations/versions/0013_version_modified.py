"""article_versions.modified_at and last_modified_at: when the page says it last changed (its dateModified)
and the response's HTTP Last-Modified, so an update in place can be told from a first publication.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases: a batch copy of the table on SQLite would drop the search index's
# triggers on it (migration 0011).
def upgrade() -> None:
    op.add_column("article_versions", sa.Column("modified_at", sa.DateTime))
    op.add_column("article_versions", sa.Column("last_modified_at", sa.DateTime))


def downgrade() -> None:
    op.execute("ALTER TABLE article_versions DROP COLUMN last_modified_at")
    op.execute("ALTER TABLE article_versions DROP COLUMN modified_at")
