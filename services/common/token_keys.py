"""Verifying access tokens with the keys accounts publishes (its JWKS), fetched over HTTP
and cached, so a request costs a signature check and no call to another service.

Rotation: accounts signs with its newest key and keeps publishing the previous ones until
the tokens they signed have expired. A token naming a `kid` the cache does not hold makes
the cache fetch again at once, however recently the set was fetched for its age; such
fetches happen at most once per `miss_cooldown_s` (a flood of forged kids costs accounts
one fetch per service every few seconds, and a new key is seen within that). Otherwise
the set is fetched again after `ttl_s`, and a failed fetch is retried after `cooldown_s`.
When accounts cannot be reached, the keys fetched last keep verifying; with none at all
the request is answered 503 (KeysUnavailable), not 401: the caller's token may be fine.

Settings (nameko config first, then env): AUTH_JWKS_URL (default: accounts behind the
local gateway), AUTH_ISSUER (the `iss` accounts signs with), AUTH_REVOKED (token or
session ids refused before they expire, comma- or newline-separated; also *_FILE).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

import jwt

from services.common import config
from services.common.auth import AuthError, Principal, principal_from_claims

log = logging.getLogger(__name__)

DEFAULT_JWKS_URL = "http://127.0.0.1:8000/accounts/.well-known/jwks.json"
DEFAULT_ISSUER = "wangge-accounts"
AUDIENCE = "wangge"
ALGORITHMS = ("EdDSA", "ES256")
MAX_TOKEN_BYTES = 16 * 1024
MAX_JWKS_BYTES = 256 * 1024


class KeysUnavailable(Exception):
    """503: no key set could be fetched yet; the token was not judged."""


def jwks_url(cfg: Mapping[str, Any] | None = None) -> str:
    return str((cfg or {}).get("AUTH_JWKS_URL") or config._env("AUTH_JWKS_URL",
                                                              DEFAULT_JWKS_URL))


def issuer(cfg: Mapping[str, Any] | None = None) -> str:
    return str((cfg or {}).get("AUTH_ISSUER") or config._env("AUTH_ISSUER", DEFAULT_ISSUER))


def revoked_ids() -> frozenset[str]:
    return frozenset(filter(None, (item.strip() for item in
                                   config._env("AUTH_REVOKED", "").replace("\n", ",")
                                   .split(","))))


def keys_from_jwks(document: Any) -> dict[str, Any]:
    """kid → public key of a JWKS document (keys of other uses or types are skipped)."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("a JWKS is an object with a list of keys")
    found = {}
    for entry in document["keys"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        if entry.get("use", "sig") != "sig" or entry.get("d") is not None:
            continue  # never accept a published private key as a verification key
        try:
            found[entry["kid"]] = jwt.PyJWK(entry).key
        except (jwt.PyJWTError, jwt.PyJWKError, ValueError, TypeError):
            log.warning("JWKS: key %r skipped (unsupported or malformed)", entry["kid"])
    return found


def fetch_jwks(url: str, timeout_s: float = 3.0) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310
        body = response.read(MAX_JWKS_BYTES + 1)
    if len(body) > MAX_JWKS_BYTES:
        raise ValueError(f"JWKS at {url} is larger than {MAX_JWKS_BYTES} bytes")
    return keys_from_jwks(json.loads(body))


class KeySet:
    """The public keys at a JWKS URL, cached; `key_for(kid)` is what verification asks."""

    def __init__(self, url: str, *, ttl_s: float = 300.0, cooldown_s: float = 30.0,
                 miss_cooldown_s: float = 5.0,
                 fetch: Callable[[str], dict[str, Any]] = fetch_jwks,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url, self.ttl_s, self.cooldown_s = url, ttl_s, cooldown_s
        self.miss_cooldown_s = miss_cooldown_s
        self._fetch, self._clock = fetch, clock
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._tried_at: float | None = None  # the last fetch of any kind, for backing off
        self._missed_at: float | None = None  # the last fetch for a kid not held
        self._lock = threading.Lock()
        self.fetches = 0

    def _refresh(self, *, for_kid: bool) -> bool:
        """Fetch unless one of this kind happened too recently; True when it fetched."""
        with self._lock:
            now = self._clock()
            last, wait = ((self._missed_at, self.miss_cooldown_s) if for_kid
                          else (self._tried_at, self.cooldown_s))
            if last is not None and now - last < wait:
                return False
            self._tried_at = now
            if for_kid:
                self._missed_at = now
            self.fetches += 1
            try:
                keys = self._fetch(self.url)
            except Exception as exc:  # noqa: BLE001 - any failure keeps the last good set
                log.warning("JWKS %s could not be fetched (%s): %s", self.url,
                            type(exc).__name__, exc)
                return True
            self._keys, self._fetched_at = keys, now
            return True

    def key_for(self, kid: str) -> Any:
        stale = self._fetched_at is None or self._clock() - self._fetched_at > self.ttl_s
        fetched = self._refresh(for_kid=False) if stale else False
        if kid not in self._keys and not fetched:
            self._refresh(for_kid=True)
        if not self._keys and self._fetched_at is None:
            raise KeysUnavailable(f"the token keys at {self.url} could not be fetched yet")
        key = self._keys.get(kid)
        if key is None:
            raise AuthError("token signed by a key this deployment does not publish")
        return key


class StaticKeys:
    """Keys held in memory: accounts verifying its own tokens, and tests."""

    def __init__(self, keys: Mapping[str, Any]) -> None:
        self._keys = dict(keys)

    def key_for(self, kid: str) -> Any:
        key = self._keys.get(kid)
        if key is None:
            raise AuthError("token signed by a key this deployment does not publish")
        return key


def decode_jwt(token: str, keys, *, algorithms: tuple[str, ...], audience: str, issuer: str,
               leeway_s: int, require: tuple[str, ...]) -> dict:
    """A signed JWT's claims, checked: its size, its header (`alg` among `algorithms`, so
    never `none` nor an HMAC keyed with a public key; a `kid`), the signature with
    `keys.key_for(kid)`, issuer, audience, expiry and the `require`d claims; else AuthError
    saying which. Accounts' own tokens (TokenVerifier) and an external issuer's
    (accounts/adapters/external_tokens.py) differ only in these arguments."""
    if len(token) > MAX_TOKEN_BYTES:
        raise AuthError("malformed token (too long)")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise AuthError("malformed token") from None
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in algorithms:
        raise AuthError(f"token signed with {alg!r}; only {', '.join(algorithms)} are "
                        "accepted")
    if not isinstance(kid, str) or not kid:
        raise AuthError("malformed token (no key id)")
    key = keys.key_for(kid)
    try:
        return jwt.decode(token, key, algorithms=[alg], audience=audience, issuer=issuer,
                          leeway=leeway_s, options={"require": list(require)})
    except jwt.ExpiredSignatureError:
        raise AuthError("token expired") from None
    except jwt.InvalidSignatureError:
        raise AuthError("token signature does not verify") from None
    except jwt.InvalidIssuerError:
        raise AuthError("token from another issuer") from None
    except jwt.InvalidAudienceError:
        raise AuthError("token meant for another audience") from None
    except jwt.PyJWTError as exc:
        raise AuthError(f"malformed token ({exc})") from None


class TokenVerifier:
    """Access token → Principal, or AuthError saying why not."""

    def __init__(self, keys, *, issuer: str = DEFAULT_ISSUER, audience: str = AUDIENCE,
                 leeway_s: int = 30, revoked: Callable[[], frozenset[str]] = revoked_ids):
        self.keys, self.issuer, self.audience = keys, issuer, audience
        self.leeway_s, self.revoked = leeway_s, revoked

    def claims(self, token: str) -> dict:
        return decode_jwt(token, self.keys, algorithms=ALGORITHMS, audience=self.audience,
                          issuer=self.issuer, leeway_s=self.leeway_s,
                          require=("exp", "iat", "sub", "jti"))

    def verify(self, token: str) -> Principal:
        claims = self.claims(token)
        revoked = self.revoked()
        if claims.get("jti") in revoked or (claims.get("sid") and claims["sid"] in revoked):
            raise AuthError("token revoked")
        return principal_from_claims(claims)


_SHARED: dict[tuple[str, str], TokenVerifier] = {}
_SHARED_LOCK = threading.Lock()


def verifier_for(cfg: Mapping[str, Any] | None = None) -> TokenVerifier:
    """One verifier (one key cache) per JWKS URL and issuer in this process."""
    key = (jwks_url(cfg), issuer(cfg))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = TokenVerifier(KeySet(key[0]), issuer=key[1])
        return _SHARED[key]
