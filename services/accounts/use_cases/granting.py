"""The checks every use case that hands out grants makes: each grant well formed and
naming places accounts knows (400 naming the field), within what the caller may give
(403; domain/grants.py), and a volunteer's grant held by no other account (409); and
giving one, recorded in the account audit and announced (`accounts.grant_changed`).

A grant is announced when the person can use it: at once for an account that is not
invited, at invitation acceptance for an invited person's (announce_held), who until then
holds them unused. A revoked grant of an invited person was never announced and is not."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from services.accounts.adapters import audit, people
from services.accounts.adapters.models import Person
from services.accounts.adapters.places import places_for
from services.accounts.domain.grant_changes import GIVEN, grant_changed
from services.accounts.domain.grants import Grant, Places, grant_refusal, shape_problems
from services.accounts.domain.statuses import INVITED
from services.accounts.use_cases.context import Caller
from services.common.auth import Forbidden
from services.common.errors import Conflict, refuse_if
from services.common.unit_of_work import UnitOfWork


def grant_of(data: dict) -> Grant:
    return Grant(data["role"], data.get("area"), data.get("unit"), data.get("volunteer"))


def give(uow: UnitOfWork, caller: Caller, person: Person, grant: Grant, now) -> str:
    """Adds a checked grant to the person, with a `granted` audit row naming who gave it
    and from where, announced unless the person is still invited. → the grant's id."""
    grant_id = people.add_grant(uow.session, person.id, grant, caller.account_id, now)
    audit.record(uow.session, "granted", account_id=person.id, actor=caller.account_id,
                 source=caller.source, grant_id=grant_id, **grant.as_claim())
    announce(uow, person, grant_id, grant, GIVEN, caller.account_id)
    return grant_id


def announce(uow: UnitOfWork, person: Person, grant_id: str, grant: Grant, change: str,
             by: str | None) -> None:
    """`accounts.grant_changed` for one grant, unless the person is invited (not yet able
    to use it: announce_held tells of their grants when they accept)."""
    if person.status == INVITED:
        return
    uow.events.add("grant_changed", grant_changed(person.id, grant_id, grant, change,
                                                  person.display_name, by),
                   subject=person.id)


def announce_held(uow: UnitOfWork, person: Person) -> None:
    """Every live grant of a person who just became able to use them (an accepted
    invitation), each as given by whoever gave it."""
    for row in people.live_grant_rows(uow.session, person.id):
        announce(uow, person, row.id, people.grant_from_row(row), GIVEN, row.granted_by)


def checked(session: Session, caller: Caller, grants: Sequence[Grant],
            prefix: str = "", *, shapes: bool = True) -> Places:
    """The places of `grants`, once each is known to be well formed (`shapes`: not for a
    grant being revoked, whose volunteer may be gone) and the caller's to give; raises
    Refused (400) or Forbidden (403)."""
    places = places_for(session, [*grants, *caller.grants])
    if shapes:
        refuse_if([problem for index, grant in enumerate(grants)
                   for problem in shape_problems(grant, places,
                                                 f"{prefix}{index}." if prefix else "")])
    if not caller.everywhere:
        for grant in grants:
            reason = grant_refusal(caller.grants, grant, places)
            if reason:
                raise Forbidden(reason)
    if shapes:
        _one_account_per_volunteer(session, grants, prefix)
    return places


def _one_account_per_volunteer(session: Session, grants: Sequence[Grant],
                               prefix: str) -> None:
    """A `volunteer` grant is the account's claim to be that dispatch volunteer (visits
    made by them, their check-ins): one account only may hold it (review M2)."""
    for index, grant in enumerate(grants):
        if grant.volunteer and people.volunteer_held(session, grant.volunteer):
            field = f"{prefix}{index}.volunteer" if prefix else "volunteer"
            raise Conflict(field, f"volunteer {grant.volunteer} is held by an account "
                                  "already (one account per volunteer)")
