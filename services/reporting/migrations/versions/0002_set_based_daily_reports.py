"""set-based daily reports: append-only re-issue marks, when a day's freeze ended

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('report_days', sa.Column('frozen_at', sa.DateTime(timezone=True),
                                           nullable=True))
    # marks become append-only (models.ReportReissue): pending marks are kept
    op.drop_constraint('pk_report_reissues', 'report_reissues', type_='primary')
    op.add_column('report_reissues', sa.Column('seq', sa.BigInteger(), sa.Identity(),
                                               nullable=False))
    op.create_primary_key('pk_report_reissues', 'report_reissues', ['seq'])


def downgrade() -> None:
    op.drop_constraint('pk_report_reissues', 'report_reissues', type_='primary')
    op.execute("delete from report_reissues a using report_reissues b where "
               "a.area_code = b.area_code and a.day = b.day and a.seq > b.seq")
    op.drop_column('report_reissues', 'seq')
    op.create_primary_key('pk_report_reissues', 'report_reissues', ['area_code', 'day'])
    op.drop_column('report_days', 'frozen_at')
