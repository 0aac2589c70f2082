"""Invitations: an admin or coordinator names a person, their mobile number and the grants
they will hold (each within what the inviter may give); the person receives a one-time
code (shown once, kept only hashed) and sets their password with it before it expires,
which signs them in."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from services.accounts.adapters import audit, people
from services.accounts.adapters.models import Person
from services.accounts.domain.logins import LoginInvalid, normalise_mobile
from services.accounts.domain.passwords import password_problems
from services.accounts.domain.statuses import ACTIVE, INVITED, PERSON
from services.accounts.use_cases.context import Caller, Tools
from services.accounts.use_cases.granting import announce_held, checked, give, grant_of
from services.accounts.use_cases.sessions import SignedIn, start_session
from services.common.errors import Conflict, Refused
from services.common.unit_of_work import UnitOfWork

INVALID_CODE = "unknown, already used or expired"


def new_person(uow: UnitOfWork, *, kind: str, display_name: str, login: str, status: str,
               actor: str, now: datetime, password_hash: str | None = None) -> Person:
    if people.by_login(uow.session, login) is not None:
        raise Conflict("login", "an account with this login exists")
    person = Person(id=people.new_id(), kind=kind, display_name=display_name, login=login,
                    password_hash=password_hash, status=status, created_at=now,
                    created_by=actor, updated_at=now, updated_by=actor, version=1,
                    password_changed_at=now if password_hash else None)
    uow.session.add(person)
    uow.session.flush()
    return person


def invite(uow: UnitOfWork, caller: Caller, data: dict, now: datetime) -> dict:
    try:
        login = normalise_mobile(data["login"])
    except LoginInvalid as exc:
        raise Refused([("login", str(exc))]) from None
    grants = [grant_of(g) for g in data["grants"]]
    checked(uow.session, caller, grants, "grants.")
    person = new_person(uow, kind=PERSON, display_name=data["display_name"], login=login,
                        status=INVITED, actor=caller.account_id, now=now)
    for grant in grants:
        give(uow, caller, person, grant, now)
    code = secrets.token_urlsafe(18)
    expires_at = now + timedelta(hours=data["expires_in_hours"])
    invitation = people.add_invitation(uow.session, person.id, code, caller.account_id, now,
                                       expires_at)
    audit.record(uow.session, "invited", account_id=person.id, actor=caller.account_id,
                 source=caller.source, invitation_id=invitation.id)
    return {"invitation_id": invitation.id, "person_id": person.id, "code": code,
            "expires_at": expires_at}


def accept(uow: UnitOfWork, tools: Tools, code: str, password: str, *, source: str,
           now: datetime) -> SignedIn:
    invitation = people.invitation_by_code(uow.session, code)
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        raise Refused([("code", INVALID_CODE)])
    person = people.by_id(uow.session, invitation.person_id, lock=True)
    if person.status != INVITED:
        raise Refused([("code", INVALID_CODE)])
    problems = password_problems(password, person.login)
    if problems:
        raise Refused(("password", p) for p in problems)
    person.password_hash = tools.passwords.hash(password)
    person.password_changed_at = now
    person.status = ACTIVE
    people.touch(person, person.id, now)
    invitation.accepted_at = now
    audit.record(uow.session, "invitation_accepted", account_id=person.id, actor=person.id,
                 source=source, invitation_id=invitation.id)
    audit.record(uow.session, "password_set", account_id=person.id, actor=person.id,
                 source=source)
    announce_held(uow, person)      # the invited grants are theirs to use from now
    return start_session(uow, tools, person, source, now, how="invitation")
