"""SQL of people, their grants, sessions, refresh tokens and invitations."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from services.accounts.adapters.models import (
    Area,
    GrantRow,
    Invitation,
    Person,
    RefreshToken,
    SessionRow,
    SignInFailure,
    Unit,
)
from services.accounts.domain.grants import Grant
from services.common.errors import NotFound


def new_id() -> str:
    return str(uuid.uuid4())


def digest(secret: str) -> str:
    """Refresh tokens and one-time codes are long random strings: a plain SHA-256 is
    enough to keep them out of a copy of the table."""
    return hashlib.sha256(secret.encode()).hexdigest()


# -- people ---------------------------------------------------------------------------------
def by_login(session: Session, login: str, *, lock: bool = False) -> Person | None:
    query = select(Person).where(Person.login == login)
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def by_id(session: Session, person_id: str, *, lock: bool = False) -> Person:
    query = select(Person).where(Person.id == person_id)
    if lock:
        query = query.with_for_update()
    person = session.execute(query).scalar_one_or_none() if _is_uuid(person_id) else None
    if person is None:
        raise NotFound("person", person_id)
    return person


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def touch(person: Person, actor: str, now: datetime) -> None:
    person.updated_at, person.updated_by = now, actor
    person.version += 1


# -- grants ---------------------------------------------------------------------------------
# a person's grants in a stable order (given together, they share a time)
_GRANT_ORDER = (GrantRow.granted_at, GrantRow.role, GrantRow.area, GrantRow.unit)


def grant_from_row(row: GrantRow) -> Grant:
    return Grant(row.role, row.area, row.unit, row.volunteer)


def live_grant_rows(session: Session, person_id: str) -> list[GrantRow]:
    return list(session.execute(select(GrantRow).where(GrantRow.person_id == person_id,
                                                       GrantRow.revoked_at.is_(None))
                                .order_by(*_GRANT_ORDER)).scalars())


def live_grants(session: Session, person_id: str) -> list[tuple[str, Grant]]:
    return [(row.id, grant_from_row(row)) for row in live_grant_rows(session, person_id)]


def grants_of(session: Session, person_ids: Iterable[str]) -> dict[str, list[tuple[str, Grant]]]:
    found: dict[str, list[tuple[str, Grant]]] = {}
    ids = list(person_ids)
    if not ids:
        return found
    for row in session.execute(select(GrantRow).where(GrantRow.person_id.in_(ids),
                                                      GrantRow.revoked_at.is_(None))
                               .order_by(*_GRANT_ORDER)).scalars():
        found.setdefault(row.person_id, []).append((row.id, grant_from_row(row)))
    return found


def has_grant(session: Session, person_id: str, grant: Grant) -> bool:
    return session.execute(select(GrantRow.id).where(
        GrantRow.person_id == person_id, GrantRow.revoked_at.is_(None),
        GrantRow.role == grant.role,
        func.coalesce(GrantRow.area, "") == (grant.area or ""),
        func.coalesce(GrantRow.unit, "") == (grant.unit or ""))).first() is not None


def volunteer_held(session: Session, volunteer_id: str) -> bool:
    """Whether a live grant already names this dispatch volunteer. Serialised per
    volunteer id (a transaction-scoped advisory lock) so two concurrent grants of one
    volunteer cannot both find none."""
    session.execute(select(func.pg_advisory_xact_lock(
        func.hashtext("accounts.volunteer:" + volunteer_id))))
    return session.execute(select(GrantRow.id).where(
        GrantRow.volunteer == volunteer_id, GrantRow.revoked_at.is_(None))).first() \
        is not None


def add_grant(session: Session, person_id: str, grant: Grant, actor: str,
              now: datetime) -> str:
    grant_id = new_id()
    session.add(GrantRow(id=grant_id, person_id=person_id, role=grant.role, area=grant.area,
                         unit=grant.unit, volunteer=grant.volunteer, granted_at=now,
                         granted_by=actor))
    session.flush()
    return grant_id


def grant_row(session: Session, person_id: str, grant_id: str) -> GrantRow:
    row = session.get(GrantRow, grant_id) if _is_uuid(grant_id) else None
    if row is None or row.person_id != person_id or row.revoked_at is not None:
        raise NotFound("grant", grant_id)
    return row


def candidates_in(session: Session, areas: Iterable[str], units: Iterable[str],
                  everything: bool) -> list[str]:
    """Ids of people holding a live grant placed inside one of `areas` (their subtrees:
    an area grant below, a unit whose area is below, or a department `<area>:<name>` of
    an area below) or on one of `units`, or every person when `everything`; the grant
    rules then judge each (domain/grants.sees)."""
    if everything:
        return list(session.execute(select(Person.id)).scalars())
    areas, units = list(areas), list(units)
    clauses = []
    if areas:
        area_paths = select(Area.code).where(Area.path.overlap(areas))
        clauses += [GrantRow.area.in_(area_paths),
                    GrantRow.unit.in_(select(Unit.id).where(Unit.area_code.in_(area_paths))),
                    and_(GrantRow.unit.contains(":"),
                         func.split_part(GrantRow.unit, ":", 1).in_(area_paths))]
    if units:
        clauses.append(GrantRow.unit.in_(units))
    if not clauses:
        return []
    return list(session.execute(select(GrantRow.person_id).distinct()
                                .where(GrantRow.revoked_at.is_(None), or_(*clauses)))
                .scalars())


def without_grants(session: Session) -> list[str]:
    """Ids of people holding no live grant (city admins see them)."""
    live = select(GrantRow.person_id).where(GrantRow.revoked_at.is_(None))
    return list(session.execute(select(Person.id).where(~Person.id.in_(live))).scalars())


# -- sessions and refresh tokens ------------------------------------------------------------
def open_session(session: Session, person_id: str, source: str, now: datetime) -> str:
    session_id = new_id()
    session.add(SessionRow(id=session_id, person_id=person_id, created_at=now,
                           source=source[:300]))
    session.flush()
    return session_id


def add_refresh(session: Session, session_id: str, token: str, now: datetime,
                expires_at: datetime) -> None:
    session.add(RefreshToken(token_hash=digest(token), session_id=session_id, issued_at=now,
                             expires_at=expires_at))
    session.flush()


def refresh_by_token(session: Session, token: str) -> RefreshToken | None:
    return session.execute(select(RefreshToken).where(RefreshToken.token_hash == digest(token))
                           .with_for_update()).scalar_one_or_none()


def session_row(session: Session, session_id: str, *, lock: bool = False) -> SessionRow:
    query = select(SessionRow).where(SessionRow.id == session_id)
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one()


def revoke_sessions(session: Session, person_id: str, now: datetime, reason: str, *,
                    keep: str | None = None) -> int:
    """Revoke the person's live sessions (but `keep`); their refresh tokens die with
    them. Returns how many."""
    query = update(SessionRow).where(SessionRow.person_id == person_id,
                                     SessionRow.revoked_at.is_(None))
    if keep:
        query = query.where(SessionRow.id != keep)
    return session.execute(query.values(revoked_at=now, revoked_reason=reason)).rowcount


# -- invitations ----------------------------------------------------------------------------
def add_invitation(session: Session, person_id: str, code: str, actor: str, now: datetime,
                   expires_at: datetime) -> Invitation:
    row = Invitation(id=new_id(), person_id=person_id, code_hash=digest(code), created_at=now,
                     created_by=actor, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row


def invitation_by_code(session: Session, code: str) -> Invitation | None:
    return session.execute(select(Invitation).where(Invitation.code_hash == digest(code))
                           .with_for_update()).scalar_one_or_none()


# -- failed sign-ins ------------------------------------------------------------------------
def add_failure(session: Session, login_key: str, address: str, now: datetime) -> None:
    session.add(SignInFailure(at=now, login_key=login_key, address=address[:100]))
    session.flush()


def failure_times(session: Session, *, since: datetime, login_key: str | None = None,
                  address: str | None = None) -> list[float]:
    query = select(SignInFailure.at).where(SignInFailure.at > since)
    if login_key is not None:
        query = query.where(SignInFailure.login_key == login_key)
    if address is not None:
        query = query.where(SignInFailure.address == address[:100])
    return [at.timestamp() for at in session.execute(query).scalars()]


def forget_failures(session: Session, key: str) -> None:
    """Forget a login's failed sign-ins (an unlock: the next failure does not lock again)."""
    session.execute(delete(SignInFailure).where(SignInFailure.login_key == key))


def delete_failures_before(session: Session, before: datetime) -> int:
    return session.execute(delete(SignInFailure).where(SignInFailure.at < before)).rowcount


def delete_refresh_expired_before(session: Session, before: datetime) -> int:
    return session.execute(delete(RefreshToken).where(RefreshToken.expires_at < before)
                           ).rowcount
