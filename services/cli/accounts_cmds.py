"""`wangge accounts …`: invite people, list them, give and take back grants, lock and
unlock accounts, over accounts' HTTP API as the signed-in person (or WANGGE_TOKEN).

Accounts decides who may do what (nobody grants beyond their own scope); the CLI only
says what it answered. Exit codes as every HTTP group: 1 refused, 2 bad input, 3
accounts not reachable.
"""

from __future__ import annotations

import json
import urllib.parse

import typer

from services.cli import http
from services.cli.accounts_client import (
    call,
    grant_text,
    parse_grant,
    parse_grants,
    url_option,
    use_accounts,
)
from services.cli.main import app
from services.cli.text import table

accounts_app = typer.Typer(help="Accounts: people, their grants (role + area or unit), "
                                "invitations.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")

PERSON = typer.Argument(..., help="the person's account id")


@accounts_app.callback()
def _options(ctx: typer.Context, url: str | None = url_option(),
             token: str | None = http.token_option()) -> None:
    use_accounts(ctx, url, token)


def _quote(segment: str) -> str:
    return urllib.parse.quote(segment.strip(), safe="")


@accounts_app.command("invite")
def invite(ctx: typer.Context,
           name: str = typer.Option(..., "--name", help="display name, e.g. 李伟"),
           login: str = typer.Option(..., "--login", help="their mobile number"),
           grants: list[str] = typer.Option(..., "--grant", metavar="ROLE:SCOPE",
                                            help="e.g. grid_worker:4401060101-G01 or "
                                                 "unit_coordinator:U1 (repeatable)"),
           hours: int = typer.Option(72, "--hours", min=1, max=24 * 30,
                                     help="the code is valid for this many hours")) -> None:
    """Invite a person: prints the one-time code they set their password with
    (`wangge login --invitation CODE`). Accounts keeps only its hash: it is shown once."""
    body = {"display_name": name.strip(), "login": login.strip(),
            "grants": parse_grants(grants), "expires_in_hours": hours}
    answer = call(ctx, "POST", "/invitations", body)[1]
    typer.echo(f"invited {name.strip()}: person {answer.get('person_id')}, invitation "
               f"{answer.get('invitation_id')}, valid until {answer.get('expires_at')}")
    typer.echo(f"one-time code (shown only now): {answer.get('code')}")


@accounts_app.command("list")
def list_people(ctx: typer.Context,
                status: str | None = typer.Option(None, "--status",
                                                  help="invited, active, locked, disabled"),
                role: str | None = typer.Option(None, "--role", help="holding this role"),
                query: str | None = typer.Option(None, "--q", help="name contains"),
                as_json: bool = typer.Option(False, "--json",
                                             help="accounts' answer as JSON")) -> None:
    """The people within your scope (logins masked)."""
    params = {k: v for k, v in (("status", status), ("role", role), ("q", query)) if v}
    path = "/people" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    answer = call(ctx, "GET", path)[1]
    people = answer.get("people") or []
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    if not people:
        typer.echo("nobody")
        return
    rows = [["id", "name", "login", "status", "grants"]]
    for person in people:
        rows.append([person.get("id", ""), person.get("display_name", ""),
                     person.get("login_masked", ""), person.get("status", ""),
                     " ".join(f"{g.get('id', '?')}={grant_text(g)}"
                              for g in person.get("grants") or []) or "-"])
    typer.echo(table(rows))
    typer.echo(f"{answer.get('total', len(people))} person(s)")


@accounts_app.command("grant")
def grant(ctx: typer.Context, person: str = PERSON,
          role_scope: str = typer.Argument(..., metavar="ROLE:SCOPE",
                                           help="e.g. grid_worker:4401060101-G01")) -> None:
    """Give a person one more grant (reaches their tokens at their next refresh)."""
    try:
        wanted = parse_grant(role_scope)
    except ValueError as exc:
        http.fail(str(exc), http.BAD_INPUT)
    answer = call(ctx, "POST", f"/people/{_quote(person)}/grants", wanted)[1]
    typer.echo(f"granted {grant_text(answer)} to {person}: grant {answer.get('id')}")


@accounts_app.command("revoke")
def revoke(ctx: typer.Context, person: str = PERSON,
           grant_id: str = typer.Argument(..., help="the grant's id (`accounts list`)")
           ) -> None:
    """Take one grant back."""
    call(ctx, "DELETE", f"/people/{_quote(person)}/grants/{_quote(grant_id)}")
    typer.echo(f"revoked grant {grant_id} of {person}")


def _status_command(action: str, past: str, doc: str) -> None:
    def command(ctx: typer.Context, person: str = PERSON) -> None:
        answer = call(ctx, "POST", f"/people/{_quote(person)}/{action}", {})[1]
        typer.echo(f"{past} {person}: now {answer.get('status', '?')}")

    command.__doc__ = doc
    accounts_app.command(action)(command)


_status_command("lock", "locked", "Lock an account: its sessions end, sign-in is refused "
                "until it is unlocked.")
_status_command("unlock", "unlocked", "Unlock an account (also after repeated failed "
                "sign-ins).")
_status_command("disable", "disabled", "Disable an account (someone who left): its "
                "sessions end.")
_status_command("enable", "enabled", "Enable a disabled account again.")
