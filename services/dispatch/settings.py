"""Dispatch's own settings, from the environment (docs/architecture.md rule 7).

DISPATCH_CHECKIN_CODE_MINUTES (default 10): how long one check-in code lasts before the
next one replaces it (domain/checkin_codes.py; the code before is still taken, so a code
lives one to two periods). A whole number of minutes from 1 to 60: shorter, a volunteer
could not type it before it turned; longer, a code passed on by phone would stay good
for hours. Anything else stops the service at start, naming the variable.
"""

from __future__ import annotations

from functools import lru_cache

from services.common import config

CODE_MINUTES = ("DISPATCH_CHECKIN_CODE_MINUTES", 10)
_MIN, _MAX = 1, 60


def _code_minutes() -> int:
    name, default = CODE_MINUTES
    raw = config.env(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}: must be a whole number of minutes, not {raw!r}") from None
    if not _MIN <= value <= _MAX:
        raise ValueError(f"{name}: must be between {_MIN} and {_MAX} minutes, not {value}")
    return value


@lru_cache(maxsize=1)
def checkin_code_period_s() -> int:
    """Seconds one check-in code lasts, read from the environment once."""
    return _code_minutes() * 60


def check_settings_at_start() -> None:
    try:
        checkin_code_period_s()
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
