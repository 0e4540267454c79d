"""Each figure records the language of the sentence it was read in (an ISO 639-1 code such as "fr" or "ar").

Figures stored before this revision were all read by the English grammar, so they are marked "en".

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("figures", sa.Column("language", sa.String(16)))
    op.execute("UPDATE figures SET language = 'en'")


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("language")
