"""volunteer sign-up and screening (volunteer_applications), password reset codes
(password_resets), and people's ids at an external identity platform (people.external_id)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 22:10:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable, no default: added without rewriting the table
    op.add_column('people', sa.Column('external_id', sa.String(length=200), nullable=True))
    op.create_unique_constraint(op.f('uq_people_external_id'), 'people', ['external_id'])
    op.create_table('volunteer_applications',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_id', sa.String(length=64), nullable=False),
    sa.Column('volunteer_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=True),
    sa.Column('party_member', sa.Boolean(), nullable=False),
    sa.Column('skills', sa.ARRAY(sa.String(length=32)), nullable=False),
    sa.Column('weekdays', sa.ARRAY(sa.Integer()), nullable=False),
    sa.Column('halves', sa.ARRAY(sa.String(length=8)), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_applications')),
    sa.UniqueConstraint('volunteer_id', name=op.f('uq_volunteer_applications_volunteer_id'))
    )
    op.create_index('uq_volunteer_applications_pending', 'volunteer_applications',
                    ['unit_id', 'phone'], unique=True,
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_index('ix_volunteer_applications_unit', 'volunteer_applications',
                    ['unit_id', 'status', 'applied_at'], unique=False)
    op.create_index('ix_volunteer_applications_address', 'volunteer_applications',
                    ['address', 'applied_at'], unique=False)
    op.create_index('ix_volunteer_applications_phone', 'volunteer_applications',
                    ['phone', 'applied_at'], unique=False)
    op.create_table('password_resets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_reason', sa.String(length=16), nullable=True),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                            name=op.f('fk_password_resets_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets'))
    )
    op.create_index(op.f('ix_password_resets_person_id'), 'password_resets', ['person_id'],
                    unique=False)
    op.create_index('ix_password_resets_address', 'password_resets',
                    ['address', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_password_resets_address', table_name='password_resets')
    op.drop_index(op.f('ix_password_resets_person_id'), table_name='password_resets')
    op.drop_table('password_resets')
    op.drop_index('ix_volunteer_applications_phone', table_name='volunteer_applications')
    op.drop_index('ix_volunteer_applications_address', table_name='volunteer_applications')
    op.drop_index('ix_volunteer_applications_unit', table_name='volunteer_applications')
    op.drop_index('uq_volunteer_applications_pending', table_name='volunteer_applications',
                  postgresql_where=sa.text("status = 'pending'"))
    op.drop_table('volunteer_applications')
    op.drop_constraint(op.f('uq_people_external_id'), 'people', type_='unique')
    op.drop_column('people', 'external_id')
