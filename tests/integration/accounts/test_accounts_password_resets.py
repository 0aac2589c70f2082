"""Password reset on the real servers, the code read from a recording sender named in
the service's settings: ask (202 whatever the login) → confirm with the code → the new
password signs in, the old one and every earlier session are dead; wrong codes are
counted and end the code, a used or replaced code is refused; every step is audited."""

from __future__ import annotations

import pytest

from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.http import Client
from tests.support.senders import SENDER, Recording

NEW_PASSWORD = "a brand new password"


@pytest.fixture
def accounts_settings() -> dict:
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_SENDER": SENDER}


@pytest.fixture(autouse=True)
def sent():
    Recording.sent.clear()
    yield Recording
    Recording.sent.clear()


def sign_in(base: str, password: str):
    return Client(base).call("POST", "/sessions", {"login": ADMIN_LOGIN, "password": password})


def test_reset_by_code_sets_the_password_and_ends_every_session(accounts, city_admin,
                                                               accounts_sql, sent):
    base, anyone = accounts.base_url, Client(accounts.base_url)
    status, before = sign_in(base, ADMIN_PASSWORD)
    assert status == 200

    # no enumeration: a stranger's login and a malformed one answer alike, and send nothing
    for login in ("13700009999", "not a login", "+86 139-0000-0001"):
        status, body = anyone.call("POST", "/password-resets", {"login": login})
        assert status == 202, body
    assert [(to, purpose) for to, purpose, _ in sent.sent] == [(ADMIN_LOGIN,
                                                               "password_reset")]
    code = sent.codes_for(ADMIN_LOGIN)[-1]
    assert len(code) >= 6 and code.isdigit()
    assert accounts_sql("select count(*) as n from password_resets where code_hash = :c",
                        c=code)[0]["n"] == 0

    confirm = {"login": ADMIN_LOGIN, "code": code, "new_password": NEW_PASSWORD}
    status, body = anyone.call("POST", "/password-resets/confirm",
                               {**confirm, "new_password": "12345678"})
    assert status == 400 and set(body["errors"]) == {"new_password"}
    status, body = anyone.call("POST", "/password-resets/confirm",
                               {**confirm, "code": "00000000" if code != "00000000"
                                else "11111111"})
    assert status == 400 and set(body["errors"]) == {"code"}
    assert anyone.call("POST", "/password-resets/confirm", confirm)[0] == 204

    assert sign_in(base, ADMIN_PASSWORD)[0] == 401
    assert sign_in(base, NEW_PASSWORD)[0] == 200
    assert anyone.call("POST", "/sessions/refresh",
                       {"refresh_token": before["refresh_token"]})[0] == 401
    # a code works once
    assert anyone.call("POST", "/password-resets/confirm",
                       {**confirm, "new_password": "yet another one"})[0] == 400
    events = [row["event"] for row in accounts_sql(
        "select event from account_audit where account_id = :id order by id",
        id=city_admin["person_id"])]
    assert events.count("password_reset_requested") == 1
    assert "password_reset_failed" in events and "password_reset" in events
    details = accounts_sql("select detail::text as d from account_audit")
    assert not any(code in row["d"] or NEW_PASSWORD in row["d"] for row in details)


def test_five_wrong_codes_end_a_code_and_a_new_code_replaces_the_old(accounts, city_admin,
                                                                    sent):
    anyone = Client(accounts.base_url)
    anyone.ok("POST", "/password-resets", {"login": ADMIN_LOGIN}, status=202)
    first = sent.codes_for(ADMIN_LOGIN)[-1]
    anyone.ok("POST", "/password-resets", {"login": ADMIN_LOGIN}, status=202)
    second = sent.codes_for(ADMIN_LOGIN)[-1]
    confirm = {"login": ADMIN_LOGIN, "new_password": NEW_PASSWORD}
    if first != second:
        assert anyone.call("POST", "/password-resets/confirm",
                           {**confirm, "code": first})[0] == 400     # replaced
    wrong = "99999999" if second != "99999999" else "88888888"
    for _ in range(5):
        assert anyone.call("POST", "/password-resets/confirm",
                           {**confirm, "code": wrong})[0] == 400
    # the right code now comes too late
    assert anyone.call("POST", "/password-resets/confirm",
                       {**confirm, "code": second})[0] == 400
    assert sign_in(accounts.base_url, ADMIN_PASSWORD)[0] == 200
    # a third code is sent, a fourth within the hour is not (the answer is the same)
    for _ in range(2):
        anyone.ok("POST", "/password-resets", {"login": ADMIN_LOGIN}, status=202)
    assert len(sent.codes_for(ADMIN_LOGIN)) == 3
    anyone.ok("POST", "/password-resets/confirm",
              {**confirm, "code": sent.codes_for(ADMIN_LOGIN)[-1]}, status=204)
    assert sign_in(accounts.base_url, NEW_PASSWORD)[0] == 200
