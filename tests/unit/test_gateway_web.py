"""The gateway serves the built web app at `/` (services/gateway/static.py), tested over a
real HTTP server with a temporary build folder, next to a real backend under a service
prefix."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from services.gateway.proxy import serve
from services.gateway.static import CSP, REPO, WebApp, accepts_gzip, default_root

INDEX = (b"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         b"<script type=\"module\" src=\"/assets/index-Ab12Cd34.js\"></script></head>"
         b"<body><div id=\"app\"></div></body></html>\n")
SCRIPT = b"export const answer = 42;\n" + b"console.log('field app');\n" * 60
STYLE = b".van-cell { color: #323233; }\n" * 30
PNG = bytes(range(256)) * 4  # incompressible, as an image is
SECRET = b"TOP-SECRET outside the web root"


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - http.server's naming
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _build(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_bytes(INDEX)
    (root / "assets" / "index-Ab12Cd34.js").write_bytes(SCRIPT)
    (root / "assets" / "index-Ef56Gh78.css").write_bytes(STYLE)
    (root / "assets" / "font-Ij90.woff2").write_bytes(b"wOF2" + bytes(300))
    (root / "sw.js").write_bytes(SCRIPT)
    (root / "manifest.webmanifest").write_text('{"name": "网格", "start_url": "/"}',
                                               encoding="utf-8")
    (root / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (root / "logo.png").write_bytes(PNG)
    (root / "version.json").write_text('{"v": 1}')
    (root / ".env").write_text("SECRET=1")
    (root.parent / "secret.txt").write_bytes(SECRET)
    (root / "leak.txt").symlink_to(root.parent / "secret.txt")
    return root


def _start(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def backend():
    server = _start(ThreadingHTTPServer(("127.0.0.1", 0), Echo))
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _gateway(backend: str, root: Path):
    server = _start(serve("127.0.0.1:0", {"dispatch": backend}, max_body=1024,
                          web_root=root))
    return server, ("127.0.0.1", server.server_port)


@pytest.fixture
def site(tmp_path, backend):
    root = _build(tmp_path / "dist")
    server, address = _gateway(backend, root)
    yield address, root
    server.shutdown()


@pytest.fixture
def unbuilt(tmp_path, backend):
    server, address = _gateway(backend, tmp_path / "no-dist")
    yield address
    server.shutdown()


def _get(address, path, headers=None, method="GET"):
    conn = http.client.HTTPConnection(*address, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def _raw(address, target: bytes) -> tuple[int, bytes]:
    """A request line exactly as written (http.client refuses NUL and would not send
    every spelling): the status and everything the gateway answered."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1]), reply


HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_the_index_at_root_with_the_apps_security_headers(site):
    address, _root = site
    status, headers, body = _get(address, "/", HTML)
    assert status == 200 and body == INDEX
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-security-policy"] == CSP
    for directive in ("script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'",
                      "img-src 'self' data: blob:"):
        assert directive in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["permissions-policy"] == "camera=(self), geolocation=(), microphone=()"
    assert headers["cache-control"] == "no-cache" and headers["etag"].startswith('"')
    assert headers["content-length"] == str(len(INDEX))


@pytest.mark.parametrize("path", ["/tasks", "/checkin?code=AB12CD", "/tasks/1f0c/capture",
                                  "/requests/"])
def test_the_apps_own_routes_get_the_index(site, path):
    address, _root = site
    status, headers, body = _get(address, path, HTML)
    assert status == 200 and body == INDEX
    assert headers["cache-control"] == "no-cache"
    assert headers["content-security-policy"] == CSP


@pytest.mark.parametrize("path", ["/assets/index-Old00000.js", "/favicon.ico",
                                  "/assets/somewhere"])
def test_a_missing_file_is_a_404_not_the_index(site, path):
    """An old hashed script answered with HTML would fail as a MIME error, and the
    service worker would keep it."""
    address, _root = site
    status, headers, body = _get(address, path, HTML)
    assert status == 404 and set(json.loads(body)) == {"error", "errors"}
    assert headers["content-type"].startswith("application/json")


def test_a_client_asking_for_json_only_gets_the_404_of_a_path_it_mistyped(site):
    address, _root = site
    status, _headers, body = _get(address, "/dispatchx/orders",
                                  {"Accept": "application/json"})
    assert status == 404 and "no service" in json.loads(body)["error"]


@pytest.mark.parametrize("path,content_type", [
    ("/assets/index-Ab12Cd34.js", "text/javascript; charset=utf-8"),
    ("/assets/index-Ef56Gh78.css", "text/css; charset=utf-8"),
    ("/assets/font-Ij90.woff2", "font/woff2"),
])
def test_hashed_assets_are_cached_for_a_year(site, path, content_type):
    address, root = site
    status, headers, body = _get(address, path)
    assert status == 200 and body == (root / path.lstrip("/")).read_bytes()
    assert headers["content-type"] == content_type
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path,content_type", [
    ("/sw.js", "text/javascript; charset=utf-8"),
    ("/manifest.webmanifest", "application/manifest+json"),
    ("/icon.svg", "image/svg+xml"),
    ("/logo.png", "image/png"),
    ("/version.json", "application/json"),
    ("/index.html", "text/html; charset=utf-8"),
])
def test_other_files_are_revalidated_each_time_with_their_type(site, path, content_type):
    address, root = site
    status, headers, body = _get(address, path)
    assert status == 200 and body == (root / path.lstrip("/")).read_bytes()
    assert headers["content-type"] == content_type
    assert headers["cache-control"] == "no-cache" and headers["etag"]


def test_an_unchanged_file_is_a_304_and_a_changed_one_is_sent_again(site):
    address, root = site
    _status, headers, _body = _get(address, "/sw.js")
    etag = headers["etag"]
    status, again, body = _get(address, "/sw.js", {"If-None-Match": etag})
    assert status == 304 and body == b"" and again["etag"] == etag
    assert again["cache-control"] == "no-cache"
    assert _get(address, "/sw.js", {"If-None-Match": f'"other", W/{etag}'})[0] == 304
    assert _get(address, "/sw.js", {"If-None-Match": '"other"'})[0] == 200
    # a new release: the cache is keyed by mtime, so the new bytes and a new tag go out
    (root / "sw.js").write_bytes(b"// release 2\n")
    os.utime(root / "sw.js", ns=(1, 10**18))
    status, headers, body = _get(address, "/sw.js", {"If-None-Match": etag})
    assert status == 200 and body == b"// release 2\n" and headers["etag"] != etag


def test_the_304_of_the_index_for_an_apps_route(site):
    address, _root = site
    etag = _get(address, "/", HTML)[1]["etag"]
    status, headers, body = _get(address, "/tasks", {**HTML, "If-None-Match": etag})
    assert status == 304 and body == b"" and headers["content-security-policy"] == CSP


def test_gzip_when_the_client_accepts_it(site):
    address, _root = site
    plain = _get(address, "/assets/index-Ab12Cd34.js")
    assert "content-encoding" not in plain[1]
    assert plain[1]["vary"] == "Accept-Encoding" and plain[2] == SCRIPT
    status, headers, body = _get(address, "/assets/index-Ab12Cd34.js",
                                 {"Accept-Encoding": "br, gzip;q=0.8"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body) < len(SCRIPT) / 4
    assert gzip.decompress(body) == SCRIPT
    assert headers["etag"] != plain[1]["etag"]  # another representation, another tag
    assert _get(address, "/assets/index-Ab12Cd34.js",
                {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})[0] == 304
    refused = _get(address, "/assets/index-Ab12Cd34.js", {"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused[1] and refused[2] == SCRIPT
    image = _get(address, "/logo.png", {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in image[1] and image[2] == PNG


def test_the_compressed_bytes_are_made_once(tmp_path):
    root = _build(tmp_path / "dist")
    app = WebApp(root)
    first = app.answer("/assets/index-Ab12Cd34.js", {"Accept-Encoding": "gzip"})
    second = app.answer("/assets/index-Ab12Cd34.js", {"Accept-Encoding": "gzip"})
    assert first.body is second.body


@pytest.mark.parametrize("target", [
    b"/../secret.txt", b"/assets/../../secret.txt", b"/%2e%2e/secret.txt",
    b"/%2E%2E/secret.txt", b"/assets/%2e%2e%2f%2e%2e%2fsecret.txt", b"/.%2e/secret.txt",
    b"/..%5csecret.txt", b"/%00", b"/index.html%00.js", b"/index.html\x00",
    b"/%ff%fe", b"/./index.html",
])
def test_traversal_nul_and_encoded_dots_are_refused(site, target):
    address, _root = site
    status, reply = _raw(address, target)
    assert status == 400, reply
    assert SECRET not in reply and b"Content-Security-Policy" in reply


def test_nothing_outside_the_root_through_a_link_or_a_dot_file(site):
    address, _root = site
    for path in ("/leak.txt", "/.env"):
        status, _headers, body = _get(address, path, HTML)
        assert status == 404 and SECRET not in body and b"SECRET=1" not in body


def test_head_answers_the_headers_of_get(site):
    address, _root = site
    status, headers, body = _get(address, "/", HTML, method="HEAD")
    assert status == 200 and body == b""
    assert headers["content-length"] == str(len(INDEX))
    assert headers["content-security-policy"] == CSP
    status, headers, _ = _get(address, "/assets/index-Ab12Cd34.js",
                              {"Accept-Encoding": "gzip"}, method="HEAD")
    assert headers["content-encoding"] == "gzip"
    assert int(headers["content-length"]) == len(gzip.compress(SCRIPT, 9, mtime=0))
    # the socket is still good for the next request: nothing was sent after the headers
    conn = http.client.HTTPConnection(*address, timeout=10)
    conn.request("HEAD", "/tasks", headers=HTML)
    assert conn.getresponse().read() == b""
    conn.request("GET", "/icon.svg")
    assert conn.getresponse().read().startswith(b"<svg")
    conn.close()


def test_the_services_are_still_under_their_prefixes(site):
    address, _root = site
    status, headers, body = _get(address, "/dispatch/orders?x=1", HTML)
    assert status == 200 and json.loads(body) == {"path": "/orders?x=1"}
    assert "content-security-policy" not in headers  # the service's answer, untouched
    status, _headers, body = _get(address, "/services.json")
    assert status == 200 and json.loads(body)["services"] == {"dispatch": "/dispatch/"}


def test_other_methods_than_get_and_head_are_never_the_apps(site):
    address, _root = site
    conn = http.client.HTTPConnection(*address, timeout=10)
    conn.request("POST", "/", body=b"{}")
    resp = conn.getresponse()
    assert resp.status == 404 and set(json.loads(resp.read())) == {"error", "errors"}
    conn.close()


def test_without_a_build_the_app_is_a_503_that_says_how_to_build_it(unbuilt):
    for path in ("/", "/tasks"):
        status, headers, body = _get(unbuilt, path, HTML)
        assert status == 503
        assert "not built" in json.loads(body)["error"]
        assert "make run" in json.loads(body)["error"]
    assert _get(unbuilt, "/services.json")[0] == 200
    status, _headers, body = _get(unbuilt, "/dispatch/units")
    assert status == 200 and json.loads(body) == {"path": "/units"}


def test_the_web_root_comes_from_gateway_web_root():
    assert default_root({"GATEWAY_WEB_ROOT": "/srv/web"}) == Path("/srv/web")
    assert default_root({}) == REPO / "web" / "dist"


@pytest.mark.parametrize("value,expected", [
    ("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True),
    ("*", True), ("x-gzip", True), ("GZIP", True), ("gzip;q=0", False),
    ("*;q=0", False), ("br", False), ("", False), (None, False),
    ("*, gzip;q=0", False), ("identity", False),
])
def test_accept_encoding(value, expected):
    assert accepts_gzip(value) is expected
