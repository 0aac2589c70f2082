"""The caller as accounts' own database says now, not as their token says (review H1).

An access token lives minutes; within them its person may be disabled or locked, its
session ended (sign-out, a password change, a lock) or a grant revoked. Other services
must trust the token for those minutes; accounts owns the facts, so every bearer request
it serves acts with the person's live grants, and only while the person is active and the
token's session open. Two indexed reads of accounts' own tables."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.accounts.adapters import people
from services.accounts.adapters.models import Person, SessionRow
from services.accounts.domain.statuses import ACTIVE
from services.common import auth
from services.common.auth import AuthError, Principal


def as_recorded(session: Session, caller: Principal) -> Principal:
    """`caller` with the grants their person holds now; AuthError (401) when the person
    is gone or not active, or the token's session is unknown, another's or ended."""
    if caller.everywhere:
        return caller
    person = session.get(Person, caller.subject) if _uuid(caller.subject) else None
    if person is None or person.status != ACTIVE:
        raise AuthError("this account is not active"
                        + (f" ({person.status})" if person is not None else ""))
    owner = session.execute(select(SessionRow).where(
        SessionRow.id == caller.session_id)).scalar_one_or_none() \
        if _uuid(caller.session_id) else None
    if owner is None or owner.person_id != person.id or owner.revoked_at is not None:
        raise AuthError("this token's session has ended: sign in again")
    grants = tuple(auth.Grant(g.role, g.area, g.unit, g.volunteer)
                   for _, g in people.live_grants(session, person.id))
    return Principal(caller.subject, grants, person.kind, caller.token_id,
                     caller.session_id, caller.expires, caller.extra)


def _uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, TypeError):
        return False
    return True
