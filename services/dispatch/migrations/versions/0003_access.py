"""access control: area paths of communities and grids, and the audit log of clear reads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00.000000

Rows kept before this revision have no path, so they lie in nobody's scope (only AUTH off
or a unit's coordinator reaches them) until the registry announces the area again (any
area event of the same or a higher version fills the path in).
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ('communities', 'grids'):
        op.add_column(name, sa.Column('path', postgresql.ARRAY(sa.String(length=64)),
                                      nullable=True))
        op.create_index(f'ix_{name}_path', name, ['path'], unique=False,
                        postgresql_using='gin')
    op.create_table(
        'access_audit',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
                  nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('token_id', sa.String(length=64), nullable=False),
        sa.Column('resource', sa.String(length=64), nullable=False),
        sa.Column('resource_id', sa.String(length=200), nullable=False),
        sa.Column('fields', postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('request', sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_access_audit')),
    )
    op.create_index('ix_access_audit_resource', 'access_audit', ['resource', 'resource_id'])
    op.create_index('ix_access_audit_subject', 'access_audit', ['subject', 'read_at'])


def downgrade() -> None:
    op.drop_index('ix_access_audit_subject', table_name='access_audit')
    op.drop_index('ix_access_audit_resource', table_name='access_audit')
    op.drop_table('access_audit')
    for name in ('grids', 'communities'):
        op.drop_index(f'ix_{name}_path', table_name=name)
        op.drop_column(name, 'path')
