"""Browser sessions on the real servers (services/accounts/entrypoints/browser.py): signing
in with `X-Session-Transport: cookie` puts the refresh token in an httpOnly cookie and a
CSRF token in a readable one; refresh and sign-out read the cookie only with the matching
X-CSRF-Token and a same-site Origin, and a refusal leaves the session as it was; refresh
rotates both cookies, a reused refresh cookie ends the session, sign-out clears them. JSON
clients are unchanged. And accounts.grant_changed as grants are given and revoked."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from tests.support.amqp import OutsideClient
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD, COMMUNITY, GRID
from tests.support.http import Client
from tests.support.published import Published

COOKIE = {"X-Session-Transport": "cookie"}
GATEWAY = {"X-Forwarded-Prefix": "/accounts"}
# what Chromium sends with a fetch from the app's own page
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
ACCOUNTS = Published("accounts")


def set_cookies(client: Client) -> dict[str, dict]:
    """The last answer's Set-Cookie headers: name → {"value", attribute: value or True}."""
    found = {}
    for header in client.last_headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            attrs = {k.lower(): v for k, v in morsel.items() if v}
            lowered = header.lower()
            # SimpleCookie reads flags without values only when spelled its way
            attrs["httponly"] = "httponly" in lowered
            attrs["secure"] = "; secure" in lowered
            found[name] = {"value": morsel.value, **attrs}
    return found


class Browser:
    """What a browser sends: the cookies it was given (as it would, by name), an Origin,
    and the headers the web app adds. Only the tests' own view of cookies: the server sees
    a Cookie header like any browser's."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.client = Client(base)
        self.cookies: dict[str, str] = {}
        self.origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"

    def post(self, path: str, body: dict, *, csrf: str | None = "cookie",
             origin: str | None = "own", extra: dict | None = None,
             cookies: dict | None = None):
        jar = self.cookies if cookies is None else cookies
        headers = {**COOKIE, **GATEWAY, **SAME_ORIGIN, **(extra or {})}
        headers = {k: v for k, v in headers.items() if v is not None}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if csrf == "cookie":
            headers["X-CSRF-Token"] = jar.get("wg_csrf", "")
        elif csrf is not None:
            headers["X-CSRF-Token"] = csrf
        if origin == "own":
            headers["Origin"] = self.origin
        elif origin is not None:
            headers["Origin"] = origin
        status, answer = self.client.call("POST", path, body, headers=headers)
        given = set_cookies(self.client)
        for name, cookie in given.items():
            if cookie.get("max-age") == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie["value"]
        return status, answer, given


def signed_in_browser(base: str) -> tuple[Browser, dict]:
    browser = Browser(base)
    status, answer, _ = browser.post("/sessions", {"login": ADMIN_LOGIN,
                                                   "password": ADMIN_PASSWORD},
                                     csrf=None)
    assert status == 200, answer
    return browser, answer


def test_sign_in_by_cookie_sets_both_cookies_and_no_refresh_token(accounts, city_admin):
    browser = Browser(accounts.base_url)
    status, answer, given = browser.post("/sessions", {"login": ADMIN_LOGIN,
                                                       "password": ADMIN_PASSWORD}, csrf=None)
    assert status == 200, answer
    assert "refresh_token" not in answer and answer["access_token"]
    assert answer["person"]["id"] == city_admin["person_id"]
    refresh, csrf = given["wg_refresh"], given["wg_csrf"]
    assert refresh["httponly"] and refresh["secure"] and refresh["samesite"] == "Strict"
    assert refresh["path"] == "/accounts/sessions"
    assert refresh["max-age"] == str(answer["refresh_expires_in"]) == str(14 * 86400)
    assert not csrf["httponly"] and csrf["secure"] and csrf["samesite"] == "Strict"
    assert csrf["path"] == "/" and csrf["max-age"] == refresh["max-age"]
    assert len(csrf["value"]) >= 43 and len(refresh["value"]) >= 43   # 32 random bytes
    assert browser.client.last_headers["Cache-Control"] == "no-store"


def test_without_the_gateway_the_cookie_path_is_the_services_own(accounts, city_admin):
    client = Client(accounts.base_url)
    client.call("POST", "/sessions", {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD},
                headers=COOKIE)
    assert set_cookies(client)["wg_refresh"]["path"] == "/sessions"
    # a prefix that is no path is not copied into the cookie
    client.call("POST", "/sessions", {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD},
                headers={**COOKIE, "X-Forwarded-Prefix": "/x; Domain=evil.example"})
    assert set_cookies(client)["wg_refresh"]["path"] == "/sessions"


def test_refresh_with_the_cookie_and_csrf_rotates_both(accounts, city_admin):
    browser, _ = signed_in_browser(accounts.base_url)
    before = dict(browser.cookies)
    status, answer, given = browser.post("/sessions/refresh", {})
    assert status == 200, answer
    assert "refresh_token" not in answer and answer["access_token"]
    assert given["wg_refresh"]["httponly"] and given["wg_refresh"]["path"] == "/accounts/sessions"
    assert browser.cookies["wg_refresh"] != before["wg_refresh"]
    assert browser.cookies["wg_csrf"] != before["wg_csrf"]
    # the new access token works
    assert Client(accounts.base_url, answer["access_token"]).ok("GET", "/me")["id"] == \
        city_admin["person_id"]
    # and the rotated pair refreshes again
    assert browser.post("/sessions/refresh", {})[0] == 200


def test_missing_or_wrong_csrf_is_refused_and_the_session_untouched(accounts, city_admin,
                                                                    accounts_sql):
    browser, _ = signed_in_browser(accounts.base_url)
    for csrf in (None, "", "wrong-token", browser.cookies["wg_csrf"] + "x"):
        status, refused, given = browser.post("/sessions/refresh", {}, csrf=csrf)
        assert status == 403, (csrf, refused)
        assert "X-CSRF-Token" in refused["errors"] and given == {}
    # the right header with the wg_csrf cookie gone: refused alike
    status, refused, _ = browser.post(
        "/sessions/refresh", {}, csrf=browser.cookies["wg_csrf"],
        cookies={"wg_refresh": browser.cookies["wg_refresh"]})
    assert status == 403 and "X-CSRF-Token" in refused["errors"]
    # nothing was used up: no token replaced, the session open, the cookie still good
    assert accounts_sql("select count(*) as n from refresh_tokens "
                        "where replaced_at is not null")[0]["n"] == 0
    assert accounts_sql("select count(*) as n from sessions "
                        "where revoked_at is not null")[0]["n"] == 0
    assert browser.post("/sessions/refresh", {})[0] == 200


def test_a_request_from_another_site_is_refused(accounts, city_admin):
    browser, _ = signed_in_browser(accounts.base_url)
    direct = {"X-Forwarded-Prefix": None}           # called without the gateway

    def refused_by(header, **how):
        status, refused, given = browser.post("/sessions/refresh", {}, **how)
        assert status == 403 and header in refused["errors"], (how, refused)
        assert given == {}

    # the browser says so itself (no script can set Sec-Fetch-Site)
    for site in ("cross-site", "same-site", "none"):
        refused_by("Sec-Fetch-Site", extra={"Sec-Fetch-Site": site})
    # directly, the Origin must name the Host the browser addressed
    for origin in ("https://evil.example", "null", browser.origin.replace("127.0.0.1",
                                                                          "localhost")):
        refused_by("Origin", origin=origin, extra=direct)
    assert browser.post("/sessions/refresh", {}, extra=direct)[0] == 200
    # behind a proxy that names the host (X-Forwarded-Host), that host's
    forwarded = {"X-Forwarded-Host": "wangge.example"}
    refused_by("Origin", origin="https://evil.example", extra=forwarded)
    assert browser.post("/sessions/refresh", {}, origin="https://wangge.example",
                        extra=forwarded)[0] == 200
    # behind a proxy that does not, an Origin passes only with Sec-Fetch-Site vouching
    refused_by("Origin", extra={"Sec-Fetch-Site": None})
    assert browser.post("/sessions/refresh", {})[0] == 200
    # no Origin at all (no browser sends none on a POST; a script outside one may):
    # the CSRF token is the check
    assert browser.post("/sessions/refresh", {}, origin=None,
                        extra={"Sec-Fetch-Site": None})[0] == 200
    assert browser.post("/sessions/refresh", {}, origin=None, csrf="wrong",
                        extra={"Sec-Fetch-Site": None})[0] == 403


def test_a_reused_refresh_cookie_ends_the_session(accounts, city_admin, accounts_sql):
    browser, _ = signed_in_browser(accounts.base_url)
    stolen = dict(browser.cookies)          # a copy of both cookies, taken before refresh
    assert browser.post("/sessions/refresh", {})[0] == 200
    status, _, given = browser.post("/sessions/refresh", {}, cookies=stolen)
    assert status == 401
    # the refused browser is told to forget its cookies
    assert given["wg_refresh"]["max-age"] == "0" and given["wg_csrf"]["max-age"] == "0"
    # the rightful holder's newer cookie is dead too: the whole session ended
    assert browser.post("/sessions/refresh", {})[0] == 401
    assert [r["revoked_reason"] for r in accounts_sql(
        "select revoked_reason from sessions")] == ["refresh_reused"]


def test_sign_out_clears_both_cookies_and_ends_the_session(accounts, city_admin):
    browser, _ = signed_in_browser(accounts.base_url)
    kept = dict(browser.cookies)
    # without the CSRF token: refused, nothing ended
    status, refused, given = browser.post("/sessions/revoke", {}, csrf=None)
    assert status == 403 and "X-CSRF-Token" in refused["errors"] and given == {}
    status, _, given = browser.post("/sessions/revoke", {})
    assert status == 204
    for name, path in (("wg_refresh", "/accounts/sessions"), ("wg_csrf", "/")):
        assert given[name]["max-age"] == "0" and given[name]["value"] == ""
        assert given[name]["path"] == path
    assert browser.cookies == {}
    assert browser.post("/sessions/refresh", {}, cookies=kept)[0] == 401
    # a browser with no session cookie left: nothing to refresh, sign-out is a no-op
    assert browser.post("/sessions/refresh", {})[0] == 401
    assert browser.post("/sessions/revoke", {})[0] == 204


def test_json_clients_are_unchanged(accounts, city_admin, accounts_sql):
    client = Client(accounts.base_url)
    signed = client.ok("POST", "/sessions", {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})
    assert signed["refresh_token"] and not client.last_headers.get_all("Set-Cookie")
    renewed = client.ok("POST", "/sessions/refresh", {"refresh_token": signed["refresh_token"]})
    assert renewed["refresh_token"] != signed["refresh_token"]
    assert not client.last_headers.get_all("Set-Cookie")
    # no token at all: nothing to refresh, nothing to end; no cookie set
    status, refused = client.call("POST", "/sessions/refresh", {})
    assert status == 401 and "refresh_token" in refused["error"]
    assert client.call("POST", "/sessions/revoke", {})[0] == 204
    assert not client.last_headers.get_all("Set-Cookie")
    for path in ("/sessions/refresh", "/sessions/revoke"):   # the body is required
        status, refused = client.call("POST", path, raw=b"")
        assert status == 400 and "_body" in refused["errors"], refused
    for path, body in (("/sessions", {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD}),
                       ("/sessions/refresh", {"refresh_token": renewed["refresh_token"]})):
        status, refused = client.call("POST", path, body,
                                      headers={"X-Session-Transport": "json"})
        assert status == 400 and "X-Session-Transport" in refused["errors"], refused
    # refused before anything was done: no session opened by the refused sign-in
    assert accounts_sql("select count(*) as n from sessions")[0]["n"] == 1
    assert client.status("POST", "/sessions/revoke",
                         {"refresh_token": renewed["refresh_token"]}) == 204
    assert client.status("POST", "/sessions/refresh",
                         {"refresh_token": renewed["refresh_token"]}) == 401
    # the body's token wins over a cookie, with no CSRF needed: it proves the caller
    browser, _ = signed_in_browser(accounts.base_url)
    again = client.ok("POST", "/sessions", {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})
    status, answer, given = browser.post("/sessions/refresh",
                                         {"refresh_token": again["refresh_token"]}, csrf=None)
    assert status == 200 and answer["refresh_token"] and given == {}


def test_accepting_an_invitation_by_cookie(accounts, city_admin):
    admin = Client(accounts.base_url, Client(accounts.base_url).ok(
        "POST", "/sessions", {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})["access_token"])
    made = admin.ok("POST", "/invitations", {
        "display_name": "周网格", "login": "13700000031",
        "grants": [{"role": "grid_worker", "area": GRID}]}, status=201)
    browser = Browser(accounts.base_url)
    status, answer, given = browser.post("/invitations/accept", {
        "code": made["code"], "password": "a good password"}, csrf=None)
    assert status == 200 and "refresh_token" not in answer
    assert given["wg_refresh"]["httponly"] and "wg_csrf" in given
    assert browser.post("/sessions/refresh", {})[0] == 200


def test_grant_changed_on_acceptance_grant_and_revocation(accounts, city_admin, amqp_uri,
                                                          accounts_sql):
    outside = OutsideClient(amqp_uri)
    try:
        outside.listen("accounts.events", "grant_changed")
        base = accounts.base_url
        admin = Client(base, Client(base).ok("POST", "/sessions", {
            "login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})["access_token"])
        admin_id = city_admin["person_id"]
        made = admin.ok("POST", "/invitations", {
            "display_name": "王小明", "login": "13700000032",
            "grants": [{"role": "grid_worker", "area": GRID}]}, status=201)
        person = made["person_id"]

        def of_person(messages):
            return [m["data"] for m in ACCOUNTS.of_type(messages, "grant_changed")
                    if m["data"]["person_id"] == person]

        # invited: the grant is not usable yet, nothing told
        assert not [r for r in accounts_sql("select body from outbox where type = "
                                            "'accounts.grant_changed'")
                    if person in str(r["body"])]
        Client(base).ok("POST", "/invitations/accept", {"code": made["code"],
                                                        "password": "a good password"})
        seen = outside.wait_for("accounts.events", lambda ms: len(of_person(ms)) >= 1)
        grid_grant = of_person(seen)[0]
        assert grid_grant == {
            "person_id": person, "grant_id": grid_grant["grant_id"], "role": "grid_worker",
            "area": GRID, "unit": None, "department": None, "volunteer": None,
            "change": "given", "display_name_masked": "王*明", "by": admin_id}

        added = admin.ok("POST", f"/people/{person}/grants",
                         {"role": "report_reader", "area": COMMUNITY}, status=201)
        handler = admin.ok("POST", f"/people/{person}/grants",
                           {"role": "request_handler", "unit": "4401:housing"}, status=201)
        assert admin.call("DELETE", f"/people/{person}/grants/{added['id']}")[0] == 204
        seen = outside.wait_for("accounts.events", lambda ms: len(of_person(ms)) >= 4,
                                seen=seen)
        changes = [(d["grant_id"], d["role"], d["change"], d["by"]) for d in of_person(seen)]
        assert changes == [
            (grid_grant["grant_id"], "grid_worker", "given", admin_id),
            (added["id"], "report_reader", "given", admin_id),
            (handler["id"], "request_handler", "given", admin_id),
            (added["id"], "report_reader", "revoked", admin_id)]
        department = of_person(seen)[2]
        assert (department["unit"], department["department"]) == (None, "4401:housing")
        # no login or phone anywhere in them
        assert not any("13700000032" in str(d) or "王小明" in str(d) for d in of_person(seen))
        # the operator's admin was told too, given by nobody's account
        admin_given = [m["data"] for m in ACCOUNTS.of_type(seen, "grant_changed")
                       if m["data"]["person_id"] == admin_id]
        if not admin_given:      # published before the queue was bound: in the outbox
            admin_given = [json.loads(r["body"])["data"] for r in accounts_sql(
                "select body from outbox where type = 'accounts.grant_changed'")
                if json.loads(r["body"])["data"]["person_id"] == admin_id]
        assert [(d["role"], d["area"], d["by"]) for d in admin_given] == \
            [("city_admin", "4401", None)]
    finally:
        outside.close()
