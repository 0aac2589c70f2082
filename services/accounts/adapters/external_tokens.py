"""Verifying an external OpenID Connect issuer's tokens (a province's unified identity
platform) with the keys its JWKS publishes, fetched and cached like accounts' own
(services/common/token_keys.py::KeySet: a token naming an unknown key id fetches again,
at most every few seconds) and checked by the same code (token_keys.decode_jwt): the
signature (RS256, ES256 or EdDSA only: never `none`, never an HMAC keyed with a public
key), the issuer, the audience, the expiry (and `nbf` and `iat` when present, 60 s of
leeway for clocks).

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

from services.accounts.domain.external_identity import LOGIN, ClaimMatch
from services.common import config
from services.common.token_keys import KeySet, decode_jwt

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
        return decode_jwt(token, self.keys, algorithms=ALGORITHMS,
                          audience=self.issuer.audience, issuer=self.issuer.issuer,
                          leeway_s=LEEWAY_S, require=("exp", "iss", "aud"))
