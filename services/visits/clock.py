"""The service's notion of now and today: UTC instants, local (WANGGE_TZ) days.

Use cases take ``now`` as an argument; only entrypoints call these, so tests inject any
moment by calling the use case (the task sweep, the overdue sweep) with their own clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.common import config


def tz() -> ZoneInfo:
    return config.local_tz()


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(tz()).date()


def local_day(at: datetime, zone: ZoneInfo | None = None) -> date:
    """The local day an instant belongs to: a visit counts on the day it happened."""
    return at.astimezone(zone or tz()).date()
