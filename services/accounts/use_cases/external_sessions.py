"""Signing in with an external identity platform's token (domain/external_identity.py):
the token, already verified by the caller (adapters/external_tokens.py), names a person by
one claim; the active Wangge account it matches gets a session like a password sign-in
(sessions.start_session), with its own grants. No account (and a service account is none
here: people only): 401; a locked or disabled one: 403 naming its status, as for a
password. Every outcome is audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.accounts.adapters import audit
from services.accounts.adapters.models import Person
from services.accounts.domain.external_identity import (
    LOGIN,
    ClaimMatch,
    NoIdentity,
    account_key,
)
from services.accounts.domain.statuses import ACTIVE, PERSON
from services.accounts.use_cases.context import Tools
from services.accounts.use_cases.sessions import Refusal, SignedIn, start_session
from services.common.unit_of_work import UnitOfWork

NO_ACCOUNT = "no Wangge account for this identity"


def refused_token(uow: UnitOfWork, issuer: str, reason: str, *, source: str) -> Refusal:
    """A token that did not verify: audited with why (never the token), 401."""
    audit.record(uow.session, "external_sign_in_failed", account_id=None, actor=audit.SYSTEM,
                 source=source, issuer=issuer, reason=reason[:200])
    return Refusal(401, f"external token refused: {reason}")


def exchange(uow: UnitOfWork, tools: Tools, issuer: str, rule: ClaimMatch, claims: dict, *,
             source: str, now: datetime) -> SignedIn | Refusal:
    session = uow.session
    try:
        key = account_key(claims, rule)
    except NoIdentity as exc:
        audit.record(session, "external_sign_in_failed", account_id=None,
                     actor=audit.SYSTEM, source=source, issuer=issuer, reason=str(exc))
        return Refusal(401, NO_ACCOUNT)
    field = Person.login if rule.match == LOGIN else Person.external_id
    # people only: a platform user named like a service account's user name must not
    # sign in as the integrator (review L3); a service account signs in with its password
    person = session.execute(select(Person).where(field == key, Person.kind == PERSON)
                             .with_for_update()).scalar_one_or_none()
    if person is None:
        audit.record(session, "external_sign_in_failed", account_id=None,
                     actor=audit.SYSTEM, source=source, issuer=issuer,
                     reason="no account matches", claim=rule.claim)
        return Refusal(401, NO_ACCOUNT)
    if person.status != ACTIVE:
        audit.record(session, "sign_in_refused", account_id=person.id, actor=person.id,
                     source=source, status=person.status, issuer=issuer)
        return Refusal(403, f"this account is {person.status}")
    return start_session(uow, tools, person, source, now, how=f"external:{issuer}"[:200])

