"""How long the inbox remembers an event id, and what it does with an event older than
that (docs/inbox-retention.md).

The inbox keeps one row per event and consumer; a row is what makes a redelivery a
duplicate. Rows are kept `INBOX_RETENTION_HOURS` (default 720, thirty days; 0 keeps them
for ever) counted from the later of the event's envelope time and its processing, plus
`MARGIN` for the clocks of the instances that prune and consume. An event whose envelope
time is older than the window may have had its row pruned: it can no longer be told from
a redelivery, so it is refused ("too old", kept with the rejected events and answered
with `event_rejected`) rather than risk applying it twice. An event the inbox still
remembers is a duplicate whatever its age.

Why that is enough: a row is deleted only when its event's time is older than
now - window - MARGIN at the prune; any later delivery of that event is then older than
the window on arrival, and refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, tuple_

from services.common import config
from services.common.db import Database
from services.common.messaging_tables import MessagingTables

SETTING = "INBOX_RETENTION_HOURS"
DEFAULT_HOURS = 720.0
# Instances and the database do not share one clock: a row goes this long after the
# window closed on it, so a consumer whose clock is behind the pruner's still refuses
# the events whose rows are gone.
MARGIN = timedelta(hours=1)
PRUNE_CHUNK = 10_000   # rows per transaction: short locks, little vacuum debt at a time
PRUNE_CHUNKS = 10      # per tick, so a first prune of a long-kept inbox is spread out
PRUNE_EVERY = 600      # seconds between ticks of each service's prune timer


@dataclass(frozen=True)
class InboxRetention:
    hours: float = DEFAULT_HOURS

    @classmethod
    def from_env(cls) -> InboxRetention:
        """Read once, when the service's backbone is set up (services/common/backbone.py),
        and checked before it starts (`check_at_start`): read per batch, a bad value
        failed every inbound message, which went to retry and then to `.dead`."""
        raw = config.env(SETTING, str(DEFAULT_HOURS))
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{SETTING}: must be 0 (keep for ever) or a positive number "
                             f"of hours, not {raw!r}")
        return cls(value)

    @property
    def window(self) -> timedelta | None:
        return timedelta(hours=self.hours) if self.hours else None

    def too_old(self, event_time: datetime, now: datetime | None = None) -> bool:
        """Whether an event new to the inbox is past the window: its id may have been
        pruned, so it cannot be told from a redelivery."""
        oldest = self.oldest_accepted(now)
        return oldest is not None and event_time < oldest

    def oldest_accepted(self, now: datetime | None = None) -> datetime | None:
        """The earliest event time accepted now (None: any); once per batch, not per
        event."""
        window = self.window
        return None if window is None else (now or datetime.now(UTC)) - window

    def prune_before(self, now: datetime | None = None) -> datetime | None:
        """Rows whose event time and processing are both earlier than this may go."""
        window = self.window
        return None if window is None else (now or datetime.now(UTC)) - window - MARGIN

    def refusal(self) -> tuple[str, dict[str, list[str]]]:
        """The rejection's reason and errors for an event past the window."""
        why = (f"older than the inbox's {self.hours:g} h window ({SETTING}): its id may "
               "have been pruned, so it cannot be told from a redelivery")
        return f"time: {why}", {"time": [why]}


def check_at_start() -> None:
    """A bad setting stops the service at start, naming the variable
    (docs/inbox-retention.md); every service calls this before it runs."""
    try:
        InboxRetention.from_env()
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


def prune(db: Database, tables: MessagingTables, retention: InboxRetention, *,
          now: datetime | None = None, chunk: int = PRUNE_CHUNK,
          max_chunks: int | None = PRUNE_CHUNKS) -> int:
    """Delete the inbox rows past the window, a chunk per transaction, at most
    `max_chunks` chunks (None: all). → how many were deleted."""
    before = retention.prune_before(now)
    if before is None:
        return 0
    t = tables.inbox
    # the index on processed_at finds the candidates; greatest() ignores a null event
    # time (rows from before the column, rejections of bodies without a time)
    old = select(t.c.consumer, t.c.event_id).where(
        t.c.processed_at < before, func.greatest(t.c.event_time, t.c.processed_at) < before)
    total = chunks = 0
    while max_chunks is None or chunks < max_chunks:
        with db.transaction() as session:
            deleted = session.execute(delete(t).where(
                tuple_(t.c.consumer, t.c.event_id).in_(old.limit(chunk)))).rowcount
        total += deleted
        chunks += 1
        if deleted < chunk:
            break
    return total
