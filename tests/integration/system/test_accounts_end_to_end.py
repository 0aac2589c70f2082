"""Accounts with the other four services on the real servers (issue 13, "what must be
shown"), every service trusting only the keys the running accounts publishes: nothing here
is signed by a test key or written straight into a service's tables except the first city
admin (made as an operator makes one, services/accounts/use_cases/bootstrap.py).

The places come from the registry's API and reach dispatch, visits, accounts and reporting
by events; unit U1 from dispatch's API reaches accounts and reporting by events. Then:
a city admin invites U1's coordinator, three people sign up for U1, the coordinator
approves two and rejects one, the approved ones are active volunteers in dispatch linked
to their accounts, sign in with their sign-up passwords and reach only their own records;
reporting counts the applications; the two walk today's shift and each captures visits only
for the households of their own tasks, with the token accounts gave them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.visits.use_cases.planning import sweep
from services.visits.use_cases.tasks import TaskPolicy
from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.senders import SENDER, Recording
from tests.support.trust_accounts import (
    ACCOUNTS_SETTINGS,
    first_city_admin,
    settings_trusting_accounts,
    signed_in,
)
from tests.support.visits_world import answers

CITY, DISTRICT, STREET, COMMUNITY = "4401", "440106", "44010601", "4401060101"
GRID = f"{COMMUNITY}-G01"
ADMIN_LOGIN, ADMIN_PASSWORD = "13900000001", "city admin password"
COORDINATOR_LOGIN, COORDINATOR_PASSWORD = "13700000011", "coordinator password"
EVERY_DAY = list(range(7))


def form(name: str, phone: str, password: str) -> dict:
    # available every day, both halves: today's shift may take them whatever the weekday
    return {"name": name, "phone": phone, "password": password, "party_member": True,
            "skills": ["medic"], "weekdays": EVERY_DAY, "halves": ["am", "pm"]}


APPLICANTS = {"A": form("张志愿", "13600000001", "volunteer A pass"),
              "B": form("李志愿", "13600000002", "volunteer B pass"),
              "C": form("赵拒绝", "13600000003", "volunteer C pass")}


# -- every service trusts the running accounts -------------------------------------------
@pytest.fixture
def accounts_settings() -> dict:
    # the codes proving a sign-up's phone are read from a recording sender
    return {**ACCOUNTS_SETTINGS, "ACCOUNTS_SENDER": SENDER}


@pytest.fixture(autouse=True)
def _sent_codes():
    Recording.sent.clear()
    yield
    Recording.sent.clear()


def apply(accounts_url: str, unit: str, filled: dict) -> str:
    """Sign up as an applicant does: a code to the phone, then the form with it.
    → the application id."""
    anyone = Client(accounts_url)
    anyone.ok("POST", f"/units/{unit}/applications/phone-codes", {"phone": filled["phone"]},
              status=202)
    [code] = Recording.codes_for(filled["phone"])
    return anyone.ok("POST", f"/units/{unit}/applications", {**filled, "phone_code": code},
                     status=202)["application_id"]


registry_settings, dispatch_settings, visits_settings, reporting_settings = \
    settings_trusting_accounts()


@pytest.fixture
def city_admin(accounts, accounts_db, accounts_tools) -> dict:
    """The first city admin, made as an operator makes one, before accounts knows any
    area (the registry's events come later); signed in."""
    return first_city_admin(accounts, accounts_db, accounts_tools, login=ADMIN_LOGIN,
                            password=ADMIN_PASSWORD, area=CITY)


@pytest.fixture
def world(accounts, registry, dispatch, visits, reporting, city_admin, accounts_sql,
          dispatch_sql, visits_sql) -> dict:
    """The places over the registry's API and unit U1 over dispatch's, as the city admin
    signed in at accounts, until every service that copies them holds them.
    → {"households": codes, "admin": person id, "token": the admin's access token}."""
    token = city_admin["session"]["access_token"]
    places = Client(registry.base_url, token)
    for code, level, parent in ((CITY, "city", None), (DISTRICT, "district", CITY),
                                (STREET, "street", DISTRICT),
                                (COMMUNITY, "community", STREET), (GRID, "grid", COMMUNITY)):
        places.ok("POST", "/areas", {"code": code, "level": level, "name": f"{level} {code}",
                                     "parent_code": parent}, status=201)
    places.ok("POST", "/buildings", {"code": "B1", "name": "1栋", "grid_code": GRID}, 201)
    households = [f"H-{n:02d}" for n in range(1, 7)]
    for n, code in enumerate(households, 1):
        places.ok("POST", "/households", {"code": code, "kind": "residence",
                                          "address": f"1栋{n:02d}号", "building_code": "B1"},
                  status=201)
    wait_until(lambda: dispatch_sql("select 1 from grids where code = :g and path is not "
                                    "null", g=GRID), what="the grid in dispatch")
    wait_until(lambda: len(visits_sql("select 1 from households where grid_code = :g",
                                      g=GRID)) == len(households), what="homes in visits")
    wait_until(lambda: accounts_sql("select 1 from areas where code = :c", c=STREET),
               what="the street in accounts")
    Client(dispatch.base_url, token).ok("POST", "/units", {
        "unit_id": "U1", "name": "市卫健局", "area_code": STREET,
        "coordinator_name": "王协调", "coordinator_phone": "13912345678"}, status=201)
    wait_until(lambda: accounts_sql("select 1 from units where id = 'U1'"),
               what="U1 in accounts")
    return {"households": households, "admin": city_admin["person_id"], "token": token}


def screened(accounts, world) -> dict:
    """U1's coordinator invited by the city admin; A, B and C sign up; A and B approved, C
    rejected, in one batch. → {"coordinator": session, "A"/"B": volunteer ids}."""
    base = accounts.base_url
    admin = Client(base, world["token"])
    invited = admin.ok("POST", "/invitations", {
        "display_name": "单位联络员", "login": COORDINATOR_LOGIN,
        "grants": [{"role": "unit_coordinator", "unit": "U1"}]}, status=201)
    coordinator = Client(base).ok("POST", "/invitations/accept", {
        "code": invited["code"], "password": COORDINATOR_PASSWORD})
    applied = {who: apply(base, "U1", filled) for who, filled in APPLICANTS.items()}
    screening = Client(base, coordinator["access_token"])
    assert screening.ok("GET", "/units/U1/applications?status=pending")["total"] == 3
    decided = screening.ok("POST", "/applications/decisions", {"decisions": [
        {"application_id": applied["A"], "approve": True},
        {"application_id": applied["B"], "approve": True},
        {"application_id": applied["C"], "approve": False, "reason": "本期名额已满"}]})
    outcome = {d["application_id"]: d for d in decided["decided"]}
    assert outcome[applied["C"]]["outcome"] == "rejected"
    return {"coordinator": coordinator, "A": outcome[applied["A"]]["volunteer_id"],
            "B": outcome[applied["B"]]["volunteer_id"]}


def test_an_approved_applicant_is_a_volunteer_in_dispatch_reaching_only_their_own(
        accounts, dispatch, reporting, world, dispatch_sql):
    people = screened(accounts, world)
    coordinator = Client(dispatch.base_url, people["coordinator"]["access_token"])

    # the coordinator, in dispatch, sees the approved volunteers arrive, active and linked
    # to the accounts they sign in with
    a = signed_in(accounts.base_url, APPLICANTS["A"]["phone"], APPLICANTS["A"]["password"])
    b = signed_in(accounts.base_url, APPLICANTS["B"]["phone"], APPLICANTS["B"]["password"])
    for session, volunteer_id in ((a, people["A"]), (b, people["B"])):
        assert session["person"]["grants"] == [{"role": "volunteer", "unit": "U1",
                                                "volunteer": volunteer_id}]
        shown = wait_until(lambda v=volunteer_id: _found(coordinator, f"/volunteers/{v}"),
                           what=f"{volunteer_id} in dispatch")
        assert (shown["active"], shown["unit_id"], shown["account_id"]) == (
            True, "U1", session["person"]["id"])
        # the enrolment's author is the coordinator who approved it
        assert dispatch_sql("select changed_by from volunteers where id = :v",
                            v=volunteer_id) == [
            {"changed_by": people["coordinator"]["person"]["id"]}]
        assert shown["phone_masked"] == "136****" + APPLICANTS[
            "A" if volunteer_id == people["A"] else "B"]["phone"][-4:]
    # the rejected applicant has no account to sign in with
    assert Client(accounts.base_url).status("POST", "/sessions", {
        "login": APPLICANTS["C"]["phone"], "password": APPLICANTS["C"]["password"]}) == 401

    # A, with the token accounts gave them: their own record and shifts, nobody else's
    me = Client(dispatch.base_url, a["access_token"])
    assert me.ok("GET", f"/volunteers/{people['A']}")["account_id"] == a["person"]["id"]
    assert me.ok("GET", f"/volunteers/{people['A']}/shifts")["shifts"] == []
    assert me.status("GET", f"/volunteers/{people['B']}") == 403
    assert me.status("GET", f"/volunteers/{people['B']}/shifts") == 403
    assert me.status("GET", "/volunteers") == 403
    assert me.status("GET", "/units/U1") == 403

    # reporting counts U1's applications from accounts' events
    counts = Client(reporting.base_url, people["coordinator"]["access_token"])
    body = wait_until(lambda: _counted(counts, (3, 2, 1, 0)), timeout=30,
                      what="U1's applications in reporting")
    assert (body["unit_id"], body["area_code"]) == ("U1", STREET)
    # a volunteer's token does not read them
    assert Client(reporting.base_url, a["access_token"]).status(
        "GET", "/units/U1/applications") == 403


def _found(client: Client, path: str):
    status, body = client.call("GET", path)
    assert status in (200, 404), (path, status, body)
    return body if status == 200 else None


def _counted(client: Client, expected: tuple[int, int, int, int]):
    status, body = client.call("GET", "/units/U1/applications")
    if status == 200 and (body["applied"], body["approved"], body["rejected"],
                          body["pending"]) == expected:
        return body
    assert status in (200, 404), (status, body)      # 404 until U1 reached reporting
    return None


def test_each_volunteer_captures_only_for_the_households_of_their_own_tasks(
        accounts, dispatch, visits, world, at_local, visits_mid_morning, visits_db,
        visits_sql):
    from services.common.outbox import Outbox
    from services.dispatch import clock as dispatch_clock
    from services.visits import clock
    from services.visits.adapters.models import MESSAGING, SERVICE

    people = screened(accounts, world)
    admin_at = {"dispatch": Client(dispatch.base_url, world["token"]),
                "visits": Client(visits.base_url, world["token"])}
    wait_until(lambda: _found(admin_at["dispatch"], f"/volunteers/{people['B']}"),
               what="both volunteers in dispatch")
    today = clock.today()
    admin_at["visits"].ok("POST", "/campaigns", {
        "campaign_id": "c1", "name": "三询问一完善", "start": today.isoformat(),
        "end": (today + timedelta(days=7)).isoformat(), "area_codes": [COMMUNITY]}, 201)
    # today's morning shift of two at the grid, ordered at 07:00: U1 has two volunteers
    at_local(7, 0)
    admin_at["dispatch"].ok("POST", "/orders", {
        "order_id": "o1", "unit_id": "U1", "community_code": COMMUNITY,
        "start": dispatch_clock.today().isoformat(), "batches": 1, "slot_kind": "half_day",
        "head_count": 2, "task_kinds": ["door_to_door"], "places": [GRID]}, status=201)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers")) == 2,
               what="the shift staffed in visits")
    sweep(visits_db, Outbox(SERVICE, MESSAGING), now=visits_mid_morning - timedelta(hours=1),
          tz=clock.tz(), policy=TaskPolicy())
    tasks: dict[str, list[str]] = {people["A"]: [], people["B"]: []}
    shift_key = None
    for row in visits_sql("select volunteer_id, household_code, shift_key from tasks "
                          "where status = 'open' order by household_code"):
        tasks[row["volunteer_id"]].append(row["household_code"])
        shift_key = row["shift_key"]
    assert tasks[people["A"]] and tasks[people["B"]], tasks

    a = signed_in(accounts.base_url, APPLICANTS["A"]["phone"], APPLICANTS["A"]["password"])
    me = Client(visits.base_url, a["access_token"])
    when = (visits_mid_morning - timedelta(minutes=5)).isoformat()

    def visit(household: str, visitor: str) -> dict:
        return {"visit_id": f"v-{uuid.uuid4().hex[:16]}", "campaign_id": "c1",
                "household_code": household, "visitor_id": visitor, "shift_key": shift_key,
                "visited_at": when, "method": "in_person", "outcome": "reached",
                "answers": answers(), "people_found": 2}

    captured = me.ok("POST", "/visits", visit(tasks[people["A"]][0], people["A"]), 201)
    assert captured["recorded_by"] == a["person"]["id"]
    # B's household, as themselves or posing as B: refused
    status, body = me.call("POST", "/visits", visit(tasks[people["B"]][0], people["A"]))
    assert status == 403, body
    assert me.status("POST", "/visits", visit(tasks[people["B"]][0], people["B"])) == 403
    assert me.ok("GET", f"/volunteers/{people['A']}/tasks")["shifts"][0]["shift_key"] == \
        shift_key
    assert me.status("GET", f"/volunteers/{people['B']}/tasks") == 403
    assert visits_sql("select visitor_id, recorded_by from visits") == [
        {"visitor_id": people["A"], "recorded_by": a["person"]["id"]}]
    # B, signed in with their own sign-up password, captures theirs
    b = signed_in(accounts.base_url, APPLICANTS["B"]["phone"], APPLICANTS["B"]["password"])
    Client(visits.base_url, b["access_token"]).ok(
        "POST", "/visits", visit(tasks[people["B"]][0], people["B"]), 201)
