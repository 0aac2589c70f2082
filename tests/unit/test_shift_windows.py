"""The hours attendance is believed in (services/common/slots.py, docs/shifts.md): the
check-in and check-out windows of a shift, the visit hours, and their configuration."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from services.common.slots import (
    AttendanceRules,
    checkin_window,
    checkout_window,
    visit_window,
)
from services.dispatch.use_cases.attendance import scan_problems

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2030, 3, 4)
RULES = AttendanceRules()


def local(hour: int, minute: int = 0, second: int = 0, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


def shift(half: str) -> SimpleNamespace:
    return SimpleNamespace(key=f"o1:{MONDAY}:{half}:G1", day=MONDAY, half=half)


def fields_of(kind: str, at: datetime, half: str, *, now: datetime | None = None) -> list:
    return [f for f, _ in scan_problems(kind, at, now or local(23, 0), shift(half),
                                        SHANGHAI, RULES)]


def test_the_defaults_open_check_in_half_an_hour_before_the_start_and_close_it_at_the_end():
    assert checkin_window(MONDAY, "am", SHANGHAI, RULES) == (local(7, 30), local(12))
    assert checkin_window(MONDAY, "pm", SHANGHAI, RULES) == (local(13, 30), local(18))
    assert checkout_window(MONDAY, "am", SHANGHAI, RULES) == (local(7, 30), local(13))
    assert visit_window(MONDAY, "am", SHANGHAI, RULES) == (local(7, 45), local(12, 15))


def test_a_check_in_on_an_afternoon_batch_at_noon_is_refused_naming_the_field():
    problems = scan_problems("in", local(12), local(12), shift("pm"), SHANGHAI, RULES)
    assert [f for f, _ in problems] == ["at"]
    assert "before the check-in window" in problems[0][1] and "13:30" in problems[0][1]


def test_a_check_in_after_a_morning_batch_ended_is_a_correction_not_a_scan():
    problems = scan_problems("in", local(12, 0, 43), local(12, 1), shift("am"), SHANGHAI,
                             RULES)
    assert [f for f, _ in problems] == ["at"]
    assert "ended" in problems[0][1] and "attendance-corrections" in problems[0][1]
    assert fields_of("in", local(12), "am") == ["at"]          # the end itself is too late


def test_check_ins_inside_the_window_and_check_outs_a_little_after_the_end_are_taken():
    assert fields_of("in", local(7, 30), "am") == []
    assert fields_of("in", local(11, 59, 59), "am") == []
    assert fields_of("in", local(7, 29), "am") == ["at"]
    assert fields_of("out", local(12, 40), "am") == []
    assert fields_of("out", local(13, 1), "am") == ["at"]
    assert fields_of("in", local(9), "am", now=local(9) - timedelta(minutes=30)) == ["at"]
    assert fields_of("in", local(9), "am", now=local(9) - timedelta(minutes=4)) == []
    assert fields_of("in", local(9, day=MONDAY - timedelta(days=1)), "am") == ["at"]


def test_the_windows_follow_the_environment_and_bad_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("CHECKIN_OPENS_MINUTES", "60")
    monkeypatch.setenv("CHECKOUT_CLOSES_MINUTES", "0")
    monkeypatch.setenv("VISIT_HOURS_TOLERANCE_MINUTES", "5")
    rules = AttendanceRules.from_env()
    assert checkin_window(MONDAY, "am", SHANGHAI, rules)[0] == local(7)
    assert checkout_window(MONDAY, "am", SHANGHAI, rules)[1] == local(12)
    assert visit_window(MONDAY, "pm", SHANGHAI, rules) == (local(13, 55), local(18, 5))
    for value, reason in (("soon", "whole number"), ("-5", "between 0 and"),
                          ("500", "between 0 and")):
        monkeypatch.setenv("CHECKIN_OPENS_MINUTES", value)
        with pytest.raises(ValueError, match=f"CHECKIN_OPENS_MINUTES: must be.*{reason}"):
            AttendanceRules.from_env()
