"""Signing in with an external OpenID Connect issuer's token, without a server: which
account a verified token's claims name (claim mapping), the settings, and the verifier
(signature against the issuer's keys, issuer, audience, expiry, algorithms)."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.accounts.adapters.external_tokens import (
    ExternalIssuer,
    ExternalVerifier,
    external_issuer,
)
from services.accounts.domain.external_identity import (
    EXTERNAL_ID,
    LOGIN,
    ClaimMatch,
    NoIdentity,
    account_key,
)
from services.common.auth import AuthError
from services.common.token_keys import StaticKeys

ISSUER, AUDIENCE = "https://id.gd.gov.example/realms/gd", "wangge-jiangmen"
PHONE = ClaimMatch("phone_number", LOGIN)


# -- claim mapping ------------------------------------------------------------------------
def test_a_phone_number_claim_names_the_login_in_normal_form():
    assert account_key({"phone_number": "+86 139-0013-9000"}, PHONE) == "13900139000"
    assert account_key({"phone_number": "+8613900139000",
                        "phone_number_verified": True}, PHONE) == "13900139000"
    assert account_key({"preferred_username": "ops-sync"},
                       ClaimMatch("preferred_username", LOGIN)) == "ops-sync"


def test_the_sub_claim_names_an_external_id_as_it_is():
    rule = ClaimMatch("sub", EXTERNAL_ID)
    assert account_key({"sub": " f3c1-ID-77 "}, rule) == "f3c1-ID-77"
    assert account_key({"sub": 440106}, rule) == "440106"


@pytest.mark.parametrize(("claims", "why"), [
    ({}, "no claim"),
    ({"phone_number": ""}, "no claim"),
    ({"phone_number": ["13900139000"]}, "no claim"),
    ({"phone_number": True}, "no claim"),
    ({"phone_number": "not a phone!"}, "not a login"),
    ({"phone_number": "13900139000", "phone_number_verified": False}, "not verified"),
])
def test_claims_that_name_nobody(claims, why):
    with pytest.raises(NoIdentity, match=why):
        account_key(claims, PHONE)
    with pytest.raises(NoIdentity, match="too long"):
        account_key({"sub": "x" * 201}, ClaimMatch("sub", EXTERNAL_ID))


def test_the_settings_come_together_or_not_at_all(monkeypatch):
    for name in ("ISSUER", "JWKS_URL", "AUDIENCE", "CLAIM", "MATCH"):
        monkeypatch.delenv(f"ACCOUNTS_OIDC_{name}", raising=False)
    assert external_issuer({}) is None
    with pytest.raises(ValueError, match="go together"):
        external_issuer({"ACCOUNTS_OIDC_ISSUER": ISSUER})
    found = external_issuer({"ACCOUNTS_OIDC_ISSUER": ISSUER, "ACCOUNTS_OIDC_AUDIENCE": AUDIENCE,
                             "ACCOUNTS_OIDC_JWKS_URL": "http://127.0.0.1:1/jwks"})
    assert found.rule == PHONE
    with pytest.raises(ValueError, match="ACCOUNTS_OIDC_MATCH"):
        external_issuer({"ACCOUNTS_OIDC_ISSUER": ISSUER, "ACCOUNTS_OIDC_AUDIENCE": AUDIENCE,
                         "ACCOUNTS_OIDC_JWKS_URL": "http://x/j", "ACCOUNTS_OIDC_MATCH": "name"})


# -- the verifier --------------------------------------------------------------------------
KEYS = {"rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec": ec.generate_private_key(ec.SECP256R1()), "ed": Ed25519PrivateKey.generate()}
ALG = {"rsa": "RS256", "ec": "ES256", "ed": "EdDSA"}


def _verifier() -> ExternalVerifier:
    keys = StaticKeys({kid: key.public_key() for kid, key in KEYS.items()})
    return ExternalVerifier(ExternalIssuer(ISSUER, "unused", AUDIENCE, PHONE), keys)


def _token(kid="rsa", *, key=None, alg=None, **changes) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-1", "iat": now, "exp": now + 300,
              "phone_number": "+8613900139000", **changes}
    return jwt.encode({k: v for k, v in claims.items() if v is not None},
                      key or KEYS[kid], algorithm=alg or ALG[kid], headers={"kid": kid})


@pytest.mark.parametrize("kid", sorted(KEYS))
def test_a_token_of_the_issuer_verifies_with_rs256_es256_or_eddsa(kid):
    assert _verifier().claims(_token(kid))["phone_number"] == "+8613900139000"


@pytest.mark.parametrize(("token", "why"), [
    (lambda: _token(key=rsa.generate_private_key(public_exponent=65537, key_size=2048)),
     "does not verify"),
    (lambda: _token(iss="https://elsewhere.example"), "another issuer"),
    (lambda: _token(aud="another-client"), "another audience"),
    (lambda: _token(exp=int(time.time()) - 120), "expired"),
    (lambda: _token(exp=None), "malformed"),
    (lambda: _token("unknown-kid", key=KEYS["rsa"], alg="RS256"), "does not publish"),
    (lambda: jwt.encode({"iss": ISSUER}, "secret" * 8, algorithm="HS256",
                        headers={"kid": "rsa"}), "only RS256"),
    (lambda: "not.a.token", "malformed"),
])
def test_what_the_verifier_refuses(token, why):
    with pytest.raises(AuthError, match=why):
        _verifier().claims(token())
