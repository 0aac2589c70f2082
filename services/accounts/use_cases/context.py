"""What accounts' use cases are given besides their unit of work: the deployment's policy,
the password hasher and the signing keys (`Tools`), and who is acting (`Caller`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from services.accounts.adapters.passwords import Passwords
from services.accounts.adapters.signing_keys import KeyRing
from services.accounts.domain.grants import Grant
from services.accounts.domain.throttle import ThrottlePolicy


@dataclass(frozen=True)
class Policy:
    """ACCOUNTS_* settings (settings.py reads them)."""

    issuer: str = "wangge-accounts"
    access_ttl_s: int = 600
    refresh_ttl_s: int = 14 * 86400
    # a retired key stays published this much longer than the tokens it signed live:
    # clocks differ, and verifiers cache the key set
    key_skew_s: int = 300
    invitation_hours: int = 72
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    # keys the hash of a login in sign_in_failures (a typed login may be a stranger's phone)
    login_key: bytes = b""

    @property
    def key_keep(self) -> timedelta:
        return timedelta(seconds=self.access_ttl_s + self.key_skew_s)


@dataclass(frozen=True)
class Tools:
    policy: Policy
    passwords: Passwords
    keys: KeyRing
    # PII_SEAL_KEY: seals what dispatch must open (an approved applicant's name and phone)
    seal_key: bytes
    # ACCOUNTS_KEY_SEAL_KEY, accounts' alone: seals the token-signing keys and keys the
    # hashes of logins and reset codes
    key_seal_key: bytes
    # the seal key of versions before ACCOUNTS_KEY_SEAL_KEY: signing keys still sealed
    # under it are sealed again under key_seal_key at start (keys.ensure_signing_key)
    legacy_key_seal_key: bytes | None = None


@dataclass(frozen=True)
class Caller:
    """The account acting (an id for every row it writes), its grants, and where the
    request came from (audit rows). `everywhere`: a service running with AUTH off."""

    account_id: str
    grants: tuple[Grant, ...] = ()
    everywhere: bool = False
    session_id: str = ""
    source: str = ""
