"""Verifying an external OpenID Connect issuer's tokens (a province's unified identity
platform) with the keys its JWKS publishes, fetched and cached like accounts' own
(services/common/token_keys.py::KeySet: a token naming an unknown key id fetches again,
at most every 30 s). Checked: the signature (RS256, ES256 or EdDSA only: never `none`,
never an HMAC keyed with a public key), the issuer, the audience, the expiry (and `nbf`
and `iat` when present, 60 s of leeway for clocks).

Settings (nameko config first, then the environment); the exchange is off unless the
first three are set:

| setting | |
| --- | --- |
| ACCOUNTS_OIDC_ISSUER | the `iss` its tokens carry |
| ACCOUNTS_OIDC_JWKS_URL | where its public keys are published |
| ACCOUNTS_OIDC_AUDIENCE | the `aud` its tokens carry for Wangge (its client id) |
| ACCOUNTS_OIDC_CLAIM | the claim naming the person (default `phone_number`) |
| ACCOUNTS_OIDC_MATCH | `login` (default: the claim is the mobile number) or `external_id` |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from services.accounts.domain.external_identity import LOGIN, ClaimMatch
from services.common import config
from services.common.auth import AuthError
from services.common.token_keys import MAX_TOKEN_BYTES, KeySet

ALGORITHMS = ("RS256", "ES256", "EdDSA")
LEEWAY_S = 60


@dataclass(frozen=True)
class ExternalIssuer:
    issuer: str
    jwks_url: str
    audience: str
    rule: ClaimMatch


def _setting(settings: Mapping[str, Any], name: str, default: str = "") -> str:
    return str(settings.get(name) or config.env(name, default)).strip()


def external_issuer(settings: Mapping[str, Any] | None = None) -> ExternalIssuer | None:
    """The configured issuer, or None (then POST /sessions/external answers 404)."""
    settings = settings or {}
    issuer = _setting(settings, "ACCOUNTS_OIDC_ISSUER")
    url = _setting(settings, "ACCOUNTS_OIDC_JWKS_URL")
    audience = _setting(settings, "ACCOUNTS_OIDC_AUDIENCE")
    given = [name for name, value in (("ACCOUNTS_OIDC_ISSUER", issuer),
                                      ("ACCOUNTS_OIDC_JWKS_URL", url),
                                      ("ACCOUNTS_OIDC_AUDIENCE", audience)) if value]
    if not given:
        return None
    if len(given) < 3:
        raise ValueError("ACCOUNTS_OIDC_ISSUER, ACCOUNTS_OIDC_JWKS_URL and "
                         f"ACCOUNTS_OIDC_AUDIENCE go together; only {', '.join(given)} set")
    return ExternalIssuer(issuer, url, audience, ClaimMatch(
        _setting(settings, "ACCOUNTS_OIDC_CLAIM", "phone_number"),
        _setting(settings, "ACCOUNTS_OIDC_MATCH", LOGIN)))


class ExternalVerifier:
    """An external token → its verified claims, or AuthError saying why not (the reason
    goes to the audit; the caller gets 401)."""

    def __init__(self, issuer: ExternalIssuer, keys=None) -> None:
        self.issuer = issuer
        self.keys = keys if keys is not None else KeySet(issuer.jwks_url)

    def claims(self, token: str) -> dict:
        if len(token) > MAX_TOKEN_BYTES:
            raise AuthError("malformed token (too long)")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("malformed token") from None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALGORITHMS:
            raise AuthError(f"token signed with {alg!r}; only {', '.join(ALGORITHMS)} are "
                            "accepted")
        if not isinstance(kid, str) or not kid:
            raise AuthError("malformed token (no key id)")
        key = self.keys.key_for(kid)
        try:
            return jwt.decode(token, key, algorithms=[alg], audience=self.issuer.audience,
                              issuer=self.issuer.issuer, leeway=LEEWAY_S,
                              options={"require": ["exp", "iss", "aud"]})
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
