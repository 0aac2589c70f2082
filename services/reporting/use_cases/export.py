"""A daily report as a table: one row per child area (or the area itself for a grid) and a
totals row, in CSV or XLSX with Chinese headers, ready for a grid leader to print."""

from __future__ import annotations

import csv
import io

from services.common.vocab import VISIT_OUTCOMES

# (header, how to read it from a report's figures)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("区域编码", "area.code"), ("区域名称", "area.name"),
    ("户数", "registry.households"), ("人数", "registry.residents"),
    ("应访户数", "coverage.target"), ("已走访", "coverage.reached"),
    ("不在家", "coverage.not_home"), ("拒访", "coverage.refused"),
    ("空置", "coverage.vacant"), ("已分配未走访", "coverage.assigned"),
    ("未分配", "coverage.not_yet_assigned"), ("覆盖率", "coverage.rate"),
    ("当日走访", "coverage.visits_day"), ("发现人数", "coverage.people_found"),
    ("登记人数", "coverage.people_registered"), ("隐患", "coverage.hazards"),
    ("未结差异", "coverage.discrepancies_open"),
    ("班次", "effort.shifts_scheduled"), ("缺员班次", "effort.shifts_understaffed"),
    ("承诺人次", "effort.pt_promised"), ("排班人次", "effort.pt_scheduled"),
    ("到岗人次", "effort.pt_delivered"), ("缺勤", "effort.pt_no_show"),
    ("新增诉求", "requests.raised"), ("未结诉求", "requests.open"),
    ("超期诉求", "requests.overdue_open"), ("办结诉求", "requests.resolved"),
)
SUMMED = {key for _, key in COLUMNS if key not in ("area.code", "area.name", "coverage.rate")}


def flat(figures: dict) -> dict:
    """The columns' values of one report (coverage summed over its campaigns; effort and
    requests of the day)."""
    cov = figures["coverage"]
    total = {k: sum(c[k] for c in cov) for k in
             ("target", *VISIT_OUTCOMES, "assigned", "not_yet_assigned", "people_found",
              "people_registered", "discrepancies_open")}
    effort = figures["effort"]["totals"]
    req = figures["requests"]
    row = {"area.code": figures["area"]["code"], "area.name": figures["area"]["name"],
           "registry.households": figures["registry"]["households"],
           "registry.residents": figures["registry"]["residents"],
           **{f"coverage.{k}": v for k, v in total.items()},
           "coverage.visits_day": sum(c["visits"]["day"] for c in cov),
           "coverage.hazards": sum(c["hazards"]["to_date"] for c in cov),
           **{f"effort.{k}": effort[k]["day"] for k in
              ("shifts_scheduled", "shifts_understaffed", "pt_promised", "pt_scheduled",
               "pt_delivered", "pt_no_show")},
           "requests.raised": req["raised"]["day"], "requests.open": req["open"],
           "requests.overdue_open": req["overdue_open"],
           "requests.resolved": req["resolved"]["day"]}
    row["coverage.rate"] = _rate(row)
    return row


def _rate(row: dict) -> str:
    target = row["coverage.target"]
    return f"{row['coverage.reached'] / target:.1%}" if target else "-"


def table(report: dict, children: list[dict]) -> list[list]:
    """Header, the rows, and the totals row (the report's own figures: its area's
    counters already hold the sum of its children)."""
    header = [h for h, _ in COLUMNS]
    rows = [flat(f) for f in (children or [report])]
    totals = flat(report)
    totals["area.code"], totals["area.name"] = "合计", report["area"]["name"]
    return [header] + [[r[k] for _, k in COLUMNS] for r in rows] + \
        [[totals[k] for _, k in COLUMNS]]


def to_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    # BOM: Excel opens a UTF-8 CSV with Chinese headers correctly only with it
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "每日一报"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for row in rows:
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 16
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
