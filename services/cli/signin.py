"""The CLI's side of accounts' sessions: sign in, refresh, sign out, and the bearer token a
command sends.

Which token a command sends (first that is set):
1. `--token` on the command group, or `WANGGE_TOKEN` (scripts, service accounts): sent as
   given, never refreshed, never stored;
2. the session of `wangge login` (session.py), refreshed first when its access token has
   less than a minute left, and once more when a service answers 401 to it (revoked
   grants, a key rotated early, a clock that drifted).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from services.cli.session import Session, SessionError, SessionStore, now

TIMEOUT_S = 30


class SessionEnded(Exception):
    """The stored session can no longer be refreshed: sign in again."""


class AccountsUnreachable(Exception):
    pass


class Refused(Exception):
    """Accounts answered 4xx/5xx: status, its one-line reason, Retry-After if any."""

    def __init__(self, status: int, reason: str, retry_after: str | None = None) -> None:
        super().__init__(f"{status} {reason}")
        self.status, self.reason, self.retry_after = status, reason, retry_after


def reason_of(err: urllib.error.HTTPError) -> str:
    # services answer {"error": "field: reason; …", "errors": {…}}; anything else (a
    # proxy's HTML page) is summed up by its status line rather than dumped
    try:
        return str(json.loads(err.read())["error"]).replace("\n", " ")
    except (ValueError, KeyError, TypeError):
        return err.reason or "request failed"


def post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    """POST JSON to accounts; (status, JSON or {}) on 2xx, Refused or AccountsUnreachable
    otherwise."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as err:
        raise Refused(err.code, reason_of(err), err.headers.get("Retry-After")) from None
    except ValueError:
        raise AccountsUnreachable(f"accounts at {url} did not answer JSON") from None
    except (urllib.error.URLError, OSError) as err:
        raise AccountsUnreachable(f"accounts is not reachable at {url} "
                                  f"({getattr(err, 'reason', err)})") from None


def sign_in(accounts_url: str, login: str, password: str) -> dict:
    return post(accounts_url + "/sessions", {"login": login, "password": password})[1]


def accept_invitation(accounts_url: str, code: str, password: str) -> dict:
    return post(accounts_url + "/invitations/accept", {"code": code, "password": password})[1]


def refresh_at(accounts_url: str, refresh_token: str) -> dict:
    return post(accounts_url + "/sessions/refresh", {"refresh_token": refresh_token})[1]


def revoke_at(accounts_url: str, refresh_token: str) -> None:
    post(accounts_url + "/sessions/revoke", {"refresh_token": refresh_token})


def session_token(store: SessionStore | None = None, *, stale: str | None = None,
                  refresher: Callable[[str, str], dict] = refresh_at,
                  clock: Callable[[], float] = now) -> str | None:
    """The stored session's access token, refreshed when it is about to expire, or when
    `stale` (a token a service just answered 401 to) is the one stored. None without a
    session. SessionError for an unusable file, SessionEnded when accounts refuses the
    refresh token (the file is then deleted: it holds nothing that works any more)."""
    store = store or SessionStore()
    if not store.exists():
        return None
    with store.locked():
        # read under the lock: another process may have refreshed while this one waited
        current = store.load()
        if current is None:
            return None
        at = clock()
        if stale is not None and current.access_token != stale:
            return current.access_token   # refreshed by someone else meanwhile
        if stale is None and not current.needs_refresh(at):
            return current.access_token
        if current.refresh_expired(at):
            store.delete()
            raise SessionEnded("your session has expired")
        try:
            answer = refresher(current.accounts_url, current.refresh_token)
        except Refused as exc:
            if exc.status in (400, 401, 403):
                store.delete()
                raise SessionEnded(f"accounts refused to refresh it: {exc.reason}") from None
            raise
        except AccountsUnreachable:
            if stale is None and current.access_expires_at > at:
                return current.access_token   # still valid for a little while: try it
            raise
        fresh = Session.from_answer(current.accounts_url, answer, at)
        store.save(fresh)
        return fresh.access_token


def stored_session(store: SessionStore | None = None) -> Session | None:
    """The session as stored, without refreshing (None when absent or unusable)."""
    try:
        return (store or SessionStore()).load()
    except SessionError:
        return None
