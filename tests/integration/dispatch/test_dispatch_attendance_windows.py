"""Attendance within a shift's hours (docs/shifts.md): check-ins outside the window are
refused naming `at`; after the end, presence is only an audited correction by someone
entitled to make it, which the published figures mark as a correction."""

from __future__ import annotations

import pytest

from services.common.outbox import Outbox
from services.dispatch import clock
from services.dispatch.adapters.models import MESSAGING
from services.dispatch.use_cases.attendance import sweep_no_shows
from tests.support.dispatch_world import seed_unit, staffed
from tests.support.http import Client
from tests.support.servers import running
from tests.support.tokens import auth_settings, token

from .support import (
    EVENTS,
    local,
    of_type,
    order,
    order_today_at_bj01,
    seed_places,
    settle,
    today_shift,
)

KEY = "dispatch-attendance-test-key"


def test_check_ins_outside_the_shifts_window_are_refused_naming_at(
        dispatch, outside, dispatch_sql, at_local):
    api = Client(dispatch.base_url)
    order_today_at_bj01(api, outside, dispatch_sql, at_local)
    morning, (m1, m2) = today_shift(api, "am")
    afternoon, (a1, _a2) = today_shift(api, "pm")
    outside.listen(EVENTS)

    at_local(12, 1)
    status, body = api.call("POST", f"/shifts/{afternoon}/checkins", {"volunteer_id": a1})
    assert status == 400 and "before the check-in window" in body["errors"]["at"][0]
    assert "13:30" in body["errors"]["at"][0]
    status, body = api.call("POST", f"/shifts/{morning}/checkins",
                            {"volunteer_id": m1, "at": local(12, 0, 43).isoformat()})
    assert status == 400 and "attendance-corrections" in body["errors"]["at"][0]
    late = outside.publish("checkin_recorded", {
        "shift_key": morning, "volunteer_id": m2, "at": local(12, 0, 43).isoformat(),
        "device": "QR-7"})
    rejected = outside.wait_for(EVENTS, lambda ms: of_type(ms, "event_rejected"))
    data = of_type(rejected, "event_rejected")[0]["data"]
    assert data["event_id"] == late["id"] and "ended" in data["errors"]["data.at"][0]

    at_local(13, 30)                              # the afternoon's window opens
    api.ok("POST", f"/shifts/{afternoon}/checkins", {"volunteer_id": a1}, status=201)
    seen = settle(outside, dispatch_sql, rejected)
    ins = of_type(seen, "volunteer_checked_in")
    assert [(m["data"]["volunteer_id"], m["data"]["basis"]) for m in ins] == [(a1, "scan")]
    assert api.ok("GET", "/orders/o1/person-times")["delivered"] == 1


def test_after_the_end_presence_is_an_audited_correction_counted_as_one(
        dispatch, outside, dispatch_sql, dispatch_db, at_local):
    api = Client(dispatch.base_url)
    seed_places(outside, dispatch_sql)
    seed_unit(api, volunteers=6)
    seed_unit(api, "U2", volunteers=1)
    at_local(7, 0)
    api.ok("POST", "/orders", order(days_ahead=0, batches=2, head_count=2,
                                    places=["BJ-01"]), status=201)
    morning, (m1, m2) = today_shift(api, "am")
    afternoon, (a1, _a2) = today_shift(api, "pm")
    now = at_local(12, 30)
    outbox = Outbox("dispatch", MESSAGING)
    assert sweep_no_shows(dispatch_db, outbox, now=now, tz=clock.tz()) == 2
    assert api.ok("GET", "/orders/o1/person-times")["no_shows"] == 2
    outside.listen(EVENTS)

    # a scan timed after the end, arriving after the no-show was recorded, is refused
    status, body = api.call("POST", f"/shifts/{morning}/checkins",
                            {"volunteer_id": m1, "at": local(12, 0, 43).isoformat()})
    assert status == 400 and "correction" in body["errors"]["at"][0]

    path = f"/shifts/{morning}/attendance-corrections"
    good = {"volunteer_id": m1, "checked_in_at": local(8, 10).isoformat(),
            "checked_out_at": local(11, 55).isoformat(),
            "reason": "扫码枪故障，书记现场确认到岗，电话13812345678"}
    for changes, field, reason in (
            ({"reason": "  "}, "reason", "say why"),
            ({"reason": None}, "reason", "Field may not be null"),
            ({"checked_in_at": local(12, 0, 43).isoformat()}, "checked_in_at",
             "outside shift"),
            ({"checked_out_at": local(8).isoformat()}, "checked_out_at", "after"),
            ({"volunteer_id": "U2-v00"}, "volunteer_id", "belongs to unit U2")):
        status, body = api.call("POST", path, {**good, **changes})
        assert status == 400 and reason in str(body["errors"][field]), (field, body)
    status, body = api.call("POST", f"/shifts/{afternoon}/attendance-corrections",
                            {**good, "volunteer_id": a1})
    assert status == 409 and "has not ended" in body["errors"]["shift_key"][0]
    assert not dispatch_sql("select 1 from attendance_corrections")

    done = api.ok("POST", path, good, status=201)
    assert (done["basis"], done["correction"]["was_no_show"]) == ("correction", True)
    assert "13812345678" not in done["correction"]["reason"]
    status, body = api.call("POST", path, good)
    assert status == 409 and "already" in body["errors"]["volunteer_id"][0]
    status, body = api.call("POST", f"/shifts/{morning}/checkins", {"volunteer_id": m2})
    assert status == 400 and "attendance-corrections" in body["errors"]["at"][0]

    kept = dispatch_sql("select * from attendance_corrections")
    assert len(kept) == 1 and kept[0]["subject"] == "local" and kept[0]["was_no_show"]
    assert "13812345678" not in kept[0]["reason"] and "书记" in kept[0]["reason"]
    seen = settle(outside, dispatch_sql, [])
    ins = of_type(seen, "volunteer_checked_in")
    assert len(ins) == 1 and len(of_type(seen, "volunteer_checked_out")) == 1
    assert {k: ins[0]["data"][k] for k in ("volunteer_id", "basis", "revokes_no_show",
                                           "correction_id", "source")} == {
        "volunteer_id": m1, "basis": "correction", "revokes_no_show": True,
        "correction_id": kept[0]["id"], "source": f"correction:{kept[0]['id']}"}
    figures = api.ok("GET", "/orders/o1/person-times")
    assert (figures["delivered"], figures["no_shows"]) == (1, 1)

    # a scan timed inside the window that arrives after the no-show (an offline device,
    # dispatch catching up after a restart) is taken, and says it revokes the no-show
    api.ok("POST", f"/shifts/{morning}/checkins",
           {"volunteer_id": m2, "at": local(11, 50).isoformat()}, status=201)
    ins = of_type(settle(outside, dispatch_sql, []), "volunteer_checked_in")
    late = [e["data"] for e in ins if e["data"]["volunteer_id"] == m2]
    assert [(d["basis"], d["revokes_no_show"]) for d in late] == [("scan", True)]
    figures = api.ok("GET", "/orders/o1/person-times")
    assert (figures["delivered"], figures["no_shows"]) == (2, 0)


@pytest.fixture
def secured(dispatch_config, purge_dispatch_queues, outside, dispatch_sql, at_local):
    """Dispatch with AUTH required: unit U1 on BJ-01 this morning, U2 beside it, and the
    morning over (12:30)."""
    from services.dispatch.entrypoints.service import DispatchService

    config = {**dispatch_config, **auth_settings(KEY)}
    for runner in running(DispatchService, config):
        seed_places(outside, dispatch_sql)
        admin = Client(runner.base_url, token("city_admin", KEY, area="S1"))
        seed_unit(admin, volunteers=4)
        seed_unit(admin, "U2", volunteers=2)
        at_local(7, 0)
        admin.ok("POST", "/orders", order(days_ahead=0, batches=1, head_count=4,
                                          places=["BJ-01"]), status=201)
        at_local(12, 30)
        runner.admin = admin
        yield runner


def test_only_the_units_coordinator_or_an_admin_over_the_place_corrects(secured):
    key = next(iter(staffed(secured.admin)))
    people = staffed(secured.admin)[key]
    path = f"/shifts/{key}/attendance-corrections"

    def correct(role: str, volunteer_id: str, **scope) -> int:
        return Client(secured.base_url, token(role, KEY, **scope)).call("POST", path, {
            "volunteer_id": volunteer_id, "checked_in_at": local(8, 5).isoformat(),
            "reason": "忘记扫码，现场核实到岗"})[0]

    assert correct("grid_worker", people[0], area="BJ-01") == 403
    assert correct("integrator", people[0], area="S1") == 403
    assert correct("report_reader", people[0], area="S1") == 403
    assert correct("unit_coordinator", people[0], unit="U2") == 403
    assert correct("community_admin", people[0], area="OTHER") == 403
    assert correct("unit_coordinator", people[0], unit="U1") == 201
    assert correct("community_admin", people[1], area="BJ") == 201
    assert correct("city_admin", people[2], area="S1") == 201
