"""Adding and revoking one grant of a person, each within what the caller may give
(domain/grants.py), audited with who did it. A new grant reaches the person's tokens at
their next refresh (minutes: ACCOUNTS_ACCESS_TTL_S).

Whose grants (review M2): nobody gives or revokes a grant of their own (403). A grant is
given to a person the caller sees (one of their grants is the caller's to give), or to
one holding no grant at all whom the caller invited (or made) themselves, and city admins
see everyone holding none; anyone else is as if not there (404). A grant is revoked only
from a person the caller sees, and only when the caller could have given it (403)."""

from __future__ import annotations

from datetime import datetime

from services.accounts.adapters import audit, people
from services.accounts.adapters.models import Person
from services.accounts.adapters.places import places_for
from services.accounts.domain.grant_changes import REVOKED
from services.accounts.domain.grants import sees
from services.accounts.use_cases.context import Caller
from services.accounts.use_cases.granting import announce, checked, give, grant_of
from services.common.auth import Forbidden
from services.common.errors import Conflict, NotFound
from services.common.unit_of_work import UnitOfWork


def _target(uow: UnitOfWork, caller: Caller, person_id: str, *, giving: bool) -> Person:
    person = people.by_id(uow.session, person_id, lock=True)
    if caller.everywhere:
        return person
    if person.id == caller.account_id:
        raise Forbidden("nobody gives or revokes a grant of their own")
    held = [g for _, g in people.live_grants(uow.session, person.id)]
    if sees(caller.grants, held, places_for(uow.session, [*held, *caller.grants])):
        return person
    if giving and not held and person.created_by == caller.account_id:
        return person      # the caller's own invitee, who holds nothing yet
    raise NotFound("person", person_id)   # outside the caller's sight: as if not there


def add_grant(uow: UnitOfWork, caller: Caller, person_id: str, data: dict,
              now: datetime) -> dict:
    person = _target(uow, caller, person_id, giving=True)
    grant = grant_of(data)
    checked(uow.session, caller, [grant])
    if people.has_grant(uow.session, person.id, grant):
        raise Conflict("role", f"this person holds {grant.describe()} already")
    grant_id = give(uow, caller, person, grant, now)
    people.touch(person, caller.account_id, now)
    return {"id": grant_id, **grant.as_claim()}


def revoke_grant(uow: UnitOfWork, caller: Caller, person_id: str, grant_id: str,
                 now: datetime) -> None:
    person = _target(uow, caller, person_id, giving=False)
    row = people.grant_row(uow.session, person.id, grant_id)
    grant = people.grant_from_row(row)
    checked(uow.session, caller, [grant], shapes=False)
    row.revoked_at, row.revoked_by = now, caller.account_id
    people.touch(person, caller.account_id, now)
    audit.record(uow.session, "grant_revoked", account_id=person.id,
                 actor=caller.account_id, source=caller.source, grant_id=grant_id,
                 **grant.as_claim())
    announce(uow, person, grant_id, grant, REVOKED, caller.account_id)
