"""The gateway forwards by path prefix; tested against a real local HTTP backend."""

import http.client
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
                           "prefix": self.headers.get_all("X-Forwarded-Prefix"),
                           "host": self.headers.get_all("X-Forwarded-Host"),
                           "forwarded": self.headers.get_all("X-Forwarded-For")}).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = _answer

    def do_TRACE(self):  # as the services answer a method they do not route
        body = b'{"error": "Method Not Allowed", "errors": {}}'
        self.send_response(405)
        self.send_header("Content-Type", "application/json")
        self.send_header("Allow", "GET, POST")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_OPTIONS = do_TRACE

    def log_message(self, *args):
        pass


def _start(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LIMIT = 1024


@pytest.fixture
def gateway():
    backend = _start(ThreadingHTTPServer(("127.0.0.1", 0), Echo))
    dead = f"http://127.0.0.1:{_free_port()}"
    address = f"127.0.0.1:{_free_port()}"
    server = _start(serve(address, {"dispatch": f"http://127.0.0.1:{backend.server_port}",
                                    "visits": dead}, max_body=LIMIT))
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
                    "auth": "Bearer t", "prefix": ["/dispatch"], "forwarded": ["127.0.0.1"],
                    "host": [gateway.removeprefix("http://")]}


def test_the_address_the_gateway_saw_is_the_last_forwarded_for_entry(gateway):
    """Accounts counts failed sign-ins by the last X-Forwarded-For entry its trusted
    proxy sends: a client's own headers, in any spelling, cannot come after it or be a
    second header of their own."""
    host, port = gateway.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("GET", "/dispatch/units")
    conn.putheader("x-forwarded-for", "6.6.6.6")
    conn.putheader("X-FORWARDED-FOR", "7.7.7.7, 8.8.8.8")
    conn.putheader("x-forwarded-prefix", "/elsewhere")
    conn.putheader("x-forwarded-host", "evil.example")
    conn.endheaders()
    body = json.loads(conn.getresponse().read())
    conn.close()
    assert body["forwarded"] == ["6.6.6.6, 7.7.7.7, 8.8.8.8, 127.0.0.1"]
    assert body["prefix"] == ["/dispatch"]
    # the Host the client addressed, never a client's own X-Forwarded-Host: accounts checks
    # a browser's Origin against it
    assert body["host"] == [f"{host}:{port}"]


def test_unknown_service_is_a_404_in_the_services_error_shape(gateway):
    # a client asking for JSON (the CLI) is not given the web app's index.html
    # (tests/unit/test_gateway_web.py); other methods than GET and HEAD never are
    status, body = _call(gateway + "/nowhere/x", headers={"Accept": "application/json"})
    assert status == 404 and set(body) == {"error", "errors"}
    assert "dispatch" in body["error"] and body["errors"] == {}
    status, body = _call(gateway + "/nowhere/x", "POST", b"{}")
    assert status == 404 and set(body) == {"error", "errors"}
    assert "dispatch" in body["error"] and body["errors"] == {}


def test_service_down_is_a_502_in_the_services_error_shape(gateway):
    status, body = _call(gateway + "/visits/health")
    assert status == 502 and "visits" in body["error"] and body["errors"] == {}


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS"])
def test_every_method_reaches_the_service(gateway, method):
    # http.server knows only the do_* a handler defines: TRACE/OPTIONS were a 501 page
    status, body = _call(gateway + "/dispatch/units", method)
    assert status == 405 and set(body) == {"error", "errors"}


def test_a_body_past_the_limit_is_refused_unread_with_413(gateway):
    status, body = _call(gateway + "/dispatch/units", "POST", b"x" * (LIMIT + 1),
                         {"Content-Type": "application/json"})
    assert status == 413 and str(LIMIT) in body["error"] and "_body" in body["errors"]
    status, _ = _call(gateway + "/dispatch/units", "POST", b"x" * LIMIT)
    assert status == 201


def test_a_chunked_body_is_forwarded_and_limited_too(gateway):
    host, port = gateway.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/dispatch/units", body=iter([b'{"a":', b" 1}"]),
                 encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 201 and json.loads(resp.read())["body"] == '{"a": 1}'
    conn.close()
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/dispatch/units", body=iter([b"y" * 600, b"y" * 600]),
                 encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 413
    conn.close()


def test_a_malformed_request_is_answered_in_json(gateway):
    host, port = gateway.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /dispatch/units extra HTTP/1.1\r\n\r\n")
        reply = sock.recv(65536).decode()
    head, _, body = reply.partition("\r\n\r\n")
    assert head.split()[1] == "400" and "application/json" in head
    assert set(json.loads(body)) == {"error", "errors"}


def test_services_json_lists_services(gateway):
    status, body = _call(gateway + "/services.json")
    assert status == 200 and set(body["services"]) == {"dispatch", "visits"}
    assert body["health"]["dispatch"] == "/dispatch/health"


def test_backends_follow_the_service_addresses_and_gateway_backends():
    env = {"REGISTRY_ADDRESS": "127.0.0.1:9101", "VISITS_ADDRESS": "10.1.2.3:80"}
    backends = backends_from_env(env)
    assert backends["registry"] == "http://127.0.0.1:9101"
    assert backends["visits"] == "http://10.1.2.3:80"
    assert backends["dispatch"] == "http://127.0.0.1:8002"
    assert backends["accounts"] == "http://127.0.0.1:8005"
    assert set(backends) == {"registry", "dispatch", "visits", "reporting", "accounts"}
    assert backends_from_env({"ACCOUNTS_ADDRESS": "127.0.0.1:9105"})["accounts"] == \
        "http://127.0.0.1:9105"
    env["GATEWAY_BACKENDS"] = "registry=https://reg.example:443"
    assert backends_from_env(env)["registry"] == "https://reg.example:443"


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
