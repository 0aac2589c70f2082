"""When a half-day slot runs, local time: part of what `half` (am/pm/day) means on the
bus, so dispatch (check-ins, no-shows, what may still be cancelled) and visits (when a
shift's households are handed out and taken back, which visits a shift may carry) read
the same hours. The rules people work by are written down in docs/shifts.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from services.common import config

# Morning shifts end at noon, afternoon and whole-day ones at 18:00: a booking without a
# check-in is a no-show only after that. An afternoon starts at 14:00, well after the
# morning's not-home households are released, so they can be in its split.
SHIFT_STARTS = {"am": time(8, 0), "pm": time(14, 0), "day": time(8, 0)}
SHIFT_ENDS = {"am": time(12, 0), "pm": time(18, 0), "day": time(18, 0)}

# (variable, default minutes): how far around the shift's hours attendance is believed
CHECKIN_EARLY = ("CHECKIN_OPENS_MINUTES", 30)
CHECKOUT_LATE = ("CHECKOUT_CLOSES_MINUTES", 60)
VISIT_TOLERANCE = ("VISIT_HOURS_TOLERANCE_MINUTES", 15)
# an afternoon's window must never open before the morning's has closed
_MAX_MINUTES = 120


def _minutes(setting: tuple[str, int]) -> timedelta:
    name, default = setting
    raw = config.env(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}: must be a whole number of minutes, not {raw!r}") from None
    if not 0 <= value <= _MAX_MINUTES:
        raise ValueError(f"{name}: must be between 0 and {_MAX_MINUTES} minutes, not {value}")
    return timedelta(minutes=value)


@dataclass(frozen=True)
class AttendanceRules:
    """How far before the start a check-in is taken, how long after the end a check-out
    is, and how far outside the hours a visit on the shift may be (phones' clocks, a
    last door finished a little late)."""

    checkin_early: timedelta = timedelta(minutes=CHECKIN_EARLY[1])
    checkout_late: timedelta = timedelta(minutes=CHECKOUT_LATE[1])
    visit_tolerance: timedelta = timedelta(minutes=VISIT_TOLERANCE[1])

    @classmethod
    def from_env(cls) -> AttendanceRules:
        return cls(_minutes(CHECKIN_EARLY), _minutes(CHECKOUT_LATE),
                   _minutes(VISIT_TOLERANCE))


@lru_cache(maxsize=1)
def attendance_rules() -> AttendanceRules:
    """The deployment's rules, read from the environment once: every scan and every
    batch of visits uses them, and a bad value read there failed each batch (and dead-
    lettered it) instead of stopping the service (check_attendance_rules_at_start)."""
    return AttendanceRules.from_env()


def check_attendance_rules_at_start() -> None:
    """A bad setting stops the service at start, naming the variable (docs/shifts.md);
    dispatch and visits call this before they run."""
    try:
        attendance_rules()
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


def shift_hours(day: date, half: str, tz: tzinfo) -> tuple[datetime, datetime]:
    """(start, end) of a slot as aware local datetimes."""
    return (datetime.combine(day, SHIFT_STARTS[half], tzinfo=tz),
            datetime.combine(day, SHIFT_ENDS[half], tzinfo=tz))


def checkin_window(day: date, half: str, tz: tzinfo, rules: AttendanceRules
                   ) -> tuple[datetime, datetime]:
    """A check-in at t counts when opens <= t < closes: the end itself is too late."""
    start, end = shift_hours(day, half, tz)
    return start - rules.checkin_early, end


def checkout_window(day: date, half: str, tz: tzinfo, rules: AttendanceRules
                    ) -> tuple[datetime, datetime]:
    """opens <= t <= closes: people scan out as they leave, a little after the end."""
    start, end = shift_hours(day, half, tz)
    return start - rules.checkin_early, end + rules.checkout_late


def visit_window(day: date, half: str, tz: tzinfo, rules: AttendanceRules
                 ) -> tuple[datetime, datetime]:
    """opens <= t <= closes for a visit captured on the shift."""
    start, end = shift_hours(day, half, tz)
    return start - rules.visit_tolerance, end + rules.visit_tolerance


def hhmm(at: datetime, tz: tzinfo) -> str:
    """A local time as people read it on a schedule."""
    return at.astimezone(tz).strftime("%H:%M:%S" if at.second else "%H:%M")
