"""inbox retention: each row's event time and an index on processed_at, so rows past the
window can be pruned (services/common/inbox_retention.py), as in every service

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 22:00:00.000000
"""
from services.common import messaging_migrations

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    messaging_migrations.add_inbox_retention()


def downgrade() -> None:
    messaging_migrations.drop_inbox_retention()
