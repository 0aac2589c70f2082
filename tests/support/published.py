"""What a service published on its <service>.events exchange, as the integration tests read
it: one helper per exchange (`DISPATCH.of_type`, `VISITS.settle`) instead of a copy in each
group's support module that differs only by the service's name."""

from __future__ import annotations

from collections import Counter

from tests.support.amqp import wait_until


def kinds(messages: list[dict]) -> Counter:
    """Event name (the type without its service) → how many."""
    return Counter(m["type"].split(".", 1)[1] for m in messages)


def count_at_least(**wanted):
    """A wait_for predicate: at least these many events of each name."""
    return lambda ms: all(kinds(ms)[name] >= n for name, n in wanted.items())


class Published:
    def __init__(self, service: str) -> None:
        self.service = service
        self.exchange = f"{service}.events"

    def of_type(self, messages: list[dict], name: str) -> list[dict]:
        return [m for m in messages if m["type"] == f"{self.service}.{name}"]

    def settle(self, outside, sql, seen: list[dict]) -> list[dict]:
        """Wait until the service published everything it committed (`sql` reads its
        database), then collect the rest: for exact counts (nothing published twice)."""
        wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
                   what=f"{self.service} outbox drained")
        seen.extend(outside.collect(self.exchange))
        return seen


DISPATCH = Published("dispatch")
VISITS = Published("visits")
