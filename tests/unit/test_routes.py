"""Each HTTP route is written once, in its service's api_routes.ROUTES, with who may call
it and the adapter serving it: the service class's entrypoints are generated from the
table, and the few written by hand are served at the route of their name
(services/common/routes.py `served_by`). These tests hold every service to that: no
route in one place only, no route open by accident, no generated method that cannot
call its adapter."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.common.auth import ACTIONS, INTEGRATE, READ, WRITE
from services.common.guard import Allow, Gate, allow
from services.common.openapi import discover
from services.common.routes import Route, UnroutedEntrypoint, served_by
from services.common.system import SERVICES, service_class
from tests.support.tokens import static_keys, token

TABLES = discover()
# the only routes anyone may call without a token: the probes, and accounts' ways in
# (its key set, signing in, refreshing, signing out, accepting an invitation)
OPEN = {"health", "metrics"}
OPEN_IN = {"accounts": {"jwks", "sign_in", "refresh_session", "revoke_session",
                        "accept_invitation", "request_application_code", "apply_to_unit",
                        "request_password_reset", "confirm_password_reset",
                        "exchange_external_token"}}


def _open(service: str) -> set[str]:
    return OPEN | OPEN_IN.get(service, set())


ROUTES_BY_NAME = {service: {route.name: route for route in routes}
                  for service, routes in TABLES.items()}


@pytest.mark.parametrize("service", SERVICES)
def test_routes_open_to_anyone_are_documented_as_open(service):
    documented = {route.name for route in TABLES[service] if route.open}
    assert documented == _open(service) - OPEN


# routes that check the role only: the use case narrows to the caller's scope itself
# (lists, searches, look-ups by a secret key) or the action is the whole rule (admin);
# every other route names the area or unit its resource lies in
ROLE_ONLY = {
    "registry": {"search_residents", "lookup_resident"},
    "dispatch": {"list_communities", "list_units", "list_volunteers", "import_volunteers",
                 # a volunteer's check-in by code: the use case finds their own shift
                 "checkin_by_code"},
    "visits": {"list_campaigns", "discrepancies", "hazards", "list_requests",
               # a request handler's own (own=), and a questionnaire: no personal data
               "accept_request", "get_questionnaire"},
    "reporting": {"list_areas", "start_rebuild", "rebuild_status"},
    # who may grant what is the use cases' rule (services/accounts/domain/grants.py)
    "accounts": {"me", "change_password", "invite", "list_people", "get_person",
                 "add_grant", "revoke_grant", "lock_person", "unlock_person",
                 "disable_person", "enable_person", "create_service_account",
                 # each application's unit is checked against the caller's grants
                 "decide_applications", "link_external_id"},
}
_PATH_VALUE = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?(\w+)>")


def _served(cls) -> set[tuple[str, str, str]]:
    return {(e.method, e.url, name)
            for name, fn in inspect.getmembers(cls, inspect.isfunction)
            for e in getattr(fn, "nameko_entrypoints", ()) if hasattr(e, "url")}


def _methods(service: str) -> dict[str, object]:
    cls = service_class(service)
    return {route.name: getattr(cls, route.name) for route in TABLES[service]}


def test_every_service_has_a_route_table():
    assert set(TABLES) == set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_each_route_is_served_by_the_method_it_names_and_no_other_is(service):
    routes = TABLES[service]
    assert all(r.name for r in routes), "a route names the method serving it"
    assert _served(service_class(service)) == {(r.method, r.path, r.name) for r in routes}
    assert len({(r.method, r.path) for r in routes}) == len(routes)
    assert all(r.body is None or r.method in ("POST", "PATCH") for r in routes)


# -- access: as strict as when each method said it ------------------------------------------
@pytest.mark.parametrize("service", SERVICES)
def test_every_route_but_health_and_metrics_names_its_action(service):
    for name, method in _methods(service).items():
        access = getattr(method, "access", None)
        if name in _open(service):
            assert access is None, f"{service}.{name} is open to anyone"
            continue
        assert not ROUTES_BY_NAME[service][name].open, \
            f"{service}.{name} is guarded but documented as open"
        assert isinstance(access, Allow), f"{service}.{name} has no @allow / access"
        assert access.actions and set(access.actions) <= ACTIONS


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_names_its_scope_unless_its_use_case_narrows(service):
    role_only = {name for name, method in _methods(service).items()
                 if name not in _open(service)
                 and method.access.area is None and method.access.unit is None}
    assert role_only == ROLE_ONLY[service]


@pytest.mark.parametrize("service", SERVICES)
def test_scopes_are_resolved_by_the_service_own_resolvers(service):
    for name, method in _methods(service).items():
        for resolver in (getattr(method, "access", None) and
                         (method.access.area, method.access.unit)) or ():
            if callable(resolver):
                assert resolver.__module__ == f"services.{service}.entrypoints.scopes", name


@pytest.mark.parametrize("service", SERVICES)
def test_a_generated_method_carries_its_route_access(service):
    methods = _methods(service)
    for route in TABLES[service]:
        if route.serve is not None:
            assert methods[route.name].access == route.access
            assert methods[route.name].serves is route.serve


@pytest.mark.parametrize("service", SERVICES)
def test_each_adapter_takes_the_store_the_request_and_its_route_path_values(service):
    for route in TABLES[service]:
        if route.serve is None:
            continue
        values = {name: "x" for name in _PATH_VALUE.findall(route.path)}
        inspect.signature(route.serve).bind("store", "request", **values)  # TypeError if not
        for resolver in (route.access.area, route.access.unit):
            if callable(resolver):
                inspect.signature(resolver).bind("service", "request", **values)


# -- the guards at import -----------------------------------------------------------------
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


def _adapter(store, request):
    return {}


def test_a_hand_written_route_the_class_does_not_write_fails_at_import():
    route = served_by([Route("GET", "/a", "A", name="a"),
                       Route("GET", "/b", "B", name="b", serve=_adapter, access=Allow(READ))])
    with pytest.raises(UnroutedEntrypoint, match="Probe.a: the route has no `serve`"):
        @route.generated
        class Probe:
            pass


def test_a_generated_route_written_by_hand_too_fails_at_import():
    route = served_by([Route("GET", "/b", "B", name="b", serve=_adapter, access=Allow(READ))])

    def b(self, request):
        return {}

    with pytest.raises(UnroutedEntrypoint, match="generated"):
        route(b)
    with pytest.raises(UnroutedEntrypoint, match="Probe.b is generated"):
        @route.generated
        class Probe:
            def b(self, request):
                return {}


def test_a_served_route_has_its_access_and_only_a_served_one():
    with pytest.raises(ValueError, match="needs its `access`"):
        Route("GET", "/b", "B", name="b", serve=_adapter)
    with pytest.raises(ValueError, match="hand-written one says it with @allow"):
        Route("GET", "/b", "B", name="b", access=Allow(READ))
    with pytest.raises(ValueError, match="unknown action"):
        Allow("delete_everything")
    with pytest.raises(ValueError, match="at least one action"):
        Allow()


def test_allow_and_allow_any_leave_their_rule_on_the_method():
    def place(service, request, code):
        return ()

    def entry(service, request, code):
        return {}

    assert allow(WRITE, area=place)(entry).access == Allow(WRITE, area=place)
    both = Allow(WRITE, INTEGRATE, unit="code")
    assert both.guard()(entry).access == both
    assert both.guard()(entry).access_actions == (WRITE, INTEGRATE)


# -- a generated entrypoint: guarded, then delegating -----------------------------------------
KEY = "routes-test-key"
GRID, OTHER = "4401060101-G01", "4401060101-G02"


def _request(bearer: str | None = None) -> Request:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return Request(EnvironBuilder(path="/things/C", headers=headers).get_environ())


def test_a_generated_entrypoint_checks_access_then_calls_its_adapter_with_the_store():
    calls = []

    def get_thing(store, request, code):
        calls.append((store, code))
        return {"code": code}

    def thing_grid(service, request, code):
        return f"4401/440106/44010601/4401060101/{GRID}"

    route = served_by([Route("GET", "/things/<string:code>", "One thing", name="get_thing",
                             serve=get_thing, access=Allow(READ, area=thing_grid))])

    @route.generated
    class Probe:
        name = "probe"

        def __init__(self):
            self.store = "the store"
            self.access = Gate({"AUTH": "required"}, keys=static_keys(KEY))

    method = Probe.get_thing
    assert method.__name__ == "get_thing" and method.__qualname__.endswith("Probe.get_thing")
    assert [(e.method, e.url) for e in method.nameko_entrypoints] == [
        ("GET", "/things/<string:code>")]
    service = Probe()

    def status(bearer):
        return service.get_thing(_request(bearer), code="C").status_code

    assert status(None) == 401
    assert status(token("report_reader", KEY, area=GRID)) == 403
    assert status(token("grid_worker", KEY, area=OTHER)) == 403
    assert calls == []
    answer = service.get_thing(_request(token("grid_worker", KEY, area=GRID)), code="C")
    assert answer.status_code == 200 and json.loads(answer.get_data()) == {"code": "C"}
    assert calls == [("the store", "C")]


# -- docs/access-control.md: its per-service tables name each route's actions ---------------
DOC = Path(__file__).resolve().parents[2] / "docs" / "access-control.md"
_ACTION_WORD = re.compile(r"\b(" + "|".join(sorted(ACTIONS, key=len, reverse=True)) + r")\b")
_ANY_VALUE = re.compile(r"<[^>]*>")


def _documented(service: str) -> list[tuple[set[tuple[str, str]], set[str]]]:
    """Each row of the service's table: the (method, path) it may mean, and its actions.
    A row abbreviates: `…/sites` after `GET /communities/<code>` is that path's child or
    sibling, a bare `PATCH` the same path with another method."""
    text = DOC.read_text(encoding="utf-8").split(f"### {service} (wired)", 1)[1]
    text = re.split(r"\n##", text, maxsplit=1)[0]
    rows = []
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        endpoints, actions = line.split(" | ")[:2]
        meant: set[tuple[str, str]] = set()
        method = path = ""
        for item in re.findall(r"`([^`]+)`", endpoints):
            words = item.split(" ", 1)
            if words[0].isupper():
                method = words[0]
                item = words[1] if len(words) > 1 else ""
            item = _ANY_VALUE.sub("<>", item.split("?", 1)[0])
            if item.startswith("…"):
                meant |= {(method, path + item[1:]),
                          (method, path.rsplit("/", 1)[0] + item[1:])}
                continue
            path = item or path
            meant.add((method, path))
        rows.append((meant, set(_ACTION_WORD.findall(actions))))
    return rows


@pytest.mark.parametrize("service", SERVICES)
def test_the_access_doc_names_each_route_and_its_actions(service):
    rows = _documented(service)
    guarded = {(r.method, _ANY_VALUE.sub("<>", r.path)): _methods(service)[r.name].access
               for r in TABLES[service] if r.name not in _open(service)}
    for endpoint, access in guarded.items():
        documented = set().union(*(actions for meant, actions in rows if endpoint in meant))
        assert documented, f"{endpoint} has no row in docs/access-control.md ({service})"
        assert set(access.actions) <= documented, (endpoint, access.actions, documented)
    for meant, _ in rows:
        assert meant & set(guarded), f"docs/access-control.md ({service}): no route {meant}"
