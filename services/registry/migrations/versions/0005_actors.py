"""every write names its author (issue 13): the account behind a resident's changes and
moves, and a trail of who registered or changed areas, buildings and households

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 22:00:00.000000
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLES = ("resident_changes", "resident_moves")


def upgrade() -> None:
    # a nullable column without a default: no rewrite of a full registry's rows; rows
    # written before accounts existed name no account
    for table in TABLES:
        op.add_column(table, sa.Column('actor', sa.Text(), nullable=True))
    op.create_table(
        'place_changes',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('actor', sa.Text(), nullable=True),
        sa.Column('cause', sa.Text(), nullable=False),
        sa.Column('changes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
                  nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_place_changes')),
    )
    op.create_index('ix_place_changes_kind_code', 'place_changes', ['kind', 'code'])


def downgrade() -> None:
    op.drop_index('ix_place_changes_kind_code', table_name='place_changes')
    op.drop_table('place_changes')
    for table in TABLES:
        op.drop_column(table, 'actor')
