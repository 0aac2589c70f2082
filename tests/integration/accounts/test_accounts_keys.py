"""The keys other services verify with: the JWKS publishes the active key, a token accounts
mints verifies against it (as every service's verifier does, token_keys.py), and after a
rotation new tokens name the new key while tokens signed before keep verifying."""

from __future__ import annotations

import jwt

from services.common.token_keys import TokenVerifier, keys_from_jwks
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.http import Client


class Published:
    """Keys read from a JWKS document, as a verifier's cache holds them."""

    def __init__(self, document: dict) -> None:
        self.keys = keys_from_jwks(document)

    def key_for(self, kid: str):
        return self.keys[kid]


def signed_in(base: str) -> dict:
    return Client(base).ok("POST", "/sessions", {"login": ADMIN_LOGIN,
                                                 "password": ADMIN_PASSWORD})


def test_the_jwks_publishes_the_key_minted_tokens_verify_with(accounts, city_admin):
    base = accounts.base_url
    client = Client(base)
    document = client.ok("GET", "/.well-known/jwks.json")
    assert client.last_headers["Cache-Control"] == "public, max-age=300"
    [key] = document["keys"]
    assert {key["kty"], key["crv"], key["alg"], key["use"]} == {"OKP", "Ed25519", "EdDSA",
                                                                "sig"}
    assert "d" not in key                      # never the private half
    token = signed_in(base)["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == key["kid"]
    caller = TokenVerifier(Published(document)).verify(token)
    assert caller.subject == city_admin["person_id"]
    assert [(g.role, g.area) for g in caller.grants] == [("city_admin", "4401")]


def test_a_rotation_signs_with_the_new_key_and_old_tokens_keep_working(
        accounts, city_admin, accounts_sql):
    base = accounts.base_url
    before = signed_in(base)["access_token"]
    old_kid = jwt.get_unverified_header(before)["kid"]
    admin = Client(base, before)
    rotated = admin.ok("POST", "/keys/rotate", status=201)
    assert rotated["kid"] != old_kid

    after = signed_in(base)["access_token"]
    assert jwt.get_unverified_header(after)["kid"] == rotated["kid"]
    document = Client(base).ok("GET", "/.well-known/jwks.json")
    assert {k["kid"] for k in document["keys"]} == {old_kid, rotated["kid"]}
    for token in (before, after):
        assert TokenVerifier(Published(document)).verify(token).subject == \
            city_admin["person_id"]
        assert Client(base, token).ok("GET", "/me")["id"] == city_admin["person_id"]
    [audit] = accounts_sql("select actor, detail->>'kid' as kid from account_audit "
                           "where event = 'key_rotated'")
    assert audit == {"actor": city_admin["person_id"], "kid": rotated["kid"]}
    # the private half is kept sealed, never in clear
    sealed = accounts_sql("select sealed_private_key from signing_keys")
    assert all(row["sealed_private_key"].startswith("v1.") for row in sealed)


def test_rotation_is_an_admin_s_and_a_forged_key_is_refused(accounts, city_admin):
    base = accounts.base_url
    token = signed_in(base)["access_token"]
    invited = Client(base, token).ok("POST", "/invitations", {
        "display_name": "社区书记", "login": "13700000009",
        "grants": [{"role": "community_admin", "area": "4401060101"}]}, status=201)
    session = Client(base).ok("POST", "/invitations/accept",
                              {"code": invited["code"], "password": "secretary password"})
    assert Client(base, session["access_token"]).status("POST", "/keys/rotate") == 403
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA",
                        headers={"kid": jwt.get_unverified_header(token)["kid"]})
    assert Client(base, forged).status("GET", "/me") == 401
