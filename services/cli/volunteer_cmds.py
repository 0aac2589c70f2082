"""`wangge volunteers applications`: a unit's volunteer sign-ups, screened by its
coordinator: listed, approved or rejected (with a reason) in bulk, over accounts' HTTP
API. An approved applicant becomes an active volunteer in dispatch and an account with
the volunteer grant (accounts' event does that, not the CLI)."""

from __future__ import annotations

import json
import urllib.parse

import typer

from services.cli import http
from services.cli.accounts_client import call, url_option, use_accounts
from services.cli.main import app
from services.cli.text import table

volunteers_app = typer.Typer(help="Volunteers (志愿者): sign-ups and their screening.",
                             no_args_is_help=True)
app.add_typer(volunteers_app, name="volunteers")


@volunteers_app.callback()
def _options(ctx: typer.Context, url: str | None = url_option(),
             token: str | None = http.token_option()) -> None:
    use_accounts(ctx, url, token)


def _ids(values: list[str] | None) -> list[str]:
    # repeatable and comma-separated both: --approve a1 --approve a2, --approve a1,a2
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _my_unit(ctx: typer.Context) -> str:
    """Without --unit: the one unit the caller coordinates."""
    units = sorted({g["unit"] for g in call(ctx, "GET", "/me")[1].get("grants") or []
                    if g.get("role") == "unit_coordinator" and g.get("unit")})
    if len(units) != 1:
        held = f" (you coordinate {', '.join(units)})" if units else ""
        http.fail(f"--unit is needed{held}", http.BAD_INPUT)
    return units[0]


@volunteers_app.command("applications")
def applications(
        ctx: typer.Context,
        unit: str | None = typer.Option(None, "--unit",
                                        help="the unit (default: the one you coordinate)"),
        status: str | None = typer.Option("pending", "--status",
                                          help="pending, approved, rejected; '' for all"),
        approve: list[str] = typer.Option(None, "--approve", metavar="ID",
                                          help="approve these applications (repeatable)"),
        reject: list[str] = typer.Option(None, "--reject", metavar="ID",
                                         help="reject these (repeatable; needs --reason)"),
        reason: str | None = typer.Option(None, "--reason", help="why they are rejected"),
        as_json: bool = typer.Option(False, "--json", help="accounts' answer as JSON"),
) -> None:
    """List a unit's applications, or decide some: `--approve ID … --reject ID …
    --reason "…"` in one request (POST /applications/decisions)."""
    approved, rejected = _ids(approve), _ids(reject)
    if approved or rejected:
        _decide(ctx, approved, rejected, reason, as_json)
        return
    unit = unit.strip() if unit else _my_unit(ctx)
    query = f"?{urllib.parse.urlencode({'status': status})}" if status else ""
    answer = call(ctx, "GET", f"/units/{urllib.parse.quote(unit, safe='')}/applications"
                              f"{query}")[1]
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    found = answer.get("applications") or []
    if not found:
        typer.echo(f"no {status + ' ' if status else ''}applications for unit {unit}")
        return
    rows = [["id", "name", "phone", "party", "skills", "available", "status", "applied"]]
    for a in found:
        rows.append([a.get("application_id") or a.get("id", ""),
                     a.get("name_masked") or a.get("name", ""),
                     a.get("phone_masked") or a.get("phone", ""),
                     "yes" if a.get("party_member") else "no",
                     ",".join(a.get("skills") or []) or "-",
                     _availability(a), a.get("status", ""), a.get("applied_at", "")])
    typer.echo(table(rows))
    typer.echo(f"{len(found)} of {answer.get('total', len(found))} application(s) for "
               f"unit {unit}")


def _availability(application: dict) -> str:
    days = ",".join(str(d) for d in application.get("weekdays") or []) or "-"
    halves = ",".join(application.get("halves") or []) or "-"
    return f"{days}/{halves}"


def _decide(ctx: typer.Context, approved: list[str], rejected: list[str],
            reason: str | None, as_json: bool) -> None:
    both = set(approved) & set(rejected)
    if both:
        http.fail(f"both approved and rejected: {', '.join(sorted(both))}", http.BAD_INPUT)
    if rejected and not (reason or "").strip():
        http.fail("--reason is needed to reject (the applicant is told it)", http.BAD_INPUT)
    decisions = [{"application_id": a, "approve": True} for a in approved]
    decisions += [{"application_id": a, "approve": False, "reason": reason.strip()}
                  for a in rejected]
    answer = call(ctx, "POST", "/applications/decisions", {"decisions": decisions})[1]
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    for decided in answer.get("decided") or []:
        extra = f" → volunteer {decided['volunteer_id']}" if decided.get("volunteer_id") \
            else ""
        typer.echo(f"{decided.get('application_id')}: {decided.get('outcome')}{extra}")
    typer.echo(f"{len(approved)} approved, {len(rejected)} rejected")
