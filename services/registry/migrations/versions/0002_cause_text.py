"""causes of resident changes and moves as text: visit ids come from clients

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TABLES = ("resident_changes", "resident_moves")


def upgrade() -> None:
    # widening a varchar to text rewrites nothing in PostgreSQL: safe on a full registry
    for table in TABLES:
        op.alter_column(table, 'cause', existing_type=sa.String(length=120),
                        type_=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    for table in TABLES:
        # longer causes are cut rather than blocking the downgrade
        op.alter_column(table, 'cause', existing_type=sa.Text(),
                        type_=sa.String(length=120), existing_nullable=False,
                        postgresql_using='left(cause, 120)')
