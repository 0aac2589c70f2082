"""The signing keys' life: one generated at first start, replaced by a rotation (the
operator's `python -m services.accounts.manage rotate-key`: the key signs every token of
the deployment, so no HTTP route and no single city's admin rotates it). The key
rotated out keeps verifying: it stays published until the tokens it signed have expired
(ACCOUNTS_ACCESS_TTL_S plus ACCOUNTS_KEY_SKEW_S), so nobody is signed out by a rotation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.accounts.adapters import audit
from services.accounts.adapters.signing_keys import ensure_key, new_key, reseal_keys
from services.accounts.use_cases.context import Tools
from services.common.unit_of_work import UnitOfWork


def ensure_signing_key(session: Session, tools: Tools, now: datetime) -> str | None:
    """At start, before any worker runs: the keys an older version sealed under
    PII_SEAL_KEY sealed again under ACCOUNTS_KEY_SEAL_KEY (the upgrade: other services
    hold PII_SEAL_KEY), then a key when there is none (no event to stage)."""
    if tools.legacy_key_seal_key is not None:
        for resealed in reseal_keys(session, tools.legacy_key_seal_key,
                                    tools.key_seal_key):
            audit.record(session, "key_resealed", account_id=None, actor="system",
                         source="start", kid=resealed)
    kid = ensure_key(session, now, tools.key_seal_key)
    if kid:
        audit.record(session, "key_generated", account_id=None, actor="system",
                     source="start", kid=kid)
    return kid


def rotate_key(uow: UnitOfWork, tools: Tools, actor: str, source: str, now: datetime) -> str:
    """A new signing key; the process's key cache is reloaded once this commits."""
    kid = new_key(uow.session, now, actor, tools.key_seal_key)
    audit.record(uow.session, "key_rotated", account_id=None, actor=actor, source=source,
                 kid=kid)
    return kid
