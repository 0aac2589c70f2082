"""Reporting's notion of now, today and the daily cut-off (timers take `now` as an
argument, so tests pass the instant they need)."""

from __future__ import annotations

from datetime import time

from services.common import config
from services.common.clock import now, tz

__all__ = ["cutoff", "now", "tz"]


def cutoff(value: str | None = None) -> time:
    """REPORT_CUTOFF, local HH:MM (default 20:00): when a day's reports are frozen."""
    raw = value if value is not None else config._env("REPORT_CUTOFF", "20:00")
    try:
        hours, minutes = raw.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"REPORT_CUTOFF: {raw!r} is not a local time like 20:00") from None
