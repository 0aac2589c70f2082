"""The first city admin of a deployment, made by an operator with the accounts database's
credentials (`python -m services.accounts.manage create-admin`), as `wangge registry
import` writes the registry: nobody holds a grant yet who could invite them. The area need
not be known yet (the registry's events may come later); everything else is as for an
invited person who set their password."""

from __future__ import annotations

import secrets
from datetime import datetime

from services.accounts.adapters import audit, people
from services.accounts.domain.grant_changes import GIVEN
from services.accounts.domain.grants import CITY_ADMIN, UNIT_SCOPED, Grant
from services.accounts.domain.logins import normalise_login
from services.accounts.domain.passwords import password_problems
from services.accounts.domain.statuses import ACTIVE, PERSON
from services.accounts.use_cases.context import Tools
from services.accounts.use_cases.granting import announce
from services.accounts.use_cases.invitations import new_person
from services.common.auth import ROLE_ACTIONS
from services.common.errors import Refused
from services.common.unit_of_work import UnitOfWork

OPERATOR = "operator"


def create_admin(uow: UnitOfWork, tools: Tools, *, login: str, display_name: str,
                 area: str, now: datetime, password: str | None = None,
                 role: str = CITY_ADMIN) -> dict:
    """An active account holding `role` over `area` (a city admin by default); its password
    is generated unless given. Returns its id and the password (shown once)."""
    if role not in ROLE_ACTIONS or role in UNIT_SCOPED:
        raise Refused([("role", "an operator makes accounts of area-scoped roles only")])
    normal = normalise_login(login)
    if normal is None:
        raise Refused([("login", "must be a mobile number or a user name")])
    password = _password(password, normal)
    person = new_person(uow, kind=PERSON, display_name=display_name, login=normal,
                        status=ACTIVE, actor=OPERATOR, now=now,
                        password_hash=tools.passwords.hash(password))
    grant = Grant(role, area=area)
    grant_id = people.add_grant(uow.session, person.id, grant, OPERATOR, now)
    audit.record(uow.session, "granted", account_id=person.id, actor=OPERATOR,
                 source="manage", grant_id=grant_id, role=role, area=area)
    announce(uow, person, grant_id, grant, GIVEN, None)    # by an operator: no account
    return {"person_id": person.id, "login": normal, "password": password}


def _password(given: str | None, login: str) -> str:
    """The operator's password, or one generated (shown once); 400 when it breaks the
    password rules (domain/passwords.py)."""
    password = given or secrets.token_urlsafe(12)
    problems = password_problems(password, login)
    if problems:
        raise Refused(("password", p) for p in problems)
    return password


def set_password(uow: UnitOfWork, tools: Tools, *, login: str, now: datetime,
                 password: str | None = None) -> dict:
    """An operator sets a person's password (generated unless given): the way back in for
    an admin nobody above can help, and for the demo's accounts on every run. Every
    session of theirs ends; the account's status (a lock) is left as it is."""
    normal = normalise_login(login)
    person = people.by_login(uow.session, normal, lock=True) if normal else None
    if person is None:
        raise Refused([("login", "no account has this login")])
    password = _password(password, normal)
    person.password_hash = tools.passwords.hash(password)
    person.password_changed_at = now
    people.touch(person, OPERATOR, now)
    ended = people.revoke_sessions(uow.session, person.id, now, "password_set")
    audit.record(uow.session, "password_set", account_id=person.id, actor=OPERATOR,
                 source="manage", sessions_ended=ended)
    return {"person_id": person.id, "login": normal, "password": password}
