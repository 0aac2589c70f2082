"""nameko's `@http` with JSON everywhere: unknown routes, wrong methods and crashes
answer in the same `{"error", "errors"}` shape as the use cases, not Werkzeug's HTML."""

from __future__ import annotations

import io
import logging

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Request

from services.common.limits import max_body_bytes, too_large_message
from services.common.web import error_response

log = logging.getLogger(__name__)


class BodyTooLarge(ValueError):
    pass


class LimitedInput:
    """wsgi.input read no further than `limit` bytes: one more byte read raises
    BodyTooLarge, so a body sent without a length (chunked) is never held past it."""

    def __init__(self, stream, limit: int) -> None:
        self._stream, self._limit, self._read = stream, limit, 0

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > self._limit:
            raise BodyTooLarge(f"request body is longer than the {self._limit} allowed")
        return data

    def read(self, size: int | None = -1) -> bytes:
        room = self._limit + 1 - self._read  # one byte past the limit tells it is passed
        return self._count(self._stream.read(room if size is None or size < 0
                                             else min(size, room)))

    def readline(self, size: int | None = -1) -> bytes:
        room = self._limit + 1 - self._read
        return self._count(self._stream.readline(room if size is None or size < 0
                                                 else min(size, room)))


def _closing(status: int, message: str):
    # the rest of the body stays unread: closing the connection spares reading it to
    # reuse the socket
    response = error_response(status, message, {"_body": [message]})
    response.headers["Connection"] = "close"
    return response


def _chunked_body(environ, limit: int):
    """A chunked body (eventlet ends its stream at the last chunk) read through
    LimitedInput, then given to werkzeug with its length: werkzeug reads no body that has
    none (it answered as if the body were empty). A response instead when it is too large
    or malformed."""
    stream = LimitedInput(environ["wsgi.input"], limit)
    parts = []
    try:
        while chunk := stream.read(64 * 1024):
            parts.append(chunk)
    except BodyTooLarge as exc:
        return _closing(413, str(exc))
    except (ValueError, OSError):  # a chunk size that is no number, or the end missing
        return _closing(400, "malformed chunked request body")
    body = b"".join(parts)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    return None


class JsonWsgiApp(WsgiApp):
    def __call__(self, environ, start_response):
        length, limit = environ.get("CONTENT_LENGTH") or "", max_body_bytes()
        if length.isdigit() and int(length) > limit:
            # refused unread
            return _closing(413, too_large_message(int(length), limit))(environ,
                                                                         start_response)
        if environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
            refused = _chunked_body(environ, limit)
            if refused is not None:
                return refused(environ, start_response)
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
        except HTTPException as exc:
            response = error_response(exc.code or 400,
                                      f"{exc.name}: {request.method} {request.path}")
            if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
                response.headers["Allow"] = ", ".join(exc.valid_methods)
            return response(environ, start_response)
        request.path_values = values
        return provider.handle_request(request)(environ, start_response)


class JsonWebServer(WebServer):
    def get_wsgi_app(self):
        return JsonWsgiApp(self)


class JsonHttpHandler(HttpRequestHandler):
    server = JsonWebServer()

    def response_from_exception(self, exc):
        # details stay in the log: an exception text may carry personal data
        log.error("unhandled error in %s: %s", self.method_name, type(exc).__name__)
        return error_response(500, "internal error")


http = JsonHttpHandler.decorator
