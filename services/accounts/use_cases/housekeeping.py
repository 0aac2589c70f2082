"""What accounts forgets: failed sign-ins once no window counts them any more, and refresh
tokens a day after they expired (their sessions stay, revoked or not, for the audit's
sake). Run by the service every hour."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.accounts.adapters import people
from services.accounts.use_cases.context import Policy


def forget_old(db, policy: Policy, now: datetime) -> int:
    """Rows deleted."""
    counted = max(policy.throttle.window_s, policy.throttle.lock_window_s)
    with db.transaction() as session:
        return (people.delete_failures_before(session, now - timedelta(seconds=counted))
                + people.delete_refresh_expired_before(session, now - timedelta(days=1)))
