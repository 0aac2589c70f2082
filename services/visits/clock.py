"""The service's notion of now and today: UTC instants, local (WANGGE_TZ) days.

Use cases take ``now`` as an argument; only entrypoints call these, so tests inject any
moment by calling the use case (the task sweep, the overdue sweep) with their own clock.
"""

from __future__ import annotations

from datetime import date

from services.common.clock import local_day, tz
from services.common.clock import now as _now

__all__ = ["local_day", "now", "today", "tz"]
now = _now


def today() -> date:
    return now().astimezone(tz()).date()
