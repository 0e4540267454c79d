"""crawl_runs.node and crawl_runs.job: the Scrapyd node a daemon's run was scheduled on and its job there, so a
run a node loses can be told and retried elsewhere.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases, as in 0013.
def upgrade() -> None:
    op.add_column("crawl_runs", sa.Column("node", sa.String(255)))
    op.add_column("crawl_runs", sa.Column("job", sa.String(64)))


def downgrade() -> None:
    op.execute("ALTER TABLE crawl_runs DROP COLUMN job")
    op.execute("ALTER TABLE crawl_runs DROP COLUMN node")
