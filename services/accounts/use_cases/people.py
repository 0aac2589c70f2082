"""People as an admin or coordinator sees them: listed and shown only when one of their
grants lies within what the caller may give (domain/grants.sees), logins masked; their
status changed (lock, unlock, disable, enable) only by a caller who could have given
every grant they hold (domain/grants.manages), never by themselves."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.accounts.adapters import audit, people
from services.accounts.adapters.models import Person
from services.accounts.adapters.places import places_for
from services.accounts.domain import throttle
from services.accounts.domain.grants import Grant, manages, sees
from services.accounts.domain.logins import normalise_login
from services.accounts.domain.passwords import password_problems
from services.accounts.domain.statuses import DISABLED, LOCKED, next_status
from services.accounts.use_cases.context import Caller, Tools
from services.accounts.use_cases.sessions import Refusal, login_key, masked_login
from services.common.auth import Forbidden
from services.common.errors import Conflict, NotFound, Refused
from services.common.unit_of_work import UnitOfWork

PAST = {"lock": "locked", "unlock": "unlocked", "disable": "disabled", "enable": "enabled"}


def answer(person: Person, grants: list[tuple[str, Grant]]) -> dict:
    return {"id": person.id, "display_name": person.display_name, "kind": person.kind,
            "login_masked": masked_login(person.login), "status": person.status,
            "grants": [{"id": gid, **g.as_claim()} for gid, g in grants],
            "created_at": person.created_at, "last_signed_in_at": person.last_signed_in_at}


def me(session: Session, caller: Caller) -> dict:
    if caller.everywhere:
        raise NotFound("person", caller.account_id)
    person = people.by_id(session, caller.account_id)
    found = answer(person, people.live_grants(session, person.id))
    return {key: found[key] for key in ("id", "display_name", "kind", "login_masked",
                                        "status", "grants")}


def _visible(session: Session, caller: Caller, person_ids: list[str]
             ) -> list[tuple[str, list[tuple[str, Grant]]]]:
    held = people.grants_of(session, person_ids)
    if caller.everywhere:
        return [(pid, held.get(pid, [])) for pid in person_ids]
    places = places_for(session, [g for gs in held.values() for _, g in gs])
    return [(pid, held.get(pid, [])) for pid in person_ids
            if sees(caller.grants, [g for _, g in held.get(pid, [])], places)]


def list_people(session: Session, caller: Caller, query: dict) -> dict:
    areas = [g.area for g in caller.grants if g.area]
    units = [g.unit for g in caller.grants if g.unit]
    city_admin = any(g.role == "city_admin" for g in caller.grants)
    # a city admin also sees people holding no grant (domain/grants.sees)
    ids = set(people.candidates_in(session, areas, units, caller.everywhere))
    if city_admin:
        ids |= set(people.without_grants(session))
    rows = select(Person).where(Person.id.in_(ids)).order_by(Person.display_name, Person.id)
    if query.get("status"):
        rows = rows.where(Person.status == query["status"])
    if query.get("q"):
        # a part of the name, or a whole login only: matching a part of a login would
        # let a caller who sees it masked recover a phone digit by digit (review M5)
        text = query["q"].strip()
        found_by = Person.display_name.contains(text, autoescape=True)
        login = normalise_login(text)
        if login:
            found_by = found_by | (Person.login == login)
        rows = rows.where(found_by)
    found = {p.id: p for p in session.execute(rows).scalars()}
    listed = []
    for pid, grants in _visible(session, caller, list(found)):
        if query.get("role") and not any(g.role == query["role"] for _, g in grants):
            continue
        listed.append(answer(found[pid], grants))
    start = query["offset"]
    return {"people": listed[start:start + query["limit"]], "total": len(listed)}


def get_person(session: Session, caller: Caller, person_id: str) -> dict:
    person = people.by_id(session, person_id)
    visible = _visible(session, caller, [person.id])
    if not visible and person.id != caller.account_id:
        raise NotFound("person", person_id)   # outside the scope: as if not there
    return answer(person, people.live_grants(session, person.id))


def change_status(uow: UnitOfWork, tools: Tools, caller: Caller, person_id: str,
                  action: str, now: datetime) -> dict:
    session = uow.session
    person = people.by_id(session, person_id, lock=True)
    grants = people.live_grants(session, person.id)
    if not caller.everywhere:
        if person.id == caller.account_id:
            raise Forbidden(f"nobody may {action} their own account")
        places = places_for(session, [g for _, g in grants])
        if not sees(caller.grants, [g for _, g in grants], places):
            raise NotFound("person", person_id)
        if not manages(caller.grants, [g for _, g in grants], places):
            raise Forbidden(f"{action}: this person holds grants beyond what yours may give")
    target = next_status(action, person.status, person.password_hash is not None)
    if target is None:
        raise Conflict("status", f"cannot {action} an account that is {person.status}")
    person.status = target
    people.touch(person, caller.account_id, now)
    if target in (LOCKED, DISABLED):
        people.revoke_sessions(session, person.id, now, target)
    if action == "unlock":
        people.forget_failures(session, login_key(tools.policy.login_key, person.login))
    audit.record(session, PAST[action], account_id=person.id, actor=caller.account_id,
                 source=caller.source)
    return answer(person, grants)


def change_password(uow: UnitOfWork, tools: Tools, caller: Caller, current: str, new: str,
                    now: datetime, *, address: str = "") -> Refused | Refusal | None:
    """The caller's own password; their other sessions end (a password changed because
    it leaked must shut out whoever had it). A wrong current password counts as a failed
    sign-in of the login, so a stolen access token cannot guess it faster than a sign-in
    could (review L5): past the per-login window, 429. Returned, not raised, so the
    failure commits."""
    if caller.everywhere:
        raise NotFound("person", caller.account_id)
    session, limits = uow.session, tools.policy.throttle
    person = people.by_id(session, caller.account_id, lock=True)
    key = login_key(tools.policy.login_key, person.login)
    wait = throttle.retry_after(
        people.failure_times(session, since=now - timedelta(seconds=limits.window_s),
                             login_key=key),
        limits.per_login, limits.window_s, now.timestamp())
    if wait is not None:
        audit.record(session, "password_change_throttled", account_id=person.id,
                     actor=person.id, source=caller.source, retry_after=wait)
        return Refusal(429, "too many wrong passwords: try again later", wait)
    if not tools.passwords.verify(person.password_hash, current):
        people.add_failure(session, key, address, now)
        audit.record(session, "password_change_failed", account_id=person.id,
                     actor=person.id, source=caller.source)
        return Refused([("current_password", "is wrong")])
    problems = password_problems(new, person.login)
    if problems:
        raise Refused(("new_password", p) for p in problems)
    person.password_hash = tools.passwords.hash(new)
    person.password_changed_at = now
    people.touch(person, person.id, now)
    ended = people.revoke_sessions(uow.session, person.id, now, "password_changed",
                                   keep=caller.session_id or None)
    audit.record(uow.session, "password_changed", account_id=person.id, actor=person.id,
                 source=caller.source, sessions_ended=ended)
    return None
