"""Outbox, inbox and rejected-event tables that every service adds to its own database.

They are described once, here; a change to them is migrated in every service by one shared
operation (services/common/messaging_migrations.py), never written out per service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table
    rejected: Table


def messaging_tables(metadata: MetaData) -> MessagingTables:
    outbox = Table(
        "outbox", metadata,
        Column("seq", BigInteger, Identity(), primary_key=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("exchange", String(200), nullable=False),
        Column("routing_key", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        # False when the broker returned it as unroutable (no queue bound): kept, listed, and
        # republishable, never silently gone.
        Column("routed", Boolean),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Index("outbox_pending", "seq", postgresql_where=text("published_at is null")),
        Index("outbox_unrouted", "seq", postgresql_where=text("routed is false")),
    )
    inbox = Table(
        "inbox", metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", String(200), primary_key=True),
        Column("event_type", String(200)),
        Column("outcome", String(20), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        # the envelope's time: a row is kept until both it and processed_at are past the
        # retention window (services/common/inbox_retention.py)
        Column("event_time", DateTime(timezone=True)),
        Index("inbox_processed_at", "processed_at"),
    )
    rejected = Table(
        "rejected_events", metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("consumer", String(200), nullable=False),
        Column("event_id", String(200)),
        Column("event_type", String(200)),
        Column("source", String(500)),
        Column("routing_key", String(200)),
        Column("reason", Text, nullable=False),
        Column("errors", JSONB, nullable=False),
        # Sensitive fields (ID numbers, phones) are masked before the body is kept.
        Column("body", Text, nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    return MessagingTables(outbox, inbox, rejected)
