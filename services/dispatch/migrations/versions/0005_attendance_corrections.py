"""attendance: what made a person present (scan, visit, correction) and the audited
corrections of check-ins made after a shift ended (docs/shifts.md)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 16:00:00.000000

Rows kept before this revision were scans: the server default says so.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('attendance', sa.Column('basis', sa.String(length=16),
                                          server_default='scan', nullable=False))
    op.create_table(
        'attendance_corrections',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('shift_key', sa.String(length=200), nullable=False),
        sa.Column('volunteer_id', sa.String(length=64), nullable=False),
        sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('checked_out_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('was_no_show', sa.Boolean(), nullable=False),
        sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('token_id', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['shift_key'], ['shifts.key'],
                                name=op.f('fk_attendance_corrections_shift_key_shifts')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'],
                                name=op.f('fk_attendance_corrections_volunteer_id_volunteers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_corrections')),
        sa.UniqueConstraint('shift_key', 'volunteer_id',
                            name=op.f('uq_attendance_corrections_shift_key_volunteer_id')),
    )


def downgrade() -> None:
    op.drop_table('attendance_corrections')
    op.drop_column('attendance', 'basis')
