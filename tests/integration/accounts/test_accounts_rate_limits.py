"""Failed sign-ins are rate-limited per client address and per login in a sliding window:
past the limit the answer is 429 with Retry-After, and the password is not even checked.
Behind the gateway the client is the address its X-Forwarded-For names; a client
connecting directly cannot choose its address with the header."""

from __future__ import annotations

import pytest

from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.http import Client


@pytest.fixture
def accounts_settings() -> dict:
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_RATE_PER_ADDRESS": 3,
            "ACCOUNTS_RATE_PER_LOGIN": 4, "ACCOUNTS_LOCK_AFTER": 10,
            "ACCOUNTS_RATE_WINDOW_S": 120}


def attempt(base: str, login: str, password: str, address: str):
    client = Client(base)
    status, body = client.call("POST", "/sessions", {"login": login, "password": password},
                               headers={"X-Forwarded-For": address})
    return status, client.last_headers.get("Retry-After")


def test_one_address_past_its_limit_waits(accounts, city_admin, accounts_sql):
    base = accounts.base_url
    for n in range(3):
        assert attempt(base, f"1370000{n:04d}", "wrong", "203.0.113.9")[0] == 401
    # even the right password: the window is used up for this address
    status, wait = attempt(base, ADMIN_LOGIN, ADMIN_PASSWORD, "203.0.113.9")
    assert status == 429 and 1 <= int(wait) <= 120
    # another address is not held up
    assert attempt(base, ADMIN_LOGIN, ADMIN_PASSWORD, "203.0.113.10")[0] == 200
    throttled = accounts_sql("select detail->>'retry_after' as wait from account_audit "
                             "where event = 'sign_in_throttled'")
    assert len(throttled) == 1


def test_one_login_past_its_limit_waits_whatever_the_address(accounts, city_admin):
    base = accounts.base_url
    for n in range(4):
        assert attempt(base, ADMIN_LOGIN, "wrong", f"198.51.100.{n}")[0] == 401
    status, wait = attempt(base, ADMIN_LOGIN, ADMIN_PASSWORD, "198.51.100.200")
    assert status == 429 and int(wait) >= 1


def test_failures_no_window_counts_are_forgotten(accounts, city_admin, accounts_db,
                                                 accounts_tools, accounts_sql):
    from datetime import timedelta

    from services.accounts import clock
    from services.accounts.use_cases.housekeeping import forget_old

    assert attempt(accounts.base_url, ADMIN_LOGIN, "wrong", "192.0.2.1")[0] == 401
    assert forget_old(accounts_db, accounts_tools.policy, clock.now()) == 0
    later = clock.now() + timedelta(seconds=accounts_tools.policy.throttle.lock_window_s + 1)
    assert forget_old(accounts_db, accounts_tools.policy, later) == 1
    assert accounts_sql("select count(*) as n from sign_in_failures") == [{"n": 0}]


def test_a_wrong_current_password_counts_like_a_failed_sign_in(accounts, city_admin,
                                                             accounts_sql):
    """Review L5: with a stolen access token, POST /me/password must not be a way to
    guess the password faster than signing in would."""
    base = accounts.base_url
    session = Client(base).ok("POST", "/sessions", {"login": ADMIN_LOGIN,
                                                    "password": ADMIN_PASSWORD})
    me = Client(base, session["access_token"])
    for n in range(4):
        status, body = me.call("POST", "/me/password", {"current_password": f"guess {n}",
                                                        "new_password": "a new password"})
        assert status == 400 and "current_password" in body["errors"]
    status, _ = me.call("POST", "/me/password", {"current_password": ADMIN_PASSWORD,
                                                 "new_password": "a new password"})
    assert status == 429 and int(me.last_headers["Retry-After"]) >= 1
    # the same window as signing in: that login waits too
    assert attempt(base, ADMIN_LOGIN, ADMIN_PASSWORD, "192.0.2.50")[0] == 429
    assert accounts_sql("select count(*) as n from account_audit "
                        "where event = 'password_change_failed'") == [{"n": 4}]
