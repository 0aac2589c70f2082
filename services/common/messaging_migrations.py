"""Migrations of the messaging tables (services/common/messaging_tables.py), shared by
every service: each service's migration of these tables is one line calling a step here,
so the four databases cannot drift apart.

A step is frozen once released (deployed databases ran it): a later change to the tables
is a new step, called by a new migration in each service. The initial migrations
(services/*/migrations/versions/0001_*.py) predate this module and stay as they ran.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# -- inbox retention (services/common/inbox_retention.py) ---------------------------------
def add_inbox_retention() -> None:
    """The envelope's time of each inbox row, and the index the prune finds old rows by.
    Rows already there keep a null time: they are pruned by their processing time.

    The inbox is a deployment's largest table: a plain CREATE INDEX would block every
    consumer's writes while it reads the whole table, so the index is built concurrently,
    outside the migration's transaction (which commits the column first). A build that
    failed leaves an invalid index behind: it is dropped before building again."""
    op.add_column("inbox", sa.Column("event_time", sa.DateTime(timezone=True), nullable=True),
                  if_not_exists=True)
    with op.get_context().autocommit_block():
        op.drop_index("inbox_processed_at", table_name="inbox", if_exists=True,
                      postgresql_concurrently=True)
        op.create_index("inbox_processed_at", "inbox", ["processed_at"], unique=False,
                        postgresql_concurrently=True)


def drop_inbox_retention() -> None:
    with op.get_context().autocommit_block():
        op.drop_index("inbox_processed_at", table_name="inbox", if_exists=True,
                      postgresql_concurrently=True)
    op.drop_column("inbox", "event_time")
