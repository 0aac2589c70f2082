"""services/common/guard.py, reveal.py, audit.py and area_paths.py without servers: the
AUTH switch, @allow's checks in order, reveal parameters and the SQL of subtree filters."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError
from sqlalchemy import Column, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.common import area_paths, audit, auth, guard, reveal
from services.common.auth import READ, READ_SENSITIVE, WRITE, AuthError, Forbidden
from services.common.errors import NotFound
from services.common.guard import UNSCOPED, Gate, allow, who
from tests.support.tokens import static_keys, token, token_id

KEY = "unit-test-key"
G1 = "4401/440106/44010601/4401060101/4401060101-G01"
G2 = "4401/440106/44010601/4401060101/4401060101-G02"


def request(bearer: str | None = None, query: str = "", headers: dict | None = None):
    headers = dict(headers or {})
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return Request(EnvironBuilder(path="/x", query_string=query, headers=headers).get_environ())


class Service:
    """What @allow needs of a nameko service: an `access` Gate."""

    def __init__(self, mode: str = "required") -> None:
        self.access = Gate({"AUTH": mode}, keys=static_keys(KEY))
        self.resolved: list[str] = []

    def place(self, path):
        def resolve(service, req, code):
            service.resolved.append(code)
            return path
        return resolve

    def call(self, action, req, code="C", **scope):
        @allow(action, **scope)
        def entry(service, request, code):
            return who(request)

        return entry(self, req, code=code)


# -- the switch -------------------------------------------------------------------------
def test_auth_is_required_unless_turned_off(monkeypatch):
    monkeypatch.delenv("WANGGE_AUTH", raising=False)
    assert guard.auth_mode({}) == "required"
    assert guard.auth_mode({"AUTH": "off"}) == "off"
    monkeypatch.setenv("WANGGE_AUTH", "OFF")
    assert guard.auth_mode({}) == "off"
    assert guard.auth_mode({"AUTH": "required"}) == "required"  # config wins over env
    with pytest.raises(ValueError, match="AUTH: must be 'required' or 'off'"):
        guard.auth_mode({"AUTH": "maybe"})


def test_off_is_the_local_principal_and_skips_scope_lookups():
    service = Service("off")
    found = service.call(WRITE, request(), area=service.place(G1))
    assert found is auth.LOCAL and found.everywhere
    assert service.resolved == []
    assert found.may(READ_SENSITIVE) and found.covers_area(()) and found.covers_unit("any")


def test_local_principal_cannot_be_carried_by_a_token():
    with pytest.raises(ValueError, match="role"):
        auth.Grant("local", area="4401")
    with pytest.raises(AuthError, match="malformed grant"):
        auth.principal_from_claims({"sub": "x", "grants": [{"role": "local"}]})


# -- authentication: 401 ------------------------------------------------------------------
def test_missing_bad_and_foreign_tokens_are_401():
    service = Service()
    with pytest.raises(AuthError, match="missing"):
        service.call(READ, request())
    with pytest.raises(AuthError, match="malformed"):
        service.call(READ, request("not-a-token"))
    forged = token("city_admin", "another key", area="4401", kid_of=KEY)
    with pytest.raises(AuthError, match="signature"):
        service.call(READ, request(forged))
    foreign = token("city_admin", "another key", area="4401")
    with pytest.raises(AuthError, match="does not publish"):
        service.call(READ, request(foreign))
    expired = token("city_admin", KEY, area="4401", ttl_s=1, now=1000)
    with pytest.raises(AuthError, match="expired"):
        service.call(READ, request(expired))


def test_revoked_token_is_401_without_restart(monkeypatch):
    service = Service()
    issued = token("city_admin", KEY, area="4401")
    assert service.call(READ, request(issued)).role == "city_admin"
    jti = token_id(issued)
    monkeypatch.setenv("AUTH_REVOKED", f"other,{jti}")
    with pytest.raises(AuthError, match="revoked"):
        service.call(READ, request(issued))


# -- authorisation: 403 -------------------------------------------------------------------
def test_role_is_checked_before_any_lookup():
    service = Service()
    with pytest.raises(Forbidden, match="grid_worker may not write"):
        service.call(WRITE, request(token("grid_worker", KEY, area="4401060101-G01")),
                     area=service.place(G1))
    assert service.resolved == []


def test_area_scope_covers_the_subtree_only():
    service = Service()
    worker = request(token("grid_worker", KEY, area="4401060101-G01"))
    assert service.call(READ, worker, area=service.place(G1)).areas() == ("4401060101-G01",)
    with pytest.raises(Forbidden, match="scope"):
        service.call(READ, worker, area=service.place(G2))
    with pytest.raises(Forbidden, match="scope"):  # the community above the grid
        service.call(READ, worker, area=service.place(G1.rsplit("/", 1)[0]))
    admin = request(token("community_admin", KEY, area="4401060101"))
    assert service.call(WRITE, admin, area=service.place(G2.split("/"))).role == \
        "community_admin"


def test_a_resource_in_no_area_is_in_nobodys_scope_but_unscoped_needs_only_the_role():
    service = Service()
    city = request(token("city_admin", KEY, area="4401"))
    with pytest.raises(Forbidden):
        service.call(READ, city, area=service.place(None))
    assert service.call(READ, city, area=service.place(UNSCOPED)).role == "city_admin"


def test_unit_scope_by_path_value_or_resolver():
    service = Service()
    coordinator = request(token("unit_coordinator", KEY, unit="U1"))
    assert service.call(READ, coordinator, code="U1", unit="code").units() == ("U1",)
    with pytest.raises(Forbidden):
        service.call(READ, coordinator, code="U2", unit="code")
    with pytest.raises(Forbidden):  # a resolver that finds no unit: nobody's
        service.call(READ, coordinator, unit=lambda svc, req, code: None)
    with pytest.raises(Forbidden):  # an area-scoped token never covers a unit
        service.call(READ, request(token("city_admin", KEY, area="4401")), code="U1", unit="code")


def test_either_scope_is_enough_when_both_are_declared():
    service = Service()
    both = {"area": service.place(G1), "unit": lambda svc, req, code: "U1"}
    assert service.call(READ, request(token("unit_coordinator", KEY, unit="U1")), **both)
    assert service.call(READ, request(token("community_admin", KEY, area="4401060101")), **both)
    with pytest.raises(Forbidden):
        service.call(READ, request(token("unit_coordinator", KEY, unit="U9")), **both)


def test_resolver_errors_pass_through():
    def missing(service, req, code):
        raise NotFound("household", code)

    with pytest.raises(NotFound):
        Service().call(READ, request(token("city_admin", KEY, area="4401")), area=missing)


def test_unknown_action_and_missing_gate_are_programming_errors():
    with pytest.raises(ValueError, match="unknown action"):
        allow("delete_everything")

    @allow(READ)
    def entry(service, request):
        return None

    with pytest.raises(RuntimeError, match="Access()"):
        entry(object(), request())
    with pytest.raises(RuntimeError, match="@allow"):
        who(request())


def test_lists_narrow_to_the_area_and_refuse_unit_tokens():
    assert guard.area_scope(auth.LOCAL) is None
    verify = Gate({}, keys=static_keys(KEY)).verifier.verify
    assert guard.area_scope(verify(token("grid_worker", KEY, area="G1"))) == ("G1",)
    with pytest.raises(Forbidden, match="unit U1"):
        guard.area_scope(verify(token("unit_coordinator", KEY, unit="U1")))


def test_role_table_follows_the_issue():
    # a grid worker reveals (audited) within their grid; nobody but admins writes the
    # registry; integrators and report readers have no registry reads at all
    assert auth.ROLE_ACTIONS["grid_worker"] == {READ, "capture", READ_SENSITIVE}
    assert READ not in auth.ROLE_ACTIONS["integrator"]
    assert READ not in auth.ROLE_ACTIONS["report_reader"]
    assert READ_SENSITIVE not in auth.ROLE_ACTIONS["unit_coordinator"]


# -- reveal and SQL -----------------------------------------------------------------------
def test_reveal_parameter():
    refused = {"id_number": "not kept"}
    assert reveal.requested_reveal(request(query="reveal=phone,name&reveal=name"),
                                   ("name", "phone"), refused) == ("name", "phone")
    assert reveal.requested_reveal(request(), ("name",)) == ()
    with pytest.raises(ValidationError) as exc:
        reveal.requested_reveal(request(query="reveal=id_number"), ("name",), refused)
    assert exc.value.messages == {"reveal": ["id_number: not kept"]}
    with pytest.raises(ValidationError, match="must be one of name"):
        reveal.requested_reveal(request(query="reveal=address"), ("name",))


def test_subtree_filter_escapes_like_wildcards():
    areas = Table("areas", MetaData(), Column("path", String))
    sql = str(select(areas.c.path).where(area_paths.in_subtree(areas.c.path, "4401/C_1"))
              .compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    # '_' would match any character: escaped ('/' is the escape, so it is doubled too)
    assert "areas.path = '4401/C_1' OR (areas.path LIKE '4401//C/_1//' || '%%' " \
           "ESCAPE '/')" in sql


def test_audit_source_keeps_both_addresses():
    def at(remote: str, **headers):
        return Request(EnvironBuilder(path="/x", headers=headers,
                                      environ_base={"REMOTE_ADDR": remote}).get_environ())

    assert audit.source_of(at("10.0.0.1", **{"X-Forwarded-For": "10.0.0.7"})) == \
        "10.0.0.7 via 10.0.0.1"
    assert audit.source_of(at("10.0.0.1")) == "10.0.0.1"


# -- several grants, and the roles that reach only what is theirs --------------------------
def test_several_grants_combine_and_each_action_uses_only_the_grants_that_hold_it():
    service = Service()
    both = request(token(None, KEY, grants=[
        auth.Grant("grid_worker", area="4401060101-G01"),
        auth.Grant("report_reader", area="440106")]))
    # reading a household of G01: the grid worker grant; of G02: nothing reads there
    seen = service.call(READ, both, area=service.place(G1))
    assert seen.areas() == ("4401060101-G01",)  # the use case narrows to that grant
    with pytest.raises(Forbidden, match="scope"):
        service.call(READ, both, area=service.place(G2))
    # a figure of the district: the report reader grant
    assert service.call("report", both, area=service.place(G2)).areas() == ("440106",)
    with pytest.raises(Forbidden, match="may not write"):
        service.call(WRITE, both, area=service.place(G1))
    assert guard.area_scope(seen) == ("4401060101-G01",)


def test_a_secretary_who_is_also_a_grid_leader_lists_both_subtrees():
    caller = auth.Principal("p", (auth.Grant("community_admin", area="4401060101"),
                                  auth.Grant("grid_worker", area="4401060202-G03")))
    assert guard.area_scope(caller) == ("4401060101", "4401060202-G03")
    assert caller.role == "community_admin+grid_worker"


def test_a_volunteer_reaches_only_what_names_them():
    service = Service()
    volunteer = request(token("volunteer", KEY, unit="U1", volunteer="V7"))
    mine = {"own": lambda svc, req, code: {("volunteer", "V7")}}
    theirs = {"own": lambda svc, req, code: {("volunteer", "V8")}}
    assert service.call("capture", volunteer, area=service.place(G1), **mine)
    with pytest.raises(Forbidden, match="scope"):
        service.call("capture", volunteer, area=service.place(G1), **theirs)
    # their unit's grant is not a unit coordinator's: the unit's records stay closed
    with pytest.raises(Forbidden):
        service.call(READ, volunteer, code="U1", unit="code")
    with pytest.raises(Forbidden, match="may not write"):
        service.call(WRITE, volunteer, **mine)
    with pytest.raises(Forbidden, match="no area"):
        guard.area_scope(auth.Principal("v", (auth.Grant("volunteer", unit="U1",
                                                         volunteer="V7"),)))


def test_owners_are_looked_up_only_for_owner_roles():
    service = Service()
    asked = []

    def owners(svc, req, code):
        asked.append(code)
        return {("request_handler", "D-housing")}

    admin = request(token("community_admin", KEY, area="4401060101"))
    service.call(WRITE, admin, area=service.place(G1), own=owners)
    assert asked == []
    handler = request(token("request_handler", KEY, unit="D-housing"))
    assert service.call(WRITE, handler, area=service.place(G1), own=owners)
    other = request(token("request_handler", KEY, unit="D-water"))
    with pytest.raises(Forbidden):
        service.call(WRITE, other, area=service.place(G1), own=owners)
    assert asked == ["C", "C"]


def test_grant_shapes_are_checked():
    with pytest.raises(ValueError, match="unit"):
        auth.Grant("unit_coordinator", area="4401")
    with pytest.raises(ValueError, match="area"):
        auth.Grant("grid_worker", unit="U1")
    with pytest.raises(ValueError, match="volunteer"):
        auth.Grant("volunteer", unit="U1")
    with pytest.raises(ValueError, match="volunteer"):
        auth.Grant("unit_coordinator", unit="U1", volunteer="V1")
    for bad in ({"role": "grid_worker", "area": 4401}, {"role": "x"}, "grid_worker",
                {"role": "grid_worker", "area": "G1", "admin": True}):
        with pytest.raises(AuthError):
            auth.principal_from_claims({"sub": "p", "grants": [bad]})


def test_a_resolver_may_ask_who_is_calling():
    """Resolvers that narrow to the caller's grants (visits' campaigns, dispatch's units,
    registry's new city) read who(request): the guard puts the caller there first."""
    service = Service()
    seen = []

    def resolver(svc, req, code):
        seen.append(who(req).subject)
        return G1

    service.call(READ, request(token("grid_worker", KEY, subject="acct-7",
                                     area="4401060101-G01")), area=resolver)
    assert seen == ["acct-7"]
