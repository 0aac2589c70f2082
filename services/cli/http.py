"""What every `wangge` command group that calls a service over HTTP shares: the bearer
token it sends and how a refusal by access control reads.

The token comes from `--token` on the group (`wangge dispatch --token … checkin …`) or
from WANGGE_TOKEN; the variable is the better habit, since options show in process
lists and shell history. `wangge token issue` makes one (docs/access-control.md).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

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


# exit codes shared by every command group that calls a service
REFUSED, BAD_INPUT, UNREACHABLE = 1, 2, 3


def fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _reason(err: urllib.error.HTTPError) -> str:
    # services answer {"error": "field: reason; …", "errors": {…}}; anything else (a
    # proxy's HTML page) is summed up by its status line rather than dumped
    try:
        return str(json.loads(err.read())["error"]).replace("\n", " ")
    except (ValueError, KeyError, TypeError):
        return err.reason or "request failed"


def fetch(ctx: typer.Context, service: str, url_env: str, method: str, path: str, *,
          data: bytes | None = None, content_type: str = "application/json"
          ) -> tuple[int, bytes]:
    """One request to the service at ctx.obj; (status, body) for 2xx, otherwise one
    line on stderr and the matching exit code."""
    request = urllib.request.Request(ctx.obj + path, data=data, method=method,
                                     headers={"Content-Type": content_type,
                                              "Accept": "application/json",
                                              **auth_headers(ctx)})
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        fail(refusal(ctx, err.code, _reason(err)), REFUSED)
    except (urllib.error.URLError, OSError) as err:
        fail(f"{service} is not reachable at {ctx.obj} ({getattr(err, 'reason', err)}); "
             f"set {url_env}", UNREACHABLE)
    raise AssertionError("unreachable")  # fail() always exits


def json_client(service: str, url_env: str):
    """call(ctx, method, path, body=None, *, raw=None, content_type=…) → (status, JSON)."""

    def call(ctx: typer.Context, method: str, path: str, body: dict | None = None, *,
             raw: bytes | None = None, content_type: str = "application/json"
             ) -> tuple[int, dict]:
        data = raw if raw is not None else (
            None if body is None else json.dumps(body, ensure_ascii=False).encode())
        status, payload = fetch(ctx, service, url_env, method, path, data=data,
                                content_type=content_type)
        try:
            return status, json.loads(payload or b"{}")
        except ValueError:
            fail(f"{service} at {ctx.obj} did not answer JSON", UNREACHABLE)
        raise AssertionError("unreachable")

    return call
