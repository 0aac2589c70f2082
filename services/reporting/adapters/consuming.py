"""The live consumers' inbox: the backbone's rules (validation, rejection, idempotency by
event id, ack after commit) with the projection of a whole batch at once.

Fast path: one transaction for the batch; the inbox rows are inserted in one statement
and the events new to this consumer go through one `Projector`. If anything in it fails,
the transaction rolls back and the batch is redone one message per transaction, so one
bad event (an area not announced yet) fails alone and goes to retry, then to `.dead`.

Every transaction first takes the projection lock shared; a rebuild takes it exclusively,
which pauses live consumption until the rebuilt figures are in place (see rebuild.py).
"""

from __future__ import annotations

import logging
import time

from services.common import fastload, metrics
from services.common.db import Database
from services.common.envelope import Envelope
from services.common.inbox import (
    Failed,
    Inbox,
    Incoming,
    Outcome,
    Rejected,
    Result,
    parse_message,
)
from services.common.outbox import Outbox
from services.reporting import clock
from services.reporting.adapters import bulk, locks
from services.reporting.adapters.projector import HANDLED, Projector
from services.reporting.use_cases import freeze_probes
from services.reporting.use_cases.notices import overdue_notifier

log = logging.getLogger(__name__)

_METRIC_OUTCOME = {Outcome.APPLIED: "handled", Outcome.DUPLICATE: "duplicate",
                   Outcome.REJECTED: "rejected"}


def parse(message: Incoming, handled: frozenset[str] = HANDLED) -> tuple[Envelope, dict]:
    """The envelope and its validated payload; Rejected with the fields at fault."""
    return parse_message(message.body, handled, "reporting", fastload.envelope,
                         fastload.load)


class ProjectingInbox(Inbox):
    def __init__(self, consumer: str, tables, outbox: Outbox) -> None:
        super().__init__(consumer, tables, outbox, handlers={})
        self._probes: set[int] = set()

    def process_batch(self, db: Database, messages: list[Incoming]) -> list[Result]:
        started = time.perf_counter()
        try:
            with db.transaction() as session:
                results = self._batch(session, messages)
        except Exception as exc:  # noqa: BLE001 - redo one by one so only the culprit fails
            if len(messages) == 1:
                log.warning("reporting %s: event failed: %s", self.consumer,
                            Failed(exc).describe())
                self._count([Failed(exc)], 0.0)
                return [Failed(exc)]
            log.info("reporting %s: batch failed (%s); one message at a time",
                     self.consumer, type(exc).__name__)
            return [self.process_batch(db, [m])[0] for m in messages]
        # counted once committed, as the Inbox core counts: a rolled-back batch handled
        # nothing (its messages are counted when redone one by one)
        self._count(results, time.perf_counter() - started)
        return results

    def _count(self, results: list[Result], seconds: float) -> None:
        # The batch is projected as a whole, so no message has a handler time of its own:
        # each gets its share of the batch's, which keeps the histogram's sum the time
        # spent and its count the messages.
        counted = [r for i, r in enumerate(results) if i not in self._probes]
        share = [seconds / len(counted)] * len(counted) if seconds and counted else []
        metrics.record_batch(self.outbox.service, self.consumer,
                             [_METRIC_OUTCOME.get(r, "failed") if isinstance(r, Outcome)
                              else "failed" for r in counted], share)

    def _batch(self, session, messages: list[Incoming]) -> list[Result]:
        locks.share(session)
        results: list[Result | None] = [None] * len(messages)
        parsed: list[tuple[int, Envelope, dict]] = []
        self._probes = set()
        for i, message in enumerate(messages):
            if freeze_probes.is_probe(message):
                # committed with the events queued before it (freeze_probes.py); not an
                # event, so neither recorded in the inbox nor counted in /metrics
                freeze_probes.seen(session, self.consumer, message)
                self._probes.add(i)
                results[i] = Outcome.APPLIED
                continue
            try:
                env, payload = parse(message)
            except Rejected as rejection:
                results[i] = self._reject(session, message, rejection)
                continue
            parsed.append((i, env, payload))
        fresh = self._record_all(session, [env for _, env, _ in parsed])
        projector = Projector(session, tz=clock.tz(), live=True,
                              on_overdue=overdue_notifier(session, self.outbox))
        todo = []
        for i, env, payload in parsed:
            if env.id in fresh:
                fresh.discard(env.id)
                todo.append((env, payload))
                results[i] = Outcome.APPLIED
            else:
                results[i] = Outcome.DUPLICATE
        projector.prefetch([(env.type, payload) for env, payload in todo])
        for env, payload in todo:
            projector.apply(env.type, payload, env.time)
        projector.finish()
        return results

    def _record_all(self, session, envs: list[Envelope]) -> set[str]:
        if not envs:
            return set()
        rows = {e.id: {"consumer": self.consumer, "event_id": e.id, "event_type": e.type,
                       "outcome": Outcome.APPLIED.value} for e in envs}
        return set(bulk.insert_new(session, self.tables.inbox, list(rows.values()),
                                   returning="event_id"))
