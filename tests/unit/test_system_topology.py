"""The system's topology is declared once (services/common/system.py reads it from the
services' contracts and handler tables): docs/topology.md is generated from it, every
consumer binds exactly the events it has handlers for, and the broker users of
deploy/rabbitmq/definitions.json may do exactly what it needs."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from services.common import system, topology
from services.common.consumer import EventConsumer, bindings_for, handled_types
from services.common.contracts import CONTRACTS
from services.common.handlers import Handlers
from services.reporting.adapters import projector

DEFINITIONS = Path(__file__).resolve().parents[2] / "deploy" / "rabbitmq" / "definitions.json"


@pytest.fixture(scope="module")
def definitions() -> dict:
    return json.loads(DEFINITIONS.read_text(encoding="utf-8"))


def test_the_committed_topology_doc_is_current():
    assert system.DOC.exists(), "run `make contracts` and commit docs/topology.md"
    assert system.DOC.read_text(encoding="utf-8") == system.render(), \
        "docs/topology.md is stale: run `make contracts` and commit it"


# -- consumers ---------------------------------------------------------------------------
def _consumers():
    for service in system.SERVICES:
        cls = system.service_class(service)
        for attr in vars(cls).values():
            for entrypoint in getattr(attr, "nameko_entrypoints", ()):
                if isinstance(entrypoint, EventConsumer):
                    yield service, entrypoint


def test_every_service_consumes_something():
    assert {s for s, _ in _consumers()} == set(system.SERVICES)


@pytest.mark.parametrize(("service", "consumer"),
                         [(s, e.consumer) for s, e in _consumers()])
def test_a_consumer_binds_exactly_the_events_it_has_handlers_for(service, consumer):
    entrypoint = next(e for s, e in _consumers() if (s, e.consumer) == (service, consumer))
    assert entrypoint.handles, "a consumer with no handler binds nothing"
    assert sorted(entrypoint.bindings) == sorted(bindings_for(entrypoint.handles))
    for type_ in entrypoint.handles:
        assert type_ in CONTRACTS, f"{service}.{consumer} handles {type_}, which has no contract"
        assert not type_.startswith(f"{service}."), "a service does not consume itself"


def test_a_consumer_cannot_be_given_bindings_of_its_own():
    # the old form, (exchange, routing key) pairs beside the handler table, is refused
    with pytest.raises(ValueError, match="<source>.<name>"):
        EventConsumer("probe", [("integration.events", "park_probe")])


def test_bindings_are_read_from_the_declaration_and_bind_cannot_change_them():
    table = Handlers()

    @table.on("registry.area_registered", "integration.visit_captured")
    def on(run, session, env, data):
        return run.outbox

    assert handled_types(table) == ("integration.visit_captured", "registry.area_registered")
    assert EventConsumer("probe", table).bindings == [
        ("integration.events", "visit_captured"), ("registry.events", "area_registered")]
    bound = table.bind(outbox="the outbox")
    assert sorted(bound) == list(table.types)
    assert bound["registry.area_registered"](None, None, {}) == "the outbox"
    with pytest.raises(ValueError, match="has a handler already"):
        table.on("registry.area_registered")
    with pytest.raises(ValueError, match="<source>.<name>"):
        table.on("area_registered")


def _tables_reached(fn, depth: int = 3) -> set[int]:
    """The `Handlers` declarations a function names, or the functions it calls (a few
    levels down) name: the tables it can bind."""
    found: set[int] = set()
    seen: set[int] = set()

    def visit(code, scope: dict, level: int) -> None:
        if id(code) in seen:
            return
        seen.add(id(code))
        for name in code.co_names:
            value = scope.get(name)
            if isinstance(value, Handlers):
                found.add(id(value))
            elif inspect.isfunction(value) and level < depth \
                    and value.__module__.startswith("services."):
                visit(value.__code__, value.__globals__, level + 1)
        for const in code.co_consts:
            if inspect.iscode(const):
                visit(const, scope, level)

    visit(fn.__code__, fn.__globals__, 0)
    return found


@pytest.mark.parametrize(("service", "consumer"),
                         [(s, e.consumer) for s, e in _consumers()])
def test_a_consumer_hands_its_inbox_the_table_it_declares(service, consumer):
    """`@event_consumer(name, TABLE)` reads its bindings from TABLE; the method must bind
    that same declaration for its inbox, and no other."""
    entrypoint = next(e for s, e in _consumers() if (s, e.consumer) == (service, consumer))
    method = next(attr for attr in vars(system.service_class(service)).values()
                  if entrypoint in getattr(attr, "nameko_entrypoints", ()))
    reached = _tables_reached(method)
    if isinstance(entrypoint.table, Handlers):
        assert reached == {id(entrypoint.table)}, \
            f"{service}.{consumer} binds another handler table than the one it declares"
    else:                           # reporting's projector: the types it registers
        assert not reached


def test_reporting_binds_every_event_its_projector_registers_and_nothing_else():
    bound = {t for q in system.queues("reporting") for t in q.handles}
    assert bound == set(projector.HANDLERS) == projector.HANDLED
    for type_, method in projector.HANDLERS.items():
        assert callable(method) and type_ in CONTRACTS


def test_a_projector_handler_registered_twice_is_refused():
    with pytest.raises(ValueError, match="two handlers"):
        projector.handles("visits.visit_recorded")(lambda self, data, at: None)


# -- the broker's definitions ------------------------------------------------------------
def test_the_definitions_declare_every_exchange_and_the_history_stream(definitions):
    assert {e["name"] for e in definitions["exchanges"]} == set(system.exchanges())
    assert all(e["type"] == "topic" and e["durable"] for e in definitions["exchanges"])
    assert [q["name"] for q in definitions["queues"]] == [system.HISTORY_STREAM]
    assert {(b["source"], b["destination"], b["routing_key"])
            for b in definitions["bindings"]} == {
        (e, system.HISTORY_STREAM, "#") for e in system.HISTORY_EXCHANGES}


def test_the_history_keeps_every_service_exchange_that_carries_retained_events():
    """A rebuild sees only what the stream kept: a service whose contracts include a
    retained event (a fact, not a notification) must have its exchange bound, or a
    read model fed by it comes back empty (accounts.events was missing: reporting's
    application counts were lost on a rebuild). reporting.events holds notifications
    only, so it stays unbound."""
    retained = {topology.exchange_for(s) for s in system.SERVICES
                if any(CONTRACTS[t].retained for t in system.published(s))}
    assert set(system.HISTORY_EXCHANGES) == retained
    assert topology.exchange_for("accounts") in retained
    assert topology.exchange_for("reporting") not in retained


def _granted(pattern: str, names: set[str]) -> set[str]:
    return {n for n in names if re.search(pattern, n)}


@pytest.mark.parametrize("user", [*system.SERVICES, system.INTEGRATOR, system.READER])
def test_each_broker_user_may_do_exactly_what_the_topology_needs(definitions, user):
    permission = next(p for p in definitions["permissions"] if p["user"] == user)
    names = system.all_names()
    for kind, needed in system.needs(user).items():
        granted = _granted(permission[kind], names)
        assert granted == needed, (
            f"{user} may {kind} {sorted(granted - needed) or 'nothing more'} beyond what the "
            f"topology needs, and not {sorted(needed - granted) or 'nothing less'}")


def test_no_service_may_write_to_the_default_exchange_or_into_another_services_names(
        definitions):
    names = system.all_names()
    for service in system.SERVICES:
        permission = next(p for p in definitions["permissions"] if p["user"] == service)
        written = _granted(permission["write"], names)
        assert "amq.default" not in written
        assert all(topology.service_of(n) == service or n == system.HISTORY_STREAM
                   for n in written)


def test_every_user_of_the_definitions_is_a_party_of_the_topology(definitions):
    users = {u["name"] for u in definitions["users"]}
    admins = {u["name"] for u in definitions["users"] if "administrator" in u["tags"]}
    assert users - admins == {*system.SERVICES, system.INTEGRATOR, system.READER}
