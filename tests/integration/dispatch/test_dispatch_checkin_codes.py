"""Check-in codes, a grid's shifts and who leads them (issue 14: the field app), on the real
service with AUTH required and tokens as accounts signs them.

A shift's leaders get its rotating code; a volunteer checks themself in with it at the
server's time (the code of a shift they are not on: 403; no shift's: 400 naming `code`;
a shift not open yet: 409 with the time it opens); a volunteer's own check-in by the
shift's key needs the code too, the place's staff do not. A grid's workers list their
grid's shifts with everyone's attendance, and no other grid's. The grid workers accounts
announces (`accounts.grant_changed`) are named on every shift as its leads."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from services.common.auth import Grant
from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.tokens import auth_settings, token

from .support import order_today_at_bj01, today_shift

KEY = "dispatch-checkin-codes-test-key"
ADMIN = [Grant("city_admin", area="S1")]


@pytest.fixture
def dispatch_settings() -> dict:
    return auth_settings(KEY)


def client(url: str, role: str | None = None, *, subject: str, **scope) -> Client:
    return Client(url, token(role, KEY, subject=subject, **scope))


@pytest.fixture
def admin(dispatch) -> Client:
    return client(dispatch.base_url, grants=ADMIN, subject="acct-admin")


@pytest.fixture
def today(dispatch, admin, outside, dispatch_sql, at_local) -> dict:
    """U1's morning and afternoon shifts of 2 at grid BJ-01 today, the clock at 09:00
    local (the morning under way, the afternoon's check-in opening at 13:30)."""
    order_today_at_bj01(admin, outside, dispatch_sql, at_local)
    at_local(9, 0)
    am, on_am = today_shift(admin, "am")
    pm, on_pm = today_shift(admin, "pm")
    url = dispatch.base_url
    me = next(v for v in on_am if v not in on_pm)
    afternoon = next(v for v in on_pm if v not in on_am)
    return {"url": url, "am": am, "pm": pm, "on_am": on_am, "on_pm": on_pm, "me": me,
            "afternoon": afternoon,
            "worker": client(url, "grid_worker", area="BJ-01", subject="acct-gw1"),
            "me_client": client(url, "volunteer", unit="U1", volunteer=me,
                                subject="acct-me")}


def _code(leader: Client, key: str) -> str:
    return leader.ok("GET", f"/shifts/{key}/checkin-code")["code"]


def _other(*codes: str) -> str:
    return next(c for c in ("000000", "123456", "999999") if c not in codes)


def test_a_leader_gets_the_code_and_a_volunteer_checks_in_with_it_at_the_servers_time(
        today, dispatch_sql, at_local, caplog):
    caplog.set_level(logging.DEBUG)
    url, worker, me = today["url"], today["worker"], today["me_client"]
    shown = worker.ok("GET", f"/shifts/{today['am']}/checkin-code")
    code = shown["code"]
    assert len(code) == 6 and code.isdigit() and shown["shift_key"] == today["am"]
    assert shown["period_s"] == 600
    now = datetime.fromisoformat(shown["valid_from"])
    assert now <= at_local(9, 0) < datetime.fromisoformat(shown["valid_until"])
    # the community's and city's admins and the unit's coordinator see the same code
    for leader in (client(url, "community_admin", area="BJ", subject="acct-ca"),
                   client(url, "unit_coordinator", unit="U1", subject="acct-co"),
                   client(url, "city_admin", area="S1", subject="acct-city")):
        assert _code(leader, today["am"]) == code
    # not another grid's worker, a volunteer, a report reader or an integrator
    for outsider in (client(url, "grid_worker", area="BJ-02", subject="acct-gw2"), me,
                     client(url, "report_reader", area="S1", subject="acct-rr"),
                     client(url, "integrator", area="S1", subject="acct-int")):
        assert outsider.status("GET", f"/shifts/{today['am']}/checkin-code") == 403
    assert worker.status("GET", "/shifts/nope/checkin-code") == 404

    # a wrong code and a malformed one: 400 naming code, nothing recorded
    status, body = me.call("POST", "/checkins", {"code": _other(code), "kind": "in"})
    assert status == 400 and "no shift of yours" in body["errors"]["code"][0], body
    status, body = me.call("POST", "/checkins", {"code": "12a456"})
    assert status == 400 and "6 digits" in body["errors"]["code"][0]
    assert dispatch_sql("select 1 from attendance") == []

    # the right code: their shift, at the server's time (09:00 local), recorded as theirs
    at_local(9, 7)
    status, checked = me.call("POST", "/checkins", {"code": code, "kind": "in"})
    assert status == 201, checked
    assert (checked["shift_key"], checked["volunteer_id"]) == (today["am"], today["me"])
    assert datetime.fromisoformat(checked["checked_in_at"]) == at_local(9, 7)
    row = dispatch_sql("select source, recorded_by, checked_in_at from attendance "
                       "where volunteer_id = :v", v=today["me"])
    assert row == [{"source": "code", "recorded_by": "acct-me",
                    "checked_in_at": at_local(9, 7).astimezone(UTC)}]
    # again (the shift named, as the QR code does): a repeated scan, 200
    assert me.call("POST", "/checkins", {"code": code, "shift_key": today["am"]})[0] == 200
    # out, with the same code
    status, out = me.call("POST", "/checkins", {"code": code, "kind": "out"})
    assert status == 201 and out["checked_out_at"]

    # the afternoon shift's code: not theirs (403); its own volunteer is early (409)
    pm_code = _code(worker, today["pm"])
    status, body = me.call("POST", "/checkins", {"code": pm_code})
    assert status == 403 and "this code is for a shift you are not on" in body["error"]
    theirs = client(url, "volunteer", unit="U1", volunteer=today["afternoon"],
                    subject="acct-pm")
    status, body = theirs.call("POST", "/checkins", {"code": pm_code})
    assert status == 409 and "opens at 13:30" in body["errors"]["shift_key"][0], body
    # a shift named that does not exist
    assert me.status("POST", "/checkins", {"code": code, "shift_key": "nope"}) == 404
    # someone without a volunteer grant has no shift of their own
    assert today["worker"].status("POST", "/checkins", {"code": code}) == 403
    assert dispatch_sql("select count(*) n from attendance")[0]["n"] == 1
    # codes are never logged
    assert code not in caplog.text and pm_code not in caplog.text


def test_the_code_rotates_and_the_one_before_is_still_taken(today, at_local):
    worker, me = today["worker"], today["me_client"]
    at_local(9, 0)
    first = _code(worker, today["am"])
    at_local(9, 10)
    second = _code(worker, today["am"])
    assert second != first
    at_local(9, 19)                   # the period after: the one before is still taken
    assert me.call("POST", "/checkins", {"code": first})[0] == 201
    at_local(9, 20)                   # two periods on: no longer
    status, body = me.call("POST", "/checkins", {"code": first})
    assert status == 400 and "code" in body["errors"]
    assert me.call("POST", "/checkins", {"code": second})[0] == 200


def test_a_volunteers_own_checkin_by_the_shifts_key_needs_its_code(today, dispatch_sql,
                                                                   at_local):
    worker, me, key = today["worker"], today["me_client"], today["am"]
    path = f"/shifts/{key}/checkins"
    code = _code(worker, key)
    status, body = me.call("POST", path, {"volunteer_id": today["me"]})
    assert status == 400 and "check-in code" in body["errors"]["code"][0], body
    status, body = me.call("POST", path, {"volunteer_id": today["me"],
                                          "code": _other(code)})
    assert status == 400 and "not this shift's check-in code" in body["errors"]["code"][0]
    # the code of another shift is not this one's
    status, body = me.call("POST", path, {"volunteer_id": today["me"],
                                          "code": _code(worker, today["pm"])})
    assert status == 400 and "code" in body["errors"]
    # a volunteer gives no time: theirs is the server's
    status, body = me.call("POST", path, {"volunteer_id": today["me"], "code": code,
                                          "at": at_local(8, 0).isoformat()})
    assert status == 400 and "server's time" in body["errors"]["at"][0]
    assert dispatch_sql("select 1 from attendance") == []
    at_local(9, 3)
    checked = me.ok("POST", path, {"volunteer_id": today["me"], "code": code}, status=201)
    assert datetime.fromisoformat(checked["checked_in_at"]) == at_local(9, 3)
    # the place's staff check anyone in without a code, at the time they say
    colleague = next(v for v in today["on_am"] if v != today["me"])
    worker.ok("POST", path, {"volunteer_id": colleague, "at": at_local(8, 5).isoformat()},
              status=201)
    assert dispatch_sql("select source from attendance where volunteer_id = :v",
                        v=colleague) == [{"source": "api"}]


def test_a_grids_shifts_for_its_workers_and_nobody_elses(today, outside, dispatch_sql,
                                                         at_local):
    url, worker, me = today["url"], today["worker"], today["me_client"]
    me.ok("POST", "/checkins", {"code": _code(worker, today["am"])}, status=201)
    listed = worker.ok("GET", "/grids/BJ-01/shifts")
    assert listed["grid_code"] == "BJ-01" and listed["days"] == 7
    assert [s["shift_key"] for s in listed["shifts"]] == [today["am"], today["pm"]]
    am = listed["shifts"][0]
    people = {p["volunteer_id"]: p for p in am["volunteers"]}
    assert set(people) == set(today["on_am"])
    assert people[today["me"]]["checked_in_at"] and people[today["me"]]["basis"] == "scan"
    assert all("*" in p["name_masked"] for p in am["volunteers"])
    assert (am["checked_in"], am["not_checked_in"], am["missing"]) == (1, 1, 0)
    assert am["task_kinds"] == ["door_to_door"] and am["place_name"] == "BJ-01"
    assert datetime.fromisoformat(am["starts_at"]) == at_local(8, 0)
    assert datetime.fromisoformat(am["ends_at"]) == at_local(12, 0)
    # the community's admin too; another grid's worker, a volunteer, a coordinator: 403
    community = client(url, "community_admin", area="BJ", subject="acct-ca")
    assert community.ok("GET", "/grids/BJ-01/shifts") == listed
    for outsider in (client(url, "grid_worker", area="BJ-02", subject="acct-gw2"), me,
                     client(url, "unit_coordinator", unit="U1", subject="acct-co")):
        assert outsider.status("GET", "/grids/BJ-01/shifts") == 403
    # their own grid has none
    other = client(url, "grid_worker", area="BJ-02", subject="acct-gw2")
    assert other.ok("GET", "/grids/BJ-02/shifts")["shifts"] == []
    assert worker.status("GET", "/grids/NOPE/shifts") == 404
    status, body = worker.call("GET", "/grids/BJ-01/shifts?days=0")
    assert status == 400 and "days" in body["errors"]
    one_day = worker.ok("GET", f"/grids/BJ-01/shifts?since={listed['since']}&days=1")
    assert len(one_day["shifts"]) == 2


def _grant(change: str, grant_id: str, person: str, *, role: str = "grid_worker",
           area: str | None = "BJ-01", name: str = "王*明") -> dict:
    return {"person_id": person, "grant_id": grant_id, "role": role, "area": area,
            "unit": None, "department": None, "volunteer": None, "change": change,
            "display_name_masked": name, "by": "acct-admin"}


def test_the_grid_workers_accounts_announces_lead_the_grids_shifts(today, outside,
                                                                   dispatch_sql):
    admin = Client(today["url"], token(None, KEY, grants=ADMIN, subject="acct-admin"))
    assert admin.ok("GET", f"/shifts/{today['am']}")["leads"] == []

    def handled(*events) -> None:
        for event in events:
            wait_until(lambda e=event: dispatch_sql("select 1 from inbox where event_id = :i",
                                                    i=e["id"]), what="grant change handled")

    handled(outside.publish_event("accounts.grant_changed", _grant("given", "g1", "acct-w")),
            outside.publish_event("accounts.grant_changed",
                                  _grant("given", "g2", "acct-x", area="BJ-02")),
            outside.publish_event("accounts.grant_changed",
                                  _grant("given", "g3", "acct-ca", role="community_admin",
                                         area="BJ")))
    lead = [{"account_id": "acct-w", "name_masked": "王*明"}]
    assert admin.ok("GET", f"/shifts/{today['am']}")["leads"] == lead
    mine = today["me_client"].ok("GET", f"/volunteers/{today['me']}/shifts")["shifts"]
    assert {s["shift_key"]: s["leads"] for s in mine} == {today["am"]: lead}
    assert [s["leads"] for s in today["worker"].ok("GET", "/grids/BJ-01/shifts")["shifts"]] \
        == [lead, lead]

    # revoked: no longer named; the same grant given again (a late copy) changes nothing
    handled(outside.publish_event("accounts.grant_changed",
                                  _grant("revoked", "g1", "acct-w")))
    handled(outside.publish_event("accounts.grant_changed", _grant("given", "g1", "acct-w")))
    assert admin.ok("GET", f"/shifts/{today['am']}")["leads"] == []
    assert dispatch_sql("select grant_id, revoked from grid_leads order by grant_id") == [
        {"grant_id": "g1", "revoked": True}, {"grant_id": "g2", "revoked": False}]


def test_guessing_codes_is_stopped_for_a_while(today, dispatch_sql, at_local):
    worker, me = today["worker"], today["me_client"]
    at_local(9, 0)
    code = _code(worker, today["am"])
    wrong = [c for c in (f"{n:06d}" for n in range(20)) if c != code][:10]
    for n, guess in enumerate(wrong):
        at_local(9, n)
        body = (me.call("POST", "/checkins", {"code": guess}) if n % 2 else
                me.call("POST", f"/shifts/{today['am']}/checkins",
                        {"volunteer_id": today["me"], "code": guess}))[1]
        assert "too many" not in body["errors"]["code"][0]
    # ten wrong in 15 minutes: not even the right code is taken until 09:15
    at_local(9, 10)
    status, body = me.call("POST", "/checkins", {"code": _code(worker, today["am"])})
    assert status == 400 and body["errors"]["code"] == [
        "too many wrong check-in codes: try again at 09:15 (local time), or ask the "
        "shift's leader to check you in"]
    # counted by when, never by what was typed; another volunteer is not held up
    rows = dispatch_sql("select * from wrong_checkin_codes")
    assert len(rows) == 10 and {r["account_id"] for r in rows} == {"acct-me"}
    assert set(rows[0]) == {"id", "account_id", "typed_at"}
    colleague = next(v for v in today["on_am"] if v != today["me"])
    other = client(today["url"], "volunteer", unit="U1", volunteer=colleague,
                   subject="acct-colleague")
    assert other.call("POST", "/checkins", {"code": _code(worker, today["am"])})[0] == 201
    # once the first of them is 15 minutes old, the right code works again
    at_local(9, 15)
    assert me.call("POST", "/checkins", {"code": _code(worker, today["am"])})[0] == 201
