"""What every `wangge` command group that calls a service over HTTP shares: the bearer
token it sends and how a refusal by access control reads.

The token is `--token` on the group (`wangge dispatch --token … checkin …`) or
WANGGE_TOKEN (scripts, service accounts; the variable is the better habit, since options
show in process lists and shell history), else the session of `wangge login`, refreshed
as it needs (signin.py). A 401 to a session's token is answered by one refresh and one
retry: access control refuses before a request does anything, so a retry repeats nothing.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import typer

from services.cli import signin
from services.cli.session import SessionError

TOKEN_ENV = "WANGGE_TOKEN"
_META_KEY = "wangge.token"  # click's ctx.meta is shared by a command and its groups
_SENT_KEY = "wangge.sent"   # whether the last request carried a token


def token_option():
    return typer.Option(None, "--token", envvar=TOKEN_ENV, show_envvar=True,
                        help="bearer token for the service (default: $WANGGE_TOKEN, else "
                             "the session of `wangge login`; prefer the variable, options "
                             "show in process lists)")


def remember_token(ctx: typer.Context, token: str | None) -> None:
    ctx.meta[_META_KEY] = (token or "").strip() or None


def explicit_token(ctx: typer.Context) -> str | None:
    return ctx.meta.get(_META_KEY)


# exit codes shared by every command group that calls a service
REFUSED, BAD_INPUT, UNREACHABLE = 1, 2, 3


def fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _session_token(stale: str | None = None) -> str | None:
    try:
        return signin.session_token(stale=stale)
    except SessionError as exc:
        fail(str(exc), REFUSED)
    except signin.SessionEnded as exc:
        fail(f"not allowed: {exc}; sign in again with `wangge login`", REFUSED)
    except signin.AccountsUnreachable as exc:
        fail(f"{exc}; the session's token could not be refreshed", UNREACHABLE)
    except signin.Refused as exc:
        fail(f"accounts could not refresh the session: {exc}", REFUSED)
    raise AssertionError("unreachable")  # fail() always exits


def bearer(ctx: typer.Context) -> tuple[str | None, bool]:
    """(token, whether it is the stored session's)."""
    explicit = explicit_token(ctx)
    if explicit:
        return explicit, False
    token = _session_token()
    return token, token is not None


def refusal(ctx: typer.Context, status: int, reason: str) -> str:
    """One line for an HTTP refusal: access control's 401/403 read 'not allowed', with
    what to do about a missing token."""
    if status not in (401, 403):
        return f"{status} {reason}"
    if status == 401 and not ctx.meta.get(_SENT_KEY):
        return f"not allowed: {reason} (no token: sign in with `wangge login`, or set " \
               f"{TOKEN_ENV} or pass --token)"
    return f"not allowed: {reason}"


def _attempt(ctx: typer.Context, service: str, url_env: str, method: str, path: str,
             data: bytes | None, content_type: str, token: str | None
             ) -> tuple[int, bytes] | urllib.error.HTTPError:
    ctx.meta[_SENT_KEY] = token is not None
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(ctx.obj + path, data=data, method=method,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err
    except (urllib.error.URLError, OSError) as err:
        fail(f"{service} is not reachable at {ctx.obj} ({getattr(err, 'reason', err)}); "
             f"set {url_env}", UNREACHABLE)
    raise AssertionError("unreachable")


def fetch(ctx: typer.Context, service: str, url_env: str, method: str, path: str, *,
          data: bytes | None = None, content_type: str = "application/json"
          ) -> tuple[int, bytes]:
    """One request to the service at ctx.obj; (status, body) for 2xx, otherwise one
    line on stderr and the matching exit code."""
    token, from_session = bearer(ctx)
    outcome = _attempt(ctx, service, url_env, method, path, data, content_type, token)
    if isinstance(outcome, urllib.error.HTTPError) and outcome.code == 401 and from_session:
        token = _session_token(stale=token)
        outcome = _attempt(ctx, service, url_env, method, path, data, content_type, token)
    if isinstance(outcome, urllib.error.HTTPError):
        fail(refusal(ctx, outcome.code, signin.reason_of(outcome)), REFUSED)
    return outcome


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
