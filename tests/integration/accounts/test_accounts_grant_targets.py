"""Whose grants a caller may change (review M2): nobody their own; a grant goes only to a
person the caller sees, or to their own invitee holding nothing yet; a grant is revoked
only from a person the caller sees and when the caller could have given it; one account
only holds a given dispatch volunteer (409 naming volunteer)."""

from __future__ import annotations

from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD, CITY, GRID
from tests.support.http import Client

PASSWORD = "a good password"
V1 = {"role": "volunteer", "unit": "U1", "volunteer": "V1"}


def signed_in(base: str, login: str, password: str = PASSWORD) -> Client:
    body = Client(base).ok("POST", "/sessions", {"login": login, "password": password})
    return Client(base, body["access_token"])


def invite(by: Client, login: str, grants: list[dict]):
    return by.call("POST", "/invitations", {"display_name": "某人", "login": login,
                                            "grants": grants})


def accepted(base: str, by: Client, login: str, grants: list[dict]) -> str:
    status, made = invite(by, login, grants)
    assert status == 201, made
    Client(base).ok("POST", "/invitations/accept", {"code": made["code"],
                                                    "password": PASSWORD})
    return made["person_id"]


def grant_ids(admin: Client, person_id: str) -> list[str]:
    return [g["id"] for g in admin.ok("GET", f"/people/{person_id}")["grants"]]


def test_nobody_changes_their_own_grants(accounts, city_admin):
    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    coordinator_id = accepted(base, admin, "13700000300",
                              [{"role": "unit_coordinator", "unit": "U1"}])
    coordinator = signed_in(base, "13700000300")
    # a coordinator may give V1's grant in their unit, but not to themself (they would
    # capture visits as V1, which their own role may not)
    assert coordinator.status("POST", f"/people/{coordinator_id}/grants", V1) == 403
    own = grant_ids(admin, coordinator_id)[0]
    assert coordinator.status("DELETE", f"/people/{coordinator_id}/grants/{own}") == 403
    admin_id = city_admin["person_id"]
    assert admin.status("POST", f"/people/{admin_id}/grants",
                        {"role": "report_reader", "area": CITY}) == 403


def test_grants_go_only_to_people_the_caller_sees(accounts, city_admin):
    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    accepted(base, admin, "13700000310", [{"role": "unit_coordinator", "unit": "U1"}])
    coordinator = signed_in(base, "13700000310")
    admin_id = city_admin["person_id"]
    worker_id = accepted(base, admin, "13700000311", [{"role": "grid_worker", "area": GRID}])
    # people beyond the coordinator's sight are as if not there, for giving and revoking
    for target in (admin_id, worker_id):
        assert coordinator.status("POST", f"/people/{target}/grants",
                                  {"role": "request_handler", "unit": "U1"}) == 404
        some_grant = grant_ids(admin, target)[0]
        assert coordinator.status("DELETE", f"/people/{target}/grants/{some_grant}") == 404

    # a person holding nothing: the city admin sees them, and whoever invited them may
    # give them a grant; another coordinator may not
    invitee_id = accepted(base, coordinator, "13700000312",
                          [{"role": "request_handler", "unit": "U1"}])
    accepted(base, admin, "13700000313", [{"role": "unit_coordinator", "unit": "U1"}])
    other = signed_in(base, "13700000313")
    assert coordinator.status(
        "DELETE", f"/people/{invitee_id}/grants/{grant_ids(admin, invitee_id)[0]}") == 204
    assert other.status("POST", f"/people/{invitee_id}/grants",
                        {"role": "request_handler", "unit": "U1"}) == 404
    assert coordinator.status("POST", f"/people/{invitee_id}/grants",
                              {"role": "request_handler", "unit": "U1"}) == 201


def test_one_account_per_volunteer(accounts, city_admin):
    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    accepted(base, admin, "13700000320", [{"role": "unit_coordinator", "unit": "U1"}])
    coordinator = signed_in(base, "13700000320")
    assert invite(coordinator, "13700000321", [V1])[0] == 201
    status, body = invite(coordinator, "13700000322", [V1])
    assert status == 409 and "grants.0.volunteer" in body["errors"], body
    someone = accepted(base, admin, "13700000323",
                       [{"role": "request_handler", "unit": "U1"}])
    status, body = admin.call("POST", f"/people/{someone}/grants", V1)
    assert status == 409 and "volunteer" in body["errors"], body


def test_people_are_found_by_a_whole_login_never_by_a_part(accounts, city_admin):
    """Review M5: the list answers logins masked; were a part of a login matched, a
    caller could recover each digit of a phone by asking q=138, q=1380, …"""
    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    accepted(base, admin, "13700000330", [{"role": "unit_coordinator", "unit": "U1"}])
    coordinator = signed_in(base, "13700000330")
    member = accepted(base, coordinator, "13712345678",
                      [{"role": "request_handler", "unit": "U1"}])

    def found(q: str) -> set[str]:
        return {p["id"] for p in coordinator.ok("GET", f"/people?q={q}")["people"]}

    for part in ("137", "1371234", "1234567", "45678", "1371234567"):
        assert member not in found(part), part
    for whole in ("13712345678", "%2B86%20137-1234-5678"):
        assert member in found(whole), whole
    assert member in found("%E6%9F%90")          # a part of the name (某人) still finds


def test_a_department_is_named_by_its_area_and_given_by_that_area_s_admins(
        accounts, city_admin):
    """Review M1: `<area code>:<department>`; a city admin gives their city's
    departments, never another city's; a community admin their community's; a unit id
    has no colon and must be a unit accounts knows."""
    from tests.support.fixtures.accounts import COMMUNITY, OTHER_COMMUNITY

    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    housing = accepted(base, admin, "13700000340",
                       [{"role": "request_handler", "unit": "4401:housing"}])
    assert invite(admin, "13700000341",
                  [{"role": "request_handler", "unit": "4402:housing"}])[0] == 403
    status, body = invite(admin, "13700000341",
                          [{"role": "request_handler", "unit": "D-housing"}])
    assert status == 400 and "grants.0.unit" in body["errors"], body
    accepted(base, admin, "13700000342", [{"role": "community_admin", "area": COMMUNITY}])
    secretary = signed_in(base, "13700000342")
    health = accepted(base, secretary, "13700000343",
                      [{"role": "request_handler", "unit": f"{COMMUNITY}:health"}])
    for beyond in ("4401:civil", f"{OTHER_COMMUNITY}:health"):
        assert invite(secretary, "13700000344",
                      [{"role": "request_handler", "unit": beyond}])[0] == 403, beyond
    # listed to whoever could give them: the city admin both, the secretary their own
    assert {housing, health} <= {p["id"] for p in admin.ok("GET", "/people")["people"]}
    listed = {p["id"] for p in secretary.ok("GET", "/people")["people"]}
    assert health in listed and housing not in listed
