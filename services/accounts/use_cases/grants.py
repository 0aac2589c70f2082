"""Adding and revoking one grant of a person, each within what the caller may give
(domain/grants.py), audited with who did it. A new grant reaches the person's tokens at
their next refresh (minutes: ACCOUNTS_ACCESS_TTL_S)."""

from __future__ import annotations

from datetime import datetime

from services.accounts.adapters import audit, people
from services.accounts.use_cases.context import Caller
from services.accounts.use_cases.granting import checked, grant_of
from services.common.errors import Conflict
from services.common.unit_of_work import UnitOfWork


def add_grant(uow: UnitOfWork, caller: Caller, person_id: str, data: dict,
              now: datetime) -> dict:
    person = people.by_id(uow.session, person_id, lock=True)
    grant = grant_of(data)
    checked(uow.session, caller, [grant])
    if people.has_grant(uow.session, person.id, grant):
        raise Conflict("role", f"this person holds {grant.describe()} already")
    grant_id = people.add_grant(uow.session, person.id, grant, caller.account_id, now)
    people.touch(person, caller.account_id, now)
    audit.record(uow.session, "granted", account_id=person.id, actor=caller.account_id,
                 source=caller.source, grant_id=grant_id, **grant.as_claim())
    return {"id": grant_id, **grant.as_claim()}


def revoke_grant(uow: UnitOfWork, caller: Caller, person_id: str, grant_id: str,
                 now: datetime) -> None:
    person = people.by_id(uow.session, person_id, lock=True)
    row = people.grant_row(uow.session, person.id, grant_id)
    grant = people.grant_from_row(row)
    checked(uow.session, caller, [grant], shapes=False)
    row.revoked_at, row.revoked_by = now, caller.account_id
    people.touch(person, caller.account_id, now)
    audit.record(uow.session, "grant_revoked", account_id=person.id,
                 actor=caller.account_id, source=caller.source, grant_id=grant_id,
                 **grant.as_claim())
