"""Sign-in rules without a server: logins, the password policy, the sliding windows and
lockout, status changes, and the access token's claims as accounts mints them."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.accounts.adapters.minting import mint
from services.accounts.adapters.passwords import Passwords
from services.accounts.domain.grants import Grant
from services.accounts.domain.logins import (
    LoginInvalid,
    normalise_login,
    normalise_mobile,
    normalise_user_name,
)
from services.accounts.domain.passwords import password_problems
from services.accounts.domain.statuses import next_status
from services.accounts.domain.throttle import ThrottlePolicy, locks, retry_after, throttled
from services.accounts.domain.tokens import access_claims
from services.common.token_keys import StaticKeys, TokenVerifier


# -- logins ------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["13800138000", "+8613800138000", "+86 138-0013-8000",
                                   "0086 13800138000", " 138 0013 8000 "])
def test_a_mobile_number_has_one_normal_form(typed):
    assert normalise_mobile(typed) == "13800138000"
    assert normalise_login(typed) == "13800138000"


@pytest.mark.parametrize("typed", ["12800138000", "1380013800", "138001380001",
                                   "+85213800138000", "1380013800a", ""])
def test_what_is_no_mainland_mobile_number_is_refused(typed):
    with pytest.raises(LoginInvalid):
        normalise_mobile(typed)


def test_service_accounts_sign_in_with_a_user_name():
    assert normalise_user_name("city-bureau.sync_1") == "city-bureau.sync_1"
    assert normalise_login("City-Bureau") == "city-bureau"
    for bad in ("ab", "1abc", "a" * 65, "has space", "Upper"):
        with pytest.raises(LoginInvalid):
            normalise_user_name(bad)
    assert normalise_login("!!") is None and normalise_login("x" * 200) is None


# -- passwords ---------------------------------------------------------------------------
def test_the_password_policy():
    assert password_problems("correct horse", "13800138000") == []
    assert password_problems("short1") == ["must be at least 8 characters"]
    assert password_problems("1234567890") == ["must not be all digits"]
    assert "must not be the login" in password_problems("Ops-Sync-1", "ops-sync-1")
    assert password_problems("ops-sync", "ops-sync") == ["must not be the login"]
    assert password_problems("x" * 300) == ["must be at most 256 characters"]
    assert all("hunter" not in p for p in password_problems("hunter"))


def test_argon2id_hashes_verify_and_are_renewed_when_the_parameters_change():
    weak = Passwords(time_cost=1, memory_kib=1024)
    stored = weak.hash("correct horse")
    assert stored.startswith("$argon2id$")
    assert weak.verify(stored, "correct horse")
    assert not weak.verify(stored, "wrong horse")
    assert not weak.verify(None, "correct horse")           # unknown login: a decoy check
    assert not weak.verify("not a hash", "correct horse")
    assert not weak.needs_rehash(stored)
    stronger = Passwords(time_cost=2, memory_kib=2048)
    assert stronger.verify(stored, "correct horse")
    assert stronger.needs_rehash(stored)


# -- sliding windows and lockout ---------------------------------------------------------
POLICY = ThrottlePolicy(window_s=60, per_login=3, per_address=5, lock_after=4,
                        lock_window_s=600)


def test_a_window_is_used_up_by_its_limit_and_frees_as_the_oldest_ages_out():
    assert retry_after([], 3, 60, 1000) is None
    assert retry_after([990, 995], 3, 60, 1000) is None
    assert retry_after([950, 990, 995], 3, 60, 1000) == 10          # 950 leaves at 1010
    # four in the window: two must leave before a fourth attempt fits under three
    assert retry_after([945, 990, 991, 995], 3, 60, 1000) == 50
    assert retry_after([900, 950, 990, 995], 3, 60, 1000) == 10     # 900 left already
    assert retry_after([930, 935, 940], 3, 60, 1000) is None        # all aged out


def test_either_window_throttles_with_the_longer_wait():
    assert throttled(POLICY, [990, 991], [980, 981, 982, 983], 1000) is None
    assert throttled(POLICY, [990, 991, 992], [], 1000) == 50
    assert throttled(POLICY, [], [945, 946, 947, 948, 949], 1000) == 5
    assert throttled(POLICY, [990, 991, 992], [945, 946, 947, 948, 949], 1000) == 50


def test_an_account_locks_after_repeated_failures_since_its_last_sign_in():
    assert not locks(POLICY, [100, 200, 300], None, 400)
    assert locks(POLICY, [100, 200, 300, 400], None, 400)
    assert not locks(POLICY, [100, 200, 300, 400], 250, 400)        # a success between
    assert not locks(POLICY, [100, 200, 300, 900], None, 900)       # spread past the window


def test_status_changes():
    assert next_status("lock", "active", True) == "locked"
    assert next_status("unlock", "locked", True) == "active"
    assert next_status("unlock", "active", True) is None
    assert next_status("disable", "invited", False) == "disabled"
    assert next_status("enable", "disabled", True) == "active"
    assert next_status("enable", "disabled", False) == "invited"
    assert next_status("lock", "disabled", True) is None


# -- minting -----------------------------------------------------------------------------
def test_a_minted_token_carries_the_shared_claims_and_verifies_with_the_public_key():
    key = Ed25519PrivateKey.generate()
    grants = [Grant("grid_worker", area="4401060101-G01"),
              Grant("volunteer", unit="U1", volunteer="V7")]
    claims = access_claims(person_id="0b0e3b8c-0000-4000-8000-000000000001", kind="person",
                           session_id="s-1", grants=grants, issuer="wangge-accounts",
                           now=1_800_000_000, ttl_s=600)
    assert set(claims) == {"iss", "aud", "sub", "kind", "sid", "jti", "iat", "exp", "grants"}
    assert claims["exp"] - claims["iat"] == 600 and claims["aud"] == "wangge"
    assert claims["grants"] == [{"role": "grid_worker", "area": "4401060101-G01"},
                                {"role": "volunteer", "unit": "U1", "volunteer": "V7"}]
    token = mint(claims, "k1", key)
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": "k1", "typ": "JWT"}
    verifier = TokenVerifier(StaticKeys({"k1": key.public_key()}), leeway_s=10**9)
    caller = verifier.verify(token)
    assert caller.subject == claims["sub"] and caller.session_id == "s-1"
    assert [g.role for g in caller.grants] == ["grid_worker", "volunteer"]
    other = TokenVerifier(StaticKeys({"k1": Ed25519PrivateKey.generate().public_key()}),
                          leeway_s=10**9)
    with pytest.raises(Exception, match="does not verify"):
        other.verify(token)


def test_a_token_names_no_one_s_phone_or_name():
    claims = access_claims(person_id="p", kind="service", session_id="s", grants=[],
                           issuer="i", now=0, ttl_s=60)
    assert claims["kind"] == "service"
    with pytest.raises(ValueError):
        access_claims(person_id="p", kind="robot", session_id="s", grants=[], issuer="i",
                      now=0, ttl_s=60)
