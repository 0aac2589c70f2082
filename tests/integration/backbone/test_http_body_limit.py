"""A request body past HTTP_MAX_BODY_BYTES is answered 413 by a service whether it came
with a Content-Length or chunked (services/common/http.py): a chunked body has no length
to check first, so the stream the handler reads stops at the limit."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit


def post_chunked(base_url: str, path: str, chunks: list[bytes]) -> tuple[int, dict]:
    where = urlsplit(base_url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        conn.request("POST", path, body=iter(chunks), encode_chunked=True,
                     headers={"Content-Type": "application/json",
                              "Transfer-Encoding": "chunked"})
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        conn.close()


def test_a_chunked_body_past_the_limit_is_413(registry, monkeypatch):
    monkeypatch.setenv("HTTP_MAX_BODY_BYTES", "1000")
    status, body = post_chunked(registry.base_url, "/areas",
                                [b'{"code": "', *[b"4" * 500] * 10, b'"}'])
    assert status == 413, body
    assert "1000" in body["error"] and "_body" in body["errors"]


def test_a_chunked_body_within_the_limit_is_read(registry):
    area = {"code": "4401", "level": "city", "name": "广州市"}
    text = json.dumps(area, ensure_ascii=False).encode()
    status, body = post_chunked(registry.base_url, "/areas", [text[:10], text[10:]])
    assert status == 201, body
