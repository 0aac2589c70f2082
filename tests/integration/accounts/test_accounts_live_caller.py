"""Accounts acts with its caller as its own database says now, not as the access token
says (its minutes are not a licence): a disabled or locked person's token and a signed-out
session's token are refused (401) at once, a revoked grant gives nothing at once, and a
grant given is usable without waiting for a refresh."""

from __future__ import annotations

from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD, CITY, GRID
from tests.support.http import Client

PASSWORD = "a good password"


def signed_in(base: str, login: str, password: str = PASSWORD) -> tuple[Client, dict]:
    body = Client(base).ok("POST", "/sessions", {"login": login, "password": password})
    return Client(base, body["access_token"]), body


def invited(base: str, by: Client, login: str, grants: list[dict]) -> dict:
    made = by.ok("POST", "/invitations", {"display_name": "某人", "login": login,
                                          "grants": grants}, status=201)
    Client(base).ok("POST", "/invitations/accept", {"code": made["code"],
                                                    "password": PASSWORD})
    return made


def invite_body(login: str) -> dict:
    return {"display_name": "后门", "login": login,
            "grants": [{"role": "city_admin", "area": CITY}]}


def test_a_disabled_or_locked_admin_token_is_refused_at_once(accounts, city_admin):
    base = accounts.base_url
    admin, _ = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    for n, action in enumerate(("disable", "lock")):
        other = invited(base, admin, f"1370000020{n}", [{"role": "city_admin", "area": CITY}])
        rogue, _ = signed_in(base, f"1370000020{n}")
        assert rogue.status("GET", "/me") == 200
        admin.ok("POST", f"/people/{other['person_id']}/{action}")
        # the token is still within its minutes; accounts refuses it all the same
        for method, path, body in (
                ("POST", "/invitations", invite_body(f"1370000021{n}")),
                ("POST", "/service-accounts", {"user_name": f"backdoor-{n}",
                                               "display_name": "x",
                                               "grants": [{"role": "integrator",
                                                           "area": CITY}]}),
                ("POST", f"/people/{other['person_id']}/grants",
                 {"role": "report_reader", "area": CITY}),
                ("GET", "/me", None)):
            status, answer = rogue.call(method, path, body)
            assert status == 401, (action, path, status, answer)


def test_a_signed_out_session_token_is_refused(accounts, city_admin):
    base = accounts.base_url
    admin, session = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert admin.status("GET", "/people") == 200
    assert Client(base).status("POST", "/sessions/revoke",
                               {"refresh_token": session["refresh_token"]}) == 204
    assert admin.status("GET", "/people") == 401
    assert admin.status("POST", "/invitations", invite_body("13700000220")) == 401


def test_a_revoked_grant_is_gone_and_a_new_one_usable_at_once(accounts, city_admin):
    base = accounts.base_url
    admin, _ = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)
    made = invited(base, admin, "13700000230", [{"role": "city_admin", "area": CITY}])
    demoted, _ = signed_in(base, "13700000230")
    worker = invited(base, admin, "13700000231", [{"role": "grid_worker", "area": GRID}])
    grant_id = admin.ok("GET", f"/people/{made['person_id']}")["grants"][0]["id"]
    assert admin.status("DELETE", f"/people/{made['person_id']}/grants/{grant_id}") == 204
    # the token still names city_admin: nothing of it is left
    for method, path, body in (
            ("POST", "/invitations", invite_body("13700000232")),
            ("POST", f"/people/{made['person_id']}/grants",
             {"role": "city_admin", "area": CITY}),
            ("GET", "/people", None),
            ("GET", f"/people/{worker['person_id']}", None)):
        status, answer = demoted.call(method, path, body)
        assert status in (403, 404), (path, status, answer)
    # holding no grant now, not even their own account is theirs to read
    assert demoted.status("GET", "/me") == 403
    # given again: usable with the same token, no refresh needed
    admin.ok("POST", f"/people/{made['person_id']}/grants",
             {"role": "community_admin", "area": CITY[:4]}, status=201)
    assert demoted.status("GET", f"/people/{worker['person_id']}") == 200
