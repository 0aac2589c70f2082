"""The projection lock: live batches and timers share it, a rebuild holds it alone.

A PostgreSQL advisory lock, so it needs no table and dies with the rebuild's connection
if the rebuild process dies (nothing stays paused forever).
"""

from __future__ import annotations

from sqlalchemy import text

PROJECTION_LOCK = 0x5245504F  # "REPO"


def share(session) -> None:
    """For the rest of this transaction: wait while a rebuild runs, then keep it out."""
    session.execute(text("select pg_advisory_xact_lock_shared(:k)"), {"k": PROJECTION_LOCK})


def take(connection) -> None:
    """Exclusive, for the connection's life (or until `release`)."""
    connection.execute(text("select pg_advisory_lock(:k)"), {"k": PROJECTION_LOCK})


def release(connection) -> None:
    connection.execute(text("select pg_advisory_unlock(:k)"), {"k": PROJECTION_LOCK})


TARGETS_LOCK = 0x54415247  # "TARG"


def targets(session, *, exclusive: bool) -> None:
    """Households counted into campaign targets: a campaign start (exclusive) counts the
    households stored so far, a household batch (shared) reads the campaigns stored so
    far; serialising the two keeps a household from falling between them."""
    fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    session.execute(text(f"select {fn}(:k)"), {"k": TARGETS_LOCK})


ENTITY_BUCKETS = 256
ENTITY_BASE = 0x454E5400  # "ENT\0": away from the other lock keys


def entities(session, keys: list[str]) -> None:
    """Transaction locks on entity keys ("shift:s1"), taken in one sorted pass: two
    batches holding events of one new household would otherwise both see no row, both
    count it, and the figures would be off by one. Sorted, so they cannot deadlock.

    Keys share ENTITY_BUCKETS locks: a batch of 500 events would otherwise hold hundreds
    of locks, and a few such transactions at once exhaust PostgreSQL's shared lock table
    (max_locks_per_transaction × connections) — seen under load as "out of shared
    memory". Two batches then wait for each other on an unrelated key sharing a bucket,
    which costs little: a consumer runs one batch at a time anyway."""
    if keys:
        session.execute(text(
            "select count(pg_advisory_xact_lock(k)) from (select distinct "
            "(:base + abs(hashtextextended(key, 0) % :buckets)) as k "
            "from unnest(cast(:keys as text[])) as key order by 1) as s"),
            {"keys": keys, "base": ENTITY_BASE, "buckets": ENTITY_BUCKETS})
