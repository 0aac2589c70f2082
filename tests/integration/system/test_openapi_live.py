"""schemathesis over the five published OpenAPI documents, against the five services
running in-process on the real broker and databases with access control on (finding 18
of issue 11): every check of schemathesis must pass, so a document that says more or less
than the service does fails `make test`.

The services run with a city admin's token for the `bearer` scheme the documents declare:
one signed by the tests' key for the four that trust it, and for accounts (which verifies
only the tokens it signed itself) one it gave its first city admin at sign-in.
Every check is on (schemathesis's default; tests/integration/system/schemathesis.toml lists the
few exceptions and why). Examples per operation are bounded (SCHEMATHESIS_MAX_EXAMPLES) so
the whole run stays a few minutes; a fixed seed makes a failure reproducible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from services.common.migrate import upgrade
from services.common.openapi import DOC_DIR
from tests.support import tokens
from tests.support.http import Client
from tests.support.servers import NAMESPACE, PG_BASE, VHOST, running, service_config

KEY = "schemathesis-test-token-key-0123456789"
CITY = "4401"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "11"))
SERVICES = ("registry", "dispatch", "visits", "reporting", "accounts")
# accounts verifies its own tokens with its own keys; cheap hashes as in its fixtures, and
# the admin's token outlives a slow run
ACCOUNTS = {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_ACCESS_TTL_S": 3600}
ADMIN_LOGIN, ADMIN_PASSWORD = "13900000001", "schemathesis admin password"
CONFIG = Path(__file__).with_name("schemathesis.toml")
ROOT = Path(__file__).resolve().parents[3]


def _database(service: str) -> str:
    """A database of this module's own, so the services' answers do not depend on what
    other tests left, and other tests' databases are never dropped under them."""
    name = f"{NAMESPACE}_contract_{service}"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{name}" with (force)'))
    admin.dispose()
    upgrade(service, f"{PG_BASE}/{name}")
    return f"{PG_BASE}/{name}"


def _queues() -> set[str]:
    out = subprocess.run([shutil.which("rabbitmqctl"), "list_queues", "-q", "-p", VHOST,
                          "name"], capture_output=True, text=True, check=True).stdout
    return {line.strip() for line in out.splitlines() if line.strip()} - {"name"}


def _service_class(service: str):
    from importlib import import_module

    module = import_module(f"services.{service}.entrypoints.service")
    return next(v for k, v in vars(module).items()
                if k.endswith("Service") and getattr(v, "name", None) == service)


@pytest.fixture(scope="module")
def live(amqp_uri):
    """The five services with AUTH required; their queues are deleted afterwards (bound
    to the exchanges, they would make events routable in tests that expect otherwise)."""
    before = _queues()
    runners, started = {}, []
    try:
        for service in SERVICES:
            trust = ACCOUNTS if service == "accounts" else tokens.auth_settings(KEY)
            config = {**service_config(service, amqp_uri, _database(service)),
                      **trust, "max_workers": 4}
            gen = running(_service_class(service), config)
            runners[service] = next(gen)
            started.append(gen)
        yield {name: runner.base_url for name, runner in runners.items()}
    finally:
        for gen in reversed(started):
            next(gen, None)
        for queue in _queues() - before:
            subprocess.run([shutil.which("rabbitmqctl"), "delete_queue", "-p", VHOST, queue],
                           capture_output=True)


@pytest.fixture(scope="module")
def token() -> str:
    return tokens.token("city_admin", KEY, subject="schemathesis", area=CITY, ttl_s=3600)


@pytest.fixture(scope="module")
def accounts_token(live) -> str:
    """The first city admin, made as `python -m services.accounts.manage create-admin`
    makes one, signed in at accounts: its token is the only kind accounts takes."""
    from services.accounts import clock
    from services.accounts.adapters.models import MESSAGING
    from services.accounts.settings import tools
    from services.accounts.use_cases.bootstrap import create_admin
    from services.common.db import Database
    from services.common.outbox import Outbox
    from services.common.unit_of_work import UnitOfWork

    url = f"{PG_BASE}/{NAMESPACE}_contract_accounts"
    db = Database(url, pool_size=1)
    try:
        with UnitOfWork.begin(db, Outbox("accounts", MESSAGING)) as uow:
            create_admin(uow, tools({**ACCOUNTS, "ACCOUNTS_DATABASE_URL": url}, db),
                         login=ADMIN_LOGIN, display_name="市管理员", area=CITY,
                         password=ADMIN_PASSWORD, now=clock.now())
    finally:
        db.dispose()
    return Client(live["accounts"]).ok("POST", "/sessions", {
        "login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})["access_token"]


def test_the_services_answer_an_oversize_body_with_413_unread(live, token, monkeypatch):
    monkeypatch.setenv("HTTP_MAX_BODY_BYTES", "1000")
    client = Client(live["registry"], token)
    status, _ = client.call("POST", "/areas", raw=b"{" + b" " * 2000 + b"}")
    assert status == 413
    body = client.bodies[-1]
    assert '"errors": {"_body"' in body and "1000" in body


@pytest.mark.parametrize("service", SERVICES)
def test_schemathesis_finds_nothing(live, token, service, tmp_path, request):
    if service == "accounts":
        token = request.getfixturevalue("accounts_token")
    command = [sys.executable, "-m", "tests.integration.system.schemathesis_cli", "--config-file",
               str(CONFIG), "run", str(DOC_DIR / f"{service}.json"),
               "--url", live[service],
               "-H", f"Authorization: Bearer {token}",
               "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "2",
               "--request-timeout", "60", "--suppress-health-check", "all",
               "--report", "junit", "--report-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=ROOT,
                          env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""})
    assert done.returncode == 0, (
        f"schemathesis found problems in docs/openapi/{service}.json against the live "
        f"service (re-run: st {' '.join(command[3:7])} --url … --seed {SEED}):\n"
        + done.stdout[-20000:] + done.stderr[-3000:])
