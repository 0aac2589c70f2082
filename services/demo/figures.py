"""What `make run` prints once the volunteers are done: live coverage per grid from the
reporting service (fed only by events), person-times, requests, and the daily report."""

from __future__ import annotations

import csv
import io
import time
from datetime import date

from rich.console import Console
from rich.table import Table

from services.demo.client import call, fetch_text

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
    _daily(gw, community, campaign, day, accepted)


def _visits_in(report: dict, campaign: str) -> int:
    return next((c["visits"]["to_date"] for c in report["figures"]["coverage"]
                 if c["campaign_id"] == campaign), 0)


def _daily(gw: str, community: str, campaign: str, day: date, accepted: int,
           timeout: float = 240) -> None:
    """Wait for the day's report to be frozen at the cut-off, then print it as the grid
    leaders' export has it (one row per grid, a totals row)."""
    console.print(f"waiting for the daily report (每日一报) of {day} at the cut-off …")
    deadline = time.monotonic() + timeout
    path = f"/reporting/reports/daily/{community}/{day}"
    while time.monotonic() < deadline:
        status, text = fetch_text(gw, path + "?format=csv")
        if status == 200:
            break
        time.sleep(2)
    else:
        console.print(f"[yellow]no daily report yet; it is frozen at REPORT_CUTOFF and then "
                      f"served at {gw}{path}?format=xlsx[/yellow]")
        return
    _, body = call(gw, "GET", path)
    # Revision 1 has every visit recorded before the cut-off. On a slow machine the
    # volunteers may still be knocking at the demo's cut-off (two minutes after the
    # start): their later visits re-issue the report at the next 10 s tick. Print the
    # revision that has them all, and say why it is not the first.
    # The target is the live count, not this run's visits: a second `make run` on the
    # same day adds to a day frozen by the first.
    found = _coverage(gw, community, campaign, day)
    live = found[0]["visits"]["to_date"] if found and found[0] else accepted
    settle = time.monotonic() + 30
    while _visits_in(body, campaign) < live and time.monotonic() < settle:
        time.sleep(2)
        _, body = call(gw, "GET", path)
    _, text = fetch_text(gw, f"{path}?format=csv&revision={body['revision']}")
    rows = list(csv.reader(io.StringIO(text)))
    # the export has a column per figure (wide, for printing); on a terminal a row per
    # figure and a column per grid reads better
    table = Table(title=f"每日一报 · {body['figures']['area']['name']} · {day} · "
                        f"第{body['revision']}版 (published {body['published_at']})")
    table.add_column("指标")
    for row in rows[1:]:
        table.add_column(row[1] if row[0] != "合计" else "合计", justify="right")
    for i, header in enumerate(rows[0][2:], start=2):
        table.add_row(header, *(row[i] for row in rows[1:]))
    console.print(table)
    if body["revision"] > 1:
        _, first = call(gw, "GET", f"{path}?revision=1")
        early = _visits_in(first, campaign)
        if early < _visits_in(body, campaign):
            console.print(f"revision 1, frozen at the cut-off, has {early} visits: the "
                          f"others were recorded after the cut-off and re-issued the report")
    console.print(f"export for printing: {gw}{path}?format=xlsx  (late visits re-issue it "
                  f"with the next revision)")
