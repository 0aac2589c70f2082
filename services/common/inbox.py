"""Idempotent, validating consumption: the inbox.

Each message is handled in its own savepoint inside one transaction per batch. The event
id is recorded in the inbox together with the effect, so a redelivered message changes
nothing. An invalid message is kept (masked) with its reason and answered with
`<service>.event_rejected`; it is acknowledged, never retried, never lost.
"""

from __future__ import annotations

import enum
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from . import metrics
from .contracts import UnknownEventType, load_payload
from .db import Database
from .envelope import Envelope, parse_envelope, peek_id
from .messaging_tables import MessagingTables
from .outbox import Outbox
from .pii import scrub, scrub_text

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope, dict], None]


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
        return scrub_text(f"{type(self.error).__name__}: {self.error}"[:2000])


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


def _fit(value: str | None, size: int) -> str | None:
    return value[:size] if value is not None else None


class Inbox:
    def __init__(self, consumer: str, tables: MessagingTables, outbox: Outbox,
                 handlers: dict[str, Handler]) -> None:
        self.consumer = consumer
        self.tables = tables
        self.outbox = outbox
        self.handlers = handlers

    # -- one message -------------------------------------------------------------------
    def _handle(self, session: Session, message: Incoming) -> Outcome:
        try:
            env = parse_envelope(message.body)
        except ValidationError as exc:
            raise Rejected("invalid envelope: " + _reason(exc.messages_dict),
                           _flatten(exc.messages_dict)) from None
        handler = self.handlers.get(env.type)
        if handler is None:
            raise Rejected(f"type: {env.type} is not handled here",
                           {"type": [f"{env.type} is not handled by {self.consumer}"]})
        try:
            payload = load_payload(env.type, env.data)
        except UnknownEventType:
            raise Rejected(f"type: {env.type} has no contract",
                           {"type": ["no published contract"]}) from None
        except ValidationError as exc:
            errors = _flatten(exc.messages_dict, "data.")
            raise Rejected(_reason(errors), errors) from None
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

    def _reject(self, session: Session, message: Incoming, rejection: Rejected) -> Outcome:
        event_id, event_type = peek_id(message.body)
        # An id or type too long for its column (the envelope refuses them) must still be
        # kept, not turn the rejection itself into a database error and a dead letter.
        event_type = _fit(event_type, 200)
        if event_id is not None and len(event_id) > 200:
            event_id = None
        if event_id and not self._record(session, event_id, event_type, Outcome.REJECTED):
            return Outcome.DUPLICATE
        source = None
        try:
            raw: Any = json.loads(message.body)
            source = raw.get("source") if isinstance(raw, dict) else None
            kept = json.dumps(scrub(raw), ensure_ascii=False)
        except (ValueError, UnicodeDecodeError):
            # not JSON: no keys to go by, so mask whatever looks like an ID number or phone
            kept = scrub_text(message.body.decode("utf-8", "replace")[:100_000])
        source = _fit(source if isinstance(source, str) else None, 500)
        rejected_id = session.execute(
            insert(self.tables.rejected).values(
                consumer=self.consumer, event_id=event_id, event_type=event_type,
                source=source, routing_key=_fit(message.routing_key, 200),
                reason=rejection.reason, errors=rejection.errors, body=kept,
            ).returning(self.tables.rejected.c.id)
        ).scalar_one()
        self.outbox.add(session, "event_rejected", {
            "event_id": event_id, "event_type": event_type,
            "source": source, "reason": rejection.reason, "errors": rejection.errors,
            "rejected_id": rejected_id,
        }, subject=event_id)
        log.warning("rejected event %s (%s): %s", event_id, event_type, rejection.reason)
        return Outcome.REJECTED

    # -- a batch -----------------------------------------------------------------------
    def process_batch(self, db: Database, messages: list[Incoming]) -> list[Result]:
        """Handle every message in one transaction; one result per message, in order.

        If the final commit fails, every message is reported failed (nothing was applied).
        """
        results: list[Result] = []
        durations: list[float] = []
        try:
            with db.transaction() as session:
                for message in messages:
                    started = time.perf_counter()
                    results.append(self._process_one(session, message))
                    durations.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - commit failed: the whole batch retries
            log.exception("inbox %s: batch commit failed", self.consumer)
            metrics.record_batch(self.outbox.service, self.consumer,
                                 ["failed"] * len(messages), durations)
            return [Failed(exc)] * len(messages)
        # counted only once committed: a rolled-back batch handled nothing
        metrics.record_batch(self.outbox.service, self.consumer,
                             [_METRIC_OUTCOME.get(r, "failed") if isinstance(r, Outcome)
                              else "failed" for r in results], durations)
        return results

    def _process_one(self, session: Session, message: Incoming) -> Result:
        savepoint = session.begin_nested()
        try:
            outcome = self._handle(session, message)
            savepoint.commit()
            return outcome
        except Rejected as rejection:
            savepoint.rollback()
            savepoint = session.begin_nested()
            try:
                outcome = self._reject(session, message, rejection)
                savepoint.commit()
                return outcome
            except Exception as exc:  # noqa: BLE001
                savepoint.rollback()
                return Failed(exc)
        except Exception as exc:  # noqa: BLE001 - reported as Failed, retried by the consumer
            savepoint.rollback()
            log.exception("inbox %s: handler failed", self.consumer)
            return Failed(exc)
