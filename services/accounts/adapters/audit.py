"""The account audit (`account_audit`): a row per sign-in, failure, lock, unlock, password
change and grant change, written in the transaction of what it records. The detail never
holds a password, a code or a token; a login only masked."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from services.accounts.adapters.models import AccountAudit

SYSTEM = "system"


def record(session: Session, event: str, *, account_id: str | None, actor: str,
           source: str, **detail) -> None:
    session.execute(insert(AccountAudit).values(
        account_id=account_id, actor=actor[:64], event=event, source=source[:300],
        detail={k: v for k, v in detail.items() if v is not None}))
