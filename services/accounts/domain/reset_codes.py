"""Password reset by a one-time code (issue 13, "Getting in"): a person who forgot their
password asks for a code, which the sender (adapters/senders.py) delivers to their login;
with it they set a new password, and every session of theirs ends.

- A code is CODE_DIGITS random digits, kept only as a keyed hash, good for TTL_S seconds
  and MAX_ATTEMPTS wrong tries; a new code replaces the one before.
- Asking answers the same whether the login exists or not (no account enumeration); only
  an active or locked account with a password is sent a code, at most PER_LOGIN codes a
  window, so nobody floods a phone with messages.
Plain functions over times in seconds, tested without a clock."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol

from services.accounts.domain.statuses import ACTIVE, LOCKED, PERSON

CODE_DIGITS = 8
TTL_S = 15 * 60
MAX_ATTEMPTS = 5
# a locked account is reset too (its owner proves the login is theirs); its status stays:
# an admin unlocks (the lock's rule). Invited accounts accept their invitation instead.
RESETTABLE = frozenset({ACTIVE, LOCKED})
INVALID_CODE = "unknown, already used, expired or tried too often"


@dataclass(frozen=True)
class ResetPolicy:
    ttl_s: int = TTL_S
    max_attempts: int = MAX_ATTEMPTS
    # codes sent for one login within window_s (past it, nothing more is sent: asking
    # answers alike, so a limit per client address would tell which logins exist)
    window_s: int = 3600
    per_login: int = 3

    def __post_init__(self) -> None:
        for name in ("ttl_s", "max_attempts", "window_s", "per_login"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def may_reset(kind: str, status: str, has_password: bool) -> bool:
    return kind == PERSON and status in RESETTABLE and has_password


@dataclass(frozen=True)
class CodeState:
    """A reset code as stored: when it was made, how often it was tried, whether it was
    used or replaced."""

    created_at: float
    attempts: int
    closed: bool


class CodeLife(Protocol):
    """What `usable` asks of a code's policy: a reset's, or a sign-up's phone code's
    (domain/phone_codes.py), which keep their codes alike."""

    ttl_s: int
    max_attempts: int


def usable(policy: CodeLife, code: CodeState | None, now: float) -> bool:
    """Whether a code may still be tried: it exists, is neither used nor replaced, has not
    expired and has tries left."""
    return (code is not None and not code.closed and now < code.created_at + policy.ttl_s
            and code.attempts < policy.max_attempts)


def sends_another(policy: ResetPolicy, sent_for_login: int) -> bool:
    """Whether one more code is sent to a login that was sent `sent_for_login` within the
    window (past it the request is answered alike and nothing is sent)."""
    return sent_for_login < policy.per_login
