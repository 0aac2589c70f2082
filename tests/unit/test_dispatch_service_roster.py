"""Reading volunteer rosters: every bad cell is reported as (row, column, reason)."""

from __future__ import annotations

import io

import pytest

from services.dispatch.domain.roster_rows import RosterUnreadable, read_table
from services.dispatch.domain.roster_rows import parse_roster as parse_rows
from services.dispatch.entrypoints.schemas import volunteer_row


def parse_roster(table, default_unit):
    """Rows checked as the HTTP edge checks them (POST /volunteers/import)."""
    return parse_rows(table, default_unit, volunteer_row)


CSV = """编号,姓名,手机,党员,技能,可用星期,时段,不可用日期,每周上限
v1,张三,13800000001,是,"medic,dialect",周一至周五,上午,2030/3/4,3
v2,李四,,否,,"Sat,Sun",全天,,
v3,,13800000003,也许,,周八,晚上,明天,lots
v1,王五,,,,,,,
,赵六,,,,,,,
"""


def test_a_roster_is_read_into_volunteers_and_a_row_level_report():
    parsed = parse_roster(read_table(CSV.encode("utf-8-sig"), "csv"), "u1")
    assert parsed.total == 5
    rows = dict(parsed.rows)
    assert list(rows) == [2, 3]
    first = rows[2]
    assert (first["volunteer_id"], first["unit_id"], first["party_member"]) == ("v1", "u1", True)
    assert first["skills"] == ["medic", "dialect"] and first["weekdays"] == [0, 1, 2, 3, 4]
    assert (first["halves"], first["weekly_limit"]) == (["am"], 3)
    assert [d.isoformat() for d in first["blackout"]] == ["2030-03-04"]
    assert rows[3]["weekdays"] == [5, 6] and rows[3]["halves"] == ["am", "pm"]
    assert rows[3]["weekly_limit"] == 5 and rows[3]["phone"] is None
    report = {(e["row"], e["column"]) for e in parsed.errors}
    assert report == {(4, "姓名"), (4, "党员"), (4, "可用星期"), (4, "时段"), (4, "不可用日期"),
                      (4, "每周上限"), (5, "编号"), (6, "编号")}
    reasons = {(e["row"], e["column"]): e["reason"] for e in parsed.errors}
    assert "also on row 2" in reasons[(5, "编号")]
    assert "'八' is not a weekday" in reasons[(4, "可用星期")]
    assert reasons[(4, "姓名")] == "Missing data for required field."
    assert "required" in reasons[(6, "编号")]


def test_weekday_ranges_wrap_and_iso_numbers_start_on_monday():
    table = [["id", "name", "weekdays"], ["a", "A", "Fri-Mon"], ["b", "B", "1,7"],
             ["c", "C", "每天"], ["d", "D", "0"]]
    parsed = parse_roster(table, "u1")
    rows = dict(parsed.rows)
    assert rows[2]["weekdays"] == [0, 4, 5, 6]
    assert rows[3]["weekdays"] == [0, 6]
    assert rows[4]["weekdays"] == list(range(7))
    assert [(e["row"], e["column"]) for e in parsed.errors] == [(5, "weekdays")]


def test_an_unreadable_roster_names_what_is_wrong():
    with pytest.raises(RosterUnreadable, match="unknown column"):
        parse_roster([["id", "name", "shoe size"]], "u1")
    with pytest.raises(RosterUnreadable, match="missing column"):
        parse_roster([["name"]], "u1")
    with pytest.raises(RosterUnreadable, match="no unit"):
        parse_roster([["id", "name"]], None)
    with pytest.raises(RosterUnreadable, match="XLSX"):
        read_table(b"not a zip", "xlsx")
    with pytest.raises(RosterUnreadable, match="empty"):
        parse_roster(read_table(b"", "csv"), "u1")


def test_xlsx_cells_are_read_as_typed():
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["volunteer_id", "unit_id", "name", "weekly_limit", "blackout", "active"])
    sheet.append(["x1", "u9", "钱七", 2.0, datetime(2030, 5, 1), "否"])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_roster(read_table(buffer.getvalue(), "xlsx"), None)
    (number, row), = parsed.rows
    assert (number, row["unit_id"], row["weekly_limit"], row["active"]) == (2, "u9", 2, False)
    assert row["blackout"][0].isoformat() == "2030-05-01"


def test_each_row_is_checked_by_the_check_the_edge_hands_in():
    from services.common.errors import Refused

    def check(raw: dict) -> dict:
        if raw["name"] == "bad":
            raise Refused([("name", "not a name"), ("weekly_limit", "too many")])
        return raw

    table = [["id", "name", "每周上限"], ["a", "A", "2"], ["b", "bad", "x"]]
    parsed = parse_rows(table, "u1", check)
    assert parsed.rows == [(2, {"unit_id": "u1", "volunteer_id": "a", "name": "A",
                                "weekly_limit": 2})]
    # a column whose cell could not be read keeps that reason, not the check's
    assert [(e["column"], e["reason"]) for e in parsed.errors] == [
        ("每周上限", "'x' is not a whole number"), ("name", "not a name")]
