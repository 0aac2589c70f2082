"""every write names its author (issue 13): the account that captured a visit, the
account behind each step of a request, and the unit or department (a code) a request is
assigned to, which a request handler's grant names; tasks indexed by household (whose
task holds it)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 22:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable columns without a default: PostgreSQL adds them without rewriting the
    # tables. Rows written before keep null: their author was not recorded
    op.add_column('visits', sa.Column('recorded_by', sa.String(length=64), nullable=True))
    op.add_column('requests', sa.Column('assigned_to', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_requests_assigned_to'), 'requests', ['assigned_to'],
                    unique=False)
    op.add_column('request_history', sa.Column('actor', sa.String(length=64), nullable=True))
    op.add_column('request_history',
                  sa.Column('assigned_to', sa.String(length=64), nullable=True))
    # whose task holds a household (a volunteer's capture is checked by it). Tasks grow
    # with every shift: built concurrently, outside the migration's transaction, so the
    # task sweep and dispatch's consumer keep writing; a failed build's leftover is
    # dropped first
    with op.get_context().autocommit_block():
        op.drop_index('ix_tasks_household_code', table_name='tasks', if_exists=True,
                      postgresql_concurrently=True)
        op.create_index('ix_tasks_household_code', 'tasks', ['household_code'],
                        unique=False, postgresql_concurrently=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index('ix_tasks_household_code', table_name='tasks', if_exists=True,
                      postgresql_concurrently=True)
    op.drop_column('request_history', 'assigned_to')
    op.drop_column('request_history', 'actor')
    op.drop_index(op.f('ix_requests_assigned_to'), table_name='requests')
    op.drop_column('requests', 'assigned_to')
    op.drop_column('visits', 'recorded_by')
