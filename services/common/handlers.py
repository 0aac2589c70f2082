"""A consumer's handler table, declared once at import: `Handlers`.

`@event_consumer(consumer, TABLE)` binds the queue to `TABLE.types`, and the decorated
method hands its inbox `TABLE.bind(outbox=…, now=…)`: one object, so a consumer never
binds an event it has no handler for nor misses one it has (tests/unit/test_system_topology.py
checks that the method binds the very table its consumer declares). The types are the
names given to `on` when the module is imported; `bind` only supplies what the handlers
need at run time (an outbox, a clock, a batch's stager) and cannot add or drop one.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

Handler = Callable[..., Any]          # (session, env, data), what the inbox calls
Declared = Callable[..., Any]         # (run, session, env, data): `run` holds bind's values


class Handlers:
    """Event type → handler, registered with `@TABLE.on("registry.area_registered", …)` on
    functions taking `(run, session, env, data)`; `wrap` (e.g. a service's `rejecting`, or
    `deferred`) is applied to the bound `(session, env, data)` handler."""

    def __init__(self) -> None:
        self.declared: dict[str, tuple[Declared, tuple[Callable[[Handler], Handler], ...]]] = {}

    def on(self, *types: str, wrap: tuple[Callable[[Handler], Handler], ...] = ()
           ) -> Callable[[Declared], Declared]:
        for type_ in types:
            if "." not in type_:
                raise ValueError(f"handler for {type_!r}: an event type is <source>.<name>")
            if type_ in self.declared:
                raise ValueError(f"{type_} has a handler already")

        def register(fn: Declared) -> Declared:
            for type_ in types:
                self.declared[type_] = (fn, wrap)
            return fn

        return register

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(sorted(self.declared))

    def bind(self, **run: Any) -> dict[str, Handler]:
        """The inbox's table: every declared type, its handler given `run` (attributes
        named as the keywords)."""
        values = SimpleNamespace(**run)
        bound: dict[Declared, Handler] = {}     # one handler per function, as before
        table = {}
        for type_, (fn, wrap) in self.declared.items():
            if fn not in bound:
                handler = _bound(fn, values)
                for wrapper in reversed(wrap):
                    handler = wrapper(handler)
                bound[fn] = handler
            table[type_] = bound[fn]
        return table


def _bound(fn: Declared, run: SimpleNamespace) -> Handler:
    def handle(session, env, data):
        return fn(run, session, env, data)

    handle.__name__ = handle.__qualname__ = getattr(fn, "__name__", "handle")
    return handle
