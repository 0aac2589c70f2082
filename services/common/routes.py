"""A service's HTTP route table: method, path, input schemas and answers, and the
entrypoint serving each route. Each service keeps one (`api_routes.py`); its entrypoints
are served at their routes by `served_by(ROUTES)` and the OpenAPI document is generated
from it (docs/architecture.md rule 5), so a route is written once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from marshmallow import Schema


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


class UnroutedEntrypoint(LookupError):
    pass


def served_by(routes: Iterable[Route]) -> Callable[[Callable], Callable]:
    """The decorator serving a service method over HTTP at the route named after it (nameko's
    `@http` with the route's method and path). A method with no route in the table fails at
    import; a route no method serves is caught by tests/unit/test_routes.py."""
    by_name: dict[str, Route] = {}
    for route in routes:
        if route.name in by_name:
            raise ValueError(f"{route.name} serves two routes")
        by_name[route.name] = route

    def serve(fn: Callable) -> Callable:
        # imported here: the route tables, and the OpenAPI generator reading them, need
        # neither nameko nor the web stack
        from services.common.http import http

        route = by_name.get(fn.__name__)
        if route is None:
            raise UnroutedEntrypoint(f"{fn.__name__} has no route in its service's ROUTES")
        return http(route.method, route.path)(fn)

    return serve
