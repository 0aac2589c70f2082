"""Reporting's helpers without servers: figure shapes, the report table, the cut-off,
the contracts and the route table."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from services.common.contracts import dump_payload
from services.common.history import History
from services.reporting import clock
from services.reporting.use_cases import daily, export, figures

SH = ZoneInfo("Asia/Shanghai")
D = date(2030, 3, 4)


def test_the_report_day_turns_at_the_local_cutoff():
    cut = time(20, 0)
    assert daily.report_day(datetime(2030, 3, 4, 11, 59, tzinfo=UTC), cut, SH) == \
        date(2030, 3, 3)                        # 19:59 in Shanghai: yesterday's report
    assert daily.report_day(datetime(2030, 3, 4, 12, 0, tzinfo=UTC), cut, SH) == D
    assert clock.cutoff("07:30") == time(7, 30)
    with pytest.raises(ValueError, match="REPORT_CUTOFF"):
        clock.cutoff("eight")


def test_stocks_sum_to_date_and_flows_have_a_day():
    rows = {("c1", "", "hh.target"): (0, 10), ("c1", "", "hh.reached"): (2, 3),
            ("c1", "", "hh.assigned"): (-2, 4), ("c1", "", "visits"): (5, 9),
            ("", "", "households"): (0, 10), ("", "", "households.rental"): (0, 2),
            ("", "unit:u1", "pt.delivered"): (3, 7), ("", "", "pt.delivered"): (3, 7)}
    cov = figures.coverage_figures(rows, {"c1": "三询问一完善"})[0]
    assert (cov["target"], cov["reached"], cov["assigned"], cov["not_yet_assigned"]) == \
        (10, 3, 4, 3)
    assert cov["coverage"] == 0.3 and cov["visits"] == {"day": 5, "to_date": 9}
    assert figures.registry_figures(rows)["households_by_kind"] == {"rental": 2}
    effort = figures.effort_figures(rows)
    assert effort["by_unit"][0]["unit_id"] == "u1"
    assert effort["by_unit"][0]["pt_delivered"] == {"day": 3, "to_date": 7}


def report(code: str, name: str, households: int, reached: int) -> dict:
    rows = {("c1", "", "hh.target"): (0, households), ("c1", "", "hh.reached"): (0, reached),
            ("", "", "households"): (0, households)}
    return {"area": {"code": code, "name": name}, "registry": figures.registry_figures(rows),
            "coverage": figures.coverage_figures(rows, {}),
            "effort": figures.effort_figures(rows),
            "requests": figures.request_figures(rows)}


def test_the_printable_table_has_chinese_headers_rows_and_a_totals_row():
    rows = export.table(report("C1", "社区", 30, 12),
                        [report("G1", "一网格", 10, 2), report("G2", "二网格", 20, 10)])
    assert rows[0][:4] == ["区域编码", "区域名称", "户数", "人数"]
    assert [r[0] for r in rows[1:]] == ["G1", "G2", "合计"]
    rate = rows[0].index("覆盖率")
    assert rows[-1][2] == 30 and rows[-1][rate] == "40.0%"
    assert export.to_csv(rows).startswith("\ufeff区域编码".encode())
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.to_xlsx(rows, "每日一报"))).active
    assert sheet["A2"].value == "区域编码" and sheet.cell(sheet.max_row, 1).value == "合计"


def test_reporting_events_validate_against_their_contracts():
    dump_payload("reporting.coverage_updated", {
        "area_code": "G1", "level": "grid", "at": datetime(2030, 3, 4, tzinfo=UTC),
        "campaigns": [{"campaign_id": "c1", "target": 1, "assigned": 0, "reached": 1,
                       "not_home": 0, "refused": 0, "vacant": 0, "not_yet_assigned": 0,
                       "coverage": 1.0, "people_found": 2, "people_registered": 2,
                       "discrepancies_open": 0, "hazards": 0, "visits": 1}]})
    with pytest.raises(ValueError, match="level"):
        dump_payload("reporting.daily_report_published", {
            "area_code": "G1", "level": "planet", "name": "x", "day": D, "revision": 1,
            "figures": {}})


def test_history_settings_come_from_config_then_environment(monkeypatch):
    monkeypatch.setenv("HISTORY_MAX_AGE", "30D")
    history = History.from_config({"AMQP_URI": "amqp://x", "HISTORY_STREAM": "h"})
    assert history.arguments() == {"x-queue-type": "stream", "x-max-age": "30D",
                                   "x-max-length-bytes": 50 * 1000 ** 3}
    assert history.exchanges == ("registry.events", "dispatch.events", "visits.events",
                                 "accounts.events")
    assert not History.from_config({"HISTORY_STREAM": ""}).enabled
