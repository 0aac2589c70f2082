"""The audit log of every sensitive read (docs/access-control.md): the table's DDL and the
SQL that writes a row. It imports no web framework or schema library, because each service's
models add the table to their own metadata; which fields a request asks to see in clear
is read at the entrypoints (services/common/reveal.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    String,
    Table,
    column,
    func,
    insert,
    table,
)
from sqlalchemy.orm import Session

from services.common.auth import Principal

AUDIT_TABLE = "access_audit"


def audit_table(metadata: MetaData) -> Table:
    """Who read which sensitive fields of what, when and from where; never the values.
    Each service adds it to its own metadata (and one migration)."""
    return Table(
        AUDIT_TABLE, metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("read_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("subject", String(200), nullable=False),
        Column("role", String(32), nullable=False),
        Column("token_id", String(64), nullable=False),
        Column("resource", String(64), nullable=False),
        Column("resource_id", String(200), nullable=False),
        Column("fields", ARRAY(String(64)), nullable=False),
        # the connecting address, and what a proxy in front said the client was
        Column("source", String(300), nullable=False),
        Column("request", String(500), nullable=False),
        Index("ix_access_audit_resource", "resource", "resource_id"),
        Index("ix_access_audit_subject", "subject", "read_at"),
    )


# lightweight: record_sensitive_read needs no service's metadata, only the table's name
_AUDIT = table(AUDIT_TABLE, *(column(name) for name in (
    "subject", "role", "token_id", "resource", "resource_id", "fields", "source", "request")))


def source_of(request) -> str:
    """Where a request came from, for an audit row (also dispatch's attendance corrections)."""
    remote = request.remote_addr or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    # a client can send X-Forwarded-For itself: keep both, the connecting one is certain
    return (f"{forwarded.strip()} via {remote}" if forwarded else remote)[:300]


def record_sensitive_read(session: Session, caller: Principal, resource: str,
                          resource_id: Any, fields: Iterable[str], request) -> None:
    """Write the audit row in the reading transaction: the clear values are answered only
    if this row commits. The request is logged by method and path; its query string is
    left out (it names fields, and a client could put anything there)."""
    session.execute(insert(_AUDIT).values(
        subject=caller.subject[:200], role=caller.role, token_id=caller.token_id,
        resource=resource, resource_id=str(resource_id), fields=sorted(set(fields)),
        source=source_of(request), request=f"{request.method} {request.path}"[:500]))
