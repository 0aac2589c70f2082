"""One HTTP address for every service: `/<service>/<path>` is forwarded to that service.

`make run` serves the four services behind it, so a user, the CLI and the demo need one
base URL. Plain standard library (a thread per request): this is the local and small-site
front door; a large deployment puts its own reverse proxy (nginx, a cloud load balancer)
in front of the services instead, with the same path prefixes.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

log = logging.getLogger(__name__)
DEFAULT_BACKENDS = {"registry": "http://127.0.0.1:8001", "dispatch": "http://127.0.0.1:8002",
                    "visits": "http://127.0.0.1:8003", "reporting": "http://127.0.0.1:8004"}
# Per RFC 9110 §7.6.1 these describe one connection, not the message: never forwarded.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate",
                        "proxy-authorization", "te", "trailer", "transfer-encoding",
                        "upgrade", "host", "content-length"})
TIMEOUT_S = float(os.environ.get("GATEWAY_TIMEOUT_S", "120"))


def backends_from_env() -> dict[str, str]:
    """GATEWAY_BACKENDS="registry=http://h:8001,dispatch=…" overrides the defaults."""
    backends = dict(DEFAULT_BACKENDS)
    for item in filter(None, os.environ.get("GATEWAY_BACKENDS", "").split(",")):
        name, _, url = item.partition("=")
        if not url:
            raise ValueError(f"GATEWAY_BACKENDS: {item!r} is not name=url")
        backends[name.strip()] = url.strip()
    return backends


def split_target(path: str, backends: dict[str, str]) -> tuple[str, str] | None:
    """'/dispatch/orders/x?y=1' → ('dispatch', '/orders/x?y=1'); None if no such service."""
    service, _, rest = path.lstrip("/").partition("/")
    if service not in backends:
        return None
    return service, "/" + rest


class Handler(BaseHTTPRequestHandler):
    backends: dict[str, str] = DEFAULT_BACKENDS
    protocol_version = "HTTP/1.1"

    def _json(self, status: int, body: dict) -> None:
        raw = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _forward(self) -> None:
        if self.path in ("/", ""):
            self._json(200, {"services": {name: f"/{name}/" for name in self.backends},
                             "health": {name: f"/{name}/health" for name in self.backends}})
            return
        target = split_target(self.path, self.backends)
        if target is None:
            self._json(404, {"error": "not_found",
                             "message": f"no service at {self.path.split('?')[0]}; "
                                        f"known: {', '.join(sorted(self.backends))}"})
            return
        service, rest = target
        base = urlsplit(self.backends[service])
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["X-Forwarded-For"] = self.client_address[0]
        headers["X-Forwarded-Prefix"] = f"/{service}"
        conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=TIMEOUT_S)
        try:
            conn.request(self.command, rest, body=body, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
        except OSError as exc:
            log.warning("gateway: %s unreachable: %s", service, type(exc).__name__)
            self._json(502, {"error": "bad_gateway",
                             "message": f"the {service} service is not answering"})
            return
        finally:
            conn.close()
        self.send_response(resp.status, resp.reason)
        for key, value in resp.getheaders():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

    def log_message(self, fmt: str, *args) -> None:  # access log stays quiet; errors log
        pass


def serve(address: str, backends: dict[str, str] | None = None) -> ThreadingHTTPServer:
    host, _, port = address.rpartition(":")
    handler = type("GatewayHandler", (Handler,), {"backends": backends or backends_from_env()})
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    server.daemon_threads = True
    return server
