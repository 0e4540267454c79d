"""figures.page: the page of a PDF report a figure was read on (NULL for web pages).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases: a batch copy of the table on SQLite would drop the search index's
# triggers on it (migration 0011).
def upgrade() -> None:
    op.add_column("figures", sa.Column("page", sa.Integer))


def downgrade() -> None:
    op.execute('ALTER TABLE figures DROP COLUMN page')
