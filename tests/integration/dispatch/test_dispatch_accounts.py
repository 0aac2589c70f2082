"""Dispatch with accounts (issue 13), on the real service with AUTH required and tokens as
accounts signs them: a volunteer reaches only their own shifts and check-ins; a
volunteer approved in accounts becomes an active volunteer linked to their account; each
write names the account behind it; a caller holding several grants sees what each of them
reaches."""

from __future__ import annotations

import json

import pytest

from services.common.auth import Grant
from services.common.contracts.accounts import VOLUNTEER_APPROVED_SEAL
from services.common.pii import mask_name, mask_phone
from services.common.seal import seal, seal_key
from tests.support.amqp import wait_until
from tests.support.dispatch_world import area, seed_unit, volunteer
from tests.support.http import Client
from tests.support.tokens import auth_settings, token

from .support import order, order_today_at_bj01, seed_places, today_shift

KEY = "dispatch-accounts-test-key"
# the street S1 of order_today_at_bj01's places; a second street S2 with community C9
ADMIN = [Grant("city_admin", area="S1"), Grant("city_admin", area="S2")]


@pytest.fixture
def dispatch_settings() -> dict:
    return auth_settings(KEY)


@pytest.fixture
def url(dispatch) -> str:
    return dispatch.base_url


def client(url: str, role: str | None = None, *, subject: str, **scope) -> Client:
    return Client(url, token(role, KEY, subject=subject, **scope))


@pytest.fixture
def admin(url) -> Client:
    return client(url, grants=ADMIN, subject="acct-admin")


@pytest.fixture
def today(admin, outside, dispatch_sql, at_local) -> dict:
    """Unit U1 (6 volunteers) with today's morning and afternoon shifts of 2 at BJ-01; the
    clock at 09:00, the morning shift under way. → who is on which shift."""
    order_today_at_bj01(admin, outside, dispatch_sql, at_local)
    at_local(9, 0)
    am, on_am = today_shift(admin, "am")
    pm, on_pm = today_shift(admin, "pm")
    return {"am": am, "pm": pm, "on_am": on_am, "on_pm": on_pm}


# -- a volunteer -------------------------------------------------------------------------
def test_a_volunteer_sees_their_own_shifts_checks_themself_in_and_nothing_else(
        url, admin, today, dispatch_sql):
    # on the morning shift, not the afternoon one (the rotation spreads six people)
    me = next(v for v in today["on_am"] if v not in today["on_pm"])
    colleague = next(v for v in today["on_am"] if v != me)
    me_client = client(url, "volunteer", unit="U1", volunteer=me, subject="acct-me")

    mine = me_client.ok("GET", f"/volunteers/{me}/shifts")
    assert mine["volunteer_id"] == me and today["am"] in {s["shift_key"]
                                                          for s in mine["shifts"]}
    assert all(me in {p["volunteer_id"] for p in s["volunteers"]} for s in mine["shifts"])
    am = next(s for s in mine["shifts"] if s["shift_key"] == today["am"])
    assert am["checked_in_at"] is None
    assert me_client.ok("GET", f"/volunteers/{me}")["volunteer_id"] == me
    assert me_client.ok("GET", f"/shifts/{today['am']}")["shift_key"] == today["am"]

    # their own check-in, with the code the shift's leader shows, recorded as theirs
    code = admin.ok("GET", f"/shifts/{today['am']}/checkin-code")["code"]
    status, checked = me_client.call("POST", f"/shifts/{today['am']}/checkins",
                                     {"volunteer_id": me, "kind": "in", "code": code})
    assert status == 201 and checked["volunteer_id"] == me
    assert dispatch_sql("select recorded_by from attendance where volunteer_id = :v",
                        v=me) == [{"recorded_by": "acct-me"}]
    assert me_client.ok("GET", f"/volunteers/{me}/shifts")["shifts"][0]["checked_in_at"]

    # never someone else's check-in, record or shifts
    status, body = me_client.call("POST", f"/shifts/{today['am']}/checkins",
                                  {"volunteer_id": colleague, "kind": "in", "code": code})
    assert status == 403, body
    assert dispatch_sql("select 1 from attendance where volunteer_id = :v", v=colleague) == []
    assert me_client.status("GET", f"/volunteers/{colleague}") == 403
    assert me_client.status("GET", f"/volunteers/{colleague}/shifts") == 403
    # a shift they are not on
    assert me_client.status("GET", f"/shifts/{today['pm']}") == 403
    assert me_client.status("POST", f"/shifts/{today['pm']}/checkins",
                            {"volunteer_id": me, "kind": "in", "code": code}) == 403
    # nor lists, the unit, orders, or changing anyone's shifts
    for path in ("/units", "/volunteers", "/communities", "/units/U1", "/orders/o1",
                 "/orders/o1/shifts", "/orders/o1/history", "/units/U1/understaffed"):
        assert me_client.status("GET", path) == 403, path
    assert me_client.status("POST", f"/shifts/{today['am']}/decline",
                            {"volunteer_id": me}) == 403
    assert me_client.status("GET", f"/volunteers/{me}?reveal=phone") == 403
    # a volunteer grant of another volunteer id reaches nothing of theirs
    stranger = client(url, "volunteer", unit="U1", volunteer="U1-v99", subject="acct-x")
    assert stranger.status("GET", f"/volunteers/{me}/shifts") == 403
    assert stranger.status("GET", f"/shifts/{today['am']}") == 403


# -- approved in accounts ------------------------------------------------------------------
def approval(volunteer_id: str, person_id: str, name: str, phone: str, **changes) -> dict:
    return {"volunteer_id": volunteer_id, "unit_id": "U1", "person_id": person_id,
            "sealed": seal({"name": name, "phone": phone}, seal_key(),
                           VOLUNTEER_APPROVED_SEAL),
            "name_masked": mask_name(name), "phone_masked": mask_phone(phone),
            "party_member": True, "skills": ["medic"], "weekdays": [0, 1, 2],
            "halves": ["am"], **changes}


def test_a_volunteer_approved_in_accounts_is_active_here_linked_to_their_account(
        url, admin, outside, dispatch_sql):
    seed_places(outside, dispatch_sql)
    seed_unit(admin, volunteers=0)
    name, phone = "张三丰", "13812345678"
    sent = outside.publish_event("accounts.volunteer_approved",
                                 approval("A-0123456789ab", "acct-v1", name, phone))
    wait_until(lambda: dispatch_sql("select 1 from inbox where event_id = :i", i=sent["id"]),
               what="the approval handled")
    shown = admin.ok("GET", "/volunteers/A-0123456789ab")
    assert (shown["active"], shown["unit_id"], shown["account_id"]) == (True, "U1", "acct-v1")
    assert (shown["name_masked"], shown["phone_masked"]) == (mask_name(name),
                                                             mask_phone(phone))
    assert (shown["skills"], shown["weekdays"], shown["halves"]) == (["medic"], [0, 1, 2],
                                                                     ["am"])
    assert name not in json.dumps(shown, ensure_ascii=False) and phone not in json.dumps(shown)
    # kept as every volunteer's name and phone are: in clear only here, for a reveal
    assert admin.ok("GET", "/volunteers/A-0123456789ab?reveal=name,phone")["phone"] == phone
    # the event dispatch publishes links the account, and carries neither
    body = dispatch_sql("select body from outbox where type = 'dispatch.volunteer_registered'")
    assert len(body) == 1 and json.loads(body[0]["body"])["data"]["account_id"] == "acct-v1"
    assert name not in body[0]["body"] and phone not in body[0]["body"]
    # their token (the grant accounts gave them) reaches their shifts
    me = client(url, "volunteer", unit="U1", volunteer="A-0123456789ab", subject="acct-v1")
    assert me.ok("GET", "/volunteers/A-0123456789ab/shifts")["shifts"] == []

    # the same approval again changes nothing; a seal copied from elsewhere does not open
    again = outside.publish_event("accounts.volunteer_approved",
                                  approval("A-0123456789ab", "acct-v1", name, phone))
    forged = approval("A-ffffffffffff", "acct-v2", "李四", "13900001111")
    forged["sealed"] = seal({"name": "李四", "phone": "13900001111"}, seal_key(),
                            "visits.correction_proposed")
    bad = outside.publish_event("accounts.volunteer_approved", forged)
    wait_until(lambda: len(dispatch_sql("select 1 from inbox where event_id in (:a, :b)",
                                        a=again["id"], b=bad["id"])) == 2,
               what="both handled")
    assert admin.ok("GET", "/volunteers/A-0123456789ab")["version"] == 1
    assert admin.status("GET", "/volunteers/A-ffffffffffff") == 404
    kept = dispatch_sql("select reason from rejected_events where event_id = :i", i=bad["id"])
    assert len(kept) == 1 and "sealed" in kept[0]["reason"]
    assert "李四" not in kept[0]["reason"] and "13900001111" not in kept[0]["reason"]


# -- authors -------------------------------------------------------------------------------
def test_the_history_of_an_order_names_the_accounts_that_changed_it(
        url, admin, today, dispatch_sql):
    community = client(url, "community_admin", area="BJ", subject="acct-community")
    coordinator = client(url, "unit_coordinator", unit="U1", subject="acct-coordinator")
    community.ok("PATCH", "/orders/o1", {"task_kinds": ["door_to_door", "publicity"]})
    coordinator.ok("POST", f"/shifts/{today['pm']}/replace",
                   {"volunteer_id": today["on_pm"][0]})
    coordinator.ok("PATCH", "/volunteers/U1-v05", {"weekly_limit": 3})
    admin.ok("POST", "/orders/o1/cancel", {})

    history = coordinator.ok("GET", "/orders/o1/history")
    steps = [(c["version"], c["change"], c["actor"], c["cause"]) for c in history["changes"]]
    assert steps == [(1, "ordered", "acct-admin", "api"),
                     (2, "amended", "acct-community", "api"),
                     (3, "cancelled", "acct-admin", "api")]
    assert history["changes"][1]["fields"] == {
        "task_kinds": [["door_to_door"], ["door_to_door", "publicity"]]}
    assert community.ok("GET", "/orders/o1/history") == history
    # the events carry the author; the shift change and the volunteer change keep theirs
    actors = {row["type"]: json.loads(row["body"])["data"]["actor"] for row in dispatch_sql(
        "select type, body from outbox where type in ('dispatch.pairing_ordered', "
        "'dispatch.pairing_amended', 'dispatch.pairing_cancelled', "
        "'dispatch.volunteer_updated')")}
    assert actors == {"dispatch.pairing_ordered": "acct-admin",
                      "dispatch.pairing_amended": "acct-community",
                      "dispatch.pairing_cancelled": "acct-admin",
                      "dispatch.volunteer_updated": "acct-coordinator"}
    assert dispatch_sql("select changed_by from bookings where shift_key = :k and "
                        "volunteer_id = :v", k=today["pm"], v=today["on_pm"][0]) == [
        {"changed_by": "acct-coordinator"}]
    assert dispatch_sql("select changed_by from volunteers where id = 'U1-v05'") == [
        {"changed_by": "acct-coordinator"}]
    assert dispatch_sql("select changed_by from volunteers where id = 'U1-v00'") == [
        {"changed_by": "acct-admin"}]


# -- several grants ------------------------------------------------------------------------
def test_a_caller_with_several_grants_sees_what_each_of_them_reaches(
        url, admin, outside, dispatch_sql, today):
    """U1 of street S1 (its coordinator's); U2 of street S2, paired with community C9
    there (its admin's). Holding both grants, one sees both units and their people."""
    outside.publish_as("registry", "area_registered", area("S2", "street", "D1", area_id=20))
    outside.publish_as("registry", "area_registered",
                       {**area("C9", "community", "S2", area_id=21), "path": ["S2", "C9"]})
    outside.publish_as("registry", "grid_registered",
                       {**area("G9", "grid", "C9", area_id=22), "path": ["S2", "C9", "G9"]})
    wait_until(lambda: dispatch_sql("select 1 from grids where code = 'G9' and path "
                                    "is not null"), what="C9 in dispatch")
    seed_unit(admin, "U2", volunteers=3, area_code="S2")
    admin.ok("POST", "/orders", order("o9", unit_id="U2", community_code="C9", head_count=1,
                                      batches=1), status=201)
    both = client(url, grants=[Grant("unit_coordinator", unit="U1"),
                               Grant("community_admin", area="C9")], subject="acct-both")
    coordinator = client(url, "unit_coordinator", unit="U1", subject="acct-c")
    community = client(url, "community_admin", area="C9", subject="acct-ca")

    def units(c: Client) -> list[str]:
        return [u["unit_id"] for u in c.ok("GET", "/units")["units"]]

    assert units(both) == ["U1", "U2"]
    assert (units(coordinator), units(community)) == (["U1"], ["U2"])
    people = both.ok("GET", "/volunteers?limit=100")
    assert people["total"] == 9 and {v["unit_id"] for v in people["volunteers"]} == \
        {"U1", "U2"}
    assert both.status("GET", "/units/U2") == 200 and both.status("GET", "/orders/o9") == 200
    assert both.status("GET", "/orders/o1") == 200
    # each grant keeps its own powers: the community admin may not write to U2's roster,
    # the coordinator's write reaches U1 only
    assert both.status("PATCH", "/volunteers/U1-v01", {"weekly_limit": 2}) == 200
    assert both.status("PATCH", "/volunteers/U2-v01", {"weekly_limit": 2}) == 403
    assert both.status("POST", "/volunteers", volunteer(7, "U2")) == 403
    # two area grants: the communities of both subtrees
    two = client(url, grants=[Grant("community_admin", area="BJ"),
                              Grant("community_admin", area="C9")], subject="acct-two")
    assert [c["code"] for c in two.ok("GET", "/communities")["communities"]] == ["BJ", "C9"]
    assert units(two) == ["U1", "U2"]
    # a unit's events say where it belongs, and who registered it
    registered = [json.loads(row["body"])["data"] for row in dispatch_sql(
        "select body from outbox where type = 'dispatch.unit_registered' order by seq")]
    assert [(u["unit_id"], u["area_code"], u["actor"]) for u in registered] == [
        ("U1", "S1", "acct-admin"), ("U2", "S2", "acct-admin")]
