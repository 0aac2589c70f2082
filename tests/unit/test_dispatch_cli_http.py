"""The token plumbing every HTTP command group of `wangge` shares (services/cli/http.py):
the bearer token goes out from WANGGE_TOKEN or --token (the session of `wangge login`:
test_cli_session.py), and access control's 401/403 come back as one 'not allowed' line
with exit 1. A throwaway local HTTP server stands in for
the services (what they answer is theirs to test); it records what the CLI sent."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from services.cli.main import app


class Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str | None]] = []
    answer = (403, {"error": "outside this token's scope (area G1)", "errors": {}})

    def _reply(self) -> None:
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        status, body = type(self).answer
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = _reply

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture(autouse=True)
def no_session(tmp_path, monkeypatch):
    # without a token the CLI would use the session of `wangge login`: none here, whatever
    # the machine running the tests has signed in to
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Recorder.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


COMMANDS = {
    "dispatch": ["dispatch", "person-times", "o1"],
    "visits": ["visits", "campaign", "list"],
    "report": ["report", "daily", "G1", "2026-11-23"],
}
URL_ENV = {"dispatch": "DISPATCH_URL", "visits": "VISITS_URL", "report": "REPORTING_URL"}


@pytest.mark.parametrize("group", sorted(COMMANDS))
def test_every_http_group_sends_the_token_and_reads_a_refusal_as_one_line(server, group):
    result = CliRunner().invoke(app, COMMANDS[group],
                                env={URL_ENV[group]: server, "WANGGE_TOKEN": "wg1.a.b"})
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == "error: not allowed: outside this token's scope (area G1)"
    assert Recorder.seen[-1][1] == "Bearer wg1.a.b"

    # --token on the group, and the variable left empty
    flagged = CliRunner().invoke(app, [COMMANDS[group][0], "--token", "wg1.c.d",
                                       *COMMANDS[group][1:]],
                                 env={URL_ENV[group]: server, "WANGGE_TOKEN": ""})
    assert flagged.exit_code == 1 and Recorder.seen[-1][1] == "Bearer wg1.c.d"


def test_no_token_sends_no_header_and_a_401_says_how_to_get_one(server, monkeypatch):
    monkeypatch.setattr(Recorder, "answer",
                        (401, {"error": "missing Authorization: Bearer <token>", "errors": {}}))
    result = CliRunner().invoke(app, COMMANDS["dispatch"],
                                env={"DISPATCH_URL": server, "WANGGE_TOKEN": ""})
    assert result.exit_code == 1 and Recorder.seen[-1][1] is None
    line = result.stderr.strip()
    assert line.startswith("error: not allowed: missing Authorization") and "\n" not in line
    assert "WANGGE_TOKEN" in line and "wangge login" in line


def test_other_refusals_keep_their_status(server, monkeypatch):
    monkeypatch.setattr(Recorder, "answer", (404, {"error": "order o1 not found"}))
    result = CliRunner().invoke(app, COMMANDS["dispatch"],
                                env={"DISPATCH_URL": server, "WANGGE_TOKEN": "t"})
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 404 order o1 not found"
