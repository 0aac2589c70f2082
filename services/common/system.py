"""The whole system's event topology in one place, read from the services' own declarations.

Nothing here is written twice: what a service publishes is its contracts
(services/common/contracts), what each of its queues binds is the handler table of its
`@event_consumer` (services/common/consumer.py), and the queues' retry and dead-letter
companions follow from topology.py. From these, `render()` writes docs/topology.md (`make
contracts`; a unit test keeps the committed file current), and `needs()` says what each
broker user must be allowed to configure, write and read, which a unit test holds
deploy/rabbitmq/definitions.json to.

    python -m services.common.system     # writes docs/topology.md
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path

from services.common import history, topology
from services.common.contracts import CONTRACTS

SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
DOC = Path(__file__).resolve().parents[2] / "docs" / "topology.md"
# the parties outside the services, each a broker user of deploy/rabbitmq: other systems
# publish into integration.events; readers of reporting's notifications bind queues of
# their own (named reader.*, or server-named) to reporting.events
INTEGRATOR = "integrator"
READER = "reader"
INBOUND = "integration"
HISTORY_EXCHANGES = tuple(history.DEFAULTS["HISTORY_EXCHANGES"].split(","))
HISTORY_STREAM = history.DEFAULTS["HISTORY_STREAM"]
# the service whose rebuild reads the history stream (and marks its tail through its own
# history.MARKER_EXCHANGE)
REBUILDS_FROM_HISTORY = "reporting"


def exchange_of(type_: str) -> str:
    return topology.exchange_for(type_.split(".", 1)[0])


@dataclass(frozen=True)
class ConsumerQueue:
    service: str
    consumer: str
    handles: tuple[str, ...]    # event types, `<source>.<name>`

    @property
    def name(self) -> str:
        return topology.queue_name(self.service, self.consumer)

    @property
    def companions(self) -> tuple[str, str]:
        return topology.retry_queue(self.name), topology.dead_queue(self.name)

    @property
    def exchanges(self) -> tuple[str, ...]:
        return tuple(sorted({exchange_of(t) for t in self.handles}))


def service_class(service: str) -> type:
    module = import_module(f"services.{service}.entrypoints.service")
    return next(v for v in vars(module).values()
                if isinstance(v, type) and getattr(v, "name", None) == service
                and v.__module__ == module.__name__)


@cache
def queues(service: str) -> tuple[ConsumerQueue, ...]:
    """The service's consumer queues, each with the event types of its handler table."""
    from services.common.consumer import EventConsumer

    cls = service_class(service)
    found = [ConsumerQueue(service, e.consumer, e.handles)
             for attr in vars(cls).values()
             for e in getattr(attr, "nameko_entrypoints", ())
             if isinstance(e, EventConsumer)]
    return tuple(sorted(found, key=lambda q: q.consumer))


def all_queues() -> tuple[ConsumerQueue, ...]:
    return tuple(q for s in SERVICES for q in queues(s))


def published(source: str) -> tuple[str, ...]:
    """The event types `source` publishes: its contracts."""
    return tuple(sorted(t for t in CONTRACTS if t.split(".", 1)[0] == source))


def exchanges() -> tuple[str, ...]:
    return tuple(topology.exchange_for(s) for s in (*SERVICES, INBOUND))


def own_names(service: str) -> set[str]:
    """What a service declares for itself: its exchange, its parking exchange, its queues."""
    names = {topology.exchange_for(service), topology.parking_exchange(service)}
    for q in queues(service):
        names.update((q.name, *q.companions))
    if service == REBUILDS_FROM_HISTORY:
        names.add(history.MARKER_EXCHANGE)
    return names


def all_names() -> set[str]:
    """Every exchange and queue of the system, and the default exchange."""
    names = {"amq.default", HISTORY_STREAM, *exchanges()}
    for service in SERVICES:
        names |= own_names(service)
    return names


def needs(user: str) -> dict[str, set[str]]:
    """What a broker user must be allowed to configure, write and read, among all_names().

    A service declares (configure) its own exchanges and queues, publishes into its
    exchanges and binds its queues (write), consumes its queues (read). Binding a queue
    also needs read on the exchange: its consumers' exchanges. Every service's relay
    declares the history stream and binds it to the history exchanges (history.py), and
    the rebuilding service reads it. Consumed exchanges of other services are declared
    passively, which needs no permission (topology.py)."""
    if user == INTEGRATOR:
        return {"configure": set(), "write": {topology.exchange_for(INBOUND)}, "read": set()}
    if user == READER:
        return {"configure": set(), "write": set(),
                "read": {topology.exchange_for("reporting")}}
    own = own_names(user)
    consumed = {e for q in queues(user) for e in q.exchanges}
    read = own | consumed | set(HISTORY_EXCHANGES)
    if user == REBUILDS_FROM_HISTORY:
        read.add(HISTORY_STREAM)
    return {"configure": own | set(HISTORY_EXCHANGES) | {HISTORY_STREAM},
            "write": own | {HISTORY_STREAM}, "read": read}


def consumers_of(type_: str) -> list[str]:
    return [q.name for q in all_queues() if type_ in q.handles]


def _names(types) -> str:
    return ", ".join(t.split(".", 1)[1] for t in types) or "—"


def _grants(user: str, names: set[str]) -> str:
    own = [n for n in names if n.startswith(f"{user}.")]
    return ", ".join(([f"`{user}.*` ({len(own)})"] if own else [])
                     + [f"`{n}`" for n in sorted(names - set(own))]) or "—"


def render() -> str:
    out = ["# Event topology", "",
           "Generated by `make contracts` (`python -m services.common.system`) from the "
           "services' own declarations: do not edit. What a service publishes is its "
           "contracts (services/common/contracts); what a queue binds is the handler table "
           "of its `@event_consumer` (services/common/consumer.py); the retry and "
           "dead-letter queues and the parking exchange are explained in "
           "services/common/topology.py and docs/architecture.md, events. "
           "deploy/rabbitmq/definitions.json grants each broker user what this topology "
           "needs (tests/unit/test_system_topology.py).", "",
           "## Exchanges", "",
           "Every exchange is a durable topic exchange; an event's routing key is its name.",
           "", "| exchange | published by | events |", "|---|---|---|"]
    for source in (*SERVICES, INBOUND):
        by = f"`{INTEGRATOR}` (other systems)" if source == INBOUND else f"`{source}`"
        out.append(f"| `{topology.exchange_for(source)}` | {by} | "
                   f"{_names(published(source))} |")
    out += ["", "## Consumer queues", "",
            "Each queue `Q` has `Q.retry` (a failed message waits there for the retry "
            "delay) and `Q.dead` (what failed every attempt), reached through its "
            "service's `<service>.parking` exchange.", "",
            "| queue | service | binds | retry / dead letters |", "|---|---|---|---|"]
    for q in all_queues():
        binds = "<br>".join(
            f"`{ex}`: {_names(t for t in q.handles if exchange_of(t) == ex)}"
            for ex in q.exchanges)
        retry, dead = q.companions
        out.append(f"| `{q.name}` | {q.service} | {binds} | `{retry}`, `{dead}` via "
                   f"`{topology.parking_exchange(q.service)}` |")
    out += ["", "## Who consumes each event", "", "| event | consumer queues |", "|---|---|"]
    for type_ in sorted(CONTRACTS):
        found = consumers_of(type_)
        if found:
            out.append(f"| `{type_}` | {', '.join(f'`{n}`' for n in found)} |")
    unconsumed = [t for t in sorted(CONTRACTS) if not consumers_of(t)]
    out += ["", "Published and consumed by no service (kept in the history stream, or for "
            "readers outside): " + ", ".join(f"`{t}`" for t in unconsumed) + ".", "",
            "## History", "",
            f"The stream `{HISTORY_STREAM}` is bound with `#` to "
            + ", ".join(f"`{e}`" for e in HISTORY_EXCHANGES)
            + f" (services/common/history.py); `{REBUILDS_FROM_HISTORY}` rebuilds its read "
            "models from it.", "",
            "## Broker users", "",
            "What each user of deploy/rabbitmq/definitions.json may configure, write and "
            "read among the names above (the `admin` user excepted); `<service>.*` (n): the "
            "n names of its own above (its exchange, its parking exchange, its queues).", "",
            "| user | configure | write | read |", "|---|---|---|---|"]
    for user in (*SERVICES, INTEGRATOR, READER):
        need = needs(user)
        cells = [_grants(user, need[p]) for p in ("configure", "write", "read")]
        out.append(f"| `{user}` | " + " | ".join(cells) + " |")
    out.append(f"\n`{READER}` also declares, binds and reads queues of its own (`reader.*` "
               "or server-named `amq.gen-*`).")
    return "\n".join(out) + "\n"


def main() -> None:
    import warnings

    # importing the services imports nameko, whose eventlet notice is known (README)
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(DOC.parents[1])}", file=sys.stderr)


if __name__ == "__main__":
    main()
