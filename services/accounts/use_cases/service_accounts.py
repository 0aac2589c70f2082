"""Service accounts: other systems (integrators) sign in as themselves with a user name
and a generated password, shown once; their grants are given like anyone's, within what
the creating city admin may give. No shared secret mints tokens any more."""

from __future__ import annotations

import secrets
from datetime import datetime

from services.accounts.adapters import audit
from services.accounts.domain.logins import LoginInvalid, normalise_user_name
from services.accounts.domain.statuses import ACTIVE, SERVICE
from services.accounts.use_cases.context import Caller, Tools
from services.accounts.use_cases.granting import checked, give, grant_of
from services.accounts.use_cases.invitations import new_person
from services.common.errors import Refused
from services.common.unit_of_work import UnitOfWork


def create_service_account(uow: UnitOfWork, tools: Tools, caller: Caller, data: dict,
                           now: datetime) -> dict:
    try:
        user_name = normalise_user_name(data["user_name"])
    except LoginInvalid as exc:
        raise Refused([("user_name", str(exc))]) from None
    grants = [grant_of(g) for g in data["grants"]]
    checked(uow.session, caller, grants, "grants.")
    password = secrets.token_urlsafe(24)
    person = new_person(uow, kind=SERVICE, display_name=data["display_name"], login=user_name,
                        status=ACTIVE, actor=caller.account_id, now=now,
                        password_hash=tools.passwords.hash(password))
    for grant in grants:
        give(uow, caller, person, grant, now)
    audit.record(uow.session, "service_account_created", account_id=person.id,
                 actor=caller.account_id, source=caller.source)
    return {"person_id": person.id, "user_name": user_name, "password": password}
