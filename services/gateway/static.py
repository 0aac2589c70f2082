"""The built web app (web/dist, GATEWAY_WEB_ROOT) served by the gateway at `/`.

An exact file under the root when there is one; index.html for any other path a browser
navigates to (the app's own routes: /tasks, /checkin?code=…, history-mode routing); a 404
for a missing file (a name with an extension, or anything under /assets/): an old hashed
script answered with HTML would fail as a MIME error instead of a clear 404, and the
service worker would cache it.

Every answer carries the Content-Security-Policy the app is built for (no inline script or
style element, no eval, nothing from another origin), nosniff and no referrer. Vite's hashed
names under /assets/ never change content, so they are cached for a year; everything else
(index.html, sw.js, the manifest) is revalidated on every use with its ETag, so a new
release reaches a phone on its next load.

Files are read, hashed and gzipped once and kept in memory by (path, mtime, size): the
build is a few hundred kB, and a phone on a slow link should not wait for compression.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

REPO = Path(__file__).resolve().parents[2]
NOT_BUILT = "the web app is not built: run make run / make web"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "worker-src 'self'; manifest-src 'self'; media-src 'self' blob:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
APP_HEADERS = (("Content-Security-Policy", CSP),
               ("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "no-referrer"),
               # the QR scanner needs the camera; nothing needs a location or a microphone
               ("Permissions-Policy", "camera=(self), geolocation=(), microphone=()"))
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".map": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
}
# images and fonts are compressed already: gzip would only cost time
COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".svg", ".webmanifest", ".json",
                          ".map", ".txt", ".ico", ".wasm"})
MIN_GZIP_BYTES = 256


def default_root(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("GATEWAY_WEB_ROOT") or REPO / "web" / "dist")


class Refused(ValueError):
    """A path that could name something outside the root: never looked up."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes  # what GET sends; HEAD sends the same headers and no body


@dataclass(frozen=True)
class _File:
    raw: bytes
    gz: bytes | None
    etag: str  # of raw; the gzipped bytes are another representation, another tag
    content_type: str


def relative_parts(target: str) -> list[str]:
    """'/assets/a.js?v=1' → ['assets', 'a.js']. Refused: a '.' or '..' segment (spelt
    out or percent-encoded), NUL, a backslash, bytes that are not UTF-8."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the path is not UTF-8") from None
    if "\x00" in decoded or "\\" in decoded:
        raise Refused("the path holds a NUL or a backslash")
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise Refused("the path holds a '.' or '..' segment")
    return parts


def accepts_gzip(accept_encoding: str | None) -> bool:
    """RFC 9110 §12.5.3: gzip (or x-gzip, or *) with a q above 0."""
    weights: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        name, *params = (p.strip() for p in item.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name:
            weights[name.lower()] = q
    q = weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0)))
    return q > 0


def _matches(if_none_match: str | None, etag: str) -> bool:
    # weak comparison (RFC 9110 §13.1.2): a proxy may have weakened our tag on the way
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return etag in tags


def _wants_html(accept: str | None) -> bool:
    """A browser's navigation (text/html, or */*, or no Accept at all): a client that
    asks for JSON only (the CLI) gets the gateway's JSON 404 for a path it mistyped."""
    if not accept:
        return True
    accept = accept.lower()
    return "text/html" in accept or "*/*" in accept or "application/json" not in accept


class WebApp:
    def __init__(self, root: Path | str, services: tuple[str, ...] = ()):
        self.root = Path(root).resolve()
        self.services = services  # named in a 404, as the gateway's own 404 does
        self._files: dict[Path, tuple[tuple[int, int], _File]] = {}
        self._lock = threading.Lock()

    # -- what the gateway asks --------------------------------------------------------------
    def answer(self, target: str, headers) -> Answer:
        """The answer to a GET or HEAD of `target` (path and query); `headers` are the
        request's (Accept, Accept-Encoding, If-None-Match)."""
        try:
            parts = relative_parts(target)
        except Refused as exc:
            return _error(400, f"Bad Request: {exc}")
        index = self.root / "index.html"
        path = self._existing(parts)
        if path is None:
            if not index.is_file():
                return _error(503, f"Service Unavailable: {NOT_BUILT} (no index.html "
                                   f"in the gateway's web root, GATEWAY_WEB_ROOT)")
            if parts and (parts[0] == "assets" or "." in parts[-1]
                          or not _wants_html(headers.get("Accept"))):
                return _error(404, f"Not Found: no file /{'/'.join(parts)} in the web app "
                                   f"and no service at /{parts[0]}; known: "
                                   f"{', '.join(sorted(self.services))}")
            path = index
        # Vite's hashed names: new content gets a new name, so an old one is never stale
        immutable = parts[:1] == ["assets"] and path != index
        return self._file_answer(path, immutable, headers)

    def _existing(self, parts: list[str]) -> Path | None:
        if not parts or any(p.startswith(".") for p in parts):
            return None  # '/' is the index; dot files are never published
        candidate = self.root.joinpath(*parts)
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        # a symbolic link out of the root is not the root's file
        if not resolved.is_relative_to(self.root) or not resolved.is_file():
            return None
        return resolved

    def _file_answer(self, path: Path, immutable: bool, headers) -> Answer:
        try:
            entry = self._load(path)
        except OSError:
            return _error(503, f"Service Unavailable: {NOT_BUILT} (a file of the web "
                               f"root cannot be read)")
        common = [("Content-Type", entry.content_type),
                  ("Cache-Control", IMMUTABLE if immutable else REVALIDATE)]
        if entry.gz is not None:
            common.append(("Vary", "Accept-Encoding"))
        body, etag = entry.raw, entry.etag
        if entry.gz is not None and accepts_gzip(headers.get("Accept-Encoding")):
            body, etag = entry.gz, entry.etag[:-1] + '-gzip"'
            common.append(("Content-Encoding", "gzip"))
        common.append(("ETag", etag))
        if _matches(headers.get("If-None-Match"), etag):
            return Answer(304, (*common, *APP_HEADERS), b"")
        return Answer(200, (*common, *APP_HEADERS), body)

    def _load(self, path: Path) -> _File:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._files.get(path)
        if cached and cached[0] == key:
            return cached[1]
        raw = path.read_bytes()
        suffix = path.suffix.lower()
        gz = None
        if suffix in COMPRESSIBLE and len(raw) >= MIN_GZIP_BYTES:
            # mtime=0: the same bytes give the same gzip, whichever gateway made them
            packed = gzip.compress(raw, compresslevel=9, mtime=0)
            gz = packed if len(packed) < len(raw) else None
        entry = _File(raw, gz, f'"{hashlib.sha256(raw).hexdigest()[:32]}"',
                      TYPES.get(suffix, "application/octet-stream"))
        with self._lock:
            self._files[path] = (key, entry)
        return entry


def _error(status: int, message: str) -> Answer:
    raw = json.dumps({"error": message, "errors": {}}, ensure_ascii=False).encode()
    return Answer(status, (("Content-Type", "application/json; charset=utf-8"),
                           ("Cache-Control", "no-store"), *APP_HEADERS), raw)
