"""Indexes for pruning old crawl runs and fetch errors (`storage.retention`, `[retention]`).

Every column that references `crawl_runs` gets an index, so deleting a run finds its dependent rows (and the
foreign-key checks of the delete) through an index instead of scanning `article_versions` per run; and
`fetch_errors.occurred_at`, which errors are pruned by.

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEXES = (("ix_article_versions_run_id", "article_versions", "run_id"),
           ("ix_monitor_articles_run_id", "monitor_articles", "run_id"),
           ("ix_monitor_notifications_run_id", "monitor_notifications", "run_id"),
           ("ix_fetch_errors_occurred_at", "fetch_errors", "occurred_at"))


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table)
