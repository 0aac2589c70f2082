"""Volunteer sign-up and screening, one transaction each (domain/applications.py).

- Applying is open (no token): the form is checked, the unit must be one accounts knows
  (dispatch's units), the client address and the phone are rate-limited, the phone must
  be proven by the one-time code sent to it (use_cases/phone_codes.py; a wrong one spends
  a try), a second pending application of one phone to one unit is a conflict; the
  password is hashed at once. `accounts.application_received` is published.
- Screening: the unit's coordinator, or an admin whose area holds the unit's, lists the
  unit's applications (names and phones masked) and decides them in bulk, all or none:
  every problem is named with its index. An approval makes the applicant an active
  account whose login is the phone and whose password is the one chosen at sign-up (or
  adds the grant to the account that phone already has, keeping that account's password:
  the applicant proved they hold its phone, which is what a password reset asks too, but
  never chose its password), holding the unit's `volunteer`
  grant with the volunteer id dispatch will use; `accounts.volunteer_approved` carries
  the name and phone to dispatch sealed. Every decision publishes
  `accounts.application_decided`. Both in the transaction of the decision (the outbox).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.accounts.adapters import applications, audit, people
from services.accounts.adapters.models import VolunteerApplication
from services.accounts.adapters.places import places_for
from services.accounts.domain.applications import (
    APPROVED,
    PENDING,
    REJECTED,
    Decision,
    Pending,
    SignUpPolicy,
    checked_form,
    decision_problems,
    screens,
    volunteer_id_of,
)
from services.accounts.domain.grants import UNIT_COORDINATOR, VOLUNTEER, Grant
from services.accounts.domain.statuses import ACTIVE, PERSON
from services.accounts.domain.throttle import retry_after
from services.accounts.use_cases import phone_codes
from services.accounts.use_cases.context import Caller, Tools
from services.accounts.use_cases.granting import give
from services.accounts.use_cases.invitations import new_person
from services.common import seal
from services.common.errors import Conflict, Refused, refuse_if
from services.common.pii import mask_name, mask_phone
from services.common.unit_of_work import UnitOfWork

# what volunteer_approved's `sealed` is sealed under (contracts/accounts.py says it to
# dispatch, which opens it)
SEAL_CONTEXT = "accounts.volunteer_approved"


@dataclass(frozen=True)
class Throttled:
    """Too many applications from one address or for one phone: 429 with Retry-After."""

    retry_after: int
    message: str = "too many applications: try again later"


def apply(uow: UnitOfWork, tools: Tools, rules: SignUpPolicy, unit_id: str, data: dict, *,
          address: str, source: str, now: datetime) -> dict | Throttled | Refused:
    """The application taken ({"application_id"}), or Throttled, or the refusal of its
    phone code (returned, not raised, so the try it spent commits)."""
    session = uow.session
    form, problems = checked_form(data)
    if not applications.unit_known(session, unit_id):
        problems.insert(0, ("unit_id", f"unknown unit {unit_id} (accounts knows the units "
                                       "dispatch announced)"))
    refuse_if(problems)
    since = now - timedelta(seconds=rules.window_s)
    waits = [w for w in (
        retry_after(applications.applied_times(session, since=since, address=address),
                    rules.per_address, rules.window_s, now.timestamp()),
        retry_after(applications.applied_times(session, since=since, phone=form.phone),
                    rules.per_phone, rules.window_s, now.timestamp())) if w is not None]
    if waits:
        audit.record(session, "application_throttled", account_id=None, actor=audit.SYSTEM,
                     source=source, unit_id=unit_id, phone_masked=mask_phone(form.phone))
        return Throttled(max(waits))
    # the phone is proven before anything is said about its applications
    refused = phone_codes.use_code(session, tools, rules.codes, form.phone,
                                   data["phone_code"], source=source, now=now)
    if refused is not None:
        return refused
    if applications.pending_for(session, unit_id, form.phone):
        raise Conflict("phone", "this phone has a pending application to this unit already")
    row = VolunteerApplication(
        id=_new_id(session), unit_id=unit_id, name=form.name, phone=form.phone,
        password_hash=tools.passwords.hash(data["password"]),
        party_member=form.party_member, skills=list(form.skills),
        weekdays=list(form.weekdays), halves=list(form.halves), note=form.note,
        status=PENDING, applied_at=now, address=address[:100], source=source[:300])
    row.volunteer_id = volunteer_id_of(row.id)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # the same phone applied to the same unit at the same moment
        raise Conflict("phone", "this phone has a pending application to this unit "
                                "already") from None
    uow.events.add("application_received", {"application_id": row.id, "unit_id": unit_id,
                                            "applied_at": now}, subject=row.id)
    return {"application_id": row.id}


def _new_id(session: Session) -> str:
    for _ in range(5):
        candidate = str(uuid.uuid4())
        if not applications.volunteer_id_taken(session, volunteer_id_of(candidate)):
            return candidate
    raise RuntimeError("no free volunteer id after 5 tries")  # 2^-48 each: never


# -- screening -------------------------------------------------------------------------------
def _unit_places(session: Session, caller: Caller, unit_ids):
    return places_for(session, [*caller.grants,
                                *(Grant(UNIT_COORDINATOR, unit=u) for u in unit_ids)])


def view(row: VolunteerApplication) -> dict:
    return {"application_id": row.id, "unit_id": row.unit_id, "status": row.status,
            "name_masked": mask_name(row.name), "phone_masked": mask_phone(row.phone),
            "party_member": row.party_member, "skills": list(row.skills),
            "weekdays": list(row.weekdays), "halves": list(row.halves), "note": row.note,
            "applied_at": row.applied_at, "decided_at": row.decided_at,
            "decided_by": row.decided_by, "reason": row.reason,
            "volunteer_id": row.volunteer_id if row.status == APPROVED else None,
            "person_id": row.person_id}


def list_applications(session: Session, unit_id: str, query: dict) -> dict:
    """The route's guard admitted the caller for this unit (its coordinator, or an area
    over the unit's area)."""
    rows, total = applications.of_unit(session, unit_id, query.get("status"),
                                       query["limit"], query["offset"])
    return {"applications": [view(row) for row in rows], "total": total}


def decide(uow: UnitOfWork, tools: Tools, caller: Caller, decisions: list[Decision],
           now: datetime) -> dict:
    session = uow.session
    rows = applications.by_ids(session, [d.application_id for d in decisions])
    places = _unit_places(session, caller, {row.unit_id for row in rows.values()})
    known = {row.id: Pending(row.status, caller.everywhere or
                             screens(caller.grants, row.unit_id, places),
                             _volunteer_already(session, row))
             for row in rows.values()}
    refuse_if(decision_problems(decisions, known))
    decided = []
    for decision in decisions:
        row = rows[decision.application_id]
        reason = (decision.reason or "").strip() or None
        if decision.approve:
            _approve(uow, tools, caller, row, now)
        row.status = APPROVED if decision.approve else REJECTED
        row.decided_at, row.decided_by, row.reason = now, caller.account_id, reason
        row.password_hash = None     # the account holds it now, or nobody needs it
        audit.record(session, f"application_{row.status}", account_id=row.person_id,
                     actor=caller.account_id, source=caller.source, application_id=row.id,
                     unit_id=row.unit_id)
        uow.events.add("application_decided", {
            "application_id": row.id, "unit_id": row.unit_id, "outcome": row.status,
            "decided_by": caller.account_id, "decided_at": now}, subject=row.id)
        decided.append({"application_id": row.id, "outcome": row.status,
                        "person_id": row.person_id,
                        "volunteer_id": row.volunteer_id if decision.approve else None})
    return {"decided": decided}


def _volunteer_already(session: Session, row: VolunteerApplication) -> bool:
    """Whether the phone's account is a volunteer of the unit already (approving again
    would make a second volunteer of one person)."""
    person = people.by_login(session, row.phone)
    return person is not None and row.status == PENDING and any(
        g.role == VOLUNTEER and g.unit == row.unit_id
        for _, g in people.live_grants(session, person.id))


def _approve(uow: UnitOfWork, tools: Tools, caller: Caller, row: VolunteerApplication,
             now: datetime) -> None:
    session = uow.session
    person = people.by_login(session, row.phone, lock=True)
    if person is None:
        person = new_person(uow, kind=PERSON, display_name=row.name, login=row.phone,
                            status=ACTIVE, actor=caller.account_id, now=now,
                            password_hash=row.password_hash)
        audit.record(session, "account_created", account_id=person.id,
                     actor=caller.account_id, source=caller.source, application_id=row.id)
    else:
        # an account with this phone exists (a grid worker who also volunteers). It gains
        # the grant only because the application proved the phone with a code sent to it
        # (use_cases/phone_codes.py): whoever applied holds that phone, so the grant goes
        # to its owner. The applicant's password is NOT applied: the account keeps its own
        # (row.password_hash is dropped below), so applying can never take over an account.
        people.touch(person, caller.account_id, now)
    grant = Grant(VOLUNTEER, unit=row.unit_id, volunteer=row.volunteer_id)
    give(uow, caller, person, grant, now)
    row.person_id = person.id
    uow.events.add("volunteer_approved", {
        "volunteer_id": row.volunteer_id, "unit_id": row.unit_id, "person_id": person.id,
        "sealed": seal.seal({"name": row.name, "phone": row.phone}, tools.seal_key,
                            SEAL_CONTEXT),
        "name_masked": mask_name(row.name), "phone_masked": mask_phone(row.phone),
        "party_member": row.party_member, "skills": list(row.skills),
        "weekdays": list(row.weekdays), "halves": list(row.halves),
        "decided_by": caller.account_id}, subject=row.volunteer_id)

