"""Check-in codes (domain/checkin_codes.py; docs/shifts.md, "Check-in codes"): the code a
shift's leader shows, and a volunteer checking themself in with it at the server's time.

Codes and secrets are never logged, never put in an error message and never in an event:
a refusal says what is wrong with the code, never what it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.common.auth import Forbidden
from services.common.db import Database
from services.common.errors import Conflict, Refused
from services.common.slots import (
    AttendanceRules,
    attendance_rules,
    checkin_window,
    checkout_window,
)
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters.models import (
    ASSIGNED,
    SCHEDULED,
    Attendance,
    Booking,
    Shift,
    WrongCheckinCode,
)
from services.dispatch.domain.checkin_codes import (
    MINE,
    NO_SUCH_CODE,
    NOT_MINE,
    NOT_ON_SHIFT,
    NOT_THIS_SHIFT,
    WRONG_CODES_WINDOW,
    WRONG_FORMAT,
    Candidate,
    accepts,
    is_code,
    locked_until,
    match_code,
    shown_code,
    too_many_wrong,
    window_problem,
)
from services.dispatch.use_cases.attendance import record_scan
from services.dispatch.use_cases.shifts import shift_by_key

# a code may belong to a shift of yesterday (a check-out until 20:00 at the latest),
# today or tomorrow (one shown before its window opens): no other shift can be in question
_DAYS_AROUND = 1
CODE_SOURCE = "code"


def code_of_shift(session: Session, key: str, *, now: datetime, period_s: int) -> dict:
    """What the leader's screen shows for a shift: the code of now and its period."""
    shift = shift_by_key(session, key)
    if shift.status != SCHEDULED:
        raise Conflict("shift_key", f"shift {key} is {shift.status}: it has no check-in")
    shown = shown_code(bytes(shift.checkin_secret), now, period_s)
    return {"shift_key": key, "code": shown.code, "valid_from": shown.valid_from,
            "valid_until": shown.valid_until, "accepted_until": shown.accepted_until,
            "period_s": shown.period_s}


def is_shift_code(session: Session, key: str, code: str | None, *, now: datetime,
                  period_s: int) -> bool:
    """Whether `code` is the shift's code now (or the period before)."""
    secret = session.execute(select(Shift.checkin_secret).where(Shift.key == key)).scalar()
    return secret is not None and code is not None and \
        accepts(bytes(secret), code, now, period_s)


def _candidates(session: Session, volunteer_ids: tuple[str, ...], shift_key: str | None,
                today) -> tuple[list[Candidate], dict[str, str]]:
    """The scheduled shifts around today, or the one `shift_key` names (whatever its
    day: its window then says when), each marked whether it is the caller's own →
    (candidates, {own shift key: the caller's volunteer id on it})."""
    query = select(Shift.key, Shift.checkin_secret).where(Shift.status == SCHEDULED)
    if shift_key is not None:
        query = query.where(Shift.key == shift_key)
    else:
        query = query.where(Shift.day >= today - timedelta(days=_DAYS_AROUND),
                            Shift.day <= today + timedelta(days=_DAYS_AROUND))
    rows = session.execute(query.order_by(Shift.day, Shift.half, Shift.key)).all()
    keys = [key for key, _secret in rows]
    own: dict[str, str] = {}
    if keys and volunteer_ids:
        # on it now, or present on it already (to check out after being taken off it),
        # as for a scan by key (entrypoints/scopes.py checkin_self)
        for key, vid in session.execute(
                select(Booking.shift_key, Booking.volunteer_id)
                .where(Booking.shift_key.in_(keys), Booking.status == ASSIGNED,
                       Booking.volunteer_id.in_(volunteer_ids))
                .union(select(Attendance.shift_key, Attendance.volunteer_id)
                       .where(Attendance.shift_key.in_(keys),
                              Attendance.volunteer_id.in_(volunteer_ids)))):
            own.setdefault(key, vid)
    candidates = [Candidate(key, bytes(secret), key in own) for key, secret in rows]
    return candidates, own


def checkin_with_code(uow: UnitOfWork, volunteer_ids: tuple[str, ...], code: str,
                      kind: str, shift_key: str | None, *, now: datetime, tz: tzinfo,
                      period_s: int, actor: str | None,
                      rules: AttendanceRules | None = None) -> tuple[dict, bool]:
    """A volunteer checks themself in ('in') or out ('out') with the code their shift's
    leader shows, at the server's time `now`: the shift is the caller's own whose code it
    is (`shift_key` narrows the search, as the QR code names it). → (attendance with its
    shift_key, first scan of that kind).

    Refusals: not six digits, or no shift has that code now → 400 naming `code`; the code
    of a shift the caller is not on → 403; their shift's window not open yet or over →
    409 naming `shift_key`, with the local time it opens or ended."""
    if not volunteer_ids:
        raise Forbidden("only a volunteer checks themself in with a check-in code (this "
                        "token holds no volunteer grant)")
    if not is_code(code):
        raise Refused([("code", WRONG_FORMAT)])
    session = uow.session
    if shift_key is not None:
        shift_by_key(session, shift_key)          # 404 for a shift that does not exist
    candidates, own = _candidates(session, volunteer_ids, shift_key,
                                  now.astimezone(tz).date())
    found = match_code(code, candidates, now, period_s)
    if found.outcome == NOT_MINE:
        raise Forbidden(NOT_ON_SHIFT)
    if found.outcome != MINE:
        raise Refused([("code", NO_SUCH_CODE)])
    key = found.shift_key
    shift = shift_by_key(session, key)
    rules = rules or attendance_rules()
    window = checkin_window if kind == "in" else checkout_window
    opens, closes = window(shift.day, shift.half, tz, rules)
    problem = window_problem(kind, key, now, opens, closes, tz)
    if problem:
        raise Conflict("shift_key", problem)
    view, first = record_scan(uow, key, own[key], kind, now, CODE_SOURCE, now=now, tz=tz,
                              rules=rules, actor=actor)
    return view, first


T = TypeVar("T")
_WRONG = (NO_SUCH_CODE, NOT_THIS_SHIFT)


def _wrong_code(exc: Exception) -> bool:
    """A refusal that says the code typed was not the caller's shift's."""
    if isinstance(exc, Forbidden):
        return str(exc) == NOT_ON_SHIFT
    return isinstance(exc, Refused) and any(
        field == "code" and reason in _WRONG for field, reason in exc.problems)


def limiting_wrong_codes(db: Database, account: str, *, now: datetime, tz: tzinfo,
                         attempt: Callable[[], T]) -> T:
    """Run a check-in by code (`attempt`, its own transaction) unless the account typed
    too many wrong codes lately (400 naming `code`, saying when to try again); a wrong
    code it types now is counted, in a transaction of its own since the attempt's rolls
    back. Only when, never the code."""
    with db.transaction() as session:
        until = locked_until(session.execute(
            select(WrongCheckinCode.typed_at).where(
                WrongCheckinCode.account_id == account,
                WrongCheckinCode.typed_at > now - WRONG_CODES_WINDOW)).scalars(), now)
    if until is not None:
        raise Refused([("code", too_many_wrong(until, tz))])
    try:
        return attempt()
    except (Refused, Forbidden) as exc:
        if _wrong_code(exc):
            with db.transaction() as session:
                session.execute(delete(WrongCheckinCode).where(
                    WrongCheckinCode.account_id == account,
                    WrongCheckinCode.typed_at <= now - WRONG_CODES_WINDOW))
                session.add(WrongCheckinCode(account_id=account[:200], typed_at=now))
        raise
