"""What the accounts command groups (`login`, `accounts`, `volunteers`) share: where
accounts is, and grants written as `ROLE:SCOPE` on the command line and in output.

Base URL: --url, else ACCOUNTS_URL, else the URL the stored session signed in at (so
`wangge login --url https://…/accounts` once is enough), else http://127.0.0.1:8005.
"""

from __future__ import annotations

import typer

from services.cli import http, signin
from services.common.auth import ROLE_ACTIONS, UNIT_ROLES, VOLUNTEER

DEFAULT_URL = "http://127.0.0.1:8005"
URL_ENV = "ACCOUNTS_URL"

call = http.json_client("accounts", URL_ENV)


def url_option():
    return typer.Option(None, "--url", envvar=URL_ENV,
                        help="accounts' base URL (default: $ACCOUNTS_URL, else where "
                             f"`wangge login` signed in, else {DEFAULT_URL})")


def accounts_url(url: str | None) -> str:
    if url:
        return url.rstrip("/")
    stored = signin.stored_session()
    return stored.accounts_url if stored else DEFAULT_URL


def use_accounts(ctx: typer.Context, url: str | None, token: str | None) -> None:
    """A group's callback: the base URL in ctx.obj, the explicit token remembered."""
    ctx.obj = accounts_url(url)
    http.remember_token(ctx, token)


def parse_grant(text: str) -> dict:
    """'grid_worker:4401060101-G01' → {"role", "area"}; a unit-scoped role's scope is a
    unit id (request_handler: or a department named by its area,
    'request_handler:4401:housing'); 'volunteer:U1:A-1f2e' names the dispatch volunteer
    too."""
    role, _, rest = text.strip().partition(":")
    # a department's own colon belongs to its scope
    scope, _, volunteer = (rest, "", "") if role == "request_handler" else rest.partition(":")
    if role not in ROLE_ACTIONS:
        raise ValueError(f"{text!r}: unknown role {role!r} (one of {', '.join(ROLE_ACTIONS)})")
    if not scope.strip():
        raise ValueError(f"{text!r}: write ROLE:SCOPE, e.g. grid_worker:4401060101-G01")
    if volunteer and role != VOLUNTEER:
        raise ValueError(f"{text!r}: only a volunteer grant names a volunteer id")
    grant = {"role": role, "unit" if role in UNIT_ROLES else "area": scope.strip()}
    if volunteer.strip():
        grant["volunteer"] = volunteer.strip()
    return grant


def grant_text(grant: dict) -> str:
    parts = [grant.get("role", "?"), grant.get("area") or grant.get("unit") or "?"]
    if grant.get("volunteer"):
        parts.append(grant["volunteer"])
    return ":".join(str(p) for p in parts)


def parse_grants(texts: list[str]) -> list[dict]:
    try:
        return [parse_grant(t) for t in texts]
    except ValueError as exc:
        http.fail(f"--grant {exc}", http.BAD_INPUT)
    raise AssertionError("unreachable")
