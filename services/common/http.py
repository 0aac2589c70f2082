"""nameko's `@http` with JSON everywhere: unknown routes, wrong methods and crashes
answer in the same `{"error", "errors"}` shape as the use cases, not Werkzeug's HTML."""

from __future__ import annotations

import logging

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Request

from .limits import max_body_bytes, too_large_message
from .web import error_response

log = logging.getLogger(__name__)


class JsonWsgiApp(WsgiApp):
    def __call__(self, environ, start_response):
        length, limit = environ.get("CONTENT_LENGTH") or "", max_body_bytes()
        if length.isdigit() and int(length) > limit:
            # refused unread; closing the connection spares reading it to reuse the socket
            message = too_large_message(int(length), limit)
            response = error_response(413, message, {"_body": [message]})
            response.headers["Connection"] = "close"
            return response(environ, start_response)
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
