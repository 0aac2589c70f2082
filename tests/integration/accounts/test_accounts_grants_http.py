"""Grant rules over HTTP: a community admin invites and grants within their community
only (403 beyond it, and never a wider role), lists only the people they could grant to
(logins masked), manages only people whose every grant they could give; grant changes are
audited with their author."""

from __future__ import annotations

from tests.support.fixtures.accounts import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    COMMUNITY,
    GRID,
    OTHER_GRID,
)
from tests.support.http import Client


def session_of(base: str, login: str, password: str) -> Client:
    body = Client(base).ok("POST", "/sessions", {"login": login, "password": password})
    return Client(base, body["access_token"])


def invited(base: str, by: Client, login: str, grants: list[dict], name: str = "某人") -> dict:
    made = by.ok("POST", "/invitations", {"display_name": name, "login": login,
                                          "grants": grants}, status=201)
    Client(base).ok("POST", "/invitations/accept", {"code": made["code"],
                                                    "password": "a good password"})
    return made


def test_a_community_admin_grants_within_their_community_only(accounts, city_admin,
                                                             accounts_sql):
    base = accounts.base_url
    admin = session_of(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    invited(base, admin, "13700000010", [{"role": "community_admin", "area": COMMUNITY}])
    secretary = session_of(base, "13700000010", "a good password")

    worker = invited(base, secretary, "13700000011", [{"role": "grid_worker", "area": GRID}],
                     "张网格")
    for beyond in ({"role": "grid_worker", "area": OTHER_GRID},
                   {"role": "city_admin", "area": COMMUNITY},
                   {"role": "unit_coordinator", "unit": "U1"}):
        status, body = secretary.call("POST", "/invitations", {
            "display_name": "x", "login": "13700000012", "grants": [beyond]})
        assert status == 403, (beyond, body)
    status, body = secretary.call("POST", "/invitations", {
        "display_name": "x", "login": "13700000012",
        "grants": [{"role": "grid_worker", "area": "nowhere"}]})
    assert status == 400 and "grants.0.area" in body["errors"]

    # a grid worker elsewhere, made by the city admin: beyond the secretary's sight
    elsewhere = invited(base, admin, "13700000013",
                        [{"role": "grid_worker", "area": OTHER_GRID}])
    listed = secretary.ok("GET", "/people")
    ids = {p["id"] for p in listed["people"]}
    assert worker["person_id"] in ids and elsewhere["person_id"] not in ids
    assert city_admin["person_id"] not in ids
    assert all("*" in p["login_masked"] for p in listed["people"])
    assert secretary.status("GET", f"/people/{elsewhere['person_id']}") == 404
    assert secretary.status("POST", f"/people/{elsewhere['person_id']}/lock") == 404

    # several grants: once the worker also holds a grant above the secretary's, the
    # secretary still sees them but may no longer lock them
    grant = admin.ok("POST", f"/people/{worker['person_id']}/grants",
                     {"role": "report_reader", "area": "4401"}, status=201)
    assert secretary.status("POST", f"/people/{worker['person_id']}/lock") == 403
    assert secretary.status(
        "DELETE", f"/people/{worker['person_id']}/grants/{grant['id']}") == 403
    assert admin.status("DELETE",
                        f"/people/{worker['person_id']}/grants/{grant['id']}") == 204
    assert secretary.ok("POST", f"/people/{worker['person_id']}/lock")["status"] == "locked"
    assert Client(base).call("POST", "/sessions", {"login": "13700000011",
                                                   "password": "a good password"})[0] == 403

    events = accounts_sql("select event, actor from account_audit where account_id = :id "
                          "and event in ('granted', 'grant_revoked', 'locked') order by id",
                          id=worker["person_id"])
    secretary_id = session_of(base, "13700000010", "a good password").ok("GET", "/me")["id"]
    assert [(e["event"], e["actor"]) for e in events] == [
        ("granted", secretary_id), ("granted", city_admin["person_id"]),
        ("grant_revoked", city_admin["person_id"]), ("locked", secretary_id)]


def test_a_password_change_ends_the_other_sessions(accounts, city_admin, accounts_sql):
    base = accounts.base_url
    other = Client(base).ok("POST", "/sessions", {"login": ADMIN_LOGIN,
                                                  "password": ADMIN_PASSWORD})
    me = session_of(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert me.call("POST", "/me/password", {"current_password": "wrong",
                                            "new_password": "a new password"})[0] == 400
    assert me.call("POST", "/me/password", {"current_password": ADMIN_PASSWORD,
                                            "new_password": "13900000001"})[0] == 400
    assert me.status("POST", "/me/password", {"current_password": ADMIN_PASSWORD,
                                              "new_password": "a new password"}) == 204
    assert Client(base).status("POST", "/sessions/refresh",
                               {"refresh_token": other["refresh_token"]}) == 401
    assert Client(base).call("POST", "/sessions", {"login": ADMIN_LOGIN,
                                                   "password": "a new password"})[0] == 200
    assert accounts_sql("select count(*) as n from account_audit "
                        "where event = 'password_changed'") == [{"n": 1}]
