"""The service's notion of now and today: UTC instants, local (WANGGE_TZ) days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.common import config


def tz() -> ZoneInfo:
    return config.local_tz()


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in the local time zone: what 'past' means for orders and shifts."""
    return now().astimezone(tz()).date()
