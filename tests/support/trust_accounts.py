"""Services that trust the REAL accounts service, as `make run` and compose start them: AUTH
required and AUTH_JWKS_URL at the running accounts' `/.well-known/jwks.json` (never the
tests' JWKS server of tests/support/tokens.py), so the only tokens they take are those
accounts signed. A test module takes the four services' `<service>_settings` fixtures from
`settings_trusting_accounts()`; accounts itself runs with ACCOUNTS_SETTINGS (cheap argon2,
sign-up limits high enough for a test's few applications from 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.support.http import Client

ACCOUNTS_SETTINGS = {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
                     "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_APPLY_PER_ADDRESS": 100,
                     "ACCOUNTS_APPLY_PER_PHONE": 10}


def trusting(accounts) -> dict:
    """A service's config trusting the running accounts' published keys, and no other."""
    return {"AUTH": "required",
            "AUTH_JWKS_URL": f"{accounts.base_url}/.well-known/jwks.json"}


def settings_trusting_accounts() -> tuple:
    """The registry's, dispatch's, visits' and reporting's settings fixtures, each trusting
    the running accounts (`trusting`), for a test module to override the shared ones with:
    `registry_settings, dispatch_settings, visits_settings, reporting_settings =
    settings_trusting_accounts()` (pytest finds a module's fixtures by the names it binds;
    new fixture objects each call, as pytest wraps a function once)."""
    def trusting_accounts(accounts) -> dict:
        return trusting(accounts)

    def reporting_trusting_accounts(accounts, history_stream) -> dict:
        return {**trusting(accounts), "HISTORY_STREAM": history_stream.stream,
                "REPORT_CUTOFF": "20:00"}

    return (*(pytest.fixture(name=f"{service}_settings")(trusting_accounts)
              for service in ("registry", "dispatch", "visits")),
            pytest.fixture(name="reporting_settings")(reporting_trusting_accounts))


def signed_in(accounts_url: str, login: str, password: str) -> dict:
    """POST /sessions at accounts → its answer (access_token, refresh_token, person)."""
    status, body = Client(accounts_url).call("POST", "/sessions",
                                             {"login": login, "password": password})
    assert status == 200, (login, status, body)
    return body


def first_city_admin(accounts, accounts_db, accounts_tools, *, login: str, password: str,
                     area: str) -> dict:
    """The first city admin of `area`, as `python -m services.accounts.manage create-admin`
    makes one (no account exists yet that could invite them; the area need not be known
    yet), signed in at the running accounts. → {"person_id", "login", "password",
    "session": signed_in's answer}."""
    from services.accounts import clock
    from services.accounts.adapters.models import MESSAGING
    from services.accounts.use_cases.bootstrap import create_admin
    from services.common.outbox import Outbox
    from services.common.unit_of_work import UnitOfWork

    with UnitOfWork.begin(accounts_db, Outbox("accounts", MESSAGING)) as uow:
        made = create_admin(uow, accounts_tools, login=login, display_name="市管理员",
                            area=area, password=password, now=clock.now())
    return {**made, "session": signed_in(accounts.base_url, login, password)}


def rotate_as_the_operator(accounts_config: dict, monkeypatch) -> str:
    """`python -m services.accounts.manage rotate-key` on the running accounts' database
    (no HTTP route rotates the key), then the running service's key ring looks at the table
    again, as it would by itself within a minute. → the new kid."""
    import contextlib
    import io
    import json

    from services.accounts import clock, manage
    from services.accounts.settings import shared_tools

    monkeypatch.setenv("ACCOUNTS_DATABASE_URL", accounts_config["ACCOUNTS_DATABASE_URL"])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert manage.main(["rotate-key"]) == 0
    shared_tools(accounts_config).keys.load(clock.now())
    return json.loads(printed.getvalue())["kid"]
