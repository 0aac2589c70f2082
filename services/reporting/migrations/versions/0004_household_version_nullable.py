"""campaign_households.version may be null: a household's first reach (visits'
household_reached) can be projected before its first versioned state when the two
events reach different reporting instances; the projection already treats a missing
version as older than any

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 16:40:00
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('campaign_households', 'version', nullable=True)


def downgrade() -> None:
    op.execute("update campaign_households set version = 0 where version is null")
    op.alter_column('campaign_households', 'version', nullable=False)
