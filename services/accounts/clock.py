"""Accounts' clock (services/common/clock.py); tests patch this module's `now`."""

from __future__ import annotations

from services.common.clock import now as _now

__all__ = ["now"]
now = _now
