"""Access control on reporting's HTTP API: the real service with AUTH required, real
tokens, real events on the broker (issue 6, docs/access-control.md). Report readers and
admins read figures, daily reports and exports only in their subtree; the 不漏一户 list
needs read or report on the grid; rebuilds need admin; /health and /metrics are open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.common.auth import Grant
from services.reporting import clock
from services.reporting.use_cases import daily
from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.servers import running
from tests.support.tokens import auth_settings, refused_bearers, token, token_id

from . import world as w
from .helpers import publish

KEY = "reporting-access-test-key"
# beside the world's community: a second community of the same street, with one grid
C2, G3 = "4401060102", "4401060102-G01"
CUTOFF_NOW = datetime(2031, 5, 12, 12, 0, tzinfo=UTC)    # 20:00 in Shanghai on w.DAY
DAY = w.DAY.isoformat()




@pytest.fixture
def reporting_url(reporting_config, purge_reporting_queues):
    """Reporting with AUTH required and a token key of the test's own."""
    from services.reporting.entrypoints.service import ReportingService

    config = {**reporting_config, **auth_settings(KEY)}
    for runner in running(ReportingService, config):
        yield runner.base_url


@pytest.fixture
def as_role(reporting_url):
    return lambda role, **scope: Client(reporting_url, token(role, KEY, **scope))


def _area(area_id: int, code: str, level: str, parent: str, path: list[str]):
    return ("registry.area_registered" if level != "grid" else "registry.grid_registered", {
        "area_id": area_id, "code": code, "level": level, "name": f"{level} {code}",
        "parent_code": parent, "path": path, "version": 1})


@pytest.fixture
def seeded(reporting_url, producer, reporting_backbone):
    """The world's district plus a second community, households and a visit in G1 and
    G3, and the day's reports frozen at the cut-off; waits until reporting shows them."""
    street_path = [w.CITY, w.DISTRICT, w.STREET]
    publish(producer, w.areas() + [
        _area(20, C2, "community", w.STREET, [*street_path, C2]),
        _area(21, G3, "grid", C2, [*street_path, C2, G3])])
    publish(producer, w.households(w.G1, 3, 100) + w.households(G3, 2, 300)
            + [w.campaign(3)] + w.visit(w.G1, 0, "reached", "v-access-1"))
    admin = Client(reporting_url, token("city_admin", KEY, area=w.CITY))

    def projected() -> bool:
        status, body = admin.call("GET", f"/areas/{w.CITY}/figures?day={DAY}")
        return status == 200 and body["registry"]["households"] == 5 and \
            any(c["reached"] == 1 for c in body["coverage"])

    wait_until(projected, timeout=30, what="the seeded district in reporting")
    bb = reporting_backbone
    assert daily.close_day(bb.db, bb.outbox, CUTOFF_NOW, clock.cutoff("20:00"),
                           clock.tz()) == 8           # city … two communities, 3 grids
    return admin


def figures(area: str) -> str:
    return f"/areas/{area}/figures?day={DAY}"


def report(area: str, fmt: str = "json") -> str:
    return f"/reports/daily/{area}/{DAY}?format={fmt}"


def not_reached(grid: str) -> str:
    return f"/grids/{grid}/not-reached?campaign={w.CAMPAIGN}"


# -- 401 and the open endpoints --------------------------------------------------------
def test_missing_and_bad_tokens_are_401_and_health_and_metrics_are_open(reporting_url):
    for bearer, reason in refused_bearers(KEY, w.CITY):
        client = Client(reporting_url, bearer)
        for method, path in [("GET", "/areas"), ("GET", figures(w.CITY)),
                             ("GET", report(w.CITY, "csv")), ("GET", not_reached(w.G1)),
                             ("GET", "/rebuild"), ("POST", "/rebuild")]:
            status, body = client.call(method, path, {} if method == "POST" else None)
            assert status == 401 and reason in body["error"], (bearer, path, body)
            assert client.last_headers["WWW-Authenticate"] == 'Bearer realm="wangge"'
    anonymous = Client(reporting_url, None)
    assert anonymous.ok("GET", "/health")["database"] == "ok"
    metrics = anonymous.ok("GET", "/metrics")
    assert isinstance(metrics, bytes) and b"# TYPE" in metrics


def test_revoked_token_is_401(reporting_url, monkeypatch):
    issued = token("report_reader", KEY, area=w.CITY)
    client = Client(reporting_url, issued)
    assert client.status("GET", "/areas") == 200
    monkeypatch.setenv("AUTH_REVOKED", token_id(issued))
    assert client.call("GET", "/areas") == (401, {"error": "token revoked", "errors": {}})


# -- report readers --------------------------------------------------------------------
def test_a_report_reader_reads_figures_reports_and_exports_only_in_their_subtree(
        seeded, as_role, reporting_url):
    reader = as_role("report_reader", area=w.COMMUNITY)
    # the list starts at the reader's own area, not at the city
    assert [a["code"] for a in reader.ok("GET", "/areas")["areas"]] == [w.COMMUNITY]
    # several grants (issue 13): each area at the top of the caller's, one inside
    # another listed once through the outer one
    several = Client(reporting_url, token(None, KEY, grants=[
        Grant("report_reader", area=w.G1), Grant("report_reader", area=C2),
        Grant("report_reader", area=w.COMMUNITY)]))
    assert [a["code"] for a in several.ok("GET", "/areas")["areas"]] == [w.COMMUNITY, C2]
    assert [c["code"] for c in reader.ok("GET", f"/areas/{w.COMMUNITY}")["children"]] == \
        [w.G1, w.G2]
    community = reader.ok("GET", figures(w.COMMUNITY))
    assert community["registry"]["households"] == 3        # G1's three, not G3's two
    assert reader.ok("GET", figures(w.G1))["area"]["code"] == w.G1
    assert reader.ok("GET", report(w.COMMUNITY))["revision"] == 1
    assert reader.ok("GET", report(w.G1, "csv")).decode("utf-8-sig").count("\n") >= 2
    assert reader.ok("GET", report(w.COMMUNITY, "xlsx"))[:2] == b"PK"
    assert len(reader.ok("GET", not_reached(w.G1))["households"]) == 2

    for path in (f"/areas/{w.STREET}", figures(w.CITY), figures(w.STREET), figures(C2),
                 figures(G3), report(w.CITY), report(G3, "csv"), report(C2, "xlsx"),
                 not_reached(G3), f"/areas/{G3}"):
        status, body = reader.call("GET", path)
        assert status == 403 and "outside this token's scope" in body["error"], (path, body)
        assert "registry" not in body and "figures" not in body
    for method in ("GET", "POST"):
        status, body = reader.call(method, "/rebuild", {} if method == "POST" else None)
        assert status == 403 and "may not admin" in body["error"], body
    # inside the scope an unknown area is a 404; codes of areas are no secret
    assert reader.status("GET", figures("4401060101-G99")) == 404


def test_a_street_reader_sees_both_communities(seeded, as_role):
    reader = as_role("report_reader", area=w.STREET)
    assert [a["code"] for a in reader.ok("GET", "/areas")["areas"]] == [w.STREET]
    assert reader.ok("GET", figures(w.STREET))["registry"]["households"] == 5
    assert reader.ok("GET", report(C2))["area_code"] == C2
    assert reader.status("GET", figures(w.DISTRICT)) == 403


# -- grid workers, admins and the roles without report ----------------------------------
def test_a_grid_worker_reads_only_their_grid_s_not_reached_list(seeded, as_role):
    worker = as_role("grid_worker", area=w.G1)
    listed = worker.ok("GET", not_reached(w.G1))
    assert [h["household_code"] for h in listed["households"]] == \
        [w.household_code(w.G1, 1), w.household_code(w.G1, 2)]
    for path in (not_reached(G3), not_reached(w.G2)):
        status, body = worker.call("GET", path)
        assert status == 403 and "outside this token's scope" in body["error"], body
    # figures and reports are the report action, which a grid worker's role does not hold
    for path in ("/areas", f"/areas/{w.G1}", figures(w.G1), report(w.G1)):
        status, body = worker.call("GET", path)
        assert status == 403 and "may not report" in body["error"], (path, body)


def test_a_community_admin_reads_their_community_and_may_not_rebuild(seeded, as_role):
    admin = as_role("community_admin", area=w.COMMUNITY)
    assert admin.ok("GET", figures(w.COMMUNITY))["registry"]["households"] == 3
    assert admin.ok("GET", not_reached(w.G2))["households"] == []      # G2 has no households
    assert admin.status("GET", figures(C2)) == 403
    assert admin.status("GET", not_reached(G3)) == 403
    assert admin.status("GET", report(w.STREET)) == 403
    assert admin.status("POST", "/rebuild", {}) == 403
    assert admin.status("GET", "/rebuild") == 403


def test_units_and_integrators_read_no_figures(seeded, as_role):
    for client in (as_role("unit_coordinator", unit="u1"),
                   as_role("integrator", area=w.CITY)):
        for path in ("/areas", figures(w.CITY), report(w.G1), not_reached(w.G1)):
            assert client.status("GET", path) == 403, path


def test_a_city_admin_reads_everything_and_rebuilds(seeded, as_role):
    admin = as_role("city_admin", area=w.CITY)
    assert [a["code"] for a in admin.ok("GET", "/areas")["areas"]] == [w.CITY]
    assert admin.ok("GET", figures(w.CITY))["registry"]["households"] == 5
    assert admin.ok("GET", report(G3))["area_code"] == G3
    # G3 is in no campaign: its households are listed as never assigned
    assert {h["state"] for h in admin.ok("GET", not_reached(G3))["households"]} == {"not_assigned"}
    # the list takes a grid: a community is the use case's 400, past the scope check
    status, body = admin.call("GET", not_reached(w.COMMUNITY))
    assert status == 400 and "not a grid" in body["errors"]["code"][0]
    assert admin.ok("GET", "/rebuild")["running"] in (True, False)
    started = admin.ok("POST", "/rebuild", {}, status=202)
    assert started["started"] is True
    wait_until(lambda: not admin.ok("GET", "/rebuild")["running"], timeout=60, what="rebuild done")
    assert admin.ok("GET", "/rebuild")["latest"]["status"] == "done"
    # a city admin of another city reads nothing here
    other = as_role("city_admin", area="4402")
    assert other.status("GET", figures(w.CITY)) == 403
    assert other.ok("GET", "/areas")["areas"] == []
