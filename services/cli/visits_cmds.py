"""`wangge visits …`: campaigns, visit capture, tasks, coverage and residents' requests
over visits' HTTP API.

The CLI is a client like any other (docs/architecture.md rule 2): it never opens visits' database.
Base URL: --url or VISITS_URL (default http://127.0.0.1:8003). A failure is one line on
stderr and a non-zero exit: 1 when visits refused the request, 2 when the input could
not be read, 3 when visits could not be reached.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path

import typer

from services.cli import http
from services.cli.main import app

DEFAULT_URL = "http://127.0.0.1:8003"
REFUSED, BAD_INPUT, UNREACHABLE = http.REFUSED, http.BAD_INPUT, http.UNREACHABLE

visits_app = typer.Typer(help="Visits (入户走访): campaigns, visits, tasks, requests.",
                         no_args_is_help=True)
campaign_app = typer.Typer(help="Campaigns (活动, e.g. 三询问一完善).", no_args_is_help=True)
requests_app = typer.Typer(help="Residents' requests (困难诉求).", no_args_is_help=True)
visits_app.add_typer(campaign_app, name="campaign")
visits_app.add_typer(requests_app, name="requests")
app.add_typer(visits_app, name="visits")


@visits_app.callback()
def _options(ctx: typer.Context,
             url: str = typer.Option(DEFAULT_URL, "--url", envvar="VISITS_URL",
                                     help="visits' base URL"),
             token: str | None = http.token_option()) -> None:
    ctx.obj = url.rstrip("/")
    http.remember_token(ctx, token)


fail = http.fail
call = http.json_client("visits", "VISITS_URL")


def _q(segment: str) -> str:
    return urllib.parse.quote(segment, safe=":")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}", BAD_INPUT)
    raise AssertionError("unreachable")


def _when(value: str | None) -> str:
    """ISO 8601; no offset: local time (WANGGE_TZ); nothing: now."""
    from services.common.config import local_tz

    if value is None:
        return datetime.now(local_tz()).isoformat()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--at {value!r} is not an ISO 8601 time, e.g. 2026-11-23T09:30+08:00",
             BAD_INPUT)
    return (at if at.tzinfo else at.replace(tzinfo=local_tz())).isoformat()


def _campaign_line(view: dict) -> str:
    return (f"{view['campaign_id']} {view['name']} ({view['status']}) {view['start']} to "
            f"{view['end']}: {view['households']:,} households, "
            f"{view['states']['reached']:,} reached, coverage {view['coverage']:.1%}")


# -- campaigns -------------------------------------------------------------------------
@campaign_app.command("create")
def campaign_create(ctx: typer.Context,
                    file: Path = typer.Argument(..., help="the campaign as YAML or JSON "
                                                          "(fields of POST /campaigns)")
                    ) -> None:
    """Start a campaign from a file; the same campaign again changes nothing."""
    query = urllib.parse.urlencode({"filename": file.name})
    status, view = call(ctx, "POST", f"/campaigns/import?{query}",
                        raw=_read(file).encode("utf-8"))
    typer.echo(("started: " if status == 201 else "unchanged (already started): ")
               + _campaign_line(view))


@campaign_app.command("list")
def campaign_list(ctx: typer.Context,
                  status: str | None = typer.Option(None, help="active or ended")) -> None:
    """Campaigns with their coverage."""
    path = "/campaigns" + (f"?status={_q(status)}" if status else "")
    for view in call(ctx, "GET", path)[1]["campaigns"]:
        typer.echo(_campaign_line(view))


@campaign_app.command("end")
def campaign_end(ctx: typer.Context, campaign_id: str = typer.Argument(...)) -> None:
    """End a campaign: its open tasks are released."""
    _, view = call(ctx, "POST", f"/campaigns/{_q(campaign_id)}/end", {})
    typer.echo("ended: " + _campaign_line(view))


@visits_app.command("coverage")
def coverage(ctx: typer.Context, campaign_id: str = typer.Argument(...)) -> None:
    """Households per state and coverage, per grid (不漏一户: 100%)."""
    from rich.console import Console
    from rich.table import Table

    found = call(ctx, "GET", f"/campaigns/{_q(campaign_id)}/coverage")[1]
    states = list(found["states"])
    table = Table(title=f"campaign {campaign_id} ({found['status']})")
    table.add_column("grid")
    for state in (*states, "follow_up", "coverage"):
        table.add_column(state.replace("_", "-"), justify="right")
    for grid in found["grids"]:
        table.add_row(grid["grid_code"], *(f"{grid['states'][s]:,}" for s in states),
                      f"{grid['follow_up']:,}", f"{grid['coverage']:.1%}")
    table.add_section()
    table.add_row("total", *(f"{found['states'][s]:,}" for s in states), "",
                  f"{found['coverage']:.1%}", style="bold")
    Console(width=140).print(table)


# -- visits and tasks ------------------------------------------------------------------
@visits_app.command("capture")
def capture(ctx: typer.Context,
            file: Path | None = typer.Option(None, "--file", help="the visit as JSON "
                                             "(fields of POST /visits); flags override"),
            campaign_id: str | None = typer.Option(None, "--campaign"),
            household: str | None = typer.Option(None, "--household"),
            visitor: str | None = typer.Option(None, "--visitor"),
            shift_key: str | None = typer.Option(None, "--shift"),
            outcome: str | None = typer.Option(None, "--outcome",
                                               help="reached, not_home, refused, vacant"),
            method: str | None = typer.Option(None, "--method",
                                              help="in_person (default), phone, video"),
            people: int | None = typer.Option(None, "--people", help="people found"),
            answers: str | None = typer.Option(None, "--answers",
                                               help="answers as a JSON object"),
            at: str | None = typer.Option(None, "--at", help="when it happened (ISO 8601; "
                                          "default now; no offset: local time)"),
            visit_id: str | None = typer.Option(None, "--visit-id",
                                                help="default: generated")) -> None:
    """Record a visit; the same visit id again records nothing new."""
    body: dict = {}
    if file is not None:
        try:
            body = json.loads(_read(file))
        except ValueError as exc:
            fail(f"{file} is not valid JSON: {exc}", BAD_INPUT)
        if not isinstance(body, dict):
            fail(f"{file} must hold one JSON object (the visit's fields)", BAD_INPUT)
    flags = {"campaign_id": campaign_id, "household_code": household, "visitor_id": visitor,
             "shift_key": shift_key, "outcome": outcome, "method": method,
             "people_found": people, "visit_id": visit_id}
    body.update({k: v for k, v in flags.items() if v is not None})
    if answers is not None:
        try:
            body["answers"] = json.loads(answers)
        except ValueError as exc:
            fail(f"--answers is not valid JSON: {exc}", BAD_INPUT)
    if at is not None or "visited_at" not in body:
        body["visited_at"] = _when(at)
    body.setdefault("visit_id", f"cli-{uuid.uuid4().hex}")
    status, view = call(ctx, "POST", "/visits", body)
    note = "recorded" if status == 201 else "already recorded (unchanged)"
    typer.echo(f"{note}: visit {view['visit_id']} at {view['household_code']} "
               f"({view['outcome']}, attempt {view['attempt']}, day {view['day']})")


@visits_app.command("tasks")
def tasks(ctx: typer.Context, shift_key: str = typer.Argument(...),
          volunteer: str | None = typer.Option(None, "--volunteer")) -> None:
    """A volunteer's (or everyone's) households on a shift, in walking order."""
    path = f"/shifts/{_q(shift_key)}/tasks"
    if volunteer:
        path += f"?volunteer_id={_q(volunteer)}"
    found = call(ctx, "GET", path)[1]
    typer.echo(f"shift {found['shift_key']} ({found['grid_code']}, {found['day']} "
               f"{found['half']}, {found['status']})")
    for person in found["volunteers"]:
        typer.echo(f"{person['volunteer_id']}: {person['open']} open")
        for task in person["tasks"]:
            typer.echo(f"  {task['household_code']:<20} {task['address'] or '':<16} "
                       f"{task['status']:<8} {task['state']} (attempts {task['attempts']})")


# -- requests --------------------------------------------------------------------------
def _request_line(r: dict) -> str:
    late = " OVERDUE" if r["overdue"] else ""
    escalated = f", escalated to {r['escalated_to']} (level {r['escalation_level']})" \
        if r["escalation_level"] else ""
    return (f"{r['request_id']} {r['category']}/{r['urgency']} in {r['grid_code']}: "
            f"{r['status']}{' → ' + r['assignee'] if r['assignee'] else ''}, due "
            f"{r['due_at']}{late}{escalated}")


@requests_app.command("list")
def requests_list(ctx: typer.Context,
                  grid: str | None = typer.Option(None, help="grid or any area above"),
                  status: str | None = typer.Option(None),
                  overdue: bool = typer.Option(False, "--overdue")) -> None:
    """Requests, by area, status, overdue."""
    query = {k: v for k, v in {"grid": grid, "status": status,
                               "overdue": "true" if overdue else None}.items() if v}
    path = "/requests" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    for r in call(ctx, "GET", path)[1]["requests"]:
        typer.echo(_request_line(r))


@requests_app.command("assign")
def requests_assign(ctx: typer.Context, request_id: str = typer.Argument(...),
                    assignee: str = typer.Argument(..., help="unit id or department"),
                    note: str | None = typer.Option(None)) -> None:
    """Assign, or transfer (转办), a request."""
    _, r = call(ctx, "POST", f"/requests/{_q(request_id)}/assign",
                {"assignee": assignee, "note": note})
    typer.echo(_request_line(r))


@requests_app.command("resolve")
def requests_resolve(ctx: typer.Context, request_id: str = typer.Argument(...),
                     note: str | None = typer.Option(None)) -> None:
    """Mark a request resolved (waiting for the resident's confirmation)."""
    _, r = call(ctx, "POST", f"/requests/{_q(request_id)}/resolve", {"note": note})
    typer.echo(_request_line(r))


@requests_app.command("close")
def requests_close(ctx: typer.Context, request_id: str = typer.Argument(...),
                   by: str = typer.Option("resident", "--by", help="resident or grid_leader"),
                   note: str | None = typer.Option(None)) -> None:
    """Close a request: the resident confirmed, or the grid leader closes it."""
    _, r = call(ctx, "POST", f"/requests/{_q(request_id)}/close",
                {"closed_by": by, "note": note})
    typer.echo(_request_line(r))
