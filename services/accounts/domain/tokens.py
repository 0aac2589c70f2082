"""The access token's claims (the shared design of issue 13): who (`sub`, an account id),
what kind of account, which session, and the grants. No names, no phones."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from services.accounts.domain.grants import Grant
from services.accounts.domain.statuses import PERSON, SERVICE

AUDIENCE = "wangge"


def access_claims(*, person_id: str, kind: str, session_id: str, grants: Sequence[Grant],
                  issuer: str, now: int, ttl_s: int, jti: str | None = None) -> dict:
    if kind not in (PERSON, SERVICE):
        raise ValueError(f"kind: {kind!r} is neither {PERSON} nor {SERVICE}")
    return {"iss": issuer, "aud": AUDIENCE, "sub": person_id, "kind": kind,
            "sid": session_id, "jti": jti or secrets.token_hex(16), "iat": now,
            "exp": now + ttl_s, "grants": [g.as_claim() for g in grants]}
