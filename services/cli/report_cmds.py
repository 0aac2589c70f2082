"""`wangge report …`: daily reports (每日一报) and rebuilds, over reporting's HTTP API.

The CLI is a client like any other: it never opens reporting's database. Base URL: --url
or REPORTING_URL (default http://127.0.0.1:8004). Exit codes: 1 reporting refused the
request, 2 bad input, 3 reporting not reachable, 4 the rebuild failed.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import typer

from services.cli import http
from services.cli.main import app
from services.cli.text import table

DEFAULT_URL = "http://127.0.0.1:8004"
REFUSED, BAD_INPUT, UNREACHABLE = http.REFUSED, http.BAD_INPUT, http.UNREACHABLE
FAILED = 4
FORMATS = ("table", "csv", "xlsx")

report_app = typer.Typer(help="Reporting: daily reports (每日一报) and rebuilds.",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.callback()
def _options(ctx: typer.Context,
             url: str = typer.Option(DEFAULT_URL, "--url", envvar="REPORTING_URL",
                                     help="reporting's base URL"),
             token: str | None = http.token_option()) -> None:
    ctx.obj = url.rstrip("/")
    http.remember_token(ctx, token)


fail = http.fail


def call(ctx: typer.Context, method: str, path: str) -> bytes:
    return http.fetch(ctx, "reporting", "REPORTING_URL", method, path,
                      data=b"{}" if method == "POST" else None)[1]


@report_app.command("daily")
def daily(ctx: typer.Context,
          area: str = typer.Argument(..., help="area code (grid, community, … city)"),
          day: str = typer.Argument(..., help="local day, e.g. 2026-11-23"),
          fmt: str = typer.Option("table", "--format", help="table, csv or xlsx"),
          revision: int | None = typer.Option(None, "--revision", min=1,
                                              help="a given revision (default: latest)"),
          output: Path | None = typer.Option(None, "-o", "--output",
                                             help="write to this file")) -> None:
    """Fetch an area's daily report: a table on screen, or CSV/XLSX (Chinese headers,
    totals row) to print."""
    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: choose table, csv or xlsx", BAD_INPUT)
    try:
        date.fromisoformat(day)
    except ValueError:
        fail(f"DAY {day!r} is not a date like 2026-11-23", BAD_INPUT)
    if fmt == "xlsx" and output is None:
        fail("--format xlsx needs -o FILE", BAD_INPUT)
    query = {"format": "csv" if fmt == "table" else fmt}
    if revision is not None:
        query["revision"] = str(revision)
    path = f"/reports/daily/{urllib.parse.quote(area, safe='')}/{day}?" \
           f"{urllib.parse.urlencode(query)}"
    body = call(ctx, "GET", path)
    if fmt == "table":
        import csv
        import io

        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        text = table(rows)
        if output is not None:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)
        return
    if output is None:
        typer.echo(body.decode("utf-8-sig"), nl=False)
        return
    output.write_bytes(body)
    typer.echo(f"wrote {output} ({len(body)} bytes)")


@report_app.command("rebuild")
def rebuild(ctx: typer.Context,
            wait: bool = typer.Option(True, "--wait/--no-wait",
                                      help="follow the rebuild until it ends")) -> None:
    """Drop reporting's read models and rebuild them from the history stream."""
    started = json.loads(call(ctx, "POST", "/rebuild"))
    if not started.get("started"):
        typer.echo("a rebuild is already running; following it")
    if not wait:
        return
    while True:
        status = json.loads(call(ctx, "GET", "/rebuild"))
        latest = status.get("latest") or {}
        if not status["running"] and latest.get("status") in ("done", "failed"):
            break
        typer.echo(f"rebuilding: {latest.get('events', 0)} events", err=True)
        time.sleep(1)
    if latest["status"] == "failed":
        fail(f"rebuild {latest['id']} failed: {latest.get('error')}", FAILED)
    typer.echo(f"rebuild {latest['id']} done: {latest['events']} events "
               f"({latest['skipped']} skipped)")
