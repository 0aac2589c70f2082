"""What a service's inbox decided about an event, read from its database."""

from __future__ import annotations

from tests.support.amqp import wait_until


def inbox_outcome(sql, event_id: str, timeout: float = 15.0) -> str:
    """The outcome of the inbox row for `event_id` (applied, rejected, …), once it exists:
    the row commits with the event's effect."""
    rows = wait_until(lambda: sql("select outcome from inbox where event_id = :i", i=event_id),
                      timeout=timeout, what=f"inbox row for {event_id}")
    return rows[0]["outcome"]
