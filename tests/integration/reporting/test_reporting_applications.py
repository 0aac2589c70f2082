"""Volunteer applications per unit (issue 13): accounts' application events, published
as accounts publishes them, counted by the real reporting service per unit and per local
day; who may read them (a unit's coordinator, area roles over the unit's area; never a
volunteer or a request handler, who reach nothing in reporting); a rebuild from the
history stream gives the same figures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.servers import running
from tests.support.tokens import auth_settings, token

from . import world as w
from .helpers import publish

KEY = "reporting-applications-test-key"
DAY1, DAY2 = w.DAY, w.DAY + timedelta(days=1)
AT1, AT2 = w.NOON, w.NOON + timedelta(days=1)            # noon in Shanghai on each day
# U1 belongs to the district, U2 to the city, U3 has no area yet
UNITS = {"U1": w.DISTRICT, "U2": w.CITY, "U3": None}


@pytest.fixture
def reporting_url(reporting_config, purge_reporting_queues, history_stream):
    """Reporting with AUTH required. The test's history stream is bound to the default
    HISTORY_EXCHANGES, as every service's relay binds it (no binding of the test's own):
    the rebuild below counts the applications again only if they keep accounts.events."""
    from services.reporting.entrypoints.service import ReportingService

    for runner in running(ReportingService, {**reporting_config, **auth_settings(KEY)}):
        yield runner.base_url


@pytest.fixture
def as_role(reporting_url):
    return lambda role, **scope: Client(reporting_url, token(role, KEY, **scope))


def unit(unit_id: str, version: int = 1, area: str | None = "") -> tuple[str, dict]:
    return ("dispatch.unit_registered" if version == 1 else "dispatch.unit_updated", {
        "unit_id": unit_id, "name": f"单位 {unit_id}", "active": True, "version": version,
        "area_code": UNITS[unit_id] if area == "" else area})


def received(application: str, unit_id: str, at) -> tuple[str, dict]:
    return ("accounts.application_received",
            {"application_id": application, "unit_id": unit_id, "applied_at": at})


def decided(application: str, unit_id: str, outcome: str, at) -> tuple[str, dict]:
    return ("accounts.application_decided", {
        "application_id": application, "unit_id": unit_id, "outcome": outcome,
        "decided_by": "9f1c2d3e-0000-4000-8000-00000000c001", "decided_at": at})


@pytest.fixture
def applied(as_role, producer):
    """U1: a1-a4 received (a1, a2 on day 1; a3, a4 on day 2), a1 approved and a2 rejected
    on day 2, a5 decided (approved, day 2) before its application arrives (day 1); U2:
    one pending. Redeliveries and a stale decision change nothing. Waits until reporting
    shows them all."""
    publish(producer, w.areas() + [unit("U1"), unit("U2"), unit("U3", area=None)])
    first = publish(producer, [received("a1", "U1", AT1), received("a2", "U1", AT1),
                               received("a3", "U1", AT2), received("a4", "U1", AT2),
                               decided("a5", "U1", "approved", AT2),
                               received("b1", "U2", AT1)])
    publish(producer, [decided("a1", "U1", "approved", AT2),
                       decided("a2", "U1", "rejected", AT2), received("a5", "U1", AT1),
                       # an older decision arriving late does not undo the newer one
                       decided("a2", "U1", "approved", AT2 - timedelta(hours=1))])
    producer.republish(first[0])                      # a1 received, delivered twice
    admin = as_role("city_admin", area=w.CITY)

    def counted() -> bool:
        status, body = admin.call("GET", "/units/U1/applications")
        return status == 200 and (body["applied"], body["pending"]) == (5, 2)

    wait_until(counted, timeout=30, what="U1's applications in reporting")
    wait_until(lambda: admin.call("GET", "/units/U2/applications")[1].get("applied") == 1,
               timeout=30, what="U2's application in reporting")
    return admin


def test_applications_are_counted_per_unit_and_local_day(applied):
    body = applied.ok("GET", "/units/U1/applications")
    assert {k: body[k] for k in ("unit_id", "area_code", "applied", "approved", "rejected",
                                 "pending")} == {
        "unit_id": "U1", "area_code": w.DISTRICT, "applied": 5, "approved": 2,
        "rejected": 1, "pending": 2}
    assert body["days"] == [
        {"day": DAY1.isoformat(), "applied": 3, "approved": 0, "rejected": 0},
        {"day": DAY2.isoformat(), "applied": 2, "approved": 2, "rejected": 1}]
    city = applied.ok("GET", f"/areas/{w.CITY}/applications")
    assert [(u["unit_id"], u["applied"], u["pending"]) for u in city["units"]] == [
        ("U1", 5, 2), ("U2", 1, 1)]                    # U3 has no area: in no area's list
    assert (city["applied"], city["approved"], city["rejected"], city["pending"]) == \
        (6, 2, 1, 3)
    district = applied.ok("GET", f"/areas/{w.DISTRICT}/applications")
    assert [u["unit_id"] for u in district["units"]] == ["U1"]
    community = applied.ok("GET", f"/areas/{w.COMMUNITY}/applications")
    assert (community["units"], community["applied"]) == ([], 0)
    assert applied.status("GET", "/units/U9/applications") == 404


def test_a_unit_moved_to_another_area_is_counted_there(applied, producer):
    publish(producer, [unit("U2", version=2, area=w.DISTRICT)])
    wait_until(lambda: len(applied.ok("GET", f"/areas/{w.DISTRICT}/applications")["units"])
               == 2, timeout=30, what="U2 in the district")


def test_who_reads_a_units_applications(applied, as_role):
    coordinator = as_role("unit_coordinator", unit="U1")
    assert coordinator.ok("GET", "/units/U1/applications")["applied"] == 5
    assert coordinator.status("GET", "/units/U2/applications") == 403
    assert coordinator.status("GET", f"/areas/{w.CITY}/applications") == 403
    # a unit without an area yet: its coordinator only
    assert as_role("unit_coordinator", unit="U3").ok(
        "GET", "/units/U3/applications")["applied"] == 0
    assert applied.status("GET", "/units/U3/applications") == 403
    reader = as_role("report_reader", area=w.DISTRICT)
    assert reader.ok("GET", "/units/U1/applications")["applied"] == 5
    assert reader.status("GET", "/units/U2/applications") == 403     # the city's unit
    assert [u["unit_id"] for u in reader.ok(
        "GET", f"/areas/{w.DISTRICT}/applications")["units"]] == ["U1"]
    assert reader.status("GET", f"/areas/{w.CITY}/applications") == 403
    # a community's admin does not reach the district's units
    community = as_role("community_admin", area=w.COMMUNITY)
    assert community.status("GET", "/units/U1/applications") == 403
    assert community.ok("GET", f"/areas/{w.COMMUNITY}/applications")["units"] == []


@pytest.mark.parametrize("role, scope", [
    ("volunteer", {"unit": "U1", "volunteer": "A-0123456789ab"}),
    ("request_handler", {"unit": "U1"}),
])
def test_volunteers_and_request_handlers_reach_nothing_in_reporting(applied, as_role, role,
                                                                    scope):
    client = as_role(role, **scope)
    for path in ["/areas", f"/areas/{w.CITY}", f"/areas/{w.G1}/figures",
                 f"/grids/{w.G1}/not-reached?campaign={w.CAMPAIGN}",
                 f"/reports/daily/{w.CITY}/{DAY1}", "/units/U1/applications",
                 f"/areas/{w.CITY}/applications", "/rebuild"]:
        assert client.status("GET", path) == 403, (role, path)
    assert client.status("POST", "/rebuild", {}) == 403


def test_a_rebuild_counts_the_applications_again(applied, reporting_sql):
    tables = {"units": "select * from units order by unit_id",
              "applications": "select * from applications order by application_id"}
    live = {name: reporting_sql(query) for name, query in tables.items()}
    assert len(live["applications"]) == 6
    status, body = applied.call("POST", "/rebuild", {})
    assert status == 202 and body["started"]

    def done():
        latest = applied.ok("GET", "/rebuild")
        return not latest["running"] and (latest["latest"] or {}).get("status") == "done"

    wait_until(done, timeout=60, what="the rebuild")
    assert {name: reporting_sql(query) for name, query in tables.items()} == live
    assert applied.ok("GET", "/units/U1/applications")["applied"] == 5
