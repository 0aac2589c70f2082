"""`python -m tests.support.jwks_server PORT`: serves `/<key name>/jwks.json`, the public
key tests/support/tokens.py derives from that name, as accounts serves its own. Its own
process, so the services under test fetch keys over real HTTP whatever the test process's
event loop is doing."""

from __future__ import annotations

import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.tokens import jwks


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        parts = self.path.strip("/").split("/")
        if len(parts) != 2 or parts[1] != "jwks.json":
            self.send_error(404)
            return
        body = json.dumps(jwks(urllib.parse.unquote(parts[0]))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
