"""wrong check-in codes, counted per account (issue 14)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 01:15:00.000000

- wrong_checkin_codes: when an account typed a wrong check-in code (never the code), so
  an account guessing codes is stopped for a while (domain/checkin_codes.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'wrong_checkin_codes',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('account_id', sa.String(length=200), nullable=False),
        sa.Column('typed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_wrong_checkin_codes')),
    )
    op.create_index('ix_wrong_checkin_codes_account_at', 'wrong_checkin_codes',
                    ['account_id', 'typed_at'])


def downgrade() -> None:
    op.drop_index('ix_wrong_checkin_codes_account_at', table_name='wrong_checkin_codes')
    op.drop_table('wrong_checkin_codes')
