"""`wangge token …`: issue and inspect access tokens (needs AUTH_TOKEN_KEY, like the
services that verify them)."""

from __future__ import annotations

import typer
from rich.console import Console

from services.cli.main import app
from services.common import auth

token_app = typer.Typer(help="Access tokens: roles scoped to an area subtree or a unit.",
                        no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("issue")
def issue_token(
    subject: str = typer.Argument(..., help="who it is for, e.g. a staff id"),
    role: str = typer.Option(..., help=", ".join(auth.ROLE_ACTIONS)),
    area: str = typer.Option(None, help="area code: the subtree the role covers"),
    unit: str = typer.Option(None, help="unit id (unit_coordinator)"),
    days: int = typer.Option(30, min=1, max=366, help="valid for this many days"),
) -> None:
    """Print a new bearer token (the only output, so it can be captured by a script)."""
    try:
        print(auth.issue(subject, role, area=area, unit=unit, ttl_s=days * 86400))
    except ValueError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@token_app.command("show")
def show_token(token: str = typer.Argument(..., help="a bearer token")) -> None:
    """Verify a token with this machine's key and print whose it is."""
    try:
        who = auth.verify(token)
    except auth.AuthError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    scope = f"unit {who.unit}" if who.unit else f"area {who.area}"
    print(f"{who.subject}: {who.role}, {scope}, token {who.token_id}, expires {who.expires}")
