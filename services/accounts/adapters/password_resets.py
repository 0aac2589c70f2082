"""SQL of password reset codes (domain/reset_codes.py). A code is 8 digits: a plain hash
of it would be reversed by trying them all, so it is kept as an HMAC under a key derived
from the seal key, with the reset's id mixed in (one table copy, no code)."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.accounts.adapters.models import PasswordReset


def code_hash(key: bytes, reset_id: str, code: str) -> str:
    return hmac.new(key, f"{reset_id}:{code}".encode(), hashlib.sha256).hexdigest()


def matches(key: bytes, row: PasswordReset, code: str) -> bool:
    return hmac.compare_digest(row.code_hash, code_hash(key, row.id, code))


def sent_since(session: Session, person_id: str, since: datetime) -> int:
    """Codes made for the person since `since` (the per-login limit)."""
    return session.execute(select(func.count()).select_from(PasswordReset).where(
        PasswordReset.person_id == person_id, PasswordReset.created_at > since)).scalar_one()


def open_code(session: Session, person_id: str, key: bytes, code: str, address: str,
              now: datetime) -> PasswordReset:
    """A new code for the person; the ones before it are closed (only the newest works)."""
    session.execute(update(PasswordReset).where(PasswordReset.person_id == person_id,
                                                PasswordReset.closed_at.is_(None))
                    .values(closed_at=now, closed_reason="replaced"))
    reset_id = str(uuid.uuid4())
    row = PasswordReset(id=reset_id, person_id=person_id,
                        code_hash=code_hash(key, reset_id, code), created_at=now,
                        attempts=0, address=address[:100])
    session.add(row)
    session.flush()
    return row


def newest_open(session: Session, person_id: str) -> PasswordReset | None:
    return session.execute(select(PasswordReset).where(
        PasswordReset.person_id == person_id, PasswordReset.closed_at.is_(None))
        .order_by(PasswordReset.created_at.desc()).limit(1).with_for_update()
    ).scalar_one_or_none()
