"""freeze probes: a day's freeze waits until the consumers projected what their queues
held at the cut-off

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 16:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'freeze_probes',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('consumer', sa.String(length=32), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('resent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('day', 'consumer', name=op.f('pk_freeze_probes')),
    )


def downgrade() -> None:
    op.drop_table('freeze_probes')
