"""Telling whether a handler that ran without a savepoint (a deferred-write handler in
batch mode, services/common/inbox_batches.py) left the batch's transaction unusable: if
so the batch cannot go on, and the inbox runs it again one savepoint per message."""

from __future__ import annotations

from psycopg2.extensions import TRANSACTION_STATUS_INERROR
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


class Poisoned(Exception):
    """A deferred handler broke the transaction itself (a database error, or writes left
    in the session): the batch is run again the safe way, one savepoint per message."""


def transaction_broken(session: Session) -> bool:
    """Whether a handler that raised left the transaction unusable (PostgreSQL refuses
    every statement after an error until rollback) or left ORM writes to be flushed."""
    if session.new or session.dirty or session.deleted:
        return True
    try:
        info = session.connection().connection.dbapi_connection.info
        return info.transaction_status == TRANSACTION_STATUS_INERROR
    except Exception:  # noqa: BLE001 - cannot tell: assume the worst, the batch reruns
        return True


def poisons(exc: BaseException, session: Session) -> bool:
    """Whether `exc`, raised by a deferred handler, leaves the batch unable to go on."""
    return isinstance(exc, DBAPIError) or transaction_broken(session)
