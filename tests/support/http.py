"""One HTTP client for the integration tests: a running service's API through urllib, as any
client calls it (JSON bodies, an optional bearer token from tests/support/tokens.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class Client:
    """`call` answers (status, body): the body parsed when the answer is JSON, its bytes
    otherwise (CSV and XLSX reports). Every answer's text is kept in `bodies`, so a test can
    search them all for leaked personal data, and the last answer's headers in
    `last_headers`."""

    def __init__(self, base_url: str, bearer: str | None = None, *,
                 timeout: float = 30) -> None:
        self.base_url, self.bearer, self.timeout = base_url, bearer, timeout
        self.bodies: list[str] = []
        self.last_headers = None

    def call(self, method: str, path: str, body=None, *, raw: bytes | str | None = None,
             content_type: str = "application/json", headers: dict | None = None):
        sent = {"Content-Type": content_type, **(headers or {})}
        if self.bearer:
            sent["Authorization"] = f"Bearer {self.bearer}"
        if isinstance(raw, str):
            raw = raw.encode()
        data = raw if raw is not None else (
            None if body is None else json.dumps(body, default=str).encode())
        request = urllib.request.Request(self.base_url + path, data=data, method=method,
                                         headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                status, content, self.last_headers = resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as err:
            status, content, self.last_headers = err.code, err.read(), err.headers
        self.bodies.append(content.decode(errors="replace"))
        return status, _decoded(content, self.last_headers.get("Content-Type", ""))

    def ok(self, method: str, path: str, body=None, status: int = 200):
        """The body of an answer that must have `status`; anything else fails the test."""
        got, payload = self.call(method, path, body)
        assert got == status, (method, path, got, payload)
        return payload

    def status(self, method: str, path: str, body=None) -> int:
        return self.call(method, path, body)[0]

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, body=None):
        return self.call("POST", path, body)

    def patch(self, path: str, body=None):
        return self.call("PATCH", path, body)


def _decoded(content: bytes, content_type: str):
    if not content.strip():
        return {}
    if "json" in content_type or content.lstrip()[:1] in (b"{", b"["):
        return json.loads(content)
    return content
