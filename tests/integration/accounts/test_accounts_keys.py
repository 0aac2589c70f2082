"""The keys other services verify with: the JWKS publishes the active key, a token accounts
mints verifies against it (as every service's verifier does, token_keys.py), and after a
rotation (the operator's tool; no HTTP route) new tokens name the new key while tokens
signed before keep verifying."""

from __future__ import annotations

import jwt
import pytest

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


def rotate(accounts_config) -> dict:
    """What `python -m services.accounts.manage rotate-key` does, then the running
    service's key ring looks at the table again (it would within a minute)."""
    from services.accounts import clock
    from services.accounts.adapters.models import MESSAGING, SERVICE
    from services.accounts.settings import shared_tools
    from services.accounts.use_cases.keys import rotate_key
    from services.common.outbox import Outbox
    from services.common.unit_of_work import UnitOfWork

    kit = shared_tools(accounts_config)
    with UnitOfWork.begin(kit.keys.db, Outbox(SERVICE, MESSAGING)) as uow:
        kid = rotate_key(uow, kit, "operator", "manage", clock.now())
    kit.keys.load(clock.now())
    return {"kid": kid}


def test_a_rotation_signs_with_the_new_key_and_old_tokens_keep_working(
        accounts, accounts_config, city_admin, accounts_sql):
    base = accounts.base_url
    before = signed_in(base)["access_token"]
    old_kid = jwt.get_unverified_header(before)["kid"]
    rotated = rotate(accounts_config)
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
    assert audit == {"actor": "operator", "kid": rotated["kid"]}
    # the private half is kept sealed, never in clear
    sealed = accounts_sql("select sealed_private_key from signing_keys")
    assert all(row["sealed_private_key"].startswith("v1.") for row in sealed)


def test_rotation_is_the_operator_s_and_a_forged_key_is_refused(accounts, city_admin):
    """The key signs every token of the deployment: no HTTP route rotates it, not even
    for a city admin (one city's admin is not the deployment's operator)."""
    base = accounts.base_url
    token = signed_in(base)["access_token"]
    assert Client(base, token).status("POST", "/keys/rotate") == 404
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA",
                        headers={"kid": jwt.get_unverified_header(token)["kid"]})
    assert Client(base, forged).status("GET", "/me") == 401


def test_keys_an_older_version_sealed_under_the_pii_key_are_sealed_again(
        accounts_db, accounts_tools, accounts_sql):
    """Review M3: the signing keys are sealed under ACCOUNTS_KEY_SEAL_KEY, which only
    accounts holds. A key an older version sealed under PII_SEAL_KEY (which registry,
    dispatch and visits hold too) is sealed again under accounts' own key at start, and
    then opens under that key only."""
    from services.accounts import clock
    from services.accounts.adapters.signing_keys import SEAL_CONTEXT, new_key
    from services.accounts.use_cases.keys import ensure_signing_key
    from services.common import seal

    pii_key, own_key = seal.seal_key(), seal.seal_key("ACCOUNTS_KEY_SEAL_KEY")
    assert pii_key != own_key and accounts_tools.key_seal_key == own_key
    with accounts_db.transaction() as session:
        old_kid = new_key(session, clock.now(), "system", pii_key)   # as before
    with accounts_db.transaction() as session:
        assert ensure_signing_key(session, accounts_tools, clock.now()) is None
    [row] = accounts_sql("select sealed_private_key as sealed from signing_keys "
                         "where kid = :kid", kid=old_kid)
    assert seal.unseal(row["sealed"], own_key, SEAL_CONTEXT + old_kid)["d"]
    with pytest.raises(seal.SealError):
        seal.unseal(row["sealed"], pii_key, SEAL_CONTEXT + old_kid)
    # the ring signs with it, and a second start has nothing left to do
    accounts_tools.keys.load(clock.now())
    assert accounts_tools.keys.signing()[0] == old_kid
    with accounts_db.transaction() as session:
        ensure_signing_key(session, accounts_tools, clock.now())
    assert accounts_sql("select count(*) as n from account_audit "
                        "where event = 'key_resealed'") == [{"n": 1}]
