"""Check-in codes (services/dispatch/domain/checkin_codes.py): TOTP's truncation over
HMAC-SHA256, the current and the previous period accepted, and which shift a typed code
opens for the caller: their own, another's (403), none (400). Plus the window refusals
and the period setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.dispatch import settings
from services.dispatch.domain import checkin_codes as codes
from services.dispatch.domain.checkin_codes import (
    MINE,
    NO_SHIFT,
    NOT_MINE,
    Candidate,
    accepts,
    code_of,
    is_code,
    match_code,
    period_number,
    shown_code,
    window_problem,
)

RFC_SECRET = b"12345678901234567890123456789012"   # RFC 6238's SHA-256 seed
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@pytest.mark.parametrize(("seconds", "totp8"), [
    (59, "46119246"), (1111111109, "68084774"), (1111111111, "67062674"),
    (1234567890, "91819424"), (2000000000, "90698825"), (20000000000, "77737706")])
def test_the_code_is_rfc_6238_totp_with_sha256_cut_to_six_digits(seconds, totp8):
    """RFC 6238's SHA-256 test vectors (30 s steps, 8 digits): ours are their last six."""
    assert code_of(RFC_SECRET, period_number(at(seconds), 30)) == totp8[-6:]


def test_a_code_is_six_digits_kept_with_its_leading_zeros():
    found = {code_of(b"k" * 32, period) for period in range(3000)}
    assert all(len(code) == 6 and code.isdigit() for code in found)
    assert any(code.startswith("0") for code in found)
    assert len(found) > 2900                       # spread over the million codes


def test_what_the_leader_shows_and_how_long_it_is_taken():
    now = datetime(2026, 12, 8, 1, 3, 27, tzinfo=UTC)
    shown = shown_code(b"s" * 32, now, 600)
    assert shown.valid_from == datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    assert shown.valid_until == datetime(2026, 12, 8, 1, 10, tzinfo=UTC)
    assert shown.accepted_until == datetime(2026, 12, 8, 1, 20, tzinfo=UTC)
    assert shown.code == code_of(b"s" * 32, period_number(now, 600))


def test_the_current_and_the_previous_period_are_accepted_nothing_else():
    secret, period_s = b"x" * 32, 600
    shown_at = datetime(2026, 12, 8, 1, 9, 59, tzinfo=UTC)
    code = shown_code(secret, shown_at, period_s).code
    assert accepts(secret, code, shown_at, period_s)
    # typed after it rotated: still taken for one period
    assert accepts(secret, code, shown_at + timedelta(seconds=1), period_s)
    assert accepts(secret, code, shown_at + timedelta(seconds=600), period_s)
    # two periods on: refused; and a code of the future is not taken early
    assert not accepts(secret, code, shown_at + timedelta(seconds=601), period_s)
    assert not accepts(secret, code, shown_at - timedelta(seconds=600), period_s)
    # another shift's secret, another code
    assert not accepts(b"y" * 32, code, shown_at, period_s)


@pytest.mark.parametrize("typed", ["12345", "1234567", "12345a", " 123456", "１２３４５６",
                                   "", None, 123456])
def test_only_six_ascii_digits_are_a_code(typed):
    assert not is_code(typed)
    assert not accepts(b"x" * 32, typed, at(0), 600)


def _code(secret: bytes, now: datetime) -> str:
    return shown_code(secret, now, 600).code


def test_a_code_opens_the_callers_own_shift_first():
    now = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    mine, other = Candidate("am:G1", b"a" * 32, True), Candidate("am:G2", b"b" * 32, False)
    assert match_code(_code(mine.secret, now), [other, mine], now, 600) == \
        codes.Match(MINE, "am:G1")
    # a colleague's shift sharing the code by chance never hides theirs
    twin = Candidate("am:G3", mine.secret, False)
    assert match_code(_code(mine.secret, now), [twin, mine], now, 600).outcome == MINE


def test_another_shifts_code_is_not_mine_and_an_unknown_code_is_no_shift():
    now = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    mine, other = Candidate("am:G1", b"a" * 32, True), Candidate("am:G2", b"b" * 32, False)
    assert match_code(_code(other.secret, now), [mine, other], now, 600) == \
        codes.Match(NOT_MINE, "am:G2")
    unknown = next(c for c in ("000000", "111111", "222222")
                   if c not in {_code(mine.secret, now), _code(other.secret, now)})
    assert match_code(unknown, [mine, other], now, 600).outcome == NO_SHIFT
    assert match_code(_code(mine.secret, now), [], now, 600).outcome == NO_SHIFT
    # a code too old for its own shift is no shift's either
    late = now + timedelta(minutes=25)
    assert match_code(_code(mine.secret, now), [mine, other], late, 600).outcome == NO_SHIFT


def test_the_window_refusals_say_when_in_local_time():
    day = datetime(2026, 12, 8, tzinfo=SHANGHAI)
    opens, closes = day.replace(hour=7, minute=30), day.replace(hour=12)
    early = window_problem("in", "o1:2026-12-08:am:G1", day.replace(hour=7), opens, closes,
                           SHANGHAI)
    assert early == ("the check-in of shift o1:2026-12-08:am:G1 opens at 07:30 "
                     "(2026-12-08, local time)")
    late = window_problem("in", "K", day.replace(hour=12), opens, closes, SHANGHAI)
    assert late.startswith("shift K ended at 12:00 (2026-12-08, local time)")
    assert window_problem("in", "K", day.replace(hour=11, minute=59), opens, closes,
                          SHANGHAI) is None
    # check-outs are taken until their own window closes (13:00 here), not after
    out_closes = day.replace(hour=13)
    assert window_problem("out", "K", day.replace(hour=12, minute=30), opens, out_closes,
                          SHANGHAI) is None
    assert "closed at 13:00" in window_problem("out", "K", day.replace(hour=13, minute=1),
                                                opens, out_closes, SHANGHAI)
    # the time is said locally whatever zone `now` comes in
    utc_now = day.replace(hour=7).astimezone(UTC)
    assert "opens at 07:30" in window_problem("in", "K", utc_now, opens, closes, SHANGHAI)


def test_the_code_period_setting(monkeypatch):
    settings.checkin_code_period_s.cache_clear()
    monkeypatch.delenv("DISPATCH_CHECKIN_CODE_MINUTES", raising=False)
    assert settings.checkin_code_period_s() == 600
    for value, reason in (("0", "between 1 and 60"), ("61", "between 1 and 60"),
                          ("ten", "whole number")):
        settings.checkin_code_period_s.cache_clear()
        monkeypatch.setenv("DISPATCH_CHECKIN_CODE_MINUTES", value)
        with pytest.raises(ValueError, match=f"DISPATCH_CHECKIN_CODE_MINUTES: must be.*{reason}"):
            settings.checkin_code_period_s()
        with pytest.raises(SystemExit, match="DISPATCH_CHECKIN_CODE_MINUTES"):
            settings.check_settings_at_start()
    settings.checkin_code_period_s.cache_clear()
    monkeypatch.setenv("DISPATCH_CHECKIN_CODE_MINUTES", "2")
    assert settings.checkin_code_period_s() == 120
    settings.checkin_code_period_s.cache_clear()


def test_an_account_typing_too_many_wrong_codes_waits():
    now = datetime(2026, 12, 8, 1, 30, tzinfo=UTC)
    minutes = [now - timedelta(minutes=m) for m in (1, 2, 3, 4, 5, 6, 7, 8, 9)]
    assert codes.locked_until(minutes, now) is None              # nine: still trying
    ten = [*minutes, now - timedelta(minutes=12)]
    assert codes.locked_until(ten, now) == now + timedelta(minutes=3)
    # those older than the window do not count
    assert codes.locked_until([*minutes, now - timedelta(minutes=15)], now) is None
    assert codes.too_many_wrong(now + timedelta(minutes=3), SHANGHAI) == (
        "too many wrong check-in codes: try again at 09:33 (local time), or ask the "
        "shift's leader to check you in")
