"""SQL of the one-time codes proving a sign-up's phone (domain/phone_codes.py). The code
is kept as password_resets keeps its (an HMAC with the row's id mixed in); the phone as an
HMAC too, under the same key: the rate limit and the look-up need only equality."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from services.accounts.adapters.models import PhoneCode
from services.accounts.adapters.password_resets import code_hash


def phone_hash(key: bytes, phone: str) -> str:
    return hmac.new(key, f"phone:{phone}".encode(), hashlib.sha256).hexdigest()


def matches(key: bytes, row: PhoneCode, code: str) -> bool:
    return hmac.compare_digest(row.code_hash, code_hash(key, row.id, code))


def sent_times(session: Session, *, since: datetime, key: bytes | None = None,
               phone: str | None = None, address: str | None = None) -> list[float]:
    """When codes were made for one phone, or asked from one client address (the rate
    limits)."""
    query = select(PhoneCode.created_at).where(PhoneCode.created_at > since)
    if phone is not None and key is not None:
        query = query.where(PhoneCode.phone_hash == phone_hash(key, phone))
    if address is not None:
        query = query.where(PhoneCode.address == address[:100])
    return [at.timestamp() for at in session.execute(query).scalars()]


def open_code(session: Session, key: bytes, phone: str, code: str, address: str,
              now: datetime) -> PhoneCode:
    """A new code for the phone; the ones before it are closed (only the newest works)."""
    hashed = phone_hash(key, phone)
    session.execute(update(PhoneCode).where(PhoneCode.phone_hash == hashed,
                                            PhoneCode.closed_at.is_(None))
                    .values(closed_at=now, closed_reason="replaced"))
    code_id = str(uuid.uuid4())
    row = PhoneCode(id=code_id, phone_hash=hashed, code_hash=code_hash(key, code_id, code),
                    created_at=now, attempts=0, address=address[:100])
    session.add(row)
    session.flush()
    return row


def newest_open(session: Session, key: bytes, phone: str) -> PhoneCode | None:
    """The phone's open code, locked: two applications with one code cannot both use it."""
    return session.execute(select(PhoneCode).where(
        PhoneCode.phone_hash == phone_hash(key, phone), PhoneCode.closed_at.is_(None))
        .order_by(PhoneCode.created_at.desc()).limit(1).with_for_update()
    ).scalar_one_or_none()


def delete_made_before(session: Session, before: datetime) -> int:
    return session.execute(delete(PhoneCode).where(PhoneCode.created_at < before)).rowcount
