"""Configuration from environment variables, each with a working local default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_PG = "postgresql+psycopg2://postgres@127.0.0.1:5432"
# Only for local runs and tests; compose passes a secret file (ID_HASH_KEY_FILE).
DEV_ID_HASH_KEY = "wangge-dev-only-key-change-me"


def _env(name: str, default: str) -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        with open(file_name, encoding="utf-8") as fh:
            return fh.read().strip()
    return os.environ.get(name, default)


def amqp_uri() -> str:
    return _env("AMQP_URI", DEFAULT_AMQP_URI)


def database_url(service: str) -> str:
    return _env(f"{service.upper()}_DATABASE_URL", f"{DEFAULT_PG}/wangge_{service}")


def local_tz() -> ZoneInfo:
    return ZoneInfo(_env("WANGGE_TZ", "Asia/Shanghai"))


def id_hash_key() -> bytes:
    return _env("ID_HASH_KEY", DEV_ID_HASH_KEY).encode("utf-8")


# -- deployment mode: development keys are refused outside development ----------------------
ENV_MODE = "WANGGE_ENV"
DEVELOPMENT, PRODUCTION = "development", "production"
# The secrets each service uses (compose mounts exactly these). The development values are
# in the source: under them an event's id_hash with birth year and gender narrows an ID
# number to a few thousand candidates, and anyone can open a sealed name.
# Tokens are signed by accounts with a key only it holds (sealed in its database under
# ACCOUNTS_KEY_SEAL_KEY, which no other service is given); the other services verify
# them with its published public keys.
SERVICE_KEYS = {
    "registry": ("ID_HASH_KEY", "PII_SEAL_KEY"),
    "visits": ("ID_HASH_KEY", "PII_SEAL_KEY"),
    "dispatch": ("PII_SEAL_KEY",),
    "reporting": (),
    # PII_SEAL_KEY seals an approved applicant's name and phone for dispatch;
    # ACCOUNTS_KEY_SEAL_KEY, held by accounts alone, its token-signing keys
    "accounts": ("PII_SEAL_KEY", "ACCOUNTS_KEY_SEAL_KEY"),
}
ALL_KEYS = ("ID_HASH_KEY", "PII_SEAL_KEY")


class DevelopmentKeyError(RuntimeError):
    """A service outside development was given (or left with) a development key."""


def environment() -> str:
    """WANGGE_ENV: `development` (the default: make run, tests) or `production`."""
    raw = _env(ENV_MODE, DEVELOPMENT)
    mode = raw.strip().lower()
    if mode not in (DEVELOPMENT, PRODUCTION):
        raise ValueError(f"{ENV_MODE}: must be '{DEVELOPMENT}' or '{PRODUCTION}', not {raw!r}")
    return mode


def _is_development_key(name: str, cfg: Mapping[str, Any]) -> bool:
    # imported here: seal imports this module
    from services.common import seal

    if name == "ID_HASH_KEY":
        return id_hash_key() == DEV_ID_HASH_KEY.encode("utf-8")
    if name in seal.DEV_KEYS:
        try:
            return seal.seal_key(name) == bytes.fromhex(seal.DEV_KEYS[name])
        except seal.SealError:
            return False  # a malformed key is refused where it is used, with its reason
    raise ValueError(f"unknown key {name}")


def refuse_development_keys(service: str, cfg: Mapping[str, Any] | None = None) -> None:
    """Outside development, raise DevelopmentKeyError naming every key of `service` that is
    unset or equal to its built-in development value (a service not listed: all keys)."""
    if environment() == DEVELOPMENT:
        return
    names = SERVICE_KEYS.get(service, ALL_KEYS)
    bad = [name for name in names if _is_development_key(name, cfg or {})]
    if bad:
        raise DevelopmentKeyError(
            f"{service}: {ENV_MODE}={environment()} but {', '.join(bad)} "
            f"{'is' if len(bad) == 1 else 'are'} unset or the built-in development key, "
            "which anyone can read in the source. Set "
            + ", ".join(f"{name} (or {name}_FILE)" for name in bad)
            + " to a secret of this deployment (deploy/make_secrets.py writes them).")


@dataclass(frozen=True)
class RetryPolicy:
    """How a failing message is retried before it is dead-lettered."""

    max_attempts: int
    delay_ms: int

    @classmethod
    def from_env(cls) -> RetryPolicy:
        return cls(
            max_attempts=int(_env("EVENT_MAX_ATTEMPTS", "5")),
            delay_ms=int(_env("EVENT_RETRY_DELAY_MS", "2000")),
        )


def http_address(default_port: int) -> str:
    return _env("WEB_SERVER_ADDRESS", f"127.0.0.1:{default_port}")


def local_today():
    """Today in the configured local time zone (daily figures, slots)."""
    from datetime import datetime

    return datetime.now(local_tz()).date()


def outbox_retention_hours() -> float:
    """How long published outbox rows are kept (OUTBOX_RETENTION_HOURS, default a week;
    0 keeps them for ever). The history stream, not the outbox, is the record of events."""
    value = float(_env("OUTBOX_RETENTION_HOURS", "168"))
    if value < 0:
        raise ValueError("OUTBOX_RETENTION_HOURS must be 0 (keep) or a number of hours")
    return value


def env(name: str, default: str) -> str:
    """A setting from NAME, or from the file named by NAME_FILE."""
    return _env(name, default)
