"""Accounts' settings, from the service's nameko config or the environment (each also as
`X_FILE`), and the nameko providers that hand them to workers.

| setting | default | |
| --- | --- | --- |
| AUTH_ISSUER | wangge-accounts | `iss` of the tokens (every verifier expects the same) |
| ACCOUNTS_ACCESS_TTL_S | 600 | an access token's life |
| ACCOUNTS_REFRESH_TTL_S | 1209600 (14 days) | a refresh token's life (rotated on use) |
| ACCOUNTS_KEY_SKEW_S | 300 | how much longer than its tokens a retired key is published |
| ACCOUNTS_LOCK_AFTER | 5 | failed sign-ins that lock an account … |
| ACCOUNTS_LOCK_WINDOW_S | 900 | … within this many seconds (since its last sign-in) |
| ACCOUNTS_RATE_WINDOW_S | 300 | the sliding window of the rate limits: |
| ACCOUNTS_RATE_PER_LOGIN | 10 | failures per login, then 429 with Retry-After |
| ACCOUNTS_RATE_PER_ADDRESS | 50 | failures per client address, then 429 |
| ACCOUNTS_TRUSTED_PROXIES | 127.0.0.1,::1 | whose X-Forwarded-For names the client |
| ACCOUNTS_COOKIE_SECURE | 1 | browser sessions' cookies are `Secure` (0: not; browsers |
| | | take Secure cookies from http://127.0.0.1 and localhost too, so 0 is rarely needed) |
| ACCOUNTS_ARGON2_TIME_COST, _MEMORY_KIB, _PARALLELISM | 2, 19456, 1 | argon2id (see |
| | | adapters/passwords.py; changed: hashes renewed at sign-in) |
| PII_SEAL_KEY | development key | seals an approved applicant's name and phone for dispatch |
| ACCOUNTS_KEY_SEAL_KEY | development key | accounts' alone: seals the signing keys' private |
| | | halves (seal.py), keys login and reset-code hashes; keys sealed under PII_SEAL_KEY |
| | | by an older version are sealed again under it at start |
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from typing import Any

from nameko.extensions import DependencyProvider

from services.accounts import clock
from services.accounts.adapters.models import SERVICE
from services.accounts.adapters.passwords import Passwords
from services.accounts.adapters.signing_keys import KeyRing
from services.accounts.domain.throttle import ThrottlePolicy
from services.accounts.use_cases.callers import as_recorded
from services.accounts.use_cases.context import Policy, Tools
from services.accounts.use_cases.keys import ensure_signing_key
from services.common import config, seal, token_keys
from services.common.access import Access
from services.common.db import Database
from services.common.guard import Gate

# the key only accounts holds (services/common/seal.py, config.SERVICE_KEYS)
OWN_KEY = "ACCOUNTS_KEY_SEAL_KEY"


def _int(cfg: Mapping[str, Any], name: str, default: int, least: int = 1) -> int:
    raw = cfg.get(name)
    value = int(raw if raw is not None else config.env(name, str(default)))
    if value < least:
        raise ValueError(f"{name} must be at least {least}, not {value}")
    return value


def policy(cfg: Mapping[str, Any] | None = None, seal_key: bytes | None = None) -> Policy:
    """seal_key: accounts' own key (ACCOUNTS_KEY_SEAL_KEY) the login hashes derive from."""
    cfg = cfg or {}
    key = seal_key if seal_key is not None else seal.seal_key(OWN_KEY)
    return Policy(
        issuer=token_keys.issuer(cfg),
        access_ttl_s=_int(cfg, "ACCOUNTS_ACCESS_TTL_S", 600, 30),
        refresh_ttl_s=_int(cfg, "ACCOUNTS_REFRESH_TTL_S", 14 * 86400, 60),
        key_skew_s=_int(cfg, "ACCOUNTS_KEY_SKEW_S", 300, 0),
        throttle=ThrottlePolicy(
            window_s=_int(cfg, "ACCOUNTS_RATE_WINDOW_S", 300),
            per_login=_int(cfg, "ACCOUNTS_RATE_PER_LOGIN", 10),
            per_address=_int(cfg, "ACCOUNTS_RATE_PER_ADDRESS", 50),
            lock_after=_int(cfg, "ACCOUNTS_LOCK_AFTER", 5),
            lock_window_s=_int(cfg, "ACCOUNTS_LOCK_WINDOW_S", 900)),
        # no secret of its own: derived from the seal key, one-way
        login_key=hmac.new(key, b"accounts.sign_in_failures.login", hashlib.sha256).digest())


def trusted_proxies(cfg: Mapping[str, Any] | None = None) -> frozenset[str]:
    raw = (cfg or {}).get("ACCOUNTS_TRUSTED_PROXIES") or \
        config.env("ACCOUNTS_TRUSTED_PROXIES", "127.0.0.1,::1")
    return frozenset(filter(None, (item.strip() for item in str(raw).split(","))))


def cookie_secure(cfg: Mapping[str, Any] | None = None) -> bool:
    raw = (cfg or {}).get("ACCOUNTS_COOKIE_SECURE")
    raw = str(raw if raw is not None else config.env("ACCOUNTS_COOKIE_SECURE", "1"))
    if raw.strip().lower() not in ("0", "1", "true", "false"):
        raise ValueError(f"ACCOUNTS_COOKIE_SECURE must be 0 or 1, not {raw!r}")
    return raw.strip().lower() in ("1", "true")


def passwords(cfg: Mapping[str, Any] | None = None, offload=None) -> Passwords:
    cfg = cfg or {}
    extra = {"offload": offload} if offload is not None else {}
    return Passwords(time_cost=_int(cfg, "ACCOUNTS_ARGON2_TIME_COST", 2),
                     memory_kib=_int(cfg, "ACCOUNTS_ARGON2_MEMORY_KIB", 19456, 8),
                     parallelism=_int(cfg, "ACCOUNTS_ARGON2_PARALLELISM", 1), **extra)


def tools(cfg: Mapping[str, Any], db: Database, offload=None) -> Tools:
    pii_key, own_key = seal.seal_key(), seal.seal_key(OWN_KEY)
    rules = policy(cfg, own_key)
    ring = KeyRing(db, own_key, timedelta(seconds=rules.access_ttl_s + rules.key_skew_s),
                   clock.now)
    return Tools(rules, passwords(cfg, offload), ring, pii_key, own_key,
                 legacy_key_seal_key=pii_key if pii_key != own_key else None)


def _green_offload():
    """argon2 in eventlet's thread pool: a hash takes tens of milliseconds of CPU that
    would otherwise stop every green thread of the process."""
    from eventlet import tpool

    return partial(tpool.execute)


# one Tools per database in a process: the access guard (AccountsAccess) and the workers
# (Settings) verify and sign with the same key cache
_SHARED: dict[str, Tools] = {}


def shared_tools(cfg: Mapping[str, Any]) -> Tools:
    url = cfg.get(f"{SERVICE.upper()}_DATABASE_URL") or config.database_url(SERVICE)
    # a process runs one deployment; tests start the service with other settings
    key = repr((url, sorted((k, str(v)) for k, v in cfg.items()
                            if k.startswith(("ACCOUNTS_", "AUTH_")))))
    if key not in _SHARED:
        _SHARED[key] = tools(cfg, Database(url, pool_size=2), _green_offload())
    return _SHARED[key]


class Settings(DependencyProvider):
    """Each worker gets the Tools; at start a signing key is made if there is none."""

    def setup(self) -> None:
        self.tools = shared_tools(self.container.config)
        self.proxies = trusted_proxies(self.container.config)
        self.cookie_secure = cookie_secure(self.container.config)

    def start(self) -> None:
        with self.tools.keys.db.transaction() as session:
            ensure_signing_key(session, self.tools, clock.now())
        self.tools.keys.load(clock.now())

    def get_dependency(self, worker_ctx):
        return self


class LiveGate(Gate):
    """A gate that, once the token verifies, admits its caller as accounts' database says
    now: active, the session open, the grants held now (use_cases/callers.py)."""

    def __init__(self, cfg: Mapping[str, Any], service: str, tools: Tools) -> None:
        super().__init__(cfg, service, keys=tools.keys)
        self.db = tools.keys.db

    def principal(self, request):
        caller = super().principal(request)
        if caller.everywhere:
            return caller
        with self.db.transaction() as session:
            return as_recorded(session, caller)


class AccountsAccess(Access):
    """Access control whose tokens are checked against accounts' own keys (no HTTP to
    itself): the Gate gets the key ring as its key resolver, and the caller's live
    status, session and grants from accounts' database."""

    def setup(self) -> None:
        super().setup()
        self.gate = LiveGate(self.container.config, self.container.service_name,
                             shared_tools(self.container.config))
