"""Idempotent, validating consumption: the inbox.

Each message is handled in its own savepoint inside one transaction per batch. The event
id is recorded in the inbox together with the effect, so a redelivered message changes
nothing. An invalid message is kept (masked) with its reason and answered with
`<service>.event_rejected`; it is acknowledged, never retried, never lost.

Batch mode (opt-in per consumer: `Inbox(..., batch_mode=True)`) is for hot consumers.
The batch's event ids are claimed in one statement instead of one insert per message, and
a handler marked `@deferred` (it validates and stages, and writes nothing until the batch
ends, like visits' VisitBatch) runs without a savepoint: a savepoint, an insert and a
release per message were most of a small handler's cost. The outcomes are the same as
without it: see `process_batch`.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import Any, Protocol

from marshmallow import ValidationError
from psycopg2.extensions import TRANSACTION_STATUS_INERROR
from sqlalchemy import String, bindparam, delete, insert, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from services.common import metrics, untrusted
from services.common.contracts import UnknownEventType, load_payload
from services.common.db import Database
from services.common.envelope import Envelope, parse_envelope, peek_id
from services.common.free_text import mask_identifiers
from services.common.messaging_tables import MessagingTables
from services.common.outbox import Outbox
from services.common.pii import scrub

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope, dict], None]
EnvelopeLoader = Callable[[bytes], Envelope]
PayloadLoader = Callable[[str, dict], dict]


def deferred(handler: Handler) -> Handler:
    """Declare a handler deferred-write: it only reads and stages, and whatever it staged
    is written by the consumer's `after_batch` hook. In batch mode it runs without a
    savepoint, so when it raises (Rejected or anything else) it must leave nothing behind
    that the batch would still write: dropping a failed message's staged state is the
    handler's job. A handler that writes through the session must not be marked."""
    handler.deferred_write = True  # type: ignore[attr-defined]
    return handler


class BatchHooks(Protocol):
    """Work a consumer does once per batch, in the batch's own transaction.

    `before_batch` runs before the first message, outside any savepoint, so row locks it
    takes last until the commit (a lock taken inside a savepoint that rolls back is
    released with it). `after_batch` runs after the last message: a consumer writes there
    what its deferred handlers staged. If it raises, the transaction rolls back and every
    message of the batch is reported failed (retried). `before_batch` must start from a
    clean slate: the inbox may run a batch a second time in the same call (see
    `process_batch`).
    """

    def before_batch(self, session: Session) -> None: ...

    def after_batch(self, session: Session) -> None: ...


class _Poisoned(Exception):
    """A deferred handler broke the transaction itself (a database error, or writes left
    in the session): the batch is run again the safe way, one savepoint per message."""


@dataclass(frozen=True)
class Incoming:
    body: bytes
    routing_key: str = ""
    exchange: str = ""
    headers: dict = field(default_factory=dict)


class Outcome(enum.Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class Rejected(Exception):
    """Raised by a handler when the event is well-formed but cannot be applied."""

    def __init__(self, reason: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.errors = errors or {}


@dataclass(frozen=True)
class Failed:
    """A message whose handler raised: it goes to retry, then to the dead-letter queue."""

    error: BaseException

    def describe(self) -> str:
        # goes to logs and to the dead letter's headers: never an ID number or phone
        return mask_identifiers(f"{type(self.error).__name__}: {self.error}"[:2000])


Result = Outcome | Failed
_METRIC_OUTCOME = {Outcome.APPLIED: "handled", Outcome.DUPLICATE: "duplicate",
                   Outcome.REJECTED: "rejected"}


def _flatten(errors: dict, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested errors as {"data.id_number": [...]}: the shape the
    event_rejected contract documents (field → list of reasons), and the one handlers use."""
    flat: dict[str, list[str]] = {}
    for key, messages in errors.items():
        if isinstance(messages, dict):
            flat.update(_flatten(messages, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = messages if isinstance(messages, list) else [messages]
    return flat


def _reason(errors: dict) -> str:
    """One line naming every bad field by its full path (data.id_number: …)."""
    return "; ".join(f"{key}: {messages[0] if messages else ''}"
                     for key, messages in _flatten(errors).items())


def _masked_errors(errors: dict) -> dict[str, list[str]]:
    """errors with identifiers masked in field names and reasons alike: a field's path is
    made of the sender's keys (`data.440106199910132683` when an ID number is a key), and
    a reason may quote a value. Two fields whose names mask alike keep both reasons."""
    masked: dict[str, list[str]] = {}
    for key, messages in errors.items():
        name = mask_identifiers(str(key)) or str(key)
        items = messages if isinstance(messages, list) else [messages]
        masked.setdefault(name, []).extend(
            mask_identifiers(m) if isinstance(m, str) else m for m in items)
    return masked


def _fit(value: str | None, size: int) -> str | None:
    return value[:size] if value is not None else None


def _peek(message: Incoming) -> tuple[str | None, str | None]:
    """The id and type a message names, as they can be kept in the inbox's columns."""
    event_id, event_type = peek_id(message.body)
    # An id or type too long for its column (the envelope refuses them) must still be
    # kept, not turn the rejection itself into a database error and a dead letter.
    if event_id is not None and len(event_id) > 200:
        event_id = None
    return event_id, _fit(event_type, 200)


def _transaction_broken(session: Session) -> bool:
    """Whether a handler that raised left the transaction unusable (PostgreSQL refuses
    every statement after an error until rollback) or left ORM writes to be flushed."""
    if session.new or session.dirty or session.deleted:
        return True
    try:
        info = session.connection().connection.dbapi_connection.info
        return info.transaction_status == TRANSACTION_STATUS_INERROR
    except Exception:  # noqa: BLE001 - cannot tell: assume the worst, the batch reruns
        return True



def parse_message(body: bytes, handled: Container[str], consumer: str,
                  load_envelope: Callable = parse_envelope,
                  load_payload: Callable = load_payload) -> tuple[Envelope, dict]:
    """The envelope and its validated payload, or Rejected naming the fields at fault:
    one set of rejection reasons for every consumer, inbox or projection."""
    try:
        env = load_envelope(body)
    except ValidationError as exc:
        raise Rejected("invalid envelope: " + _reason(exc.messages_dict),
                       _flatten(exc.messages_dict)) from None
    if env.type not in handled:
        raise Rejected(f"type: {env.type} is not handled here",
                       {"type": [f"{env.type} is not handled by {consumer}"]})
    try:
        payload = load_payload(env.type, env.data)
    except UnknownEventType:
        raise Rejected(f"type: {env.type} has no contract",
                       {"type": ["no published contract"]}) from None
    except ValidationError as exc:
        errors = _flatten(exc.messages_dict, "data.")
        raise Rejected(_reason(errors), errors) from None
    return env, payload

class Inbox:
    def __init__(self, consumer: str, tables: MessagingTables, outbox: Outbox,
                 handlers: dict[str, Handler], *, batch_mode: bool = False,
                 envelope_loader: EnvelopeLoader = parse_envelope,
                 payload_loader: PayloadLoader = load_payload) -> None:
        """``envelope_loader``/``payload_loader`` stand in for parse_envelope/load_payload
        (a faster validator with the same results and errors, such as reporting's
        fastload); ``batch_mode``: see the module's docstring."""
        self.consumer = consumer
        self.tables = tables
        self.outbox = outbox
        self.handlers = handlers
        self.batch_mode = batch_mode
        self._load_envelope = envelope_loader
        self._load_payload = payload_loader

    # -- one message -------------------------------------------------------------------
    def _parse(self, message: Incoming) -> tuple[Envelope, Handler, dict]:
        """The envelope, its handler and its validated payload, or Rejected."""
        env, payload = parse_message(message.body, self.handlers, self.consumer,
                                     self._load_envelope, self._load_payload)
        return env, self.handlers[env.type], payload

    def _handle(self, session: Session, message: Incoming) -> Outcome:
        env, handler, payload = self._parse(message)
        if not self._record(session, env.id, env.type, Outcome.APPLIED):
            return Outcome.DUPLICATE
        handler(session, env, payload)
        return Outcome.APPLIED

    def _record(self, session: Session, event_id: str, event_type: str | None,
                outcome: Outcome) -> bool:
        """Insert the inbox row; False when this consumer already processed that id."""
        t = self.tables.inbox
        inserted = session.execute(
            pg_insert(t).values(consumer=self.consumer, event_id=event_id,
                                event_type=event_type, outcome=outcome.value)
            .on_conflict_do_nothing().returning(t.c.event_id)
        ).first()
        return inserted is not None

    def _reject(self, session: Session, message: Incoming, rejection: Rejected, *,
                claimed: bool = False) -> Outcome:
        """Keep the message with its reason and answer it; ``claimed``: batch mode has
        already recorded its id as applied, and the row now says rejected."""
        event_id, event_type = _peek(message)
        if claimed:
            t = self.tables.inbox
            session.execute(update(t).where(t.c.consumer == self.consumer,
                                            t.c.event_id == event_id)
                            .values(outcome=Outcome.REJECTED.value))
        elif event_id and not self._record(session, event_id, event_type, Outcome.REJECTED):
            return Outcome.DUPLICATE
        source = None
        try:
            # NUL and lone surrogates pass here (escaped when kept): a body refused for
            # one of them is still masked by its keys
            raw: Any = untrusted.loads(message.body, check_text=False)
            source = raw.get("source") if isinstance(raw, dict) else None
            kept = untrusted.dumps_kept(scrub(raw))
        except untrusted.UntrustedInput:
            # not JSON: no keys to go by, so mask whatever looks like an ID number or phone
            kept = mask_identifiers(untrusted.printable(message.body))
        if not isinstance(source, str) or untrusted.text_problem(source):
            source = None
        source = _fit(source, 500)
        # masked here, once, before the row, the event and the log line: whatever raised
        # the rejection (untrusted.py, marshmallow, a handler) may have quoted the sender
        reason = mask_identifiers(rejection.reason) or rejection.reason
        errors = _masked_errors(rejection.errors)
        rejected_id = session.execute(
            insert(self.tables.rejected).values(
                consumer=self.consumer, event_id=event_id, event_type=event_type,
                source=source, routing_key=_fit(message.routing_key, 200),
                reason=reason, errors=errors, body=kept,
            ).returning(self.tables.rejected.c.id)
        ).scalar_one()
        self.outbox.add(session, "event_rejected", {
            "event_id": event_id, "event_type": event_type,
            "source": source, "reason": reason, "errors": errors,
            "rejected_id": rejected_id,
        }, subject=event_id)
        log.warning("rejected event %s (%s): %s", event_id, event_type, reason)
        return Outcome.REJECTED

    # -- a batch -----------------------------------------------------------------------
    def process_batch(self, db: Database, messages: list[Incoming],
                      hooks: BatchHooks | None = None) -> list[Result]:
        """Handle every message in one transaction; one result per message, in order.

        ``hooks`` run before the first message and after the last (see BatchHooks). If
        one of them or the final commit fails, every message is reported failed (nothing
        was applied).

        Batch mode gives the outcomes of the savepoint path: a message whose id this
        consumer already processed, or that an earlier message of the batch bears, is a
        duplicate; a rejected one leaves only its rejected_events row and its
        event_rejected event; one whose handler raised leaves nothing, not even its
        claim, and is retried. A later message of the batch with the id of a failed one
        fails with it (the savepoint path would apply it in the failed one's place: either
        way the event is applied once). If a deferred handler broke the transaction (a
        database error), the batch runs again one savepoint per message, so that only the
        guilty message fails.
        """
        try:
            try:
                results, durations = self._attempt(db, messages, hooks, claim=self.batch_mode)
            except _Poisoned:
                log.warning("inbox %s: a deferred handler broke the transaction; running the "
                            "batch again one savepoint per message", self.consumer)
                results, durations = self._attempt(db, messages, hooks, claim=False)
        except Exception as exc:  # noqa: BLE001 - commit failed: the whole batch retries
            log.exception("inbox %s: batch commit failed", self.consumer)
            metrics.record_batch(self.outbox.service, self.consumer,
                                 ["failed"] * len(messages), [])
            return [Failed(exc)] * len(messages)
        # counted only once committed: a rolled-back batch handled nothing
        metrics.record_batch(self.outbox.service, self.consumer,
                             [_METRIC_OUTCOME.get(r, "failed") if isinstance(r, Outcome)
                              else "failed" for r in results], durations)
        return results

    def _attempt(self, db: Database, messages: list[Incoming], hooks: BatchHooks | None, *,
                 claim: bool) -> tuple[list[Result], list[float]]:
        with db.transaction() as session:
            if hooks is not None:
                hooks.before_batch(session)
            if claim:
                results, durations = self._claimed_batch(session, messages)
            else:
                results, durations = [], []
                for message in messages:
                    started = time.perf_counter()
                    results.append(self._process_one(session, message))
                    durations.append(time.perf_counter() - started)
            if hooks is not None:
                hooks.after_batch(session)
        return results, durations

    def _process_one(self, session: Session, message: Incoming) -> Result:
        savepoint = session.begin_nested()
        try:
            outcome = self._handle(session, message)
            savepoint.commit()
            return outcome
        except Rejected as rejection:
            savepoint.rollback()
            return self._reject_in_savepoint(session, message, rejection)
        except Exception as exc:  # noqa: BLE001 - reported as Failed, retried by the consumer
            savepoint.rollback()
            log.exception("inbox %s: handler failed", self.consumer)
            return Failed(exc)

    def _reject_in_savepoint(self, session: Session, message: Incoming, rejection: Rejected,
                             *, claimed: bool = False) -> Result:
        savepoint = session.begin_nested()
        try:
            outcome = self._reject(session, message, rejection, claimed=claimed)
            savepoint.commit()
            return outcome
        except Exception as exc:  # noqa: BLE001
            savepoint.rollback()
            log.exception("inbox %s: keeping a rejected event failed", self.consumer)
            return Failed(exc)

    # -- batch mode --------------------------------------------------------------------
    def _claimed_batch(self, session: Session, messages: list[Incoming]
                       ) -> tuple[list[Result], list[float]]:
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
                parsed[i] = self._parse(message)
                event_id: str | None = parsed[i][0].id
            except Rejected as rejection:
                refused[i] = rejection
                event_id = _peek(message)[0]
            if event_id is not None:
                if event_id in first:
                    repeats[i] = first[event_id]
                    parsed.pop(i, None)
                    refused.pop(i, None)
                else:
                    first[event_id] = i
            durations[i] = time.perf_counter() - started

        started = time.perf_counter()
        claimed = self._claim(session, [env for env, _, _ in parsed.values()])
        share = (time.perf_counter() - started) / max(len(parsed), 1)

        results: list[Result] = []
        unclaim: list[str] = []
        for i, message in enumerate(messages):
            started = time.perf_counter()
            if i in repeats:
                prior = results[repeats[i]]
                result: Result = prior if isinstance(prior, Failed) else Outcome.DUPLICATE
            elif i in refused:
                result = self._reject_in_savepoint(session, message, refused[i])
            else:
                env, handler, payload = parsed[i]
                durations[i] += share
                if env.id not in claimed:
                    result = Outcome.DUPLICATE
                else:
                    result = self._apply_claimed(session, message, env, handler, payload)
                    if isinstance(result, Failed):
                        unclaim.append(env.id)
            results.append(result)
            durations[i] += time.perf_counter() - started
        if unclaim:
            # a failed message is retried: its claim must not make the retry a duplicate
            t = self.tables.inbox
            session.execute(delete(t).where(t.c.consumer == self.consumer,
                                            t.c.event_id.in_(unclaim)))
        return results, durations

    def _claim(self, session: Session, envelopes: list[Envelope]) -> set[str]:
        """Record every id as applied in one statement; → the ids not already there."""
        if not envelopes:
            return set()
        t = self.tables.inbox
        # two array parameters, whatever the batch size (not four per message)
        return set(session.scalars(
            text(f"insert into {t.name} (consumer, event_id, event_type, outcome) "
                 "select :consumer, u.event_id, u.event_type, :outcome "
                 "from unnest(:ids, :types) as u(event_id, event_type) "
                 "on conflict do nothing returning event_id")
            .bindparams(bindparam("ids", type_=ARRAY(String)),
                        bindparam("types", type_=ARRAY(String))),
            {"consumer": self.consumer, "outcome": Outcome.APPLIED.value,
             "ids": [e.id for e in envelopes], "types": [e.type for e in envelopes]}))

    def _apply_claimed(self, session: Session, message: Incoming, env: Envelope,
                       handler: Handler, payload: dict) -> Result:
        if not getattr(handler, "deferred_write", False):
            savepoint = session.begin_nested()
            try:
                handler(session, env, payload)
                savepoint.commit()
                return Outcome.APPLIED
            except Rejected as rejection:
                savepoint.rollback()
                return self._reject_in_savepoint(session, message, rejection, claimed=True)
            except Exception as exc:  # noqa: BLE001 - reported as Failed, retried
                savepoint.rollback()
                log.exception("inbox %s: handler failed", self.consumer)
                return Failed(exc)
        # a deferred handler wrote nothing: there is nothing to roll back when it raises,
        # unless the transaction itself broke (then the whole batch runs again)
        try:
            handler(session, env, payload)
            return Outcome.APPLIED
        except Rejected as rejection:
            if _transaction_broken(session):
                raise _Poisoned from rejection
            return self._reject_in_savepoint(session, message, rejection, claimed=True)
        except Exception as exc:  # noqa: BLE001 - reported as Failed, retried
            if isinstance(exc, DBAPIError) or _transaction_broken(session):
                raise _Poisoned from exc
            log.exception("inbox %s: handler failed", self.consumer)
            return Failed(exc)
