"""Batch mode of the inbox (opt-in per consumer: `Inbox(..., batch_mode=True)`), for hot
consumers.

The batch's event ids are claimed in one statement instead of one insert per message, and
a handler marked `@deferred` (it validates and stages, and writes nothing until the batch
ends, like visits' VisitBatch or reporting's projection) runs without a savepoint: a
savepoint, an insert and a release per message were most of a small handler's cost. The
outcomes are those of the savepoint path (see `Inbox.process_batch`); a deferred handler
that breaks the transaction makes the inbox run the batch again the safe way
(services/common/poison.py).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, String, bindparam, delete, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.inbound import Failed, Handler, Incoming, Outcome, Rejected, Result
from services.common.inbound_parsing import peek
from services.common.poison import Poisoned, poisons

if TYPE_CHECKING:
    from services.common.inbox import Inbox

log = logging.getLogger(__name__)


def deferred(handler: Handler) -> Handler:
    """Declare a handler deferred-write: it only reads and stages, and whatever it staged
    is written by the consumer's `after_batch` hook. In batch mode it runs without a
    savepoint, so when it raises (Rejected or anything else) it must leave nothing behind
    that the batch would still write: dropping a failed message's staged state is the
    handler's job. A handler that writes through the session must not be marked."""
    handler.deferred_write = True  # type: ignore[attr-defined]
    return handler


def claimed_batch(inbox: Inbox, session: Session, messages: list[Incoming]
                  ) -> tuple[list[Result], list[float]]:
    """Every message of the batch handled after one claim of their ids; one result and one
    duration per message, in order."""
    # parsed and validated first, outside the database; a message with the id of an
    # earlier one in the batch only follows that one's fate
    count = len(messages)
    durations = [0.0] * count
    parsed: dict[int, tuple[Envelope, Handler, dict]] = {}
    refused: dict[int, Rejected] = {}
    first: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for i, message in enumerate(messages):
        started = time.perf_counter()
        try:
            parsed[i] = inbox.parse(message)
            event_id: str | None = parsed[i][0].id
        except Rejected as rejection:
            refused[i] = rejection
            event_id = peek(message.body)[0]
        if event_id is not None:
            if event_id in first:
                repeats[i] = first[event_id]
                parsed.pop(i, None)
                refused.pop(i, None)
            else:
                first[event_id] = i
        durations[i] = time.perf_counter() - started

    started = time.perf_counter()
    claimed = claim(inbox, session, [env for env, _, _ in parsed.values()])
    share = (time.perf_counter() - started) / max(len(parsed), 1)

    oldest = inbox.retention.oldest_accepted()
    results: list[Result] = []
    unclaim: list[str] = []
    for i, message in enumerate(messages):
        started = time.perf_counter()
        if i in repeats:
            prior = results[repeats[i]]
            result: Result = prior if isinstance(prior, Failed) else Outcome.DUPLICATE
        elif i in refused:
            result = inbox.reject_in_savepoint(session, message, refused[i])
        else:
            env, handler, payload = parsed[i]
            durations[i] += share
            if env.id not in claimed:
                result = Outcome.DUPLICATE
            elif oldest is not None and env.time < oldest:
                result = inbox.reject_in_savepoint(session, message,
                                                   Rejected(*inbox.retention.refusal()),
                                                   claimed=True)
            else:
                result = _apply_claimed(inbox, session, message, env, handler, payload)
                if isinstance(result, Failed):
                    unclaim.append(env.id)
        results.append(result)
        durations[i] += time.perf_counter() - started
    if unclaim:
        # a failed message is retried: its claim must not make the retry a duplicate
        t = inbox.tables.inbox
        session.execute(delete(t).where(t.c.consumer == inbox.consumer,
                                        t.c.event_id.in_(unclaim)))
    return results, durations


def claim(inbox: Inbox, session: Session, envelopes: list[Envelope]) -> set[str]:
    """Record every id as applied in one statement; → the ids not already there."""
    if not envelopes:
        return set()
    t = inbox.tables.inbox
    # three array parameters, whatever the batch size (not one row of values per message)
    return set(session.scalars(
        text(f"insert into {t.name} (consumer, event_id, event_type, event_time, outcome) "
             "select :consumer, u.event_id, u.event_type, u.event_time, :outcome "
             "from unnest(:ids, :types, :times) as u(event_id, event_type, event_time) "
             "on conflict do nothing returning event_id")
        .bindparams(bindparam("ids", type_=ARRAY(String)),
                    bindparam("types", type_=ARRAY(String)),
                    bindparam("times", type_=ARRAY(DateTime(timezone=True)))),
        {"consumer": inbox.consumer, "outcome": Outcome.APPLIED.value,
         "ids": [e.id for e in envelopes], "types": [e.type for e in envelopes],
         "times": [e.time for e in envelopes]}))


def _apply_claimed(inbox: Inbox, session: Session, message: Incoming, env: Envelope,
                   handler: Handler, payload: dict) -> Result:
    if not getattr(handler, "deferred_write", False):
        savepoint = session.begin_nested()
        try:
            handler(session, env, payload)
            savepoint.commit()
            return Outcome.APPLIED
        except Rejected as rejection:
            savepoint.rollback()
            return inbox.reject_in_savepoint(session, message, rejection, claimed=True)
        except Exception as exc:  # noqa: BLE001 - reported as Failed, retried
            savepoint.rollback()
            log.exception("inbox %s: handler failed", inbox.consumer)
            return Failed(exc)
    # a deferred handler wrote nothing: there is nothing to roll back when it raises,
    # unless the transaction itself broke (then the whole batch runs again)
    try:
        handler(session, env, payload)
        return Outcome.APPLIED
    except Rejected as rejection:
        if poisons(rejection, session):
            raise Poisoned from rejection
        return inbox.reject_in_savepoint(session, message, rejection, claimed=True)
    except Exception as exc:  # noqa: BLE001 - reported as Failed, retried
        if poisons(exc, session):
            raise Poisoned from exc
        log.exception("inbox %s: handler failed", inbox.consumer)
        return Failed(exc)
