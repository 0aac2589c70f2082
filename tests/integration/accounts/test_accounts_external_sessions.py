"""Signing in with an external OpenID Connect issuer's token on the real servers: an
issuer made in the test (an RSA key generated here, its JWKS served on localhost by a
process of its own), an ID token it signs exchanged at POST /sessions/external for Wangge
tokens of the account its phone_number names, which then work at GET /me; a token signed
by another key, for another audience, or naming nobody is refused with 401, a locked
account with 403, and each attempt is audited. Matched by `sub` instead, the person is
the one an admin linked to that id."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD, GRID
from tests.support.http import Client
from tests.support.servers import free_port

ISSUER, AUDIENCE, KID = "https://id.example.gov.cn/realms/gd", "wangge-test", "gd-2026"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def issuer_jwks(tmp_path_factory):
    """The issuer's JWKS at http://127.0.0.1:<port>/jwks.json, served by its own process."""
    folder = tmp_path_factory.mktemp("issuer")
    jwk = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key())),
           "kid": KID, "use": "sig", "alg": "RS256"}
    (folder / "jwks.json").write_text(json.dumps({"keys": [jwk]}))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/jwks.json"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def oidc_match() -> tuple[str, str]:
    """(ACCOUNTS_OIDC_CLAIM, ACCOUNTS_OIDC_MATCH); a test parametrizes it for another."""
    return ("phone_number", "login")


@pytest.fixture
def accounts_settings(issuer_jwks, oidc_match) -> dict:
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_OIDC_ISSUER": ISSUER,
            "ACCOUNTS_OIDC_JWKS_URL": issuer_jwks, "ACCOUNTS_OIDC_AUDIENCE": AUDIENCE,
            "ACCOUNTS_OIDC_CLAIM": oidc_match[0], "ACCOUNTS_OIDC_MATCH": oidc_match[1]}


def id_token(phone: str, *, key=KEY, kid: str = KID, **changes) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "gd-user-1", "iat": now,
              "exp": now + 300, "phone_number": phone, "phone_number_verified": True,
              **changes}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_an_external_token_is_exchanged_for_the_wangge_person_it_names(accounts, city_admin,
                                                                       accounts_sql):
    anyone = Client(accounts.base_url)
    session = anyone.ok("POST", "/sessions/external",
                        {"token": id_token("+86 139 0000 0001")})
    assert session["token_type"] == "Bearer" and session["refresh_token"]
    assert session["person"]["id"] == city_admin["person_id"]
    assert session["person"]["grants"] == [{"role": "city_admin", "area": "4401"}]
    me = Client(accounts.base_url, session["access_token"]).ok("GET", "/me")
    assert me["id"] == city_admin["person_id"] and me["login_masked"] == "139****0001"
    # its refresh token works like a password sign-in's
    anyone.ok("POST", "/sessions/refresh", {"refresh_token": session["refresh_token"]})
    rows = accounts_sql("select detail->>'how' as how from account_audit "
                        "where event = 'signed_in' and account_id = :id",
                        id=city_admin["person_id"])
    assert [row["how"] for row in rows] == [f"external:{ISSUER}"]


def test_what_the_exchange_refuses(accounts, city_admin, accounts_sql):
    anyone = Client(accounts.base_url)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def refused(token: str) -> tuple[int, str]:
        status, body = anyone.call("POST", "/sessions/external", {"token": token})
        return status, body["error"]

    # another issuer's key under the same kid, a kid the issuer does not publish
    assert refused(id_token(ADMIN_LOGIN, key=other_key))[0] == 401
    assert refused(id_token(ADMIN_LOGIN, key=other_key, kid="other"))[0] == 401
    assert refused(id_token(ADMIN_LOGIN, aud="someone-else"))[0] == 401
    assert refused(id_token(ADMIN_LOGIN, exp=int(time.time()) - 300))[0] == 401
    assert refused(id_token(ADMIN_LOGIN, phone_number_verified=False)) == (
        401, "no Wangge account for this identity")
    assert refused(id_token("13700001234")) == (401, "no Wangge account for this identity")
    failures = accounts_sql("select detail->>'reason' as reason from account_audit "
                            "where event = 'external_sign_in_failed' order by id")
    assert len(failures) == 6
    assert "does not verify" in failures[0]["reason"]
    assert not any("1370000" in (row["reason"] or "") for row in failures)

    accounts_sql("update people set status = 'locked' where id = :id returning id",
                 id=city_admin["person_id"])
    assert refused(id_token(ADMIN_LOGIN)) == (403, "this account is locked")


@pytest.mark.parametrize("oidc_match", [("sub", "external_id")])
def test_matched_by_external_id_the_person_is_the_one_an_admin_linked(oidc_match, accounts,
                                                                      city_admin):
    base, anyone = accounts.base_url, Client(accounts.base_url)
    status, signed = anyone.call("POST", "/sessions", {"login": ADMIN_LOGIN,
                                                       "password": ADMIN_PASSWORD})
    admin = Client(base, signed["access_token"])
    invited = admin.ok("POST", "/invitations", {
        "display_name": "王网格", "login": "13700000077",
        "grants": [{"role": "grid_worker", "area": GRID}]}, status=201)
    worker = anyone.ok("POST", "/invitations/accept", {"code": invited["code"],
                                                       "password": "grid worker pass"})
    person_id = invited["person_id"]
    # the phone no longer matters: only the linked id does
    assert anyone.call("POST", "/sessions/external",
                       {"token": id_token("13700000077", sub="gd-77")})[0] == 401
    assert Client(base, worker["access_token"]).call(
        "POST", f"/people/{person_id}/external-id", {"external_id": "gd-77"})[0] == 403
    assert admin.ok("POST", f"/people/{person_id}/external-id",
                    {"external_id": " gd-77 "}) == {"id": person_id, "external_id": "gd-77"}
    assert admin.call("POST", f"/people/{city_admin['person_id']}/external-id",
                      {"external_id": "gd-77"})[0] == 409
    session = anyone.ok("POST", "/sessions/external", {"token": id_token("x", sub="gd-77")})
    assert session["person"]["id"] == person_id
    assert session["person"]["grants"] == [{"role": "grid_worker", "area": GRID}]
    admin.ok("POST", f"/people/{person_id}/external-id", {"external_id": None})
    assert anyone.call("POST", "/sessions/external",
                       {"token": id_token("x", sub="gd-77")})[0] == 401


@pytest.mark.parametrize("oidc_match", [("preferred_username", "login")])
def test_a_service_account_is_never_signed_in_by_an_external_token(oidc_match, accounts,
                                                                  city_admin):
    """Review L3: a platform user named like an integrator's user name is not that
    integrator; the exchange signs in people only (a service account uses its password)."""
    anyone = Client(accounts.base_url)
    signed = anyone.ok("POST", "/sessions", {"login": ADMIN_LOGIN,
                                             "password": ADMIN_PASSWORD})
    admin = Client(accounts.base_url, signed["access_token"])
    made = admin.ok("POST", "/service-accounts", {
        "user_name": "gd-integrator", "display_name": "省平台",
        "grants": [{"role": "integrator", "area": "4401"}]}, status=201)
    assert anyone.ok("POST", "/sessions", {"login": "gd-integrator",
                                           "password": made["password"]})["person"]
    status, body = anyone.call("POST", "/sessions/external",
                               {"token": id_token("x", preferred_username="gd-integrator")})
    assert (status, body["error"]) == (401, "no Wangge account for this identity")
