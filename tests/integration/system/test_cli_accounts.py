"""`wangge` against the real accounts service (in-process, its own database): a city admin
signs in (the password from stdin, never echoed), sees who they are, invites a grid
worker, who accepts with the one-time code and gets a session of their own; an expired
access token is refreshed from the session file; a unit coordinator screens volunteer
sign-ups with the CLI; sign-out revokes the refresh token at accounts and deletes the
file; the other services' commands send the session's token, which visits verifies with
accounts' published keys. Each person has their own config directory, as each has their
own machine."""

from __future__ import annotations

import json
import re
import stat

import pytest
from typer.testing import CliRunner

from services.cli.main import app
from services.cli.session import SessionStore
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD, GRID
from tests.support.http import Client
from tests.support.senders import SENDER, Recording
from tests.support.tokens import token

WORKER_LOGIN, WORKER_PASSWORD = "13700000002", "grid worker password"
COORDINATOR_LOGIN, COORDINATOR_PASSWORD = "13700000011", "coordinator password"
FORM = {"name": "张志愿", "phone": "13600000001", "password": "my volunteer pass",
        "party_member": True, "skills": ["medic"], "weekdays": [5, 6], "halves": ["am"]}


@pytest.fixture
def accounts_settings() -> dict:
    """The fixtures' accounts, with the sign-up's phone codes read from a recording
    sender."""
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_SENDER": SENDER}


def applied(base: str, form: dict) -> str:
    """Sign up for U1 as an applicant does: a code to the phone, then the form with it."""
    anyone = Client(base)
    anyone.ok("POST", "/units/U1/applications/phone-codes", {"phone": form["phone"]},
              status=202)
    code = Recording.codes_for(form["phone"])[-1]
    return anyone.ok("POST", "/units/U1/applications", {**form, "phone_code": code},
                     status=202)["application_id"]


@pytest.fixture
def machines(tmp_path, monkeypatch):
    """wangge(person, *args, stdin=None): the CLI run with that person's config directory
    and nothing in WANGGE_TOKEN."""
    monkeypatch.delenv("WANGGE_TOKEN", raising=False)
    monkeypatch.delenv("ACCOUNTS_URL", raising=False)

    def wangge(person: str, *args: str, stdin: str | None = None, env: dict | None = None):
        env = {"XDG_CONFIG_HOME": str(tmp_path / person), "WANGGE_TOKEN": "", **(env or {})}
        return CliRunner().invoke(app, list(args), env=env, input=stdin)

    wangge.store = lambda person: SessionStore(tmp_path / person / "wangge" / "session.json")
    return wangge


def ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def test_login_whoami_invite_accept_refresh_and_logout(accounts, city_admin, machines):
    base = accounts.base_url
    signed = ok(machines("admin", "login", ADMIN_LOGIN, "--password-stdin", "--url", base,
                         stdin=ADMIN_PASSWORD + "\n"))
    assert "signed in as 市管理员 (city_admin:4401)" in signed
    assert ADMIN_PASSWORD not in signed
    admin_file = machines.store("admin").path
    assert stat.S_IMODE(admin_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(admin_file.parent.stat().st_mode) == 0o700

    # later commands find accounts where the session signed in: no --url
    me = ok(machines("admin", "whoami"))
    assert "市管理员" in me and "139****0001" in me and "grants: city_admin:4401" in me
    assert ADMIN_LOGIN not in me

    invited = ok(machines("admin", "accounts", "invite", "--name", "李网格", "--login",
                          WORKER_LOGIN, "--grant", f"grid_worker:{GRID}"))
    code = re.search(r"one-time code \(shown only now\): (\S+)", invited).group(1)
    listed = ok(machines("admin", "accounts", "list", "--status", "invited"))
    assert "李网格" in listed and "137****0002" in listed and WORKER_LOGIN not in listed
    assert f"grid_worker:{GRID}" in listed

    # the invitee, on their own machine: the code sets their password and signs them in
    accepted = ok(machines("worker", "login", "--invitation", code, "--password-stdin",
                           "--url", base, stdin=WORKER_PASSWORD + "\n"))
    assert f"signed in as 李网格 (grid_worker:{GRID})" in accepted
    assert "grants: " + f"grid_worker:{GRID}" in ok(machines("worker", "whoami"))
    # and the admin's listing sees them active now, one grant with its id
    people = json.loads(ok(machines("admin", "accounts", "list", "--json")))["people"]
    worker = next(p for p in people if p["display_name"] == "李网格")
    assert worker["status"] == "active" and worker["login_masked"] == "137****0002"

    # an access token past its time is refreshed from the session file before it is sent
    store = machines.store("worker")
    before = store.load()
    store.save(before.__class__(**{**before.__dict__, "access_expires_at": 0}))
    ok(machines("worker", "whoami"))
    after = store.load()
    assert after.refresh_token != before.refresh_token
    assert after.access_token != before.access_token and after.access_expires_at > 0
    # the rotated-out refresh token is dead at accounts
    assert Client(base).call("POST", "/sessions/refresh",
                             {"refresh_token": before.refresh_token})[0] == 401

    # logout revokes the session's refresh token and deletes the file
    admin_session = machines.store("admin").load()
    assert "signed out" in ok(machines("admin", "logout"))
    assert not admin_file.exists()
    assert Client(base).call("POST", "/sessions/refresh",
                             {"refresh_token": admin_session.refresh_token})[0] == 401
    refused = machines("admin", "whoami", "--url", base)
    assert refused.exit_code == 1 and "wangge login" in refused.stderr


def test_a_wrong_password_is_one_line_and_keeps_no_session(accounts, city_admin, machines):
    result = machines("admin", "login", ADMIN_LOGIN, "--password-stdin", "--url",
                      accounts.base_url, stdin="not the password\n")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: login or password is wrong"
    assert not machines.store("admin").exists()


def test_a_coordinator_screens_sign_ups_with_the_cli(accounts, city_admin, machines):
    base = accounts.base_url
    ok(machines("admin", "login", ADMIN_LOGIN, "--password-stdin", "--url", base,
                stdin=ADMIN_PASSWORD + "\n"))
    invited = ok(machines("admin", "accounts", "invite", "--name", "单位联络员", "--login",
                          COORDINATOR_LOGIN, "--grant", "unit_coordinator:U1"))
    code = re.search(r"one-time code \(shown only now\): (\S+)", invited).group(1)
    ok(machines("coordinator", "login", "--invitation", code, "--password-stdin", "--url",
                base, stdin=COORDINATOR_PASSWORD + "\n"))

    first = applied(base, FORM)
    second = applied(base, {**FORM, "name": "赵拒绝", "phone": "13600000002"})

    # without --unit: the one unit the caller coordinates
    listed = ok(machines("coordinator", "volunteers", "applications"))
    assert first in listed and second in listed and "2 of 2 application(s) for unit U1" \
        in listed
    assert "13600000001" not in listed and "136****0001" in listed

    refused = machines("coordinator", "volunteers", "applications", "--reject", second)
    assert refused.exit_code == 2 and "--reason is needed" in refused.stderr
    decided = ok(machines("coordinator", "volunteers", "applications", "--approve", first,
                          "--reject", second, "--reason", "名额已满"))
    assert f"{first}: approved → volunteer A-" in decided
    assert f"{second}: rejected" in decided and "1 approved, 1 rejected" in decided
    assert "no pending applications for unit U1" in ok(
        machines("coordinator", "volunteers", "applications"))
    # the approved volunteer signs in with the password of the form
    volunteer = ok(machines("volunteer", "login", FORM["phone"], "--password-stdin",
                            "--url", base, stdin=FORM["password"] + "\n"))
    assert "volunteer:U1:A-" in volunteer


@pytest.fixture
def visits_settings(accounts) -> dict:
    """Visits trusting accounts' keys, as `make run` starts it."""
    return {"AUTH": "required", "AUTH_JWKS_URL": f"{accounts.base_url}/.well-known/jwks.json"}


def test_the_other_commands_run_as_the_signed_in_person(accounts, city_admin, visits,
                                                        machines):
    ok(machines("admin", "login", ADMIN_LOGIN, "--password-stdin", "--url", accounts.base_url,
                stdin=ADMIN_PASSWORD + "\n"))
    at_visits = {"VISITS_URL": visits.base_url}
    ok(machines("admin", "visits", "campaign", "list", env=at_visits))

    # a token accounts did not sign is refused by visits: a 401, and the session refreshed
    # once, its new token sent again
    store = machines.store("admin")
    kept = store.load()
    foreign = token("city_admin", "not-accounts-key", area="4401")
    store.save(kept.__class__(**{**kept.__dict__, "access_token": foreign}))
    ok(machines("admin", "visits", "campaign", "list", env=at_visits))
    renewed = store.load()
    assert renewed.access_token not in (foreign, kept.access_token)
    assert renewed.refresh_token != kept.refresh_token

    # WANGGE_TOKEN wins over the session, and is sent as given: no refresh rescues it
    refused = machines("admin", "visits", "campaign", "list",
                       env={**at_visits, "WANGGE_TOKEN": foreign})
    assert refused.exit_code == 1 and "not allowed" in refused.stderr
    assert store.load() == renewed
