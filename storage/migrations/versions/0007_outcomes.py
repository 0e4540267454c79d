"""Page outcomes: what each fetch of a URL turned out to be (article, partial, walls, not an article).

`fetch_state.outcome` (the last fetch of each URL), `fetch_errors.outcome`, `article_versions.partial` and
the `fetch_outcomes` table of counts per run, source and outcome. Rows written before are given the outcome
they had: an article, or no article text ("not_article"), or an error.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN (a batch would copy the tables, which SQLite refuses under the views)
    op.add_column("article_versions", sa.Column("partial", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("fetch_errors", sa.Column("outcome", sa.String(16), nullable=False, server_default="error"))
    op.add_column("fetch_state", sa.Column("outcome", sa.String(16)))
    op.execute("UPDATE fetch_errors SET outcome = 'not_article' "
               "WHERE reason LIKE 'no article text found on the page%' OR reason = 'empty page'")
    op.execute("UPDATE fetch_state SET outcome = CASE WHEN article_id IS NULL THEN 'not_article' ELSE 'article' END")
    op.create_table(
        "fetch_outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("crawl_runs.id"), nullable=False),
        sa.Column("source", sa.String(64)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
    )
    op.create_index("ix_fetch_outcomes_run_id", "fetch_outcomes", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_fetch_outcomes_run_id", "fetch_outcomes")
    op.drop_table("fetch_outcomes")
    op.drop_column("fetch_state", "outcome")
    op.drop_column("fetch_errors", "outcome")
    op.drop_column("article_versions", "partial")
