"""One HTTP address for every service: `/<service>/<path>` is forwarded to that service;
every other GET or HEAD is the web app's (services/gateway/static.py: the built web/dist
at `/`, with its Content-Security-Policy and caching), and `/services.json` lists the
services and their health checks.

`make run` serves the five services behind it (accounts at /accounts, where a user
signs in and the services find its token keys), so a user, the CLI and the demo need
one base URL. Plain standard library (a thread per request): this is the local and
small-site front door; a large deployment puts its own reverse proxy (nginx, a cloud load
balancer) in front of the services instead, with the same path prefixes.

The address the gateway saw is always the last entry of the X-Forwarded-For it sends
(whatever a client sent comes before it, in one header): accounts counts failed sign-ins
per client address by that last entry when the request comes from its trusted proxy.

Every answer of its own is in the services' error shape (`{"error", "errors"}`), and every
method is forwarded, so a client sees the same API through the gateway as without it
(an unsupported method gets the service's 405, not a 501 page of the gateway's).
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from services.common.limits import DEFAULT_MAX_BODY_BYTES, max_body_bytes, too_large_message
from services.gateway.static import Answer, WebApp, default_root

log = logging.getLogger(__name__)
DEFAULT_PORTS = {"registry": 8001, "dispatch": 8002, "visits": 8003, "reporting": 8004,
                 "accounts": 8005}
DEFAULT_BACKENDS = {name: f"http://127.0.0.1:{port}" for name, port in DEFAULT_PORTS.items()}
# Per RFC 9110 §7.6.1 these describe one connection, not the message: never forwarded.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate",
                        "proxy-authorization", "te", "trailer", "transfer-encoding",
                        "upgrade", "host", "content-length"})
# set by the gateway itself; a client's own are never passed on as they came
FORWARDING = frozenset({"x-forwarded-for", "x-forwarded-prefix", "x-forwarded-host",
                        "x-forwarded-proto"})
TIMEOUT_S = float(os.environ.get("GATEWAY_TIMEOUT_S", "120"))
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 method token


def backends_from_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """Where each service listens: `<SERVICE>_ADDRESS` (host:port, as `make run` starts
    them), else 127.0.0.1:800N; GATEWAY_BACKENDS="registry=http://h:8001,…" wins over both
    (full URLs, for services elsewhere)."""
    env = os.environ if env is None else env
    backends = {name: f"http://{env[f'{name.upper()}_ADDRESS']}"
                if env.get(f"{name.upper()}_ADDRESS") else url
                for name, url in DEFAULT_BACKENDS.items()}
    for item in filter(None, env.get("GATEWAY_BACKENDS", "").split(",")):
        name, _, url = item.partition("=")
        if not url.strip() or not name.strip():
            raise ValueError(f"GATEWAY_BACKENDS: {item!r} is not name=url")
        backends[name.strip()] = url.strip()
    return backends


def split_target(path: str, backends: dict[str, str]) -> tuple[str, str] | None:
    """'/dispatch/orders/x?y=1' → ('dispatch', '/orders/x?y=1'); None if no such service."""
    service, _, rest = path.lstrip("/").partition("/")
    service = service.split("?", 1)[0]
    if service not in backends:
        return None
    return service, "/" + rest


def forwarded_for(received, client: str) -> str:
    """One X-Forwarded-For: the chain the client sent (any spelling, any number of
    headers), then the address that connected to the gateway, last."""
    sent = [value.strip() for name, value in received.items()
            if name.lower() == "x-forwarded-for" and value.strip()]
    return ", ".join([*sent, client])


class BodyTooLarge(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    backends: dict[str, str] = DEFAULT_BACKENDS
    max_body: int = DEFAULT_MAX_BODY_BYTES
    web: WebApp | None = None
    protocol_version = "HTTP/1.1"
    server_version, sys_version = "wangge-gateway", ""  # not which Python answers

    def _json(self, status: int, message: str, errors: dict | None = None, *,
              close: bool = False) -> None:
        raw = json.dumps({"error": message, "errors": errors or {}},
                         ensure_ascii=False).encode()
        self._send(status, raw, close=close)

    def _send(self, status: int, raw: bytes, *, close: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(raw)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        # what http.server answers itself (a malformed request line, a header too long):
        # JSON like everything else, never its HTML page
        self.close_connection = True
        self._json(code, message or explain or "bad request", close=True)

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return None
        if not raw.strip().isdigit():
            raise ValueError(f"Content-Length {raw!r} is not a number")
        length = int(raw)
        if length > self.max_body:
            raise BodyTooLarge(too_large_message(length, self.max_body))
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size = int(self.rfile.readline(1024).split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers: dropped, like every hop-by-hop field
                return bytes(body)
            if len(body) + size > self.max_body:
                raise BodyTooLarge(too_large_message(len(body) + size, self.max_body))
            body += self.rfile.read(size)
            self.rfile.readline(1024)

    def _static(self, answer: Answer) -> None:
        self.send_response(answer.status)
        for key, value in answer.headers:
            self.send_header(key, value)
        if answer.status != 304:  # a 304 has no body, whatever its length would be
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD" and answer.status != 304:
            self.wfile.write(answer.body)

    def _forward(self) -> None:
        target = split_target(self.path, self.backends)
        if target is None and self.command in ("GET", "HEAD"):
            if self.path.split("?", 1)[0] == "/services.json":
                raw = json.dumps({"services": {name: f"/{name}/" for name in self.backends},
                                  "health": {name: f"/{name}/health"
                                             for name in self.backends}})
                self._send(200, raw.encode())
            else:
                web = self.web or WebApp(default_root(), tuple(self.backends))
                self._static(web.answer(self.path, self.headers))
            return
        if target is None:
            where = self.path.split("?")[0]
            self._json(404, f"Not Found: no service at {where}; known: "
                            f"{', '.join(sorted(self.backends))}")
            return
        service, rest = target
        try:
            body = self._read_body()
        except BodyTooLarge as exc:
            # refused unread: the connection is closed rather than drained
            self._json(413, str(exc), {"_body": [str(exc)]}, close=True)
            return
        except ValueError as exc:
            self._json(400, str(exc), {"_body": [str(exc)]}, close=True)
            return
        base = urlsplit(self.backends[service])
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in HOP_BY_HOP | FORWARDING}
        headers["X-Forwarded-For"] = forwarded_for(self.headers, self.client_address[0])
        headers["X-Forwarded-Prefix"] = f"/{service}"
        # the host the browser addressed: accounts compares a browser's Origin with it
        # before it refreshes a session from its cookie (services/accounts/entrypoints/browser.py)
        if self.headers.get("Host"):
            headers["X-Forwarded-Host"] = self.headers["Host"]
        headers["X-Forwarded-Proto"] = "http"
        conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=TIMEOUT_S)
        try:
            conn.request(self.command, rest, body=body, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
        except OSError as exc:
            log.warning("gateway: %s unreachable: %s", service, type(exc).__name__)
            self._json(502, f"Bad Gateway: the {service} service is not answering")
            return
        finally:
            conn.close()
        self.send_response(resp.status, resp.reason)
        for key, value in resp.getheaders():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        if self.command == "HEAD":  # the length of what GET would answer
            self.send_header("Content-Length", resp.getheader("Content-Length") or "0")
        else:
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def __getattr__(self, name: str):
        # http.server looks up do_<METHOD>: every method is the service's to answer
        if name.startswith("do_") and _TOKEN.fullmatch(name[3:]):
            return self._forward
        raise AttributeError(name)

    def log_message(self, fmt: str, *args) -> None:  # access log stays quiet; errors log
        pass


def serve(address: str, backends: dict[str, str] | None = None, *,
          max_body: int | None = None, web_root: Path | str | None = None
          ) -> ThreadingHTTPServer:
    """The gateway on `address`; the web app from `web_root`, else GATEWAY_WEB_ROOT, else
    web/dist of this repository (a missing build answers 503 at `/`, the APIs still work)."""
    host, _, port = address.rpartition(":")
    backends = backends or backends_from_env()
    handler = type("GatewayHandler", (Handler,), {
        "backends": backends,
        "max_body": max_body if max_body is not None else max_body_bytes(),
        "web": WebApp(web_root if web_root is not None else default_root(),
                      tuple(backends))})
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    server.daemon_threads = True
    return server
