"""Tokens across the five services on the real servers (issue 13): every service trusts
only the keys the running accounts publishes at `/.well-known/jwks.json`, so no secret is
left that mints tokens. A token with the claims of a real one but signed by any other key
(under the real key's id, under an unknown id, HMAC-keyed with a guess or with the public
key itself, the old `wg1` format, no signature at all) is 401 at the registry, dispatch,
visits, reporting and at accounts' own bearer endpoints; the real one is taken by all. A
key rotation at accounts (the operator's tool) keeps earlier tokens good everywhere and
the new key's tokens are taken as soon as a service meets its kid; a sign-in through the
gateway reaches the registry through the gateway."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import threading

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.gateway.proxy import serve
from tests.support.http import Client
from tests.support.servers import free_port
from tests.support.trust_accounts import (
    ACCOUNTS_SETTINGS,
    first_city_admin,
    rotate_as_the_operator,
    settings_trusting_accounts,
    signed_in,
    trusting,
)

CITY = "4401"
ADMIN_LOGIN, ADMIN_PASSWORD = "13900000001", "city admin password"
# the key every deployment shipped with before accounts (services/common/auth.py's
# DEV_TOKEN_KEY until f1f6bd7): the first guess of anyone holding an old token
OLD_DEV_KEY = "wangge-dev-only-token-key-change-me"
# one bearer route of each service that a city admin of 4401 reads with 200
READS = {"registry": "/residents", "dispatch": "/units", "visits": "/campaigns",
         "reporting": "/areas", "accounts": "/me"}


@pytest.fixture
def accounts_settings() -> dict:
    return dict(ACCOUNTS_SETTINGS)


# the four services trust only the running accounts' keys (tests/support/trust_accounts.py)
registry_settings, dispatch_settings, visits_settings, reporting_settings = \
    settings_trusting_accounts()


@pytest.fixture
def admin(accounts, accounts_db, accounts_tools) -> dict:
    """The city admin of 4401 made by the operator's tool, signed in at accounts."""
    return first_city_admin(accounts, accounts_db, accounts_tools, login=ADMIN_LOGIN,
                            password=ADMIN_PASSWORD, area=CITY)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def forgeries(real: str, published: dict) -> dict[str, str]:
    """Tokens claiming what `real` claims, none signed by accounts' key."""
    claims = jwt.decode(real, options={"verify_signature": False})
    kid = jwt.get_unverified_header(real)["kid"]
    other = Ed25519PrivateKey.generate()
    [public] = [k for k in published["keys"] if k["kid"] == kid]
    head, body, _ = real.split(".")
    old_claims = {"sub": claims["sub"], "role": "city_admin", "area": CITY, "unit": None,
                  "iat": claims["iat"], "exp": claims["exp"], "jti": "0" * 16}
    old_body = _b64(json.dumps(old_claims, separators=(",", ":")).encode())
    old_mac = hmac.new(OLD_DEV_KEY.encode(), f"wg1.{old_body}".encode(), hashlib.sha256)
    return {
        "another Ed25519 key under accounts' kid": jwt.encode(
            claims, other, algorithm="EdDSA", headers={"kid": kid}),
        "another Ed25519 key under an unknown kid": jwt.encode(
            claims, other, algorithm="EdDSA", headers={"kid": "k-" + "f" * 16}),
        "HS256 keyed with the old dev key": jwt.encode(
            claims, OLD_DEV_KEY, algorithm="HS256", headers={"kid": kid}),
        # the classic confusion: the published public key used as an HMAC secret
        "HS256 keyed with the published public key": _hs256(
            claims, kid, base64.urlsafe_b64decode(public["x"] + "==")),
        "no signature (alg none)": jwt.encode(claims, None, algorithm="none",
                                              headers={"kid": kid}),
        "the real header and claims, the signature cut off": f"{head}.{body}.",
        "an old wg1 token under the old dev key": f"wg1.{old_body}.{_b64(old_mac.digest())}",
    }


def _hs256(claims: dict, kid: str, secret: bytes) -> str:
    """HS256 by hand: PyJWT refuses to use PEM/raw public-key-looking secrets."""
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    body = _b64(json.dumps(claims).encode())
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(mac)}"


@pytest.fixture
def five(accounts, registry, dispatch, visits, reporting) -> dict:
    return {"accounts": accounts.base_url, "registry": registry.base_url,
            "dispatch": dispatch.base_url, "visits": visits.base_url,
            "reporting": reporting.base_url}


def test_every_service_takes_accounts_tokens_and_refuses_every_other(five, admin):
    real = admin["session"]["access_token"]
    for service, path in READS.items():
        status, body = Client(five[service], real).call("GET", path)
        assert status == 200, (service, path, status, body)
    published = Client(five["accounts"]).ok("GET", "/.well-known/jwks.json")
    for what, forged in forgeries(real, published).items():
        for service, path in READS.items():
            status, body = Client(five[service], forged).call("GET", path)
            assert status == 401, (what, service, path, status, body)
            assert "error" in body, (what, service, body)
    # accounts' other bearer routes too: an admin's and a person's own
    forged = next(iter(forgeries(real, published).values()))
    for method, path in (("GET", "/people"), ("GET", f"/people/{admin['person_id']}"),
                         ("POST", "/invitations"), ("POST", "/me/password")):
        assert Client(five["accounts"], forged).status(method, path, {}) == 401, path
    # and the real one still reads everywhere after all those refusals
    for service, path in READS.items():
        assert Client(five[service], real).status("GET", path) == 200, service


def test_after_a_key_rotation_old_and_new_tokens_work_at_every_service(
        accounts, accounts_config, registry, dispatch, admin, monkeypatch):
    base = accounts.base_url
    before = admin["session"]["access_token"]
    old_kid = jwt.get_unverified_header(before)["kid"]
    at = {"registry": (registry.base_url, "/residents"), "dispatch": (dispatch.base_url,
                                                                      "/units")}
    for service, (url, path) in at.items():      # each has fetched accounts' keys now
        assert Client(url, before).status("GET", path) == 200, service

    rotated = rotate_as_the_operator(accounts_config, monkeypatch)
    assert rotated != old_kid
    after = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)["access_token"]
    assert jwt.get_unverified_header(after)["kid"] == rotated
    for service, (url, path) in at.items():
        status, body = Client(url, after).call("GET", path)
        assert status == 200, (service, "a token of the new key", status, body)
        assert Client(url, before).status("GET", path) == 200, (service, "the old one")


def test_once_the_refetch_cooldown_has_passed_a_new_kid_is_fetched_and_taken(
        accounts, accounts_config, registry, dispatch, admin, monkeypatch):
    """What the services do on a kid they do not hold when their last look at the JWKS is
    older than KeySet's cooldown (services/common/token_keys.py): fetch at once, then take
    the token. The services' shared key cache is moved past its cooldown through its clock
    (one KeySet per JWKS URL in this process, as in each service's process)."""
    import time

    from services.common.token_keys import verifier_for

    base = accounts.base_url
    before = admin["session"]["access_token"]
    at = {"registry": (registry.base_url, "/residents"), "dispatch": (dispatch.base_url,
                                                                      "/units")}
    for url, path in at.values():
        assert Client(url, before).status("GET", path) == 200
    keys = verifier_for(trusting(accounts)).keys
    fetched = keys.fetches
    rotate_as_the_operator(accounts_config, monkeypatch)
    after = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)["access_token"]
    monkeypatch.setattr(keys, "_clock", lambda: time.monotonic() + keys.cooldown_s + 1)
    for service, (url, path) in at.items():
        status, body = Client(url, after).call("GET", path)
        assert status == 200, (service, "a token of the new key", status, body)
        assert Client(url, before).status("GET", path) == 200, (service, "the old one")
    assert keys.fetches == fetched + 1          # one fetch for the new kid, then cached
    # a forged kid now spends the next fetch, not a flood of them
    forged = forgeries(after, Client(base).ok("GET", "/.well-known/jwks.json"))[
        "another Ed25519 key under an unknown kid"]
    for _ in range(5):
        assert Client(registry.base_url, forged).status("GET", "/residents") == 401
    assert keys.fetches == fetched + 1


# -- through the gateway -------------------------------------------------------------------
@pytest.fixture
def gateway(accounts, registry):
    address = f"127.0.0.1:{free_port()}"
    server = serve(address, {"accounts": accounts.base_url, "registry": registry.base_url})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield address
    server.shutdown()
    server.server_close()


def _via(gateway: str, method: str, path: str, body: dict | None = None,
         bearer: str | None = None) -> tuple[int, dict]:
    host, port = gateway.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        headers = {"Content-Type": "application/json"}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        conn.request(method, path, body=json.dumps(body).encode() if body else None,
                     headers=headers)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read() or b"{}")
    finally:
        conn.close()


def test_a_sign_in_through_the_gateway_reaches_the_registry_through_it(gateway, admin, sql):
    status, session = _via(gateway, "POST", "/accounts/sessions",
                           {"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD})
    assert status == 200, session
    token = session["access_token"]
    status, made = _via(gateway, "POST", "/registry/areas", {
        "code": CITY, "level": "city", "name": "广州市"}, bearer=token)
    assert status == 201, made
    status, read = _via(gateway, "GET", f"/registry/areas/{CITY}", bearer=token)
    assert status == 200 and read["code"] == CITY, read
    # the registry names the signed-in account as the write's author
    assert sql("select actor from place_changes where code = :c", c=CITY) == [
        {"actor": admin["person_id"]}]
    assert _via(gateway, "GET", f"/registry/areas/{CITY}")[0] == 401
    status, me = _via(gateway, "GET", "/accounts/me", bearer=token)
    assert status == 200 and me["id"] == admin["person_id"]
