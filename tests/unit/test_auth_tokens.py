"""Verifying access tokens without servers (services/common/token_keys.py, auth.py):
expiry, foreign and forged keys, key rotation through the JWKS cache, revocation, issuer
and audience, and the algorithms an attacker would try instead of EdDSA."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from services.common import auth, token_keys
from services.common.auth import AuthError, Forbidden
from services.common.token_keys import KeySet, KeysUnavailable, TokenVerifier
from tests.support.tokens import jwks, kid, static_keys, token, token_id

KEY = "deployment key"
G01 = ["4401", "440106", "4401060101", "4401060101-G01"]


def verifier(*names: str, revoked=frozenset(), **kwargs) -> TokenVerifier:
    return TokenVerifier(static_keys(*names or (KEY,)), revoked=lambda: revoked, **kwargs)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def published(*names: str) -> dict:
    return token_keys.keys_from_jwks(jwks(*names))


# -- what a token carries ---------------------------------------------------------------------
def test_round_trip_names_the_account_and_its_grants():
    who = verifier().verify(token("grid_worker", KEY, subject="acc-1", area=G01[-1]))
    assert (who.subject, who.kind, who.grants) == (
        "acc-1", "person", (auth.Grant("grid_worker", area=G01[-1]),))
    who.require("capture", area_path=G01)
    with pytest.raises(Forbidden, match="scope"):
        who.require("capture", area_path="4401/440106/4401060101/4401060101-G02")
    with pytest.raises(Forbidden, match="may not"):
        who.require("write", area_path=G01)


def test_unit_coordinator_is_scoped_to_a_unit():
    who = verifier().verify(token("unit_coordinator", KEY, unit="thd-tax"))
    who.require("read", unit_id="thd-tax")
    with pytest.raises(Forbidden):
        who.require("read", unit_id="other-unit")
    with pytest.raises(Forbidden):
        who.require("read", area_path=["4401"])


# -- refused tokens ---------------------------------------------------------------------------
def test_expired_by_more_than_the_leeway():
    check = verifier(leeway_s=30)
    assert check.verify(token("city_admin", KEY, area="4401", ttl_s=100,
                              now=time.time() - 120))
    with pytest.raises(AuthError, match="expired"):
        check.verify(token("city_admin", KEY, area="4401", ttl_s=100,
                           now=time.time() - 140))


def test_a_key_of_another_deployment_is_refused_whatever_kid_it_claims():
    with pytest.raises(AuthError, match="signature does not verify"):
        verifier().verify(token("city_admin", "attacker", area="4401", kid_of=KEY))
    with pytest.raises(AuthError, match="does not publish"):
        verifier().verify(token("city_admin", "attacker", area="4401"))


@pytest.mark.parametrize("alg", ["HS256", "none"])
def test_algorithm_confusion_is_refused(alg):
    """HS256 keyed with the *public* key (the classic confusion), or no signature."""
    public = jwks(KEY)["keys"][0]["x"]
    claims = {"iss": token_keys.DEFAULT_ISSUER, "aud": "wangge", "sub": "x", "jti": "j",
              "iat": 1, "exp": 2**33, "grants": [{"role": "city_admin", "area": "4401"}]}
    if alg == "none":
        header = base64.urlsafe_b64encode(json.dumps(
            {"alg": "none", "kid": kid(KEY)}).encode()).rstrip(b"=").decode()
        body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        forged = f"{header}.{body}."
    else:
        forged = jwt.encode(claims, public + "-padding-to-32-bytes", algorithm="HS256",
                            headers={"kid": kid(KEY)})
    with pytest.raises(AuthError, match="only EdDSA"):
        verifier().verify(forged)


def test_issuer_and_audience_must_be_this_deployments():
    with pytest.raises(AuthError, match="another issuer"):
        verifier().verify(token("city_admin", KEY, area="4401", issuer="https://elsewhere"))
    assert verifier(issuer="https://elsewhere").verify(
        token("city_admin", KEY, area="4401", issuer="https://elsewhere"))


def test_revoked_by_token_id_or_by_session():
    issued = token("city_admin", KEY, area="4401")
    claims = jwt.decode(issued, options={"verify_signature": False})
    for listed in (token_id(issued), claims["sid"]):
        with pytest.raises(AuthError, match="revoked"):
            verifier(revoked=frozenset({"other", listed})).verify(issued)


@pytest.mark.parametrize("bad", ["", "a.b", "a.b.c", "x" * 20000, "Zm9v.YmFy.YmF6"])
def test_malformed_tokens(bad):
    with pytest.raises(AuthError, match="malformed"):
        verifier().verify(bad)


def test_header_parsing():
    with pytest.raises(AuthError, match="missing"):
        auth.bearer(None)
    with pytest.raises(AuthError, match="Bearer"):
        auth.bearer("Basic abc")
    assert auth.bearer("bearer  abc ") == "abc"


# -- the JWKS cache: rotation, outages, floods -------------------------------------------------
def test_a_rotated_key_is_fetched_when_a_token_names_it():
    clock, served = Clock(), {"names": (KEY,)}
    keys = KeySet("http://accounts/jwks", fetch=lambda url: published(*served["names"]),
                  clock=clock, ttl_s=300, cooldown_s=30)
    check = TokenVerifier(keys, revoked=frozenset)
    assert check.verify(token("city_admin", KEY, area="4401"))
    assert keys.fetches == 1
    served["names"] = (KEY, "next key")  # accounts rotated: the new key signs from now on
    clock.now = 31
    assert check.verify(token("city_admin", "next key", area="4401"))
    assert keys.fetches == 2
    assert check.verify(token("city_admin", KEY, area="4401"))  # old tokens still verify
    assert keys.fetches == 2


def test_unknown_kids_cannot_turn_into_a_flood_of_fetches():
    clock = Clock()
    keys = KeySet("u", fetch=lambda url: published(KEY), clock=clock, cooldown_s=30)
    check = TokenVerifier(keys, revoked=frozenset)
    for n in range(50):
        with pytest.raises(AuthError, match="does not publish"):
            check.verify(token("city_admin", f"forger {n}", area="4401"))
    assert keys.fetches == 2  # the first (for its age), then one for a kid not held


def test_keys_expire_from_the_cache_and_a_retired_key_stops_verifying():
    clock, served = Clock(), {"names": (KEY,)}
    keys = KeySet("u", fetch=lambda url: published(*served["names"]), clock=clock,
                  ttl_s=300, cooldown_s=30)
    check = TokenVerifier(keys, revoked=frozenset)
    old = token("city_admin", KEY, area="4401")
    assert check.verify(old)
    served["names"] = ("next key",)
    clock.now = 301
    with pytest.raises(AuthError, match="does not publish"):
        check.verify(old)


def test_an_outage_keeps_the_last_keys_and_no_keys_at_all_is_503():
    clock, state = Clock(), {"up": True}

    def fetch(url):
        if not state["up"]:
            raise OSError("connection refused")
        return published(KEY)

    keys = KeySet("u", fetch=fetch, clock=clock, ttl_s=300, cooldown_s=30)
    check = TokenVerifier(keys, revoked=frozenset)
    assert check.verify(token("city_admin", KEY, area="4401"))
    state["up"] = False
    clock.now = 1000
    assert check.verify(token("city_admin", KEY, area="4401"))  # stale, still verifying
    down = KeySet("u", fetch=fetch, clock=clock)
    with pytest.raises(KeysUnavailable):
        TokenVerifier(down, revoked=frozenset).verify(token("city_admin", KEY, area="4401"))


def test_a_published_private_key_or_a_foreign_key_type_is_never_used():
    document = jwks(KEY)
    document["keys"][0]["d"] = "private part"
    document["keys"].append({"kid": "rsa", "kty": "RSA", "n": "x", "e": "AQAB"})
    assert token_keys.keys_from_jwks(document) == {}
    with pytest.raises(ValueError, match="list of keys"):
        token_keys.keys_from_jwks({"keys": "none"})


def test_a_key_rotated_just_after_a_fetch_is_seen_at_once():
    """Accounts signs with a new key the moment it rotates: a service that fetched the
    set a second earlier must not refuse the new tokens for a whole cooldown."""
    clock, served = Clock(), {"names": (KEY,)}
    keys = KeySet("u", fetch=lambda url: published(*served["names"]), clock=clock,
                  ttl_s=300, cooldown_s=30, miss_cooldown_s=5)
    check = TokenVerifier(keys, revoked=frozenset)
    assert check.verify(token("city_admin", KEY, area="4401"))
    clock.now = 1
    served["names"] = (KEY, "next key")
    assert check.verify(token("city_admin", "next key", area="4401"))
    assert keys.fetches == 2


def test_forged_kids_cost_one_fetch_per_miss_cooldown_and_do_not_hide_a_rotation():
    clock, served = Clock(), {"names": (KEY,)}
    keys = KeySet("u", fetch=lambda url: published(*served["names"]), clock=clock,
                  miss_cooldown_s=5)
    check = TokenVerifier(keys, revoked=frozenset)
    for second in range(20):
        clock.now = second
        with pytest.raises(AuthError, match="does not publish"):
            check.verify(token("city_admin", f"forger {second}", area="4401"))
    assert keys.fetches == 5  # at 0 (the first, for its age), then for kids at 1, 6, 11, 16
    served["names"] = (KEY, "next key")
    clock.now = 21  # the flood holds a new key back no longer than one miss cooldown
    assert check.verify(token("city_admin", "next key", area="4401"))
