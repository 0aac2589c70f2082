"""Proving the phone of a volunteer sign-up (issue 13). The phone of an application
becomes the login of the approved account, or names the account that gains the volunteer
grant when one has that login already; without proof, anyone could apply with someone
else's number and, once approved, sign in as that number with a password of their own
choosing (or hand the owner's account a grant they never asked for). So an application is
taken only with a one-time code sent to its phone.

The codes are made and kept like password-reset codes (domain/reset_codes.py: digits,
a keyed hash, TTL_S seconds, MAX_ATTEMPTS wrong tries, a new one replaces the one before,
used once). Asking for one answers alike whatever happens (sent, throttled): at most
`per_phone` codes go to one phone and `per_address` from one client address within
`window_s`, so nobody floods a phone with messages. Plain Python."""

from __future__ import annotations

from dataclasses import dataclass

from services.accounts.domain.reset_codes import MAX_ATTEMPTS, TTL_S

# what the sender is told the code is for (adapters/senders.py)
PURPOSE = "apply"
INVALID_PHONE_CODE = ("unknown for this phone, already used, expired or tried too often: "
                      "ask for a new code")


@dataclass(frozen=True)
class PhoneCodePolicy:
    ttl_s: int = TTL_S
    max_attempts: int = MAX_ATTEMPTS
    window_s: int = 3600
    per_phone: int = 3
    per_address: int = 60

    def __post_init__(self) -> None:
        for name in ("ttl_s", "max_attempts", "window_s", "per_phone", "per_address"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")

    @property
    def kept_s(self) -> int:
        """How long a code's row is kept: while it may be tried, and while the rate limits
        count it; past that it is used, replaced or expired, and pruned."""
        return max(self.ttl_s, self.window_s)
