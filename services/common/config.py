"""Configuration from environment variables, each with a working local default."""

from __future__ import annotations

import os
from dataclasses import dataclass
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
