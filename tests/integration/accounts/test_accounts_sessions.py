"""Getting in, on the real servers: invite → set the password → sign in → refresh → sign
out; a refresh token used twice ends its session; repeated failures lock an account until
an admin unlocks it; every step leaves its audit row."""

from __future__ import annotations

from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD, COMMUNITY, GRID
from tests.support.http import Client

INVITEE = "+86 137-0000-0002"
INVITEE_PASSWORD = "grid worker password"


def sign_in(base: str, login: str, password: str, *, address: str | None = None):
    client = Client(base)
    headers = {"X-Forwarded-For": address} if address else None
    return client.call("POST", "/sessions", {"login": login, "password": password},
                       headers=headers)


def admin(accounts) -> Client:
    status, body = sign_in(accounts.base_url, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert status == 200, body
    return Client(accounts.base_url, body["access_token"])


def grid_worker(accounts, display_name: str, login: str) -> dict:
    """A grid worker of GRID, invited by the city admin, who accepted with
    INVITEE_PASSWORD. → the invitation's answer (person_id, ...)."""
    invited = admin(accounts).ok("POST", "/invitations", {
        "display_name": display_name, "login": login,
        "grants": [{"role": "grid_worker", "area": GRID}]}, status=201)
    Client(accounts.base_url).ok("POST", "/invitations/accept",
                                 {"code": invited["code"], "password": INVITEE_PASSWORD})
    return invited


def audit_events(accounts_sql, person_id: str) -> list[str]:
    return [row["event"] for row in accounts_sql(
        "select event from account_audit where account_id = :id order by id", id=person_id)]


def test_invite_set_password_sign_in_refresh_and_sign_out(accounts, city_admin, accounts_sql):
    base = accounts.base_url
    invited = admin(accounts).ok("POST", "/invitations", {
        "display_name": "李网格", "login": INVITEE,
        "grants": [{"role": "grid_worker", "area": GRID},
                   {"role": "report_reader", "area": COMMUNITY}]}, status=201)
    assert len(invited["code"]) >= 20
    # not yet: no password was set
    assert sign_in(base, INVITEE, INVITEE_PASSWORD)[0] == 401

    anyone = Client(base)
    status, refused = anyone.call("POST", "/invitations/accept",
                                  {"code": invited["code"], "password": "12345678"})
    assert status == 400 and "all digits" in refused["errors"]["password"][0]
    accepted = anyone.ok("POST", "/invitations/accept",
                         {"code": invited["code"], "password": INVITEE_PASSWORD})
    assert accepted["person"]["id"] == invited["person_id"]
    assert accepted["person"]["grants"] == [{"role": "grid_worker", "area": GRID},
                                            {"role": "report_reader", "area": COMMUNITY}]
    # a code works once
    assert anyone.call("POST", "/invitations/accept", {
        "code": invited["code"], "password": INVITEE_PASSWORD})[0] == 400

    status, session = sign_in(base, "13700000002", INVITEE_PASSWORD)
    assert status == 200 and session["token_type"] == "Bearer"
    assert session["expires_in"] == 600 and session["refresh_expires_in"] == 14 * 86400
    me = Client(base, session["access_token"]).ok("GET", "/me")
    assert me["login_masked"] == "137****0002" and me["status"] == "active"
    assert me["display_name"] == "李网格"

    renewed = anyone.ok("POST", "/sessions/refresh",
                        {"refresh_token": session["refresh_token"]})
    assert renewed["refresh_token"] != session["refresh_token"]
    assert Client(base, renewed["access_token"]).ok("GET", "/me")["id"] == me["id"]
    # the replaced one is dead, and presenting it again ends the session: the new one too
    assert anyone.call("POST", "/sessions/refresh",
                       {"refresh_token": session["refresh_token"]})[0] == 401
    assert anyone.call("POST", "/sessions/refresh",
                       {"refresh_token": renewed["refresh_token"]})[0] == 401

    status, again = sign_in(base, INVITEE, INVITEE_PASSWORD)
    assert status == 200
    assert anyone.call("POST", "/sessions/revoke",
                       {"refresh_token": again["refresh_token"]})[0] == 204
    assert anyone.call("POST", "/sessions/refresh",
                       {"refresh_token": again["refresh_token"]})[0] == 401

    events = audit_events(accounts_sql, invited["person_id"])
    assert events[:3] == ["granted", "granted", "invited"]
    assert {"invitation_accepted", "password_set", "signed_in", "refresh_reused",
            "signed_out"} <= set(events)
    rows = accounts_sql("select actor, detail::text as detail from account_audit "
                        "where account_id = :id", id=invited["person_id"])
    assert rows[0]["actor"] == city_admin["person_id"]
    assert not any(INVITEE_PASSWORD in r["detail"] or "13700000002" in r["detail"]
                   for r in rows)


def test_a_wrong_login_and_a_wrong_password_are_refused_alike(accounts, city_admin):
    unknown = sign_in(accounts.base_url, "13911112222", ADMIN_PASSWORD)
    wrong = sign_in(accounts.base_url, ADMIN_LOGIN, "not the password")
    assert unknown == wrong == (401, {"error": "login or password is wrong", "errors": {}})


def test_repeated_failures_lock_the_account_until_an_admin_unlocks_it(
        accounts, city_admin, accounts_sql):
    base = accounts.base_url
    invited = grid_worker(accounts, "王网格", "13700000003")
    for _ in range(5):
        assert sign_in(base, "13700000003", "a wrong password")[0] == 401
    status, body = sign_in(base, "13700000003", INVITEE_PASSWORD)
    assert (status, body["error"]) == (403, "this account is locked")
    assert "locked" in audit_events(accounts_sql, invited["person_id"])

    person = f"/people/{invited['person_id']}"
    assert admin(accounts).ok("POST", f"{person}/unlock")["status"] == "active"
    assert sign_in(base, "13700000003", INVITEE_PASSWORD)[0] == 200
    events = audit_events(accounts_sql, invited["person_id"])
    assert events.count("sign_in_failed") == 5
    assert events[-2:] == ["unlocked", "signed_in"]
    unlocked = accounts_sql("select actor from account_audit where event = 'unlocked'")
    assert unlocked == [{"actor": city_admin["person_id"]}]


def test_a_locked_or_disabled_account_answers_alike_whatever_the_password(
        accounts, city_admin, accounts_sql):
    """Review H2: were the password checked first, a right guess (403) would stand out
    from the wrong ones (401) while the account is locked, and the guesser would sign in
    once an admin unlocks it. Locked or disabled, every password gets the same 403 and
    no failure is counted (the lock already holds)."""
    base = accounts.base_url
    invited = grid_worker(accounts, "赵网格", "13700000004")
    person = f"/people/{invited['person_id']}"
    for action, status_name in (("lock", "locked"), ("disable", "disabled")):
        if action == "disable":
            admin(accounts).ok("POST", f"{person}/unlock")
        admin(accounts).ok("POST", f"{person}/{action}")
        right = sign_in(base, "13700000004", INVITEE_PASSWORD)
        wrong = sign_in(base, "13700000004", "a wrong guess")
        assert right == wrong == (403, {"error": f"this account is {status_name}",
                                        "errors": {}})
    assert "sign_in_failed" not in audit_events(accounts_sql, invited["person_id"])
    assert audit_events(accounts_sql, invited["person_id"]).count("sign_in_refused") == 4
