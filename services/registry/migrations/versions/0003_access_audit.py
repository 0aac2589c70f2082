"""audit log of sensitive reads: who saw a resident's name or phone in clear

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00.000000
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
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
