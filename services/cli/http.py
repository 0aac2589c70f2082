"""What every `wangge` command group that calls a service over HTTP shares: the bearer
token it sends and how a refusal by access control reads.

The token comes from `--token` on the group (`wangge dispatch --token … checkin …`) or
from WANGGE_TOKEN; the variable is the better habit, since options show in process
lists and shell history. `wangge token issue` makes one (docs/access-control.md).
"""

from __future__ import annotations

import typer

TOKEN_ENV = "WANGGE_TOKEN"
_META_KEY = "wangge.token"  # click's ctx.meta is shared by a command and its groups


def token_option():
    return typer.Option(None, "--token", envvar=TOKEN_ENV, show_envvar=True,
                        help="bearer token for the service (default: $WANGGE_TOKEN; prefer "
                             "the variable, options show in process lists)")


def remember_token(ctx: typer.Context, token: str | None) -> None:
    ctx.meta[_META_KEY] = (token or "").strip() or None


def auth_headers(ctx: typer.Context) -> dict[str, str]:
    token = ctx.meta.get(_META_KEY)
    return {"Authorization": f"Bearer {token}"} if token else {}


def refusal(ctx: typer.Context, status: int, reason: str) -> str:
    """One line for an HTTP refusal: access control's 401/403 read 'not allowed', with
    what to do about a missing token."""
    if status not in (401, 403):
        return f"{status} {reason}"
    if status == 401 and not ctx.meta.get(_META_KEY):
        return f"not allowed: {reason} (no token: set {TOKEN_ENV} or pass --token; " \
               "`wangge token issue` makes one)"
    return f"not allowed: {reason}"
