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
    Rows already there keep a null time: they are pruned by their processing time."""
    op.add_column("inbox", sa.Column("event_time", sa.DateTime(timezone=True), nullable=True))
    op.create_index("inbox_processed_at", "inbox", ["processed_at"], unique=False)


def drop_inbox_retention() -> None:
    op.drop_index("inbox_processed_at", table_name="inbox")
    op.drop_column("inbox", "event_time")
