"""a volunteer sign-up proves its phone with a one-time code (phone_codes), and a
rejected application's personal data are erased after the retention window
(volunteer_applications.erased_at)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 23:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable, no default: added without rewriting the table
    op.add_column('volunteer_applications',
                  sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('phone_codes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('phone_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_reason', sa.String(length=16), nullable=True),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_codes'))
    )
    op.create_index('ix_phone_codes_phone', 'phone_codes', ['phone_hash', 'created_at'],
                    unique=False)
    op.create_index('ix_phone_codes_address', 'phone_codes', ['address', 'created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_phone_codes_address', table_name='phone_codes')
    op.drop_index('ix_phone_codes_phone', table_name='phone_codes')
    op.drop_table('phone_codes')
    op.drop_column('volunteer_applications', 'erased_at')
