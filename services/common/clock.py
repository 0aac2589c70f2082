"""Now and today: UTC instants, local (WANGGE_TZ) days. Each service's `clock` module
re-exports these, so a test patches that service's clock only."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.common import config


def tz() -> ZoneInfo:
    return config.local_tz()


def now() -> datetime:
    return datetime.now(UTC)


def local_day(at: datetime, zone: ZoneInfo | None = None) -> date:
    """The local day an instant belongs to: a visit counts on the day it happened."""
    return at.astimezone(zone or tz()).date()
