"""What `make run` prints once the volunteers are done: live coverage per grid from the
reporting service (fed only by events), person-times, requests, and the daily report."""

from __future__ import annotations

import time
from datetime import date

from rich.console import Console
from rich.table import Table

from .client import call

console = Console(width=max(140, Console().width))


def _coverage(gw: str, code: str, campaign: str, day: date) -> dict | None:
    status, body = call(gw, "GET", f"/reporting/areas/{code}/figures?campaign={campaign}"
                                   f"&day={day.isoformat()}")
    if status != 200:
        return None
    return next((c for c in body["coverage"] if c["campaign_id"] == campaign), None), body


def wait_for_reporting(gw: str, code: str, campaign: str, day: date, visits: int,
                       timeout: float = 60) -> float | None:
    """Seconds until reporting counts every accepted visit, or None after the timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        found = _coverage(gw, code, campaign, day)
        if found and found[0] and found[0]["visits"]["to_date"] >= visits:
            return time.monotonic() - start
        time.sleep(0.5)
    return None


def show(gw: str, community: str, campaign: str, day: date, pairing: dict,
         accepted: int) -> None:
    waited = wait_for_reporting(gw, community, campaign, day, accepted)
    if waited is None:
        console.print("[yellow]reporting has not caught up with every visit yet; "
                      "figures so far:[/yellow]")
    else:
        console.print(f"reporting counted all {accepted} visits within {waited:.1f} s")
    _, area = call(gw, "GET", f"/reporting/areas/{community}")
    table = Table(title=f"覆盖情况 · {area.get('name', community)} · {campaign}")
    for header in ("网格", "户数", "已走访", "不在家", "拒访", "空置", "未分派", "覆盖率",
                   "实见人数/登记", "隐患", "诉求"):
        table.add_column(header, justify="right")
    for child in [c["code"] for c in area.get("children", [])] + [community]:
        found = _coverage(gw, child, campaign, day)
        if not found or not found[0]:
            continue
        cov, body = found
        table.add_row(body["area"]["name"], str(cov["target"]), str(cov["reached"]),
                      str(cov["not_home"]), str(cov["refused"]), str(cov["vacant"]),
                      str(cov["not_yet_assigned"]), f"{cov['coverage']:.1%}",
                      f"{cov['people_found']}/{cov['people_registered']}",
                      str(cov["hazards"]["to_date"]),
                      str(body["requests"]["raised"]["to_date"]))
    console.print(table)
    _, body = call(gw, "GET", f"/reporting/areas/{community}/figures?day={day.isoformat()}")
    effort = body.get("effort", {}).get("totals", {})
    line = ", ".join(f"{k} {v['to_date']}" for k, v in effort.items())
    console.print(f"人次 (person-times) in {community}: {line}")
    requests = body.get("requests", {})
    console.print(f"诉求 (requests): raised {requests.get('raised', {}).get('to_date')}, "
                  f"open {requests.get('open')}, overdue {requests.get('overdue_open')}")
    _daily(gw, community, day)


def _daily(gw: str, community: str, day: date) -> None:
    for when in (day,):
        status, body = call(gw, "GET", f"/reporting/reports/daily/{community}/{when}")
        if status == 200:
            console.print(f"每日一报 {community} {when} revision {body['revision']}, "
                          f"published {body['published_at']}")
            console.print(f"  export: {gw}/reporting/reports/daily/{community}/{when}"
                          f"?format=xlsx")
            return
    console.print(f"每日一报: today's report is frozen at the cut-off (REPORT_CUTOFF, "
                  f"default 20:00 local) and published as reporting.daily_report_published; "
                  f"then: {gw}/reporting/reports/daily/{community}/{day}?format=xlsx")
