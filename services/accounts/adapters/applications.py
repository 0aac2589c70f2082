"""SQL of volunteer applications (domain/applications.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.accounts.adapters.models import Unit, VolunteerApplication
from services.accounts.domain.applications import PENDING, REJECTED
from services.common.pii import mask_name, mask_phone

# rejected applications erased per statement (the timer comes back for the rest)
ERASE_BATCH = 1000


def unit_known(session: Session, unit_id: str) -> bool:
    return session.get(Unit, unit_id) is not None


def pending_for(session: Session, unit_id: str, phone: str) -> bool:
    return session.execute(select(VolunteerApplication.id).where(
        VolunteerApplication.unit_id == unit_id, VolunteerApplication.phone == phone,
        VolunteerApplication.status == PENDING)).first() is not None


def volunteer_id_taken(session: Session, volunteer_id: str) -> bool:
    return session.execute(select(VolunteerApplication.id).where(
        VolunteerApplication.volunteer_id == volunteer_id)).first() is not None


def applied_times(session: Session, *, since: datetime, address: str | None = None,
                  phone: str | None = None) -> list[float]:
    """When applications came from one client address, or for one phone (rate limits)."""
    query = select(VolunteerApplication.applied_at).where(
        VolunteerApplication.applied_at > since)
    if address is not None:
        query = query.where(VolunteerApplication.address == address[:100])
    if phone is not None:
        query = query.where(VolunteerApplication.phone == phone)
    return [at.timestamp() for at in session.execute(query).scalars()]


def of_unit(session: Session, unit_id: str, status: str | None, limit: int,
            offset: int) -> tuple[list[VolunteerApplication], int]:
    """A unit's applications, oldest first (screened in the order they came), and how
    many there are."""
    where = [VolunteerApplication.unit_id == unit_id]
    if status:
        where.append(VolunteerApplication.status == status)
    total = session.execute(select(func.count()).select_from(VolunteerApplication)
                            .where(*where)).scalar_one()
    rows = session.execute(select(VolunteerApplication).where(*where)
                           .order_by(VolunteerApplication.applied_at, VolunteerApplication.id)
                           .limit(limit).offset(offset)).scalars()
    return list(rows), total


def by_ids(session: Session, ids: Iterable[str]) -> dict[str, VolunteerApplication]:
    """The applications of `ids`, locked in id order (two batches naming the same
    applications cannot deadlock, nor decide one twice)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(VolunteerApplication)
                           .where(VolunteerApplication.id.in_(wanted))
                           .order_by(VolunteerApplication.id).with_for_update()).scalars()
    return {row.id: row for row in rows}


def erase_rejected_before(session: Session, before: datetime, now: datetime) -> int:
    """Replace the personal data of applications rejected before `before` by masks (the
    name and phone as every answer shows them; the note, the client's address and
    source dropped), so the unit's counts and the decision stay and the person does not.
    Masks are what the list answers anyway: nothing a screener saw changes."""
    rows = session.execute(select(VolunteerApplication).where(
        VolunteerApplication.status == REJECTED, VolunteerApplication.decided_at < before,
        VolunteerApplication.erased_at.is_(None))
        .order_by(VolunteerApplication.decided_at).limit(ERASE_BATCH)
        .with_for_update(skip_locked=True)).scalars().all()
    for row in rows:
        row.name, row.phone = mask_name(row.name), mask_phone(row.phone) or ""
        row.note, row.address, row.source = None, "", ""
        row.password_hash, row.erased_at = None, now
    session.flush()
    return len(rows)
