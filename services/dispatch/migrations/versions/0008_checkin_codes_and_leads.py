"""check-in codes and grid leads (issue 14: the field app)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 00:40:00.000000

- shifts.checkin_secret: the random secret each shift's check-in codes are made from
  (domain/checkin_codes.py). The default is volatile, so PostgreSQL draws one per existing
  row when the column is added: every shift already kept gets its own secret.
- ix_shifts_place_day: a grid's shifts by day (GET /grids/<code>/shifts).
- grid_leads: the grid workers of each grid, from accounts.grant_changed (a shift's
  `leads`); a revoked grant stays, marked revoked.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

SECRET = ("decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), "
          "'hex')")


def upgrade() -> None:
    op.add_column('shifts', sa.Column('checkin_secret', sa.LargeBinary(),
                                      server_default=sa.text(SECRET), nullable=False))
    op.create_index('ix_shifts_place_day', 'shifts', ['place_code', 'day'])
    op.create_table(
        'grid_leads',
        sa.Column('grant_id', sa.String(length=64), nullable=False),
        sa.Column('account_id', sa.String(length=64), nullable=False),
        sa.Column('area_code', sa.String(length=64), nullable=False),
        sa.Column('name_masked', sa.String(length=100), nullable=False),
        sa.Column('revoked', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
                  nullable=False),
        sa.PrimaryKeyConstraint('grant_id', name=op.f('pk_grid_leads')),
    )
    op.create_index(op.f('ix_grid_leads_area_code'), 'grid_leads', ['area_code'])


def downgrade() -> None:
    op.drop_index(op.f('ix_grid_leads_area_code'), table_name='grid_leads')
    op.drop_table('grid_leads')
    op.drop_index('ix_shifts_place_day', table_name='shifts')
    op.drop_column('shifts', 'checkin_secret')
