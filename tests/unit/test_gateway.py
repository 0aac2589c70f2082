"""The gateway forwards by path prefix; tested against a real local HTTP backend."""

import json
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.gateway.proxy import backends_from_env, serve, split_target


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps({"method": self.command, "path": self.path,
                           "body": self.rfile.read(length).decode(),
                           "auth": self.headers.get("Authorization"),
                           "prefix": self.headers.get("X-Forwarded-Prefix")}).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = _answer

    def log_message(self, *args):
        pass


def _start(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gateway():
    backend = _start(ThreadingHTTPServer(("127.0.0.1", 0), Echo))
    dead = f"http://127.0.0.1:{_free_port()}"
    address = f"127.0.0.1:{_free_port()}"
    server = _start(serve(address, {"dispatch": f"http://127.0.0.1:{backend.server_port}",
                                    "visits": dead}))
    yield f"http://{address}"
    server.shutdown()
    backend.shutdown()


def _call(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_forwards_method_path_query_body_and_authorization(gateway):
    status, body = _call(gateway + "/dispatch/orders?unit=a", "POST", b'{"x": 1}',
                         {"Authorization": "Bearer t", "Content-Type": "application/json"})
    assert status == 201
    assert body == {"method": "POST", "path": "/orders?unit=a", "body": '{"x": 1}',
                    "auth": "Bearer t", "prefix": "/dispatch"}


def test_unknown_service_is_a_json_404_naming_the_known_ones(gateway):
    status, body = _call(gateway + "/nowhere/x")
    assert status == 404 and "dispatch" in body["message"]


def test_service_down_is_a_json_502_naming_it(gateway):
    status, body = _call(gateway + "/visits/health")
    assert status == 502 and "visits" in body["message"]


def test_index_lists_services(gateway):
    status, body = _call(gateway + "/")
    assert status == 200 and set(body["services"]) == {"dispatch", "visits"}


def test_split_and_env(monkeypatch):
    assert split_target("/registry/areas/1?x=2", {"registry": "u"}) == ("registry",
                                                                         "/areas/1?x=2")
    assert split_target("/registry", {"registry": "u"}) == ("registry", "/")
    assert split_target("/other/x", {"registry": "u"}) is None
    monkeypatch.setenv("GATEWAY_BACKENDS", "visits=http://v:1")
    assert backends_from_env()["visits"] == "http://v:1"
    monkeypatch.setenv("GATEWAY_BACKENDS", "visits")
    with pytest.raises(ValueError, match="GATEWAY_BACKENDS"):
        backends_from_env()
