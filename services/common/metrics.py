"""Prometheus metrics of the event backbone, served at GET /metrics by every service.

Counters live in the process and are labelled by service, so several services running in
one process (tests, `make run`) each report only their own series. Outbox lag is read from
the database at scrape time, because the outbox is shared by every instance of a service:
any instance reports the same lag, and it stays right across restarts.

No prometheus_client: what is needed here is counters, one histogram and the text
exposition format (a hundred lines), and the client's process-global registry would mix
the series of services that share a process.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from werkzeug.wrappers import Response

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Handler time per message, from a few ms (an upsert) to seconds (a slow database).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                   10.0)

Labels = tuple[tuple[str, str], ...]


def _labels(labels: dict[str, str]) -> Labels:
    return tuple(sorted((k, str(v)) for k, v in labels.items()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _format_labels(labels: Iterable[tuple[str, str]]) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    return f"{{{inner}}}" if inner else ""


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


@dataclass
class Counter:
    name: str
    help: str
    _values: dict[Labels, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inc(self, amount: float = 1, **labels: str) -> None:
        key = _labels(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(_labels(labels), 0)

    def render(self, service: str) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        with self._lock:
            items = sorted(self._values.items())
        lines += [f"{self.name}{_format_labels(k)} {_number(v)}"
                  for k, v in items if dict(k).get("service") == service]
        return lines


@dataclass
class Histogram:
    name: str
    help: str
    buckets: tuple[float, ...] = LATENCY_BUCKETS
    # labels → (count per bucket, not cumulative; sum; count)
    _values: dict[Labels, list] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, seconds: float, **labels: str) -> None:
        key = _labels(labels)
        with self._lock:
            entry = self._values.setdefault(key, [[0] * len(self.buckets), 0.0, 0])
            for i, bound in enumerate(self.buckets):
                if seconds <= bound:
                    entry[0][i] += 1
                    break
            entry[1] += seconds
            entry[2] += 1

    def count(self, **labels: str) -> int:
        entry = self._values.get(_labels(labels))
        return entry[2] if entry else 0

    def render(self, service: str) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with self._lock:
            items = sorted((k, (list(v[0]), v[1], v[2])) for k, v in self._values.items())
        for key, (per_bucket, total, count) in items:
            if dict(key).get("service") != service:
                continue
            running = 0
            for bound, n in zip(self.buckets, per_bucket, strict=True):
                running += n
                lines.append(f"{self.name}_bucket"
                             f"{_format_labels((*key, ('le', _number(bound))))} {running}")
            lines.append(f"{self.name}_bucket{_format_labels((*key, ('le', '+Inf')))} {count}")
            lines.append(f"{self.name}_sum{_format_labels(key)} {_number(total)}")
            lines.append(f"{self.name}_count{_format_labels(key)} {count}")
        return lines


EVENTS = Counter("wangge_events_total",
                 "Inbound events by outcome: handled, duplicate (skipped), rejected, failed "
                 "(handler raised; retried or dead-lettered).")
PARKED = Counter("wangge_events_parked_total",
                 "Failed messages moved to the retry queue (to=retry) or, after the last "
                 "attempt, to the dead-letter queue (to=dead).")
# A batch's hooks (services/common/inbox.py BatchHooks) do most of a batch-mode consumer's
# work, once per batch: each message takes its share, so the sum is the time spent.
HANDLER_SECONDS = Histogram("wangge_handler_seconds",
                            "Time to handle one inbound message inside its batch transaction, "
                            "with its share of the batch's once-per-batch work.")


# -- hooks called by the backbone (inbox.py, consumer.py) -------------------------------------
def record_batch(service: str, consumer: str, outcomes: list[str],
                 durations: list[float]) -> None:
    """Count a committed batch: outcome names are handled/duplicate/rejected/failed."""
    for outcome in outcomes:
        EVENTS.inc(service=service, consumer=consumer, outcome=outcome)
    for seconds in durations:
        HANDLER_SECONDS.observe(seconds, service=service, consumer=consumer)


def record_parked(service: str, queue: str, *, dead: bool) -> None:
    PARKED.inc(service=service, queue=queue, to="dead" if dead else "retry")


# -- rendering ----------------------------------------------------------------------------
def _gauge(name: str, help_: str, service: str, value: float) -> list[str]:
    return [f"# HELP {name} {help_}", f"# TYPE {name} gauge",
            f"{name}{_format_labels((('service', service),))} {_number(value)}"]


def _relay_counter(name: str, help_: str, service: str, value: int) -> list[str]:
    return [f"# HELP {name} {help_}", f"# TYPE {name} counter",
            f"{name}{_format_labels((('service', service),))} {value}"]


def render(backbone) -> str:
    """The service's metrics in the Prometheus text format (version 0.0.4)."""
    service = backbone.service
    lines = EVENTS.render(service) + PARKED.render(service) + HANDLER_SECONDS.render(service)
    relay = backbone.relay
    lines += _relay_counter("wangge_outbox_published_total",
                            "Outbox events this instance published (confirmed by the broker).",
                            service, relay.published)
    lines += _relay_counter("wangge_outbox_unrouted_total",
                            "Outbox events this instance published that no queue was bound "
                            "for (kept with routed=false).", service, relay.unrouted)
    try:
        pending, oldest = relay.lag()
        up = 1
    except Exception:  # noqa: BLE001 - the database is away: say so, keep the counters
        pending, oldest, up = 0, 0.0, 0
    lines += _gauge("wangge_database_up", "1 when the outbox lag could be read.", service, up)
    if up:
        lines += _gauge("wangge_outbox_pending", "Outbox rows not yet published.",
                        service, pending)
        lines += _gauge("wangge_outbox_oldest_pending_seconds",
                        "Age of the oldest unpublished outbox row (0 when none).",
                        service, oldest)
    return "\n".join(lines) + "\n"


def metrics_response(backbone) -> Response:
    return Response(render(backbone), status=200, content_type=CONTENT_TYPE)
