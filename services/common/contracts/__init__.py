"""Every event payload schema, in one place, used by producers and consumers alike.

`CONTRACTS` maps the full event type (``registry.resident_moved``) to its contract.
Producers validate what they emit with `dump_payload`; consumers validate what they
receive with `load_payload`. The AsyncAPI document is generated from the same map.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from marshmallow import EXCLUDE, Schema

from services.common.contracts import (
    accounts,
    common,
    dispatch,
    integration,
    registry,
    reporting,
    visits,
)
from services.common.fastdump import compile_dumper


@dataclass(frozen=True)
class Contract:
    type: str
    schema: type[Schema]
    description: str
    # False for a notification derived from state its producer keeps and serves: nobody
    # subscribed means nobody was told, not that anything was lost, so its outbox row is
    # pruned even when unrouted (docs/reporting.md, "Subscriptions")
    retained: bool = True

    @property
    def exchange(self) -> str:
        return f"{self.type.split('.', 1)[0]}.events"

    @property
    def routing_key(self) -> str:
        return self.type.split(".", 1)[1]


CONTRACTS: dict[str, Contract] = {}


def _register(prefix: str, module) -> None:
    notifications = getattr(module, "NOTIFICATIONS", frozenset())
    for name, (schema, description) in module.EVENTS.items():
        full = f"{prefix}.{name}"
        CONTRACTS[full] = Contract(full, schema, description,
                                   retained=name not in notifications)


_register("integration", integration)
_register("registry", registry)
_register("dispatch", dispatch)
_register("visits", visits)
_register("reporting", reporting)
_register("accounts", accounts)
for _service in ("registry", "dispatch", "visits", "reporting", "accounts"):
    for _name, (_schema, _description) in common.PER_SERVICE_EVENTS.items():
        CONTRACTS[f"{_service}.{_name}"] = Contract(
            f"{_service}.{_name}", _schema, _description,
            retained=_name not in common.NOTIFICATIONS)


class UnknownEventType(KeyError):
    pass


def contract(type_: str) -> Contract:
    try:
        return CONTRACTS[type_]
    except KeyError:
        raise UnknownEventType(type_) from None


@cache
def _loader(type_: str) -> Schema:
    # marshmallow schemas keep no per-call state: one instance per type serves every call,
    # and building one per event costs more than the dump itself on a large fan-out.
    return contract(type_).schema(unknown=EXCLUDE)


@cache
def _dumper(type_: str) -> Schema:
    return contract(type_).schema()


def load_payload(type_: str, data: dict) -> dict:
    """Validate an incoming payload; raises ValidationError naming the field.

    Unknown fields are ignored, not refused: payload changes are additive (docs/architecture.md), so
    a producer that adds a field must not get every event rejected by older consumers.
    """
    return _loader(type_).load(data)


@cache
def _dump_checker(type_: str):
    # fastload builds on this module, hence the late import. The checker is compiled from
    # the dumper itself (unknown=RAISE), so it refuses exactly what `validate` would.
    from services.common.fastload import compile_schema

    return compile_schema(_dumper(type_))


@cache
def _fast_dump(type_: str):
    # the compiled `schema.dump`; None for a schema it leaves to marshmallow
    return compile_dumper(_dumper(type_))


def dump_payload(type_: str, data: dict) -> dict:
    """Validate then serialise an outgoing payload, so producers cannot drift from the contract."""
    schema = _dumper(type_)
    fast = _fast_dump(type_)
    # the compiled dump returns exactly what schema.dump does, or None for input it leaves
    # to marshmallow (which then dumps it, or raises, its own way)
    dumped = fast(data) if fast is not None else None
    if dumped is None:
        dumped = schema.dump(data)
    # the compiled checker accepts only what marshmallow accepts, at a tenth of the cost;
    # anything it is unsure of goes to `validate`, which names the broken field
    checker = _dump_checker(type_)
    if checker is not None and checker(dumped) is not None:
        return dumped
    errors = schema.validate(dumped)
    if errors:
        raise ValueError(f"{type_} payload breaks its contract: {errors}")
    return dumped
