"""`wangge dispatch …`: check-ins, person-times, pairing orders, shift swaps and
replacements, and roster imports over dispatch's HTTP API.

The CLI is a client like any other (docs/architecture.md rule 2): it never opens dispatch's
database.
Base URL: --url or DISPATCH_URL (default http://127.0.0.1:8002); bearer token: --token or
WANGGE_TOKEN (http.py). A failure is one line on stderr and a non-zero exit: 1 when
dispatch refused the request (access control's 401/403 read "not allowed: …"), 2 when
the input could not be read, 3 when dispatch could not be reached.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import typer

from services.cli import http
from services.cli.main import app

DEFAULT_URL = "http://127.0.0.1:8002"
REFUSED, BAD_INPUT, UNREACHABLE = http.REFUSED, http.BAD_INPUT, http.UNREACHABLE

dispatch_app = typer.Typer(help="Dispatch (下沉): check-ins, person-times, pairing orders, "
                                "shifts, rosters.",
                           no_args_is_help=True)
order_app = typer.Typer(help="Pairing orders (下沉指令): place, amend, cancel.",
                        no_args_is_help=True)
shift_app = typer.Typer(help="Shifts (班次): replace or swap volunteers.",
                        no_args_is_help=True)
roster_app = typer.Typer(help="Rosters (花名册) of volunteers.", no_args_is_help=True)
dispatch_app.add_typer(order_app, name="order")
dispatch_app.add_typer(shift_app, name="shift")
dispatch_app.add_typer(roster_app, name="roster")
app.add_typer(dispatch_app, name="dispatch")


@dispatch_app.callback()
def _options(ctx: typer.Context,
             url: str = typer.Option(DEFAULT_URL, "--url", envvar="DISPATCH_URL",
                                     help="dispatch's base URL"),
             token: str | None = http.token_option()) -> None:
    ctx.obj = url.rstrip("/")
    http.remember_token(ctx, token)


fail = http.fail
call = http.json_client("dispatch", "DISPATCH_URL")


def _quote(segment: str) -> str:
    # shift keys hold ':' and are safe in a path, but '/' or '?' must not split it
    return urllib.parse.quote(segment, safe=":")


def read_order_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}", BAD_INPUT)
    except ValueError as exc:
        fail(f"{path} is not valid JSON: {exc}", BAD_INPUT)
    if not isinstance(data, dict):
        fail(f"{path} must hold one JSON object (the order's fields)", BAD_INPUT)
    return data


def parse_at(value: str | None) -> str | None:
    """ISO 8601; a time without an offset is taken in the local zone (WANGGE_TZ)."""
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--at {value!r} is not an ISO 8601 time, e.g. 2026-11-23T08:30+08:00",
             BAD_INPUT)
    if at.tzinfo is None:
        from services.common.config import local_tz

        at = at.replace(tzinfo=local_tz())
    return at.isoformat()


# -- attendance ------------------------------------------------------------------------
@dispatch_app.command("checkin")
def checkin(ctx: typer.Context,
            shift_key: str = typer.Argument(..., help="the shift, e.g. o1:2026-11-23:am:G01"),
            volunteer_id: str = typer.Argument(...),
            out: bool = typer.Option(False, "--out", help="record a check-out instead"),
            at: str | None = typer.Option(None, "--at", help="when it was scanned (ISO "
                                          "8601; default: now; no offset: local time)")
            ) -> None:
    """Record a check-in (or with --out a check-out) of a volunteer on a shift."""
    kind = "out" if out else "in"
    status, view = call(ctx, "POST", f"/shifts/{_quote(shift_key)}/checkins",
                        {"volunteer_id": volunteer_id, "kind": kind, "at": parse_at(at),
                         "device": "wangge-cli"})
    when = view.get(f"checked_{kind}_at")
    note = "" if status == 201 else (" (repeated scan: the earliest check-in is kept)"
                                     if kind == "in" else
                                     " (repeated scan: the latest check-out is kept)")
    typer.echo(f"checked {kind}: {volunteer_id} on {shift_key} at {when}{note}")
    if not view.get("booked", True):
        typer.echo("note: not booked on this shift; counted as stepping in")


@dispatch_app.command("person-times")
def person_times(ctx: typer.Context, order_id: str = typer.Argument(...)) -> None:
    """Promised, scheduled and delivered person-times (人次) of an order, per day."""
    from rich.console import Console
    from rich.table import Table

    _, found = call(ctx, "GET", f"/orders/{_quote(order_id)}/person-times")
    table = Table(title=f"order {order_id} ({found['status']}): unit {found['unit_id']} "
                        f"in {found['community_code']}")
    columns = ("promised", "scheduled", "delivered", "no_shows", "short")
    table.add_column("day")
    for column in columns:
        table.add_column(column.replace("_", "-"), justify="right")
    for day in found["days"]:
        table.add_row(day["day"], *(f"{day[c]:,}" for c in columns))
    table.add_section()
    table.add_row("total", *(f"{found[c]:,}" for c in columns), style="bold")
    console = Console(width=120)
    console.print(table)
    for item in found["no_show_list"]:
        console.print(f"no-show: {item['volunteer_id']} on {item['shift_key']}",
                      highlight=False)


# -- pairing orders --------------------------------------------------------------------
def _summary(verb: str, view: dict) -> None:
    typer.echo(f"order {view['order_id']} {verb}: {view['status']}, version "
               f"{view['version']}; {view['shifts']:,} shifts, {view['promised']:,} "
               f"promised, {view['assigned']:,} assigned, {view['missing']:,} missing")


@order_app.command("place")
def place(ctx: typer.Context,
          file: Path = typer.Argument(..., help="the order as JSON (fields of POST /orders)")
          ) -> None:
    """Place a pairing order; the same order again changes nothing."""
    status, view = call(ctx, "POST", "/orders", read_order_file(file))
    _summary("placed" if status == 201 else "unchanged (already placed)", view)


@order_app.command("amend")
def amend(ctx: typer.Context, order_id: str = typer.Argument(...),
          file: Path = typer.Argument(..., help="the changes as JSON (fields of "
                                                "PATCH /orders/ID)")) -> None:
    """Change an order's head-count, period, places or task kinds."""
    _, view = call(ctx, "PATCH", f"/orders/{_quote(order_id)}", read_order_file(file))
    _summary("amended", view)


@order_app.command("cancel")
def cancel(ctx: typer.Context, order_id: str = typer.Argument(...)) -> None:
    """Cancel an order: its shifts from today on are called off."""
    _, view = call(ctx, "POST", f"/orders/{_quote(order_id)}/cancel", {})
    _summary("cancelled", view)


# -- shifts ----------------------------------------------------------------------------
def _people(volunteers: list[str]) -> str:
    return ", ".join(volunteers) or "nobody"


@shift_app.command("replace")
def replace_volunteer(
        ctx: typer.Context,
        shift_key: str = typer.Argument(..., help="the shift, e.g. o1:2026-11-23:am:G01"),
        volunteer_id: str = typer.Argument(..., help="who leaves the shift"),
        by: str | None = typer.Option(None, "--by", help="who takes their place (default: "
                                      "the next in the fair rotation)")) -> None:
    """Take a volunteer off a shift and put someone else on it."""
    _, done = call(ctx, "POST", f"/shifts/{_quote(shift_key)}/replace",
                   {"volunteer_id": volunteer_id, "replacement_id": by})
    if done["replacement"]:
        typer.echo(f"{done['left']} replaced by {done['replacement']} on {shift_key}")
    else:
        typer.echo(f"{done['left']} taken off {shift_key}; nobody eligible to replace them")
    typer.echo(f"on the shift: {_people(done['volunteers'])}")
    if done["missing"]:
        typer.echo(f"understaffed: {done['missing']} missing")


@shift_app.command("swap")
def swap_volunteers(
        ctx: typer.Context,
        shift_key: str = typer.Argument(..., help="the first shift"),
        volunteer_id: str = typer.Argument(..., help="on the first shift; goes to the other"),
        other_shift_key: str = typer.Argument(..., help="the other shift (same unit)"),
        other_volunteer_id: str = typer.Argument(..., help="on the other shift; comes to "
                                                            "the first")) -> None:
    """Two volunteers exchange their shifts (调班), if both may."""
    _, done = call(ctx, "POST", f"/shifts/{_quote(shift_key)}/swap",
                   {"volunteer_id": volunteer_id, "other_shift_key": other_shift_key,
                    "other_volunteer_id": other_volunteer_id})
    typer.echo(f"swapped: {volunteer_id} → {other_shift_key}, "
               f"{other_volunteer_id} → {shift_key}")
    for shift in done["shifts"]:
        typer.echo(f"on {shift['shift_key']}: {_people(shift['volunteers'])}")


# -- rosters ---------------------------------------------------------------------------
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@roster_app.command("import")
def import_roster(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="CSV (UTF-8) or XLSX roster: 工号/volunteer_id, "
                                              "姓名/name, …"),
        unit: str | None = typer.Option(None, "--unit", help="unit of rows without a unit "
                                        "column"),
        errors: Path | None = typer.Option(None, "--errors", help="where to write the error "
                                           "report (default: FILE.errors.csv next to FILE)"),
        dry_run: bool = typer.Option(False, "--dry-run", help="check only: report what an "
                                     "import would do, write nothing")) -> None:
    """Import volunteers from a roster file, all valid rows in one go.

    Valid rows are created or updated; the others are listed in an error report (row,
    column, reason). Exit 1 when any row was rejected, as for any refusal.
    """
    from rich.console import Console

    content = _read_roster(file)
    kind = "xlsx" if content[:4] == b"PK\x03\x04" else "csv"
    query = urllib.parse.urlencode({k: v for k, v in (
        ("unit", unit), ("format", kind), ("dry_run", "true" if dry_run else None)) if v})
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    # One request, so the roster is imported whole or not at all (one transaction on
    # dispatch's side): the bar pulses while it travels and dispatch works, it cannot
    # count rows one by one.
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        progress.add_task(f"importing {file.name} ({len(content):,} bytes)", total=None)
        _, report = call(ctx, "POST", f"/volunteers/import?{query}", raw=content,
                         content_type=XLSX_TYPE if kind == "xlsx" else "text/csv")
    _roster_summary(file.name, report)
    if report["errors"]:
        target = errors or file.with_name(file.name + ".errors.csv")
        _write_errors(target, report["errors"])
        typer.echo(f"{report['rows_rejected']:,} row(s) rejected; error report: {target}")
        raise typer.Exit(REFUSED)


def _read_roster(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}", BAD_INPUT)
    raise AssertionError("unreachable")  # fail() always exits


def _roster_summary(name: str, report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    title = f"{name} (dry run: nothing written)" if report["dry_run"] else name
    table = Table(title=title)
    table.add_column("", style="bold")
    table.add_column("count", justify="right")
    for label, key in (("rows read", "rows_total"), ("rows imported", "rows_imported"),
                       ("rows rejected", "rows_rejected"), ("created", "created"),
                       ("updated", "updated"), ("unchanged", "unchanged")):
        table.add_row(label, f"{report[key]:,}")
    Console(width=100).print(table)
    typer.echo(f"import id: {report['import_id']}")


def _write_errors(target: Path, errors: list[dict]) -> None:
    import csv

    try:
        # utf-8-sig: Excel opens it with the Chinese column titles intact
        with target.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["row", "column", "reason"])
            writer.writerows([e["row"], e["column"], e["reason"]] for e in errors)
    except OSError as exc:
        fail(f"cannot write the error report {target}: {exc.strerror or exc}", BAD_INPUT)
