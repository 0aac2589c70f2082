"""`wangge token show`: what an access token says, decoded WITHOUT verifying it.

Tokens are made only by accounts (`wangge login`; integrators get service accounts), so
the CLI issues none, and it holds no key to verify one with: every service checks tokens
against accounts' published keys. This command only reads the claims, to see whose token
is in WANGGE_TOKEN or the session, its grants and when it expires; a forged token decodes
just as well, so nothing it prints is proof of anything.
"""

from __future__ import annotations

import os
from datetime import datetime

import jwt
import typer

from services.cli import http, signin
from services.cli.accounts_client import grant_text
from services.cli.main import app

token_app = typer.Typer(help="Access tokens: decode one (not verified).",
                        no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("show")
def show_token(token: str | None = typer.Argument(
        None, help="a bearer token (default: $WANGGE_TOKEN, else the session's)")) -> None:
    """Print a token's subject, grants and expiry, decoded without verifying."""
    token = (token or "").strip() or _current()
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        http.fail(f"not a JWT: {exc}", http.BAD_INPUT)
    grants = ", ".join(grant_text(g) for g in claims.get("grants") or []
                       if isinstance(g, dict)) or "none"
    typer.echo(f"{claims.get('sub')} ({claims.get('kind', '?')}): {grants}")
    typer.echo(f"issuer {claims.get('iss')}, key {header.get('kid')}, token "
               f"{claims.get('jti')}, session {claims.get('sid')}, expires "
               f"{_when(claims.get('exp'))}")
    typer.echo("(decoded, not verified: the services verify with accounts' keys)")


def _current() -> str:
    token = os.environ.get(http.TOKEN_ENV, "").strip()
    stored = signin.stored_session()
    if token or stored:
        return token or stored.access_token
    http.fail(f"no token given, none in {http.TOKEN_ENV} and no session (`wangge login`)",
              http.BAD_INPUT)
    raise AssertionError("unreachable")


def _when(exp) -> str:
    try:
        return datetime.fromtimestamp(float(exp)).astimezone().isoformat(timespec="seconds")
    except (TypeError, ValueError, OverflowError):
        return "never (no exp)"
