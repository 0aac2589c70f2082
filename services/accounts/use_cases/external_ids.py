"""Linking a person to their id at the external identity platform (people.external_id),
which a deployment matching external tokens by `external_id` (ACCOUNTS_OIDC_MATCH) needs
before that person can sign in through it. Whoever links an id decides who may sign in as
the person, so it is an admin's (the route's `admin` action) and only over a person whose
every grant the admin could have given (domain/grants.manages), audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.accounts.adapters import audit, people
from services.accounts.adapters.models import Person
from services.accounts.adapters.places import places_for
from services.accounts.domain.external_identity import MAX_EXTERNAL_ID
from services.accounts.domain.grants import manages, sees
from services.accounts.use_cases.context import Caller
from services.common.auth import Forbidden
from services.common.errors import Conflict, NotFound, Refused
from services.common.unit_of_work import UnitOfWork


def link_external_id(uow: UnitOfWork, caller: Caller, person_id: str,
                     external_id: str | None, now: datetime) -> dict:
    session = uow.session
    person = people.by_id(session, person_id, lock=True)
    grants = [g for _, g in people.live_grants(session, person.id)]
    if not caller.everywhere:
        places = places_for(session, [*grants, *caller.grants])
        if not sees(caller.grants, grants, places) and person.id != caller.account_id:
            raise NotFound("person", person_id)
        if not manages(caller.grants, grants, places):
            raise Forbidden("external id: this person holds grants beyond what yours may "
                            "give")
    value = (external_id or "").strip() or None
    if value is not None and len(value) > MAX_EXTERNAL_ID:
        raise Refused([("external_id", f"must be at most {MAX_EXTERNAL_ID} characters")])
    if value is not None and session.execute(select(Person.id).where(
            Person.external_id == value, Person.id != person.id)).first() is not None:
        raise Conflict("external_id", "another account has this external id")
    person.external_id = value
    people.touch(person, caller.account_id, now)
    audit.record(session, "external_id_linked" if value else "external_id_unlinked",
                 account_id=person.id, actor=caller.account_id, source=caller.source,
                 external_id=value)
    return {"id": person.id, "external_id": value}
