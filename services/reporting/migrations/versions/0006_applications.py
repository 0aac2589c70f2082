"""volunteer applications per unit (issue 13): a copy of dispatch's units (their area)
and one row per application from accounts' events

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 22:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'units',
        sa.Column('unit_id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('area_code', sa.String(length=64), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_units')),
    )
    op.create_index(op.f('ix_units_area_code'), 'units', ['area_code'])
    op.create_table(
        'applications',
        sa.Column('application_id', sa.Text(), nullable=False),
        sa.Column('unit_id', sa.String(length=64), nullable=False),
        sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('applied_day', sa.Date(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_day', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('application_id', name=op.f('pk_applications')),
    )
    op.create_index(op.f('ix_applications_unit_id'), 'applications', ['unit_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_applications_unit_id'), table_name='applications')
    op.drop_table('applications')
    op.drop_index(op.f('ix_units_area_code'), table_name='units')
    op.drop_table('units')
