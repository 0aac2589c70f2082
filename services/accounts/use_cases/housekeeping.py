"""What accounts forgets: failed sign-ins once no window counts them any more, and refresh
tokens a day after they expired (their sessions stay, revoked or not, for the audit's
sake); sign-up phone codes once they are used or expired and no rate limit counts them,
and the name, phone and note of applications rejected more than the retention window
ago (ACCOUNTS_APPLICATION_RETENTION_DAYS: a person who was not taken is not kept). Run by
the service every hour."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.accounts.adapters import applications, people, phone_codes
from services.accounts.domain.applications import SignUpPolicy
from services.accounts.use_cases.context import Policy


def forget_old(db, policy: Policy, now: datetime) -> int:
    """Rows deleted."""
    counted = max(policy.throttle.window_s, policy.throttle.lock_window_s)
    with db.transaction() as session:
        return (people.delete_failures_before(session, now - timedelta(seconds=counted))
                + people.delete_refresh_expired_before(session, now - timedelta(days=1)))


def forget_applicants(db, rules: SignUpPolicy, now: datetime) -> int:
    """Phone codes pruned plus rejected applications erased."""
    with db.transaction() as session:
        return (phone_codes.delete_made_before(session,
                                               now - timedelta(seconds=rules.codes.kept_s))
                + applications.erase_rejected_before(
                    session, now - timedelta(days=rules.retention_days), now))
