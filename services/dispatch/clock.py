"""Dispatch's clock (services/common/clock.py); tests patch this module's `now`."""

from __future__ import annotations

from datetime import date

from services.common.clock import now as _now
from services.common.clock import tz

__all__ = ["now", "today", "tz"]
now = _now


def today() -> date:
    """Today in the local time zone: what 'past' means for orders and shifts."""
    return now().astimezone(tz()).date()
