"""The session of `wangge login` (services/cli/session.py, signin.py), without servers: the
file is private (0600 in a 0700 directory) and refused when others may read it; the
access token is refreshed before it expires and once on a 401, by one process at a time
(a rotated refresh token presented twice ends the whole session at accounts); and
WANGGE_TOKEN or --token win over the session. Accounts and the services are stood in for
by a throwaway local HTTP server that records what the CLI sent."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import signin
from services.cli.session import REFRESH_MARGIN_S, Session, SessionError, SessionStore

NOW = 1_800_000_000.0
ROOT = Path(__file__).resolve().parents[2]


def session(url: str = "http://127.0.0.1:9", *, left_s: float = 500,
            access: str = "access-1", refresh: str = "refresh-1",
            refresh_left_s: float = 86400) -> Session:
    return Session(accounts_url=url, access_token=access, access_expires_at=NOW + left_s,
                   refresh_token=refresh, refresh_expires_at=NOW + refresh_left_s,
                   person_id="p1", display_name="李伟")


def answer(access: str, refresh: str) -> dict:
    return {"access_token": access, "token_type": "Bearer", "expires_in": 600,
            "refresh_token": refresh, "refresh_expires_in": 14 * 86400,
            "person": {"id": "p1", "display_name": "李伟", "kind": "person",
                       "grants": [{"role": "grid_worker", "area": "4401060101-G01"}]}}


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("WANGGE_TOKEN", raising=False)
    return home


@pytest.fixture
def store(config_home):
    return SessionStore()


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the file -----------------------------------------------------------------------------

def test_the_session_is_kept_0600_in_a_0700_directory_whatever_the_umask(store, config_home):
    old = os.umask(0)
    try:
        store.save(session())
    finally:
        os.umask(old)
    assert store.path == config_home / "wangge" / "session.json"
    assert mode(store.path) == 0o600 and mode(store.path.parent) == 0o700
    assert store.load() == session()
    assert not [p for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_directory_others_could_enter_is_tightened(store):
    store.path.parent.mkdir(parents=True, mode=0o755)
    store.path.parent.chmod(0o755)
    store.save(session())
    assert mode(store.path.parent) == 0o700


def test_without_xdg_config_home_the_session_is_under_dot_config(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert SessionStore().path == tmp_path / ".config" / "wangge" / "session.json"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")   # invalid per XDG: ignored
    assert SessionStore().path == tmp_path / ".config" / "wangge" / "session.json"


@pytest.mark.parametrize("loose", [0o640, 0o604, 0o644, 0o660])
def test_a_session_file_others_may_read_is_refused(store, loose):
    store.save(session())
    store.path.chmod(loose)
    with pytest.raises(SessionError, match="may be read by others"):
        store.load()
    # signing out still reads it: that token above all must be revoked
    assert store.load(private=False) == session()


def test_a_symlinked_session_file_is_not_followed(store, tmp_path):
    elsewhere = SessionStore(tmp_path / "elsewhere" / "session.json")
    elsewhere.save(session())
    store.path.parent.mkdir(parents=True)
    store.path.symlink_to(elsewhere.path)
    with pytest.raises(SessionError, match="cannot read"):
        store.load()


def test_a_file_that_is_not_a_session_is_refused_not_crashed_on(store):
    store.save(session())
    store.path.write_text('{"access_token": "x"}')
    with pytest.raises(SessionError, match="not a session file"):
        store.load()


def test_the_lifetimes_come_from_expires_in_not_the_tokens_clock():
    made = Session.from_answer("http://a/", answer("A", "R"), NOW)
    assert made.accounts_url == "http://a"
    assert made.access_expires_at == NOW + 600 and made.refresh_expires_at == NOW + 14 * 86400
    with pytest.raises(SessionError, match="without a usable session"):
        Session.from_answer("http://a", {"access_token": "A"}, NOW)


# -- refreshing ---------------------------------------------------------------------------

class Refresher:
    def __init__(self, *results, delay: float = 0) -> None:
        self.results, self.delay, self.calls = list(results), delay, []

    def __call__(self, url: str, refresh_token: str) -> dict:
        self.calls.append((url, refresh_token))
        time.sleep(self.delay)
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def token_now(store, refresher, **kwargs):
    return signin.session_token(store, refresher=refresher, clock=lambda: NOW, **kwargs)


def test_a_token_with_time_left_is_used_as_it_is(store):
    store.save(session(left_s=REFRESH_MARGIN_S + 1))
    refresher = Refresher()
    assert token_now(store, refresher) == "access-1" and refresher.calls == []


@pytest.mark.parametrize("left_s", [REFRESH_MARGIN_S - 1, 1, -30])
def test_a_token_about_to_expire_or_expired_is_refreshed_first_and_rotated(store, left_s):
    store.save(session(left_s=left_s))
    refresher = Refresher(answer("access-2", "refresh-2"))
    assert token_now(store, refresher) == "access-2"
    assert refresher.calls == [("http://127.0.0.1:9", "refresh-1")]
    kept = store.load()
    assert (kept.access_token, kept.refresh_token) == ("access-2", "refresh-2")
    assert kept.access_expires_at == NOW + 600 and mode(store.path) == 0o600


def test_a_401_refreshes_once_unless_another_process_already_did(store):
    store.save(session())
    refresher = Refresher(answer("access-2", "refresh-2"))
    assert token_now(store, refresher, stale="access-1") == "access-2"
    # the stored token is no longer the one refused: someone refreshed meanwhile
    assert token_now(store, refresher, stale="access-1") == "access-2"
    assert len(refresher.calls) == 1


RACER = """
import json, sys, time
from services.cli import signin
from services.cli.session import SessionStore

def refresher(url, refresh_token):
    with open(sys.argv[1], "a") as calls:
        calls.write(refresh_token + "\\n")
    time.sleep(0.5)   # the other command starts meanwhile
    return json.loads(sys.argv[2])

print(signin.session_token(SessionStore(), refresher=refresher))
"""


def test_two_commands_at_once_refresh_once(store, tmp_path):
    """Two processes (the lock is between processes; the test runner's green threads
    cannot show it). Without the lock both would present refresh-1, and accounts would
    take the second presentation for a stolen token and revoke the session."""
    store.save(Session(**{**session().__dict__, "access_expires_at": time.time() + 5}))
    calls = tmp_path / "calls"
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(calls),
                                json.dumps(answer("access-2", "refresh-2"))],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
              for _ in range(2)]
    printed = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert printed == ["access-2", "access-2"]
    assert calls.read_text().split() == ["refresh-1"]


@pytest.mark.parametrize("status", [400, 401])
def test_a_refused_refresh_ends_the_session_and_deletes_the_file(store, status):
    store.save(session(left_s=0))
    refresher = Refresher(signin.Refused(status, "refresh token is unknown or revoked"))
    with pytest.raises(signin.SessionEnded, match="unknown or revoked"):
        token_now(store, refresher)
    assert not store.exists()


def test_an_expired_refresh_token_is_not_even_sent(store):
    store.save(session(left_s=-10, refresh_left_s=-1))
    refresher = Refresher()
    with pytest.raises(signin.SessionEnded, match="expired"):
        token_now(store, refresher)
    assert refresher.calls == [] and not store.exists()


def test_accounts_unreachable_uses_a_token_still_valid_else_says_so(store):
    store.save(session(left_s=20))
    assert token_now(store, Refresher(signin.AccountsUnreachable("down"))) == "access-1"
    store.save(session(left_s=-1))
    with pytest.raises(signin.AccountsUnreachable):
        token_now(store, Refresher(signin.AccountsUnreachable("down")))
    assert store.exists()   # nothing was refused: the session may still work later


def test_no_session_file_no_token(store):
    assert token_now(store, Refresher()) is None


# -- through the CLI, with a stand-in for accounts and the services -------------------------

class Stub(BaseHTTPRequestHandler):
    """Answers from `routes` {(method, path): (status, body, headers)}; a service path
    answers 401 to any token but `valid`."""
    seen: list[tuple[str, str, str | None, dict | None]] = []
    routes: dict = {}
    valid = "access-2"

    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        auth = self.headers.get("Authorization")
        type(self).seen.append((self.command, self.path, auth, body))
        if (self.command, self.path) in self.routes:
            status, payload, headers = self.routes[(self.command, self.path)]
        elif auth == f"Bearer {self.valid}":
            status, payload, headers = 200, {"campaigns": []}, {}
        else:
            status, payload, headers = 401, {"error": "token expired", "errors": {}}, {}
        raw = b"" if status == 204 else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_DELETE = _reply

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stub():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Stub.seen, Stub.routes, Stub.valid = [], {}, "access-2"
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def wangge(*args: str, env: dict | None = None, stdin: str | None = None):
    from services.cli.main import app

    return CliRunner().invoke(app, list(args), env=env or {}, input=stdin)


def bearers() -> list[str | None]:
    return [auth for _, path, auth, _ in Stub.seen if not path.startswith("/sessions")]


def test_wangge_token_then_token_option_win_over_the_session(store, stub):
    store.save(session(stub, access="access-2"))
    Stub.valid = "from-env"
    wangge("dispatch", "person-times", "o1", env={"DISPATCH_URL": stub,
                                                  "WANGGE_TOKEN": "from-env"})
    Stub.valid = "from-flag"
    wangge("dispatch", "--token", "from-flag", "person-times", "o1",
           env={"DISPATCH_URL": stub, "WANGGE_TOKEN": "from-env"})
    Stub.valid = "access-2"
    wangge("dispatch", "person-times", "o1", env={"DISPATCH_URL": stub})
    assert bearers() == ["Bearer from-env", "Bearer from-flag", "Bearer access-2"]


def test_an_explicit_token_is_never_refreshed_a_401_to_it_is_final(store, stub):
    store.save(session(stub))
    result = wangge("report", "daily", "G1", "2026-11-23",
                    env={"REPORTING_URL": stub, "WANGGE_TOKEN": "stale"})
    assert result.exit_code == 1 and result.stderr.strip() == "error: not allowed: token expired"
    assert [p for _, p, _, _ in Stub.seen] == ["/reports/daily/G1/2026-11-23?format=csv"]
    assert store.load() == session(stub)


def test_a_401_to_the_session_token_refreshes_and_retries_once(store, stub):
    store.save(session(stub, access="access-1"))
    Stub.routes[("POST", "/sessions/refresh")] = (200, answer("access-2", "refresh-2"), {})
    result = wangge("visits", "campaign", "list", env={"VISITS_URL": stub})
    assert result.exit_code == 0, result.output
    assert [(p, a) for _, p, a, _ in Stub.seen] == [
        ("/campaigns", "Bearer access-1"),
        ("/sessions/refresh", None),
        ("/campaigns", "Bearer access-2")]
    assert Stub.seen[1][3] == {"refresh_token": "refresh-1"}
    assert store.load().refresh_token == "refresh-2"


def test_a_session_token_refused_after_its_refresh_is_refused_not_retried_again(store, stub):
    store.save(session(stub, access="access-1"))
    Stub.valid = "nobody"
    Stub.routes[("POST", "/sessions/refresh")] = (200, answer("access-2", "refresh-2"), {})
    result = wangge("dispatch", "person-times", "o1", env={"DISPATCH_URL": stub})
    assert result.exit_code == 1 and "not allowed: token expired" in result.stderr
    assert len(Stub.seen) == 3


def test_a_loose_session_file_stops_the_command_with_one_line(store, stub):
    store.save(session(stub))
    store.path.chmod(0o644)
    result = wangge("dispatch", "person-times", "o1", env={"DISPATCH_URL": stub})
    assert result.exit_code == 1 and "may be read by others" in result.stderr
    assert Stub.seen == []


def test_an_ended_session_says_sign_in_again(store, stub):
    store.save(session(stub, left_s=0))
    Stub.routes[("POST", "/sessions/refresh")] = (401, {"error": "refresh token revoked"}, {})
    result = wangge("dispatch", "person-times", "o1", env={"DISPATCH_URL": stub})
    assert result.exit_code == 1 and "wangge login" in result.stderr
    assert not store.exists()


def test_login_reads_the_password_from_stdin_and_keeps_the_session(store, stub):
    Stub.routes[("POST", "/sessions")] = (200, answer("access-1", "refresh-1"), {})
    result = wangge("login", "13800138000", "--password-stdin", "--url", stub,
                    stdin="s3cret-Passw0rd\n")
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output and "signed in as 李伟" in result.stdout
    assert "grid_worker:4401060101-G01" in result.stdout
    assert Stub.seen[0][3] == {"login": "13800138000", "password": "s3cret-Passw0rd"}
    kept = store.load()
    assert (kept.accounts_url, kept.refresh_token) == (stub, "refresh-1")
    assert mode(store.path) == 0o600
    # later accounts commands go where the session signed in
    Stub.routes[("GET", "/me")] = (200, {"id": "p1", "display_name": "李伟",
                                         "login_masked": "138****8000", "status": "active",
                                         "grants": answer("", "")["person"]["grants"]}, {})
    shown = wangge("whoami")
    assert shown.exit_code == 0 and "138****8000" in shown.stdout, shown.output
    assert Stub.seen[-1][2] == "Bearer access-1"


def test_login_asks_for_the_password_without_echo(store, stub):
    Stub.routes[("POST", "/sessions")] = (200, answer("access-1", "refresh-1"), {})
    result = wangge("login", "--url", stub, stdin="13800138000\nhidden-Passw0rd\n")
    assert result.exit_code == 0, result.output
    assert "hidden-Passw0rd" not in result.output
    assert Stub.seen[0][3] == {"login": "13800138000", "password": "hidden-Passw0rd"}


@pytest.mark.parametrize(("status", "body", "headers", "says"), [
    (401, {"error": "login or password is wrong"}, {}, "error: login or password is wrong"),
    (403, {"error": "account is locked"}, {}, "error: account is locked"),
    (429, {"error": "too many attempts"}, {"Retry-After": "30"}, "try again in 30 s"),
])
def test_a_refused_login_is_one_line_and_keeps_nothing(store, stub, status, body, headers,
                                                       says):
    Stub.routes[("POST", "/sessions")] = (status, body, headers)
    result = wangge("login", "13800138000", "--password-stdin", "--url", stub,
                    stdin="wrong-Passw0rd\n")
    assert result.exit_code == 1 and says in result.stderr.strip(), result.output
    assert not store.exists()


def test_logout_revokes_the_refresh_token_and_deletes_the_file(store, stub):
    store.save(session(stub))
    Stub.routes[("POST", "/sessions/revoke")] = (204, {}, {})
    result = wangge("logout")
    assert result.exit_code == 0 and "signed out" in result.stdout, result.output
    assert Stub.seen == [("POST", "/sessions/revoke", None, {"refresh_token": "refresh-1"})]
    assert not store.exists()
    assert wangge("logout").stdout.strip() == "not signed in"


def test_logout_with_accounts_away_deletes_the_file_and_says_the_token_lives_on(store):
    store.save(session("http://127.0.0.1:9"))
    result = wangge("logout")
    assert result.exit_code == 3 and "not revoked at accounts" in result.stderr
    assert not store.exists()


def test_logout_revokes_even_a_session_file_others_could_read(store, stub):
    store.save(session(stub))
    store.path.chmod(0o644)
    Stub.routes[("POST", "/sessions/revoke")] = (204, {}, {})
    assert wangge("logout").exit_code == 0
    assert Stub.seen[0][3] == {"refresh_token": "refresh-1"} and not store.exists()
