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
from sqlalchemy.dialects import postgresql


# -- the tables as first released ------------------------------------------------------------
def create_messaging_tables() -> None:
    """Outbox, inbox and rejected_events as the four first services' initial migrations
    created them, for a service added later (accounts): its initial migration calls this,
    then the later steps below in order, as the others ran them."""
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")))
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("exchange", sa.String(length=200), nullable=False),
        sa.Column("routing_key", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("routed", sa.Boolean(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")))
    op.create_index("outbox_pending", "outbox", ["seq"], unique=False,
                    postgresql_where=sa.text("published_at is null"))
    op.create_index("outbox_unrouted", "outbox", ["seq"], unique=False,
                    postgresql_where=sa.text("routed is false"))
    op.create_table(
        "rejected_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=True),
        sa.Column("event_type", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("routing_key", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejected_events")))


def drop_messaging_tables() -> None:
    op.drop_table("rejected_events")
    op.drop_index("outbox_unrouted", table_name="outbox")
    op.drop_index("outbox_pending", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


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
