"""Other systems' identity (issue 13): a deployment may accept tokens of an external
OpenID Connect issuer (a province's unified identity platform). The external token only
says who the person is; their grants still come from Wangge, so the person must exist in
accounts, matched by one claim of the token (`claim`, e.g. `phone_number` or `sub`)
against one field of the account (`match`): its `login` (the mobile number, compared in
normal form) or its `external_id` (the platform's id for the person, set by an operator).

Plain Python: which value of the verified claims names the account, or why none does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.accounts.domain.logins import normalise_login

LOGIN, EXTERNAL_ID = "login", "external_id"
MATCHES = (LOGIN, EXTERNAL_ID)
MAX_EXTERNAL_ID = 200


class NoIdentity(ValueError):
    """The token's claims name no account (the message says why, without the value)."""


@dataclass(frozen=True)
class ClaimMatch:
    claim: str
    match: str

    def __post_init__(self) -> None:
        if self.match not in MATCHES:
            raise ValueError(f"ACCOUNTS_OIDC_MATCH: must be one of {', '.join(MATCHES)}, "
                             f"not {self.match!r}")
        if not self.claim:
            raise ValueError("ACCOUNTS_OIDC_CLAIM: name the claim that names the person")


def account_key(claims: Mapping, rule: ClaimMatch) -> str:
    """The login (normal form) or external id the claims name; NoIdentity when the claim
    is missing, not a string, or cannot be a login. An OIDC `phone_number` its issuer
    says is not verified names nobody."""
    value = claims.get(rule.claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise NoIdentity(f"the token has no claim {rule.claim!r}")
    if rule.claim == "phone_number" and claims.get("phone_number_verified") is False:
        raise NoIdentity("the token's phone_number is not verified by its issuer")
    if rule.match == EXTERNAL_ID:
        value = value.strip()
        if len(value) > MAX_EXTERNAL_ID:
            raise NoIdentity(f"the claim {rule.claim!r} is too long for an id")
        return value
    login = normalise_login(value)
    if login is None:
        raise NoIdentity(f"the claim {rule.claim!r} is not a login")
    return login
