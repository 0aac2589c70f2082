"""Idempotent, validating consumption: the inbox.

Each message is handled in its own savepoint inside one transaction per batch. The event
id is recorded in the inbox together with the effect, so a redelivered message changes
nothing. An invalid message is kept (masked) with its reason and answered with
`<service>.event_rejected`; it is acknowledged, never retried, never lost.

Around this core: what a body must be (services/common/inbound_parsing.py), batch mode
for hot consumers (services/common/inbox_batches.py, with services/common/poison.py),
how long ids are remembered (services/common/inbox_retention.py), and per-batch work of a
consumer (`BatchHooks`: visits' preloading, reporting's projection).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from services.common import metrics, untrusted
from services.common.contracts import load_payload
from services.common.db import Database
from services.common.envelope import Envelope, parse_envelope
from services.common.free_text import mask_identifiers
from services.common.inbound import (
    Failed,
    Handler,
    Incoming,
    Outcome,
    Rejected,
    Result,
    metric_outcome,
)
from services.common.inbound_parsing import (
    EnvelopeLoader,
    PayloadLoader,
    fit,
    masked_errors,
    parse_message,
    peek,
)
from services.common.inbox_batches import claimed_batch
from services.common.inbox_retention import InboxRetention
from services.common.messaging_tables import MessagingTables
from services.common.outbox import Outbox
from services.common.pii import scrub
from services.common.poison import Poisoned

log = logging.getLogger(__name__)

# A message that is not an event (reporting's freeze probes): taken by the consumer in
# the batch's transaction, neither recorded in the inbox nor counted. → whether it was one.
Aside = Callable[[Session, Incoming], bool]


class BatchHooks(Protocol):
    """Work a consumer does once per batch, in the batch's own transaction.

    `before_batch` runs before the first message, outside any savepoint, so row locks it
    takes last until the commit (a lock taken inside a savepoint that rolls back is
    released with it). `after_batch` runs after the last message: a consumer writes there
    what its deferred handlers staged (services/common/inbox_batches.py). If it raises,
    the transaction rolls back and every message of the batch is reported failed
    (retried), or run again alone with `redo_alone`. `before_batch` must start from a
    clean slate: the inbox may run a batch a second time in the same call (see
    `process_batch`).
    """

    def before_batch(self, session: Session) -> None: ...

    def after_batch(self, session: Session) -> None: ...


class Inbox:
    def __init__(self, consumer: str, tables: MessagingTables, outbox: Outbox,
                 handlers: dict[str, Handler], *, batch_mode: bool = False,
                 envelope_loader: EnvelopeLoader = parse_envelope,
                 payload_loader: PayloadLoader = load_payload,
                 retention: InboxRetention, aside: Aside | None = None,
                 redo_alone: bool = False) -> None:
        """``envelope_loader``/``payload_loader`` stand in for parse_envelope/load_payload
        (a faster validator with the same results and errors, such as
        services/common/fastload.py); ``batch_mode``: see inbox_batches.py;
        ``retention``: how long ids are remembered (the backbone's, read once at start:
        never from the environment here, per batch);
        ``aside``: see `Aside`; ``redo_alone``: when the batch's hooks or its commit
        fail, each message is run again in a transaction of its own, so that only the
        culprit fails (a consumer whose hooks do the batch's work, as reporting's
        projection does)."""
        self.consumer = consumer
        self.tables = tables
        self.outbox = outbox
        self.handlers = handlers
        self.batch_mode = batch_mode
        self.retention = retention
        self._load_envelope = envelope_loader
        self._load_payload = payload_loader
        self._aside = aside
        self._redo_alone = redo_alone

    # -- one message -------------------------------------------------------------------
    def parse(self, message: Incoming) -> tuple[Envelope, Handler, dict]:
        """The envelope, its handler and its validated payload, or Rejected."""
        env, payload = parse_message(message.body, self.handlers, self.consumer,
                                     self._load_envelope, self._load_payload)
        return env, self.handlers[env.type], payload

    def _handle(self, session: Session, message: Incoming) -> Outcome:
        env, handler, payload = self.parse(message)
        if not self._record(session, env.id, env.type, Outcome.APPLIED, env.time):
            return Outcome.DUPLICATE
        if self.retention.too_old(env.time):
            raise Rejected(*self.retention.refusal())
        handler(session, env, payload)
        return Outcome.APPLIED

    def _record(self, session: Session, event_id: str, event_type: str | None,
                outcome: Outcome, event_time: Any = None) -> bool:
        """Insert the inbox row; False when this consumer already processed that id."""
        t = self.tables.inbox
        inserted = session.execute(
            pg_insert(t).values(consumer=self.consumer, event_id=event_id,
                                event_type=event_type, event_time=event_time,
                                outcome=outcome.value)
            .on_conflict_do_nothing().returning(t.c.event_id)
        ).first()
        return inserted is not None

    def _reject(self, session: Session, message: Incoming, rejection: Rejected, *,
                claimed: bool = False) -> Outcome:
        """Keep the message with its reason and answer it; ``claimed``: batch mode has
        already recorded its id as applied, and the row now says rejected."""
        event_id, event_type = peek(message.body)
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
        source = fit(source, 500)
        # masked here, once, before the row, the event and the log line: whatever raised
        # the rejection (untrusted.py, marshmallow, a handler) may have quoted the sender
        reason = mask_identifiers(rejection.reason) or rejection.reason
        errors = masked_errors(rejection.errors)
        rejected_id = session.execute(
            insert(self.tables.rejected).values(
                consumer=self.consumer, event_id=event_id, event_type=event_type,
                source=source, routing_key=fit(message.routing_key, 200),
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
        was applied), unless ``redo_alone`` runs each again on its own.

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
                results, durations, aside = self._attempt(db, messages, hooks,
                                                          claim=self.batch_mode)
            except Poisoned:
                log.warning("inbox %s: a deferred handler broke the transaction; running the "
                            "batch again one savepoint per message", self.consumer)
                results, durations, aside = self._attempt(db, messages, hooks, claim=False)
        except Exception as exc:  # noqa: BLE001 - commit failed: the whole batch retries
            if self._redo_alone and len(messages) > 1:
                log.info("inbox %s: batch failed (%s); one message at a time",
                         self.consumer, type(exc).__name__)
                return [self.process_batch(db, [m], hooks)[0] for m in messages]
            failed = Failed(exc)
            if self._redo_alone:
                # a message alone whose hooks failed: for reporting's projection, usually
                # an ordering race (an area not announced yet) that the retry settles, so
                # no traceback; the reason is masked like the dead letter's
                log.warning("inbox %s: event failed: %s", self.consumer, failed.describe())
            else:
                log.exception("inbox %s: batch commit failed", self.consumer)
            metrics.record_batch(self.outbox.service, self.consumer,
                                 ["failed"] * len(messages), [])
            return [failed] * len(messages)
        # counted only once committed: a rolled-back batch handled nothing
        if aside:
            counted = [i for i in range(len(messages)) if i not in aside]
            results_counted = [results[i] for i in counted]
            durations = [durations[i] for i in counted]
        else:
            results_counted = results
        metrics.record_batch(self.outbox.service, self.consumer,
                             [metric_outcome(r) for r in results_counted], durations)
        return results

    def _attempt(self, db: Database, messages: list[Incoming], hooks: BatchHooks | None, *,
                 claim: bool) -> tuple[list[Result], list[float], set[int]]:
        with db.transaction() as session:
            started = time.perf_counter()
            if hooks is not None:
                hooks.before_batch(session)
            hooks_seconds = time.perf_counter() - started
            aside = {i for i, m in enumerate(messages)
                     if self._aside is not None and self._aside(session, m)}
            events = [m for i, m in enumerate(messages) if i not in aside]
            if claim:
                handled, durations = claimed_batch(self, session, events)
            else:
                handled, durations = [], []
                for message in events:
                    started = time.perf_counter()
                    handled.append(self._process_one(session, message))
                    durations.append(time.perf_counter() - started)
            started = time.perf_counter()
            if hooks is not None:
                hooks.after_batch(session)
            hooks_seconds += time.perf_counter() - started
        # the hooks' work is the batch's (a preload, a projection): each message takes
        # its share, so the histogram's sum stays the time spent
        share = hooks_seconds / len(events) if events else 0.0
        if not aside:
            return handled, [seconds + share for seconds in durations], aside
        results: list[Result] = [Outcome.APPLIED] * len(messages)
        all_durations = [0.0] * len(messages)
        for i, result, seconds in zip((i for i in range(len(messages)) if i not in aside),
                                      handled, durations, strict=True):
            results[i], all_durations[i] = result, seconds + share
        return results, all_durations, aside

    def _process_one(self, session: Session, message: Incoming) -> Result:
        savepoint = session.begin_nested()
        try:
            outcome = self._handle(session, message)
            savepoint.commit()
            return outcome
        except Rejected as rejection:
            savepoint.rollback()
            return self.reject_in_savepoint(session, message, rejection)
        except Exception as exc:  # noqa: BLE001 - reported as Failed, retried by the consumer
            savepoint.rollback()
            log.exception("inbox %s: handler failed", self.consumer)
            return Failed(exc)

    def reject_in_savepoint(self, session: Session, message: Incoming, rejection: Rejected,
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
