"""A service's HTTP route table: method, path, input schemas and answers, who may call it
and the function serving it. Each service keeps one (`api_routes.py`); the OpenAPI
document is generated from it (docs/architecture.md rule 5) and so are the service
class's entrypoints, so a route is written once:

    Route("POST", "/units", "Register a unit", schemas.UnitCreate, statuses=(201, 400),
          answer=answers.Unit, name="create_unit",
          serve=api_people.create_unit, access=Allow(ADMIN, area=scopes.body_unit_area))

`serve` is an adapter called as `serve(service.store, request, **path_values)`; `access`
is what `@allow`/`@allow_any` would say (services/common/guard.py). `@route.generated`
on the service class adds, for each route with a `serve`, the method `name` guarded by
`access` under `json_api` and served at the route (nameko finds entrypoints among the
class's attributes when its container starts). A route that does more than delegate
(/health, /metrics, one needing another dependency than the store) has no `serve`: the
class writes that method by hand under `@route`, with its own decorators."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from marshmallow import Schema

from services.common.answers import Health
from services.common.guard import Allow


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    summary: str
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    statuses: tuple[int, ...] = (200,)
    # what a success answers (its JSON Schema is published; schemathesis checks answers
    # against it); None: an object, unspecified
    answer: type[Schema] | None = None
    # other media types a success may answer in (a report as CSV or XLSX), besides JSON
    also: tuple[str, ...] = ()
    # the service class's method serving it
    name: str = field(default="", kw_only=True)
    # the adapter its generated method delegates to; None: the method is hand-written
    serve: Callable | None = field(default=None, kw_only=True)
    # who may call it; only with `serve` (a hand-written method carries its own @allow)
    access: Allow | None = field(default=None, kw_only=True)
    # answers without a token (the probes, accounts' ways in): its OpenAPI operation says
    # so, even where it answers 401 (a wrong password); tests/unit/test_routes.py holds
    # it to the method carrying no access rule
    open: bool = field(default=False, kw_only=True)
    # what the summary has no room for (OpenAPI `description`, Markdown), and request
    # headers or cookies it reads, as OpenAPI parameter objects (accounts' browser
    # sessions: X-Session-Transport, X-CSRF-Token, the wg_refresh cookie)
    description: str = field(default="", kw_only=True)
    parameters: tuple[dict, ...] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        if self.serve is not None and self.access is None:
            # every generated entrypoint is guarded: an open route is hand-written, visibly
            raise ValueError(f"{self.name}: a route with `serve` needs its `access`")
        if self.serve is None and self.access is not None:
            raise ValueError(f"{self.name}: `access` guards a generated method only; "
                             "a hand-written one says it with @allow")


def probes(health: str = "Database and broker reachable (503 when not)",
           answer: type[Schema] = Health) -> tuple[Route, Route]:
    """/health and /metrics, the routes every service serves open (no token: container
    healthchecks and Prometheus call them) with methods written by hand."""
    return (Route("GET", "/health", health, statuses=(200, 503), answer=answer,
                  name="health"),
            Route("GET", "/metrics", "Prometheus metrics of the event backbone (text format)",
                  name="metrics"))


class UnroutedEntrypoint(LookupError):
    pass


class Served:
    """`served_by(ROUTES)`: `@route` on a hand-written method serves it at the route of
    its name; `@route.generated` on the class adds the methods of the routes with a
    `serve`. A method with no route, a hand-written method for a route that has a
    `serve`, and a route without `serve` that the class does not write all fail at
    import; tests/unit/test_routes.py checks the same of every service."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.by_name: dict[str, Route] = {}
        for route in routes:
            if route.name in self.by_name:
                raise ValueError(f"{route.name} serves two routes")
            self.by_name[route.name] = route

    def __call__(self, fn: Callable) -> Callable:
        # imported here: the route tables, and the OpenAPI generator reading them, need
        # neither nameko nor the web stack
        from services.common.http import http

        route = self.by_name.get(fn.__name__)
        if route is None:
            raise UnroutedEntrypoint(f"{fn.__name__} has no route in its service's ROUTES")
        if route.serve is not None:
            raise UnroutedEntrypoint(f"{fn.__name__}: its route has a `serve`, so the "
                                     "method is generated; drop one of them")
        return http(route.method, route.path)(fn)

    def generated(self, cls: type) -> type:
        from services.common.http import http
        from services.common.web import json_api

        for name, route in self.by_name.items():
            # written by the class or a base it derives from (service_base.BackboneService)
            written = any(name in k.__dict__ for k in cls.__mro__ if k is not object)
            if route.serve is None:
                if not written:
                    raise UnroutedEntrypoint(f"{cls.__name__}.{name}: the route has no "
                                             "`serve` and the class does not write it")
                continue
            if written:
                raise UnroutedEntrypoint(f"{cls.__name__}.{name} is generated from its "
                                         "route's `serve`; drop one of them")
            delegate = _delegate(route.serve, name)
            delegate.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, http(route.method, route.path)(
                json_api(route.access.guard()(delegate))))
        return cls


def _delegate(serve: Callable, name: str) -> Callable:
    def entrypoint(self, request, **path_values):
        return serve(self.store, request, **path_values)

    entrypoint.__name__ = name
    entrypoint.__doc__ = f"Serves its route by {getattr(serve, '__qualname__', serve)!r}."
    entrypoint.serves = serve
    return entrypoint


def served_by(routes: Iterable[Route]) -> Served:
    """The decorator serving a service's methods over HTTP at the routes of their names
    (nameko's `@http` with the route's method and path), and generating the rest."""
    return Served(routes)
