"""Each HTTP route is written once, in its service's api_routes.ROUTES: the service's
methods are served at the route of their name (services/common/routes.py `served_by`).
So no route can exist in the service class only, and these tests catch one in the table
that no method serves."""

from __future__ import annotations

import inspect

import pytest

from services.common.openapi import discover
from services.common.routes import Route, UnroutedEntrypoint, served_by
from services.common.system import SERVICES, service_class

TABLES = discover()


def _served(cls) -> set[tuple[str, str, str]]:
    return {(e.method, e.url, name)
            for name, fn in inspect.getmembers(cls, inspect.isfunction)
            for e in getattr(fn, "nameko_entrypoints", ()) if hasattr(e, "url")}


def test_every_service_has_a_route_table():
    assert set(TABLES) == set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_each_route_is_served_by_the_method_it_names_and_no_other_is(service):
    routes = TABLES[service]
    assert all(r.name for r in routes), "a route names the method serving it"
    assert _served(service_class(service)) == {(r.method, r.path, r.name) for r in routes}
    assert len({(r.method, r.path) for r in routes}) == len(routes)
    assert all(r.body is None or r.method in ("POST", "PATCH") for r in routes)


def test_a_method_without_a_route_fails_at_import():
    route = served_by([Route("GET", "/things", "Things", name="list_things")])

    def list_things(self, request):
        return {}

    def list_other_things(self, request):
        return {}

    assert route(list_things) is list_things
    assert [(e.method, e.url) for e in list_things.nameko_entrypoints] == [("GET", "/things")]
    with pytest.raises(UnroutedEntrypoint, match="list_other_things"):
        route(list_other_things)


def test_a_table_naming_one_method_twice_is_refused():
    with pytest.raises(ValueError, match="serves two routes"):
        served_by([Route("GET", "/a", "A", name="one"), Route("GET", "/b", "B", name="one")])


def test_a_route_no_method_serves_is_seen():
    class Service:
        name = "probe"
        route = served_by([Route("GET", "/a", "A", name="a"), Route("GET", "/b", "B", name="b")])

        @route
        def a(self, request):
            return {}

    assert _served(Service) == {("GET", "/a", "a")}
    assert _served(Service) != {("GET", "/a", "a"), ("GET", "/b", "b")}
