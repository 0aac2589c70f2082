"""The operator's tool: the first city admin of a deployment, made with the database's
credentials, signs in over HTTP; a key rotated from the tool is the one the service signs
with after its next look at the table."""

from __future__ import annotations

import json

import jwt

from services.accounts import manage
from tests.support.http import Client


def run(monkeypatch, capsys, url: str, *args: str) -> tuple[int, dict | str]:
    monkeypatch.setenv("ACCOUNTS_DATABASE_URL", url)
    code = manage.main(list(args))
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else err


def test_create_admin_then_sign_in(accounts, clean_accounts_db, monkeypatch, capsys,
                                   tmp_path, accounts_sql):
    secret = tmp_path / "password"
    secret.write_text("operator chosen password\n")
    code, made = run(monkeypatch, capsys, clean_accounts_db, "create-admin", "--login",
                     "+86 139 0000 0077", "--name", "市管理员", "--area", "4401",
                     "--password-file", str(secret))
    assert code == 0 and made["login"] == "13900000077"
    assert made["password"] == "operator chosen password"
    session = Client(accounts.base_url).ok("POST", "/sessions", {
        "login": "13900000077", "password": "operator chosen password"})
    assert session["person"]["grants"] == [{"role": "city_admin", "area": "4401"}]
    # again: the login is taken
    code, err = run(monkeypatch, capsys, clean_accounts_db, "create-admin", "--login",
                    "13900000077", "--name", "x", "--area", "4401")
    assert code == 2 and "exists" in err
    code, err = run(monkeypatch, capsys, clean_accounts_db, "create-admin", "--login",
                    "13900000078", "--name", "x", "--area", "4401", "--role", "volunteer")
    assert code == 2 and "area-scoped" in err

    code, rotated = run(monkeypatch, capsys, clean_accounts_db, "rotate-key")
    assert code == 0
    kids = [r["kid"] for r in accounts_sql("select kid from signing_keys "
                                           "where retires_at is null")]
    assert kids == [rotated["kid"]]
    # the old token still verifies at accounts (its key is published until it expires)
    me = Client(accounts.base_url, session["access_token"]).ok("GET", "/me")
    assert me["id"] == made["person_id"]
    assert jwt.get_unverified_header(session["access_token"])["kid"] != rotated["kid"]


def test_set_password_lets_the_owner_back_in_and_ends_their_sessions(
        accounts, clean_accounts_db, monkeypatch, capsys, accounts_sql):
    code, made = run(monkeypatch, capsys, clean_accounts_db, "create-admin", "--login",
                     "13900000079", "--name", "市管理员", "--area", "4401")
    assert code == 0
    client = Client(accounts.base_url)
    old = client.ok("POST", "/sessions", {"login": "13900000079",
                                          "password": made["password"]})
    code, reset = run(monkeypatch, capsys, clean_accounts_db, "set-password", "--login",
                      "13900000079")
    assert code == 0 and reset["person_id"] == made["person_id"]
    assert reset["password"] != made["password"]
    assert client.status("POST", "/sessions", {"login": "13900000079",
                                               "password": made["password"]}) == 401
    client.ok("POST", "/sessions", {"login": "13900000079", "password": reset["password"]})
    # the session opened with the old password is over: its refresh token is refused
    assert client.status("POST", "/sessions/refresh",
                         {"refresh_token": old["refresh_token"]}) == 401
    events = [r["event"] for r in accounts_sql(
        "select event from account_audit where account_id = :id order by at",
        id=made["person_id"])]
    assert "password_set" in events
    code, err = run(monkeypatch, capsys, clean_accounts_db, "set-password", "--login",
                    "13900000070")
    assert code == 2 and "no account" in err
