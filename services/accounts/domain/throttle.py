"""Brute force: sliding windows over failed sign-ins (issue 13).

- Rate limit: more than `per_login` failures for one login, or `per_address` from one
  client address, within the last `window_s` seconds → refused (429) until the oldest of
  them leaves the window (Retry-After), without the password being checked.
- Lockout: `lock_after` failures for one account since its last successful sign-in and
  within `lock_window_s` → the account is locked until an admin unlocks it.

Plain functions over the failures' times (seconds), so they are tested without a clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottlePolicy:
    window_s: int = 300
    per_login: int = 10
    per_address: int = 50
    lock_after: int = 5
    lock_window_s: int = 900

    def __post_init__(self) -> None:
        for name in ("window_s", "per_login", "per_address", "lock_after", "lock_window_s"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


def retry_after(failures: Sequence[float], limit: int, window_s: int, now: float) -> int | None:
    """Seconds until one more attempt is allowed, or None when it is allowed now: `limit`
    failures within the window use it up."""
    recent = sorted(t for t in failures if now - window_s < t <= now)
    if len(recent) < limit:
        return None
    # the attempt is allowed again once enough of the oldest have aged out
    frees_at = recent[len(recent) - limit] + window_s
    return max(1, math.ceil(frees_at - now))


def throttled(policy: ThrottlePolicy, login_failures: Sequence[float],
              address_failures: Sequence[float], now: float) -> int | None:
    """Retry-After seconds when either window is used up, else None."""
    waits = [w for w in (retry_after(login_failures, policy.per_login, policy.window_s, now),
                         retry_after(address_failures, policy.per_address, policy.window_s,
                                     now)) if w is not None]
    return max(waits) if waits else None


def locks(policy: ThrottlePolicy, failures: Sequence[float], last_success: float | None,
          now: float) -> bool:
    """Whether the account's failures (the latest included) lock it."""
    since = max(now - policy.lock_window_s, last_success if last_success is not None
                else float("-inf"))
    return sum(1 for t in failures if since < t <= now) >= policy.lock_after
