"""Now and today: UTC instants, local (WANGGE_TZ) days. Each service's `clock` module
re-exports these, so a test patches that service's clock only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.common import config

# Phones and scanners keep their own time, and it drifts: a visit's or a scan's time a
# little ahead of the server's is still believed; further ahead, it is in the future.
CLOCK_SKEW = timedelta(minutes=5)


def tz() -> ZoneInfo:
    return config.local_tz()


def now() -> datetime:
    return datetime.now(UTC)


def local_day(at: datetime, zone: ZoneInfo | None = None) -> date:
    """The local day an instant belongs to: a visit counts on the day it happened."""
    return at.astimezone(zone or tz()).date()


def ahead_of(at: datetime, now: datetime) -> bool:
    """A device's time later than ours by more than its clock may drift."""
    return at > now + CLOCK_SKEW
