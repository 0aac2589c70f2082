"""One token helper for the tests: access tokens as accounts signs them (Ed25519 JWTs,
docs/access-control.md), each signed by a key the test names. A key's name stands for a
deployment: its private key is derived from the name, and the JWKS served at
`auth_settings(name)["AUTH_JWKS_URL"]` by a small server in its own process
(tests/support/jwks_server.py) publishes its public key, as accounts would. A service
under test started with those settings trusts that name's tokens and no other's; unit
tests hand `static_keys(name)` to a Gate."""

from __future__ import annotations

import atexit
import hashlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.common.auth import Grant
from services.common.token_keys import AUDIENCE, DEFAULT_ISSUER, StaticKeys


def private_key(name: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(name.encode()).digest())


def kid(name: str) -> str:
    return "test-" + hashlib.sha256(b"kid:" + name.encode()).hexdigest()[:16]


def jwks(*names: str) -> dict:
    keys = []
    for name in names:
        entry = jwt.algorithms.OKPAlgorithm.to_jwk(private_key(name).public_key(),
                                                   as_dict=True)
        keys.append({**entry, "kid": kid(name), "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}


def static_keys(*names: str) -> StaticKeys:
    return StaticKeys({kid(name): private_key(name).public_key() for name in names})


def token(role: str | None, key: str, *, subject: str | None = None,
          area: str | None = None, unit: str | None = None, volunteer: str | None = None,
          grants: list[Grant] | None = None, ttl_s: int = 3600, now: float | None = None,
          kid_of: str | None = None, issuer: str = DEFAULT_ISSUER, kind: str = "person",
          jti: str | None = None) -> str:
    """A token for `role` within `area=`/`unit=` (a volunteer's also names `volunteer=`),
    or holding `grants`; its subject, which audit rows record, is "<role>-user" unless
    named. kid_of: sign with `key` but name another key's id (a forged token)."""
    held = list(grants or [])
    if role is not None:
        held.append(Grant(role, area=area, unit=unit, volunteer=volunteer))
    issued = int(now if now is not None else time.time())
    claims = {"iss": issuer, "aud": AUDIENCE, "sub": subject or f"{role or 'multi'}-user",
              "kind": kind, "sid": secrets.token_hex(8), "jti": jti or secrets.token_hex(8),
              "iat": issued, "exp": issued + ttl_s,
              "grants": [grant.as_claim() for grant in held]}
    return jwt.encode(claims, private_key(key), algorithm="EdDSA",
                      headers={"kid": kid(kid_of or key)})


def refused_bearers(key: str, area: str = "4401") -> list[tuple[str | None, str]]:
    """(bearer, what the 401 names) for every token a service trusting `key` refuses:
    none, garbage, a forged signature, an expired one, one of another deployment's key
    under this key's id, one of a key this deployment does not publish, an HMAC token."""
    return [
        (None, "missing Authorization"),
        ("garbage", "malformed token"),
        (token("city_admin", key, area=area)[:-3] + "AAA", "signature"),
        (token("city_admin", key, subject="x", area=area, ttl_s=60, now=1000),
         "token expired"),
        (token("city_admin", "another deployment's key", area=area, kid_of=key),
         "signature"),
        (token("city_admin", "another deployment's key", area=area), "does not publish"),
        (jwt.encode({"sub": "x", "grants": []}, "a shared secret of thirty-two bytes+",
                    algorithm="HS256", headers={"kid": kid(key)}), "only EdDSA"),
    ]


_SERVER: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jwks_base_url() -> str:
    """The JWKS server of this test process, started on first use."""
    if "url" not in _SERVER:
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.jwks_server", str(port)],
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        atexit.register(process.terminate)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the tests' JWKS server did not start") from None
                time.sleep(0.05)
        _SERVER["url"] = f"http://127.0.0.1:{port}"
    return _SERVER["url"]


def jwks_url(key: str) -> str:
    return f"{jwks_base_url()}/{urllib.parse.quote(key, safe='')}/jwks.json"


def auth_settings(key: str) -> dict:
    """Service config requiring tokens and trusting only `key`'s."""
    return {"AUTH": "required", "AUTH_JWKS_URL": jwks_url(key)}


def token_id(issued: str) -> str:
    """The `jti` a token carries (what AUTH_REVOKED and the audit rows name)."""
    return jwt.decode(issued, options={"verify_signature": False})["jti"]
