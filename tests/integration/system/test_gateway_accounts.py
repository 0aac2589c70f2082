"""Accounts behind the gateway, as `make run` and compose serve it: the keys every service
verifies with and a sign-in go through `/accounts`, and the failed sign-ins accounts counts
per client address are counted by the address the gateway saw, whatever X-Forwarded-For
a client sends itself (the gateway is accounts' trusted proxy, 127.0.0.1 by default).

The clients connect from other loopback addresses (127.0.0.2, 127.0.0.3) so that they
are told apart from the gateway."""

from __future__ import annotations

import http.client
import json
import threading

import pytest

from services.gateway.proxy import serve
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.servers import free_port

PER_ADDRESS = 3


@pytest.fixture
def accounts_settings() -> dict:
    # cheap hashes as in tests/support/fixtures/accounts.py; a small per-address limit and
    # a large per-login one, so only the address limit can answer 429 here
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_RATE_PER_ADDRESS": PER_ADDRESS,
            "ACCOUNTS_RATE_PER_LOGIN": 100, "ACCOUNTS_LOCK_AFTER": 100}


@pytest.fixture
def gateway(accounts):
    address = f"127.0.0.1:{free_port()}"
    server = serve(address, {"accounts": accounts.base_url})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield address
    server.shutdown()
    server.server_close()


def _call(gateway: str, method: str, path: str, body: dict | None = None, *,
          source: str = "127.0.0.2", headers: dict | None = None) -> tuple[int, dict, dict]:
    host, port = gateway.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        raw = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=raw,
                     headers={"Content-Type": "application/json", **(headers or {})})
        resp = conn.getresponse()
        payload = resp.read()
        return resp.status, json.loads(payload or b"{}"), dict(resp.getheaders())
    finally:
        conn.close()


def test_keys_and_a_sign_in_go_through_the_gateway(gateway, accounts, city_admin):
    status, keys, _ = _call(gateway, "GET", "/accounts/.well-known/jwks.json")
    assert status == 200 and keys["keys"]
    assert all(k["kid"] and k["alg"] == "EdDSA" and "d" not in k for k in keys["keys"])
    status, signed, _ = _call(gateway, "POST", "/accounts/sessions",
                              {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})
    assert status == 200, signed
    status, me, _ = _call(gateway, "GET", "/accounts/me",
                          headers={"Authorization": f"Bearer {signed['access_token']}"})
    assert status == 200 and me["id"] == city_admin["person_id"]


def test_failed_sign_ins_count_against_the_address_the_gateway_saw(gateway, city_admin):
    for n in range(PER_ADDRESS):
        status, body, _ = _call(gateway, "POST", "/accounts/sessions",
                                {"login": f"1390000{n:04d}", "password": "wrong"},
                                headers={"X-Forwarded-For": f"10.0.0.{n}"})
        assert status == 401, body
    # a new address of its own choosing, in any spelling, does not start a new count
    status, body, headers = _call(gateway, "POST", "/accounts/sessions",
                                  {"login": "13900009999", "password": "wrong"},
                                  headers={"x-forwarded-for": "10.9.9.9"})
    assert status == 429, body
    assert int(headers["Retry-After"]) > 0
    # another client, through the same gateway, is not held back by the first one's count
    status, body, _ = _call(gateway, "POST", "/accounts/sessions",
                            {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD},
                            source="127.0.0.3")
    assert status == 200, body
