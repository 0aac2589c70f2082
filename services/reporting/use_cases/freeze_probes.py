"""The freeze waits for the consumers to catch up with the cut-off.

A day's reports were frozen at the first tick after the cut-off, whatever reporting's
queues still held: events captured before the cut-off but not projected yet (a backlog
behind a burst of visits, a batch waiting for the next one) missed revision 1 and came
out as revisions 2, 3… seconds later, so the first `daily_report_published` carried
figures nobody ever saw live. A later revision is for events that really arrive late.

So before the day is closed, a probe is put at the back of each consumer's queue through
reporting's own parking exchange (written to the outbox, so the relay publishes it with
confirms, in order, and again after a broker outage). A queue delivers in order: when
the consumer handles the probe, in the transaction of its batch, every message queued
before it was delivered, and the ones of earlier batches committed: every consumer runs
one batch at a time per instance (`in_flight=1`), so this instance's earlier batches are
done; another instance's may still be under way, and the day's closing takes the
projection lock exclusively, which waits for every batch under way. Only then is the day
frozen.

A probe is a message, not an event: no contract, never in the history stream, never
counted as handled. Its token (random, per day and consumer) is what marks it seen, so a
body shaped like a probe arriving from elsewhere marks nothing. A probe not seen within
`RESEND_AFTER` is sent again with the same token (the first copy to arrive counts); after
`WAIT_LIMIT` from the first probe the day is frozen anyway (a consumer stuck for that
long must not hold every area's report back: what it projects later is re-issued).
Measured from the probe, not the cut-off: a service started hours after the cut-off
still waits for the backlog its queues kept meanwhile.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from services.common import topology, untrusted
from services.common.db import Database
from services.common.inbound import Incoming
from services.common.outbox import Outbox
from services.reporting.adapters.models import FreezeProbe

log = logging.getLogger(__name__)

CONSUMERS = ("registry", "dispatch", "visits")
PREFIX = b'{"wangge_freeze_probe":'
TYPE = "reporting.freeze_probe"
RESEND_AFTER = timedelta(seconds=60)
WAIT_LIMIT = timedelta(minutes=30)
KEEP = timedelta(days=30)


def caught_up(db: Database, outbox: Outbox, day: date, now: datetime,
              consumers: tuple[str, ...] = CONSUMERS) -> bool:
    """Whether every consumer has handled its probe for `day`; sends the probes not sent
    yet (or sent more than RESEND_AFTER ago and still unseen)."""
    with db.transaction() as session:
        rows = {p.consumer: p for p in session.execute(
            select(FreezeProbe).where(FreezeProbe.day == day)).scalars()}
        waiting = [c for c in consumers if c not in rows or rows[c].seen_at is None]
        if not waiting:
            return True
        first = min((p.sent_at for p in rows.values()), default=now)
        if now - first > WAIT_LIMIT:
            log.warning("daily reports of %s: consumer(s) %s not caught up %s after the "
                        "probes were sent; freezing anyway (later events are re-issued)",
                        day, ", ".join(waiting), WAIT_LIMIT)
            return True
        if not rows:  # once a day: the probes of long-frozen days are of no use
            session.execute(delete(FreezeProbe).where(FreezeProbe.day < day - KEEP))
        for consumer in waiting:
            probe = rows.get(consumer)
            if probe is None:
                token = uuid.uuid4().hex
                sent = session.execute(pg_insert(FreezeProbe).values(
                    day=day, consumer=consumer, token=token, sent_at=now, resent_at=now)
                    .on_conflict_do_nothing().returning(FreezeProbe.token)).scalar()
                if sent is None:  # another instance sent it meanwhile
                    continue
            elif now - probe.resent_at >= RESEND_AFTER:
                token = probe.token
                probe.resent_at = now
            else:
                continue
            _send(session, outbox, consumer, day, token)
    return False


def _send(session: Session, outbox: Outbox, consumer: str, day: date, token: str) -> None:
    body = json.dumps({"wangge_freeze_probe": day.isoformat(), "token": token})
    session.execute(insert(outbox.table).values(
        event_id=f"probe-{uuid.uuid4()}", type=TYPE,
        exchange=topology.parking_exchange(outbox.service),
        routing_key=topology.queue_name(outbox.service, consumer), body=body))
    outbox.written(session)


def is_probe(message: Incoming) -> bool:
    return message.body.startswith(PREFIX)


def seen(session: Session, consumer: str, message: Incoming) -> None:
    """Mark the probe seen, in the transaction of the batch that carried it."""
    try:
        # anyone able to write to the queue can shape a body like a probe: the limits of
        # every untrusted body (too deep, NUL) hold here too
        probe = untrusted.loads(message.body)
        day = date.fromisoformat(probe["wangge_freeze_probe"])
        token = str(probe["token"])
    except (ValueError, KeyError, TypeError):
        log.warning("reporting %s: a message shaped like a freeze probe is not one; "
                    "ignored", consumer)
        return
    session.execute(update(FreezeProbe).where(
        FreezeProbe.day == day, FreezeProbe.consumer == consumer,
        FreezeProbe.token == token, FreezeProbe.seen_at.is_(None))
        .values(seen_at=func.now()))
