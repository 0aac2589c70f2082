"""Token verification in the accounts section of `python -m bench`: what checking an access
token costs a service, alone and as a share of an authenticated request.

The token is one accounts signs (its claims from services/accounts/domain/tokens.py,
signed by adapters/minting.py with a fresh Ed25519 key); the bench publishes the public
key as a JWKS on localhost, as accounts does at /.well-known/jwks.json, so both the
in-process verifier and the service under test fetch it over HTTP once and then verify
from their cache.

- Verification: `TokenVerifier.verify` (services/common/token_keys.py) with a cached
  KeySet, CPU time on one core. Baseline in the same run: what the old `wg1` HMAC tokens cost,
  HMAC-SHA256 of the same signed bytes, a constant-time compare, the claims decoded
  (json.loads) and their expiry checked.
- Share of a request: dispatch (`python -m services.dispatch`, a subprocess) answering
  `GET /communities/<code>` and `GET /communities` twice over, one process with AUTH
  required and the JWKS above, one with AUTH off; requests alternate between the two on
  keep-alive connections, so drift hits both alike. Verification is timed as CPU of one
  thread, requests as wall time seen by the client.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import secrets
import threading
import time
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.accounts.adapters.minting import mint
from services.accounts.domain.grants import Grant
from services.accounts.domain.tokens import access_claims
from services.common.config import DEFAULT_PG
from services.common.token_keys import DEFAULT_ISSUER, KeySet, TokenVerifier

from . import database
from .broker import private_vhost
from .dispatch_env import COMMUNITY, dispatch_service, seed
from .timing import per_call, percentile

VHOST = os.environ.get("BENCH_AUTH_VHOST", "wangge_bench_auth")
REQUESTS = int(os.environ.get("BENCH_AUTH_REQUESTS", "500"))  # per service
WARM_UP = 50
# two reads: one whose route looks the community's area path up before the use case runs
# (a transaction of its own when AUTH is on), one narrowed inside its own query
PATHS = ((f"/communities/{COMMUNITY}", "one community, its scope looked up first"),
         ("/communities", "the list, narrowed in its query"))


def database_url() -> str:
    return os.environ.get("BENCH_AUTH_DATABASE_URL", f"{DEFAULT_PG}/wangge_bench_auth")


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        return cls("bench-" + secrets.token_hex(6), Ed25519PrivateKey.generate())

    def jwks(self) -> dict:
        entry = jwt.algorithms.OKPAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {"keys": [{**entry, "kid": self.kid, "use": "sig", "alg": "EdDSA"}]}

    def access_token(self, grants: list[Grant]) -> str:
        """A token as accounts mints one at sign-in (a person, 10 minutes)."""
        claims = access_claims(person_id=str(uuid.uuid4()), kind="person",
                               session_id=uuid.uuid4().hex, grants=grants,
                               issuer=DEFAULT_ISSUER, now=int(time.time()), ttl_s=600)
        return mint(claims, self.kid, self.private)


@contextmanager
def jwks_server(document: dict):
    """→ the URL of `document`, served on localhost from a thread of the bench."""
    body = json.dumps(document).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def wg1_check(token: str, key: bytes, mac: bytes) -> dict:
    """The old wg1 verification on the same bytes: HMAC-SHA256, compare, decode, expiry."""
    signed = token.rsplit(".", 1)[0]
    if not hmac.compare_digest(hmac.new(key, signed.encode(), hashlib.sha256).digest(), mac):
        raise ValueError("signature")
    claims = json.loads(_unb64(signed.split(".", 1)[1]))
    if claims["exp"] < time.time():
        raise ValueError("expired")
    return claims


@dataclass(frozen=True)
class Verification:
    seconds: float  # per verification, TokenVerifier
    signature: float  # of which the Ed25519 signature check alone
    baseline: float  # per verification, wg1 HMAC
    token_bytes: int


def verification(key: SigningKey, jwks_url: str, token: str, seconds: float) -> Verification:
    verifier = TokenVerifier(KeySet(jwks_url), issuer=DEFAULT_ISSUER)
    verifier.verify(token)  # fetches the JWKS: every later call verifies from the cache
    hmac_key = secrets.token_bytes(32)
    mac = hmac.new(hmac_key, token.rsplit(".", 1)[0].encode(), hashlib.sha256).digest()
    wg1_check(token, hmac_key, mac)
    signed, _, signature = token.rpartition(".")
    public, raw_signature = key.private.public_key(), _unb64(signature)
    return Verification(
        per_call(lambda: verifier.verify(token), seconds),
        per_call(lambda: public.verify(raw_signature, signed.encode()), seconds / 2),
        per_call(lambda: wg1_check(token, hmac_key, mac), seconds / 2), len(token))


def _get(conn: http.client.HTTPConnection, path: str, headers: dict) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    took = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
    return took


def request_times(bases: dict[str, str], path: str, headers: dict[str, dict],
                  requests: int) -> dict[str, list[float]]:
    """Seconds per request of each service, alternating (after a warm-up each)."""
    conns = {name: http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
             for name, base in bases.items()}
    try:
        for name, conn in conns.items():
            for _ in range(WARM_UP):
                _get(conn, path, headers[name])
        times: dict[str, list[float]] = {name: [] for name in conns}
        for _ in range(requests):
            for name, conn in conns.items():
                times[name].append(_get(conn, path, headers[name]))
        return times
    finally:
        for conn in conns.values():
            conn.close()


def report_verification(v: Verification) -> None:
    print(f"  token verification, one core ({v.token_bytes} bytes, Ed25519, cached JWKS)")
    print(f"         TokenVerifier  {v.seconds * 1e6:9.1f} µs  {1 / v.seconds:>11,.0f} "
          "verifications/s")
    print(f"         of which       {v.signature * 1e6:9.1f} µs  the Ed25519 signature check "
          "alone (the rest: PyJWT's parsing and claim checks, the Principal)")
    print(f"         baseline       {v.baseline * 1e6:9.1f} µs  {1 / v.baseline:>11,.0f} "
          "checks/s  (the old wg1: HMAC-SHA256 of the same bytes + json.loads)")
    print(f"         ratio          {v.seconds / v.baseline:9.1f}x the HMAC check's cost")


def report_requests(v: Verification, path: str, what: str,
                    times: dict[str, list[float]]) -> None:
    on, off = times["required"], times["off"]
    on50, off50 = percentile(on, 50), percentile(off, 50)
    print(f"  GET {path} to dispatch ({what}), {len(on)} requests each, alternating")
    for label, samples in (("AUTH required", on), ("AUTH off", off)):
        print(f"         {label:<14} p50 {percentile(samples, 50) * 1e6:7.0f} µs  "
              f"p99 {percentile(samples, 99) * 1e6:7.0f} µs")
    print(f"         AUTH adds      {(on50 - off50) * 1e6:7.0f} µs at p50 (verification and "
          "what the route checks or filters by the caller's grants)")
    share = v.seconds / on50
    verdict = "small" if share < 0.1 else "NOT small"
    print(f"         verification   {share * 100:7.1f} % of the authenticated request's "
          f"p50 ({v.seconds * 1e6:.0f} of {on50 * 1e6:.0f} µs): {verdict} (goal < 10 %)")


def run(seconds: float, log_dir: Path) -> Verification:
    key = SigningKey.generate()
    token = key.access_token([Grant("community_admin", area=COMMUNITY)])
    url = database_url()
    with ExitStack() as stack:
        jwks_url = stack.enter_context(jwks_server(key.jwks()))
        result = verification(key, jwks_url, token, seconds)
        report_verification(result)
        database.fresh(url, "dispatch")
        seed(url, grids=3, volunteers=10)
        amqp_uri = stack.enter_context(private_vhost(VHOST, "accounts"))
        bases = {
            "required": stack.enter_context(dispatch_service(
                amqp_uri, url, log_dir / "auth-dispatch-required.log",
                auth={"WANGGE_AUTH": "required", "AUTH_JWKS_URL": jwks_url})),
            "off": stack.enter_context(dispatch_service(
                amqp_uri, url, log_dir / "auth-dispatch-off.log")),
        }
        headers = {"required": {"Authorization": f"Bearer {token}"}, "off": {}}
        for path, what in PATHS:
            report_requests(result, path, what,
                            request_times(bases, path, headers, REQUESTS))
    return result
