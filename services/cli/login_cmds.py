"""`wangge login`, `wangge logout`, `wangge whoami`: sign in as yourself at accounts and
keep the session for the other commands (session.py, signin.py).

The password is asked for without echo, or read from the first line of stdin with
--password-stdin (scripts: `pass show wangge | wangge login 138… --password-stdin`); it is
never an argument, since arguments show in process lists and shell history.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime

import typer

from services.cli import http, signin
from services.cli.accounts_client import (
    URL_ENV,
    accounts_url,
    call,
    grant_text,
    url_option,
    use_accounts,
)
from services.cli.main import app
from services.cli.session import Session, SessionError, SessionStore, now


def _password(from_stdin: bool, prompt: str, confirm: bool = False) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    if not password:
        http.fail("an empty password", http.BAD_INPUT)
    return password


def _signed_in(url: str, answer: dict) -> None:
    store = SessionStore()
    try:
        session = Session.from_answer(url, answer, now())
        with store.locked():
            store.save(session)
    except (SessionError, OSError) as exc:
        http.fail(f"signed in, but the session could not be kept: {exc}", http.REFUSED)
    person = answer.get("person") or {}
    grants = ", ".join(grant_text(g) for g in person.get("grants") or []) or "no grants"
    typer.echo(f"signed in as {person.get('display_name', '?')} ({grants}); "
               f"session kept in {store.path}")
    if os.environ.get(http.TOKEN_ENV, "").strip():
        typer.echo(f"note: {http.TOKEN_ENV} is set and wins over this session; unset it "
                   "to use the session", err=True)


def _refused(exc: signin.Refused) -> None:
    if exc.status == 429:
        wait = f" in {exc.retry_after} s" if exc.retry_after else " later"
        http.fail(f"too many attempts: {exc.reason}; try again{wait}", http.REFUSED)
    http.fail(exc.reason if exc.status in (401, 403) else f"{exc.status} {exc.reason}",
              http.BAD_INPUT if exc.status == 400 else http.REFUSED)


@app.command("login")
def login(login: str | None = typer.Argument(None, help="your login: mobile number (or a "
                                                       "service account's user name)"),
          invitation: str | None = typer.Option(None, "--invitation", metavar="CODE",
                                                help="accept an invitation: set your "
                                                     "password with its one-time code"),
          password_stdin: bool = typer.Option(False, "--password-stdin",
                                              help="read the password from stdin's first "
                                                   "line instead of asking"),
          url: str | None = url_option()) -> None:
    """Sign in and keep the session (0600, in the user's config directory), so that
    every other command runs as you; its access token is refreshed as it needs."""
    base = accounts_url(url)
    try:
        if invitation:
            password = _password(password_stdin, "new password", confirm=True)
            answer = signin.accept_invitation(base, invitation.strip(), password)
        else:
            login = login or typer.prompt("login")
            password = _password(password_stdin, "password")
            answer = signin.sign_in(base, login.strip(), password)
    except signin.Refused as exc:
        _refused(exc)
    except signin.AccountsUnreachable as exc:
        http.fail(f"{exc}; set {URL_ENV} or pass --url", http.UNREACHABLE)
    _signed_in(base, answer)


@app.command("logout")
def logout() -> None:
    """Sign out: revoke the session's refresh token at accounts and delete the session
    file. (A token in WANGGE_TOKEN is not touched.)"""
    store = SessionStore()
    try:
        with store.locked():
            session = store.load(private=False)
            if session is None:
                typer.echo("not signed in")
                return
            store.delete()
    except SessionError as exc:
        store.delete()
        typer.echo(f"deleted an unusable session file ({exc})", err=True)
        return
    try:
        signin.revoke_at(session.accounts_url, session.refresh_token)
    except signin.AccountsUnreachable as exc:
        # the file is gone either way: signing out of this machine must not depend on
        # accounts answering; the token itself then lives until it expires
        http.fail(f"session deleted here, but not revoked at accounts ({exc}); its "
                  f"refresh token stays valid until {_when(session.refresh_expires_at)}",
                  http.UNREACHABLE)
    except signin.Refused as exc:
        if exc.status not in (400, 401):   # already dead: nothing left to revoke
            http.fail(f"session deleted here, but accounts refused to revoke it: {exc}",
                      http.REFUSED)
    typer.echo(f"signed out{' ' + session.display_name if session.display_name else ''}")


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="seconds")


@app.command("whoami")
def whoami(ctx: typer.Context,
           as_json: bool = typer.Option(False, "--json", help="accounts' answer as JSON"),
           url: str | None = url_option(),
           token: str | None = http.token_option()) -> None:
    """Who the commands run as: name, masked login, status and grants (GET /me)."""
    use_accounts(ctx, url, token)
    me = call(ctx, "GET", "/me")[1]
    if as_json:
        typer.echo(json.dumps(me, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{me.get('display_name', '?')} ({me.get('kind', 'person')} {me.get('id')})")
    typer.echo(f"login: {me.get('login_masked', '?')}  status: {me.get('status', '?')}")
    grants = me.get("grants") or []
    typer.echo("grants: " + (", ".join(grant_text(g) for g in grants) or "none"))
    if http.explicit_token(ctx):
        typer.echo(f"token: from --token or {http.TOKEN_ENV}")
    else:
        stored = signin.stored_session()
        if stored:
            typer.echo(f"session: {SessionStore().path}, access token until "
                       f"{_when(stored.access_expires_at)}, refresh until "
                       f"{_when(stored.refresh_expires_at)}")
