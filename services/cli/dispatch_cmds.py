"""`wangge dispatch …`: check-ins, person-times and pairing orders over dispatch's HTTP API.

The CLI is a client like any other (DESIGN.md rule 2): it never opens dispatch's database.
Base URL: --url or DISPATCH_URL (default http://127.0.0.1:8002). A failure is one line on
stderr and a non-zero exit: 1 when dispatch refused the request, 2 when the input could
not be read, 3 when dispatch could not be reached.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import typer

from .main import app

DEFAULT_URL = "http://127.0.0.1:8002"
REFUSED, BAD_INPUT, UNREACHABLE = 1, 2, 3

dispatch_app = typer.Typer(help="Dispatch (下沉): check-ins, person-times, pairing orders.",
                           no_args_is_help=True)
order_app = typer.Typer(help="Pairing orders (下沉指令): place, amend, cancel.",
                        no_args_is_help=True)
dispatch_app.add_typer(order_app, name="order")
app.add_typer(dispatch_app, name="dispatch")


@dispatch_app.callback()
def _options(ctx: typer.Context,
             url: str = typer.Option(DEFAULT_URL, "--url", envvar="DISPATCH_URL",
                                     help="dispatch's base URL")) -> None:
    ctx.obj = url.rstrip("/")


def fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def call(ctx: typer.Context, method: str, path: str, body: dict | None = None
         ) -> tuple[int, dict]:
    """One request; answers (status, JSON) for 2xx, exits with one line otherwise."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(ctx.obj + path, data=data, method=method,
                                     headers={"Content-Type": "application/json",
                                              "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        fail(f"{err.code} {_reason(err)}", REFUSED)
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        fail(f"dispatch is not reachable at {ctx.obj} ({reason}); set DISPATCH_URL",
             UNREACHABLE)
    except ValueError:
        fail(f"dispatch at {ctx.obj} did not answer JSON", UNREACHABLE)
    raise AssertionError("unreachable")  # fail() always exits


def _reason(err: urllib.error.HTTPError) -> str:
    # dispatch answers {"error": "field: reason; …", "errors": {…}}; anything else (a
    # proxy's HTML page) is summed up by its status line rather than dumped
    try:
        return str(json.loads(err.read())["error"]).replace("\n", " ")
    except (ValueError, KeyError, TypeError):
        return err.reason or "request failed"


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
