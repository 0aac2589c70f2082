"""authors (issue 13): the account behind each write, and volunteers linked to accounts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 22:10:00.000000

- volunteers.account_id: the account of a volunteer approved in accounts (indexed; one
  person may volunteer for several units);
  volunteers.changed_by: the account that created or last changed the row.
- order_history: each placement, amendment and cancellation of an order with its author.
  Orders placed before this revision get their placement row from the pairing (author
  unknown: null), so every order has a history.
- units.changed_by, sites.changed_by: who registered (or last changed) them.
- bookings.changed_by, attendance.recorded_by: who took someone off a shift, who recorded
  a check-in. Rows kept before this revision have none (null).
- attendance_corrections.role widens to 200: a caller's roles joined by '+'.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a caller may hold several roles (auth.Principal.role joins them with '+')
    op.alter_column('attendance_corrections', 'role', type_=sa.String(length=200),
                    existing_type=sa.String(length=32), existing_nullable=False)
    op.add_column('volunteers', sa.Column('account_id', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_volunteers_account_id'), 'volunteers', ['account_id'])
    op.add_column('volunteers', sa.Column('changed_by', sa.String(length=200), nullable=True))
    op.add_column('units', sa.Column('changed_by', sa.String(length=200), nullable=True))
    op.add_column('sites', sa.Column('changed_by', sa.String(length=200), nullable=True))
    op.add_column('bookings', sa.Column('changed_by', sa.String(length=200), nullable=True))
    op.add_column('attendance', sa.Column('recorded_by', sa.String(length=200),
                                          nullable=True))
    op.create_table(
        'order_history',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('order_id', sa.String(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('change', sa.String(length=16), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=True),
        sa.Column('cause', sa.String(length=120), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
                  nullable=False),
        sa.Column('fields', postgresql.JSONB(astext_type=sa.Text()),
                  server_default='{}', nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['pairings.id'],
                                name=op.f('fk_order_history_order_id_pairings')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_order_history')),
    )
    op.create_index(op.f('ix_order_history_order_id'), 'order_history', ['order_id'])
    op.execute("insert into order_history (order_id, version, change, actor, cause, "
               "changed_at) select id, 1, 'ordered', null, cause, created_at from pairings")


def downgrade() -> None:
    op.drop_index(op.f('ix_order_history_order_id'), table_name='order_history')
    op.drop_table('order_history')
    op.drop_column('attendance', 'recorded_by')
    op.alter_column('attendance_corrections', 'role', type_=sa.String(length=32),
                    existing_type=sa.String(length=200), existing_nullable=False)
    op.drop_column('bookings', 'changed_by')
    op.drop_column('sites', 'changed_by')
    op.drop_column('units', 'changed_by')
    op.drop_column('volunteers', 'changed_by')
    op.drop_index(op.f('ix_volunteers_account_id'), table_name='volunteers')
    op.drop_column('volunteers', 'account_id')
