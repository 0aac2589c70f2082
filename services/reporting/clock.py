"""Reporting's notion of now, today and the daily cut-off (timers take `now` as an
argument, so tests pass the instant they need)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from services.common import config


def tz() -> ZoneInfo:
    return config.local_tz()


def now() -> datetime:
    return datetime.now(UTC)


def cutoff(value: str | None = None) -> time:
    """REPORT_CUTOFF, local HH:MM (default 20:00): when a day's reports are frozen."""
    raw = value if value is not None else config._env("REPORT_CUTOFF", "20:00")
    try:
        hours, minutes = raw.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"REPORT_CUTOFF: {raw!r} is not a local time like 20:00") from None
