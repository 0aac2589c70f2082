"""the field app (issue 14): residents' masked names and tags (what a volunteer's task
list shows at the door, kept from the registry's events), and a request handler's
acceptance of a request (when, which account)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 00:45:00.000000
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable columns without a default: added without rewriting the tables. Residents
    # copied before keep null until the registry's next event about them
    op.add_column('residents', sa.Column('name_masked', sa.String(length=100), nullable=True))
    op.add_column('residents', sa.Column('tags', postgresql.ARRAY(sa.Text()),
                                         nullable=True))
    op.add_column('requests', sa.Column('accepted_at', sa.DateTime(timezone=True),
                                        nullable=True))
    op.add_column('requests', sa.Column('accepted_by', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column('requests', 'accepted_by')
    op.drop_column('requests', 'accepted_at')
    op.drop_column('residents', 'tags')
    op.drop_column('residents', 'name_masked')
