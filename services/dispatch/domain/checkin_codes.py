"""Check-in codes (签到码): the short code a shift's leader shows (as text or in a QR code)
and a volunteer types or scans to check themself in. The code proves the volunteer is
where the leader is, now: without it a volunteer's own check-in was a tap anyone could
make from home.

Each shift holds a random secret (dispatch's `shifts.checkin_secret`, never answered,
never logged). Time is cut into periods of `period_s` seconds from the Unix epoch; the
code of a period is the secret's HMAC-SHA256 of the period's number, truncated to six
digits the way TOTP does (RFC 6238 over RFC 4226's dynamic truncation, with SHA-256).
The current and the previous period's codes are accepted, so a code read a moment before
it rotated still works while the volunteer types it; one older than that does not.

Which shift a code belongs to is judged here too (`match_code`): the caller's own shifts
first, then every other shift of the day, only to tell "a shift you are not on" (403)
from "no shift has that code" (400). Plain Python: no database, no framework.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.common.slots import hhmm

DIGITS = 6
SECRET_BYTES = 32
# how many periods back a code is still taken: the current one and the one before
ACCEPTED_PERIODS = 2


def period_number(at: datetime, period_s: int) -> int:
    """The period `at` falls in: whole periods of `period_s` seconds since the epoch."""
    return int(at.timestamp()) // period_s


def code_of(secret: bytes, period: int) -> str:
    """The six-digit code of one period: HMAC-SHA256(secret, period as 8 bytes big-endian),
    dynamically truncated (the low nibble of the last byte picks 4 bytes, top bit
    cleared), modulo 10^6, zero-padded."""
    digest = hmac.new(secret, period.to_bytes(8, "big"), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10 ** DIGITS).zfill(DIGITS)


@dataclass(frozen=True)
class ShownCode:
    """What a leader's screen shows: the code, and when to ask for the next one."""

    code: str
    valid_from: datetime        # this period's start (UTC)
    valid_until: datetime       # its end: the screen shows the next code from then
    accepted_until: datetime    # a volunteer may still type it until then
    period_s: int


def shown_code(secret: bytes, now: datetime, period_s: int) -> ShownCode:
    period = period_number(now, period_s)
    start = datetime.fromtimestamp(period * period_s, UTC)
    step = timedelta(seconds=period_s)
    return ShownCode(code_of(secret, period), start, start + step,
                     start + step * ACCEPTED_PERIODS, period_s)


def is_code(value: object) -> bool:
    """Six ASCII digits: what a volunteer may type."""
    return (isinstance(value, str) and len(value) == DIGITS and value.isascii()
            and value.isdigit())


def accepts(secret: bytes, code: str, now: datetime, period_s: int) -> bool:
    """True when `code` is the current or the previous period's code. Every candidate is
    compared in constant time, so timing tells nothing of how close a guess came."""
    if not is_code(code):
        return False
    period = period_number(now, period_s)
    matched = False
    for back in range(ACCEPTED_PERIODS):
        matched |= hmac.compare_digest(code_of(secret, period - back), code)
    return matched


@dataclass(frozen=True)
class Candidate:
    """A shift a code may belong to: its key, its secret, and whether the caller is on it
    (booked now, or checked in already: to check out after being taken off)."""

    shift_key: str
    secret: bytes
    mine: bool


# what match_code finds
MINE, NOT_MINE, NO_SHIFT = "mine", "not_mine", "no_shift"


@dataclass(frozen=True)
class Match:
    outcome: str                 # MINE, NOT_MINE or NO_SHIFT
    shift_key: str | None = None


def match_code(code: str, candidates: Iterable[Candidate], now: datetime, period_s: int
               ) -> Match:
    """Which shift a typed code opens for the caller: their own shift whose code it is
    (MINE; the first in the order given when, improbably, two of theirs share a code),
    else NOT_MINE if another shift's code it is, else NO_SHIFT. The caller's own shifts
    are tried first so a colleague's shift sharing the code by chance never hides theirs."""
    candidates = list(candidates)
    for candidate in candidates:
        if candidate.mine and accepts(candidate.secret, code, now, period_s):
            return Match(MINE, candidate.shift_key)
    for candidate in candidates:
        if not candidate.mine and accepts(candidate.secret, code, now, period_s):
            return Match(NOT_MINE, candidate.shift_key)
    return Match(NO_SHIFT)


# the refusals, in plain English naming the field (the web app translates them)
WRONG_FORMAT = "must be the 6 digits the shift's leader shows"
NO_SUCH_CODE = ("no shift of yours has this check-in code now: ask the shift's leader for "
                "the code on their screen (it changes every few minutes)")
NOT_ON_SHIFT = "this code is for a shift you are not on"
CODE_REQUIRED = ("a volunteer checking themself in gives the check-in code the shift's "
                 "leader shows")
NOT_THIS_SHIFT = ("is not this shift's check-in code now: ask the shift's leader for the "
                  "code on their screen (it changes every few minutes)")
SERVER_TIME = ("a volunteer checking themself in gives no time: the check-in is recorded "
               "at the server's time")


def window_problem(kind: str, shift_key: str, now: datetime, opens: datetime,
                   closes: datetime, tz) -> str | None:
    """Why a code check-in ('in') or check-out ('out') at the server's time `now` is not
    taken yet or any more (the windows of docs/shifts.md, given as aware datetimes);
    None inside the window. Said with the local time people read on a schedule."""
    local = now.astimezone(tz)
    what = "check-in" if kind == "in" else "check-out"
    if local < opens:
        return (f"the {what} of shift {shift_key} opens at {hhmm(opens, tz)} "
                f"({opens.astimezone(tz).date()}, local time)")
    if kind == "in" and local >= closes:
        return (f"shift {shift_key} ended at {hhmm(closes, tz)} "
                f"({closes.astimezone(tz).date()}, local time): a check-in after the end is "
                f"a correction by the unit's coordinator or the community")
    if kind == "out" and local > closes:
        return (f"the check-out of shift {shift_key} closed at {hhmm(closes, tz)} "
                f"({closes.astimezone(tz).date()}, local time)")
    return None


# Someone guessing has two codes in a million per try: unlimited, a script finds one
# within the hour. Wrong codes are counted per account, and past the limit none is taken
# for a while, the right one included (a volunteer who mistyped that often is checked in
# by the shift's leader).
MAX_WRONG_CODES = 10
WRONG_CODES_WINDOW = timedelta(minutes=15)


def locked_until(wrong_at: Iterable[datetime], now: datetime) -> datetime | None:
    """When an account that typed wrong codes at `wrong_at` may try again: None while
    fewer than MAX_WRONG_CODES of them lie in the last WRONG_CODES_WINDOW; else the time
    the oldest of those falls out of it."""
    recent = sorted(at for at in wrong_at if at > now - WRONG_CODES_WINDOW)
    if len(recent) < MAX_WRONG_CODES:
        return None
    return recent[-MAX_WRONG_CODES] + WRONG_CODES_WINDOW


def too_many_wrong(until: datetime, tz) -> str:
    return (f"too many wrong check-in codes: try again at {hhmm(until, tz)} (local time), "
            f"or ask the shift's leader to check you in")
