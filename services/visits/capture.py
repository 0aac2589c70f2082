"""Visit capture (走访): one attempt at one household, from HTTP, the CLI or a phone
(integration.visit_captured). Checked whole, then applied in the caller's transaction:
the visit, the household's state, its task, the discrepancy, corrections, hazards and
requests, and their events are written together or not at all.

A visit carries its client's id: the same visit sent again (a phone that was offline
resends) is recorded once; the same id with other content is a conflict. It counts on
the local day it happened, however late it arrives.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common import config
from services.common.outbox import Outbox
from services.common.web import Conflict

from .campaigns import campaign_by_id, questionnaire_of
from .corrections import propose
from .domain.households import record_visit
from .domain.questionnaire import validate_answers
from .domain.reconcile import opens_discrepancy, validate_corrections
from .errors import Refused
from .models import (
    DONE,
    OPEN,
    CampaignHousehold,
    Discrepancy,
    Hazard,
    Household,
    Shift,
    Task,
    Visit,
)
from .places import household_residents, people_registered
from .resident_requests import raise_request
from .shifts import volunteer_on_shift
from .states import state_of, write_state
from .tasks import is_door_to_door

# phones' clocks drift: a visit a little ahead of ours is still believed
CLOCK_SKEW = timedelta(minutes=5)


def fingerprint(data: dict) -> str:
    """Keyed hash of what was submitted (it may hold an ID number: hence keyed)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return hmac.new(config.id_hash_key(), canonical.encode(), hashlib.sha256).hexdigest()


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class Batched:
    """An Outbox stand-in that keeps a use case's events and writes them in one INSERT
    (a visit causes three to seven): fewer round trips per visit, same rows."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox, self.envelopes = outbox, []

    def add(self, session: Session, name: str, data: dict, *, subject: str | None = None):
        env = self.outbox.envelope(name, data, subject=subject)
        self.envelopes.append(env)
        return env

    def write(self, session: Session) -> None:
        self.outbox.add_envelopes(session, self.envelopes)
        self.envelopes = []


def capture_visit(session: Session, outbox: Outbox, data: dict, *, source: str,
                  now: datetime, tz: tzinfo) -> tuple[Visit, bool]:
    """Record a visit; → (visit, created). Refused names every bad field at once."""
    events = Batched(outbox)
    visit, created = _capture(session, events, data, source=source, now=now, tz=tz)
    events.write(session)
    return visit, created


def _capture(session: Session, outbox: Batched, data: dict, *, source: str,
             now: datetime, tz: tzinfo) -> tuple[Visit, bool]:
    print_ = fingerprint(data)
    existing = session.get(Visit, data["visit_id"])
    if existing is not None:
        if existing.fingerprint != print_:
            raise Conflict("visit_id", f"visit {data['visit_id']} was already recorded with "
                                       "other content")
        return existing, False
    campaign = campaign_by_id(session, data["campaign_id"])
    household = session.get(Household, data["household_code"])
    row = session.get(CampaignHousehold, (campaign.id, data["household_code"]),
                      with_for_update=True)
    visited_at = data["visited_at"]
    day = visited_at.astimezone(tz).date()
    problems: list[tuple[str, str]] = []
    if household is None:
        problems.append(("household_code", f"unknown household {data['household_code']}"))
    elif row is None:
        problems.append(("household_code", f"household {household.code} (grid "
                                           f"{household.grid_code}) is not in campaign "
                                           f"{campaign.id}'s grids"))
    if visited_at > now + CLOCK_SKEW:
        problems.append(("visited_at", f"{visited_at.isoformat()} is in the future"))
    if not campaign.start <= day <= campaign.end:
        problems.append(("visited_at", f"{day} (local) is outside the campaign's period "
                                       f"{campaign.start} to {campaign.end}"))
    if household is not None and row is not None:
        problems += _shift_problems(session, data, household, row, day)
    problems += _content_problems(session, campaign, household, data)
    if problems:
        raise Refused(problems)

    registered = people_registered(session, household.household_id)
    attempt = 1 + session.execute(select(func.count()).select_from(Visit).where(
        Visit.campaign_id == campaign.id,
        Visit.household_code == household.code)).scalar_one()
    visit = Visit(visit_id=data["visit_id"], campaign_id=campaign.id,
                  household_code=household.code, grid_code=household.grid_code,
                  visitor_id=data["visitor_id"], shift_key=data.get("shift_key"),
                  visited_at=visited_at, day=day, method=data["method"],
                  outcome=data["outcome"], attempt=attempt,
                  questionnaire_version=campaign.questionnaire_version,
                  answers=_jsonable(data.get("answers") or {}),
                  people_found=data.get("people_found"), people_registered=registered,
                  fingerprint=print_, source=source[:120], received_at=now)
    session.add(visit)
    session.flush()
    ref = {"campaign_id": campaign.id, "household_code": household.code,
           "grid_code": household.grid_code}
    _apply_state(session, outbox, campaign, row, visit, ref, now=now)
    _open_discrepancy(session, outbox, visit, ref, now=now)
    corrections = propose(session, outbox, data.get("corrections") or [],
                          visit_id=visit.visit_id, now=now, **ref)
    hazards = _hazards(session, outbox, data.get("hazards") or [], visit, ref, now=now)
    for item in data.get("requests") or []:
        raise_request(session, outbox, grid_code=household.grid_code,
                      household_code=household.code, category=item["category"],
                      urgency=item["urgency"], note=item.get("note"), raised_at=visited_at,
                      campaign_id=campaign.id, visit_id=visit.visit_id)
    outbox.add(session, "visit_recorded", {
        **ref, "visit_id": visit.visit_id, "visitor_id": visit.visitor_id,
        "shift_key": visit.shift_key, "visited_at": visited_at, "day": day,
        "method": visit.method, "outcome": visit.outcome, "attempt": attempt,
        "people_found": visit.people_found, "people_registered": registered,
        "hazards": hazards, "requests": len(data.get("requests") or []),
        "corrections": corrections}, subject=household.code)
    return visit, True


def _shift_problems(session: Session, data: dict, household: Household,
                    row: CampaignHousehold, day) -> list[tuple[str, str]]:
    key, visitor = data.get("shift_key"), data["visitor_id"]
    if not key:
        if data["method"] == "in_person":
            return [("shift_key", "required for an in-person visit")]
        if not row.follow_up:
            return [("shift_key", f"required: household {household.code} is not on the "
                                  "follow-up list (phone/video without a shift is for "
                                  "follow-up households only)")]
        return []
    shift = session.get(Shift, key)
    if shift is None:
        return [("shift_key", f"unknown shift {key}")]
    problems = []
    if shift.status == "cancelled":
        problems.append(("shift_key", f"shift {key} was cancelled"))
    elif not is_door_to_door(shift):
        problems.append(("shift_key", f"shift {key} is not a door_to_door shift"))
    if shift.place_code != household.grid_code:
        problems.append(("shift_key", f"shift {key} is in grid {shift.place_code}, not the "
                                      f"household's grid {household.grid_code}"))
    if shift.day != day:
        problems.append(("shift_key", f"shift {key} is on {shift.day}, the visit on {day}"))
    if not volunteer_on_shift(session, key, visitor, data["visited_at"]):
        problems.append(("visitor_id", f"{visitor} is not on shift {key}"))
    return problems


def _content_problems(session: Session, campaign, household: Household | None,
                      data: dict) -> list[tuple[str, str]]:
    problems = []
    outcome = data["outcome"]
    version = data.get("questionnaire_version")
    if version is not None and version != campaign.questionnaire_version:
        problems.append(("questionnaire_version",
                         f"campaign {campaign.id} uses version "
                         f"{campaign.questionnaire_version} of {campaign.questionnaire_id}, "
                         f"not {version}"))
    else:
        errors = validate_answers(questionnaire_of(session, campaign),
                                  data.get("answers") or {}, outcome=outcome)
        problems += [(f"answers.{q}", reason) for q, reasons in errors.items()
                     for reason in reasons]
    if outcome != "reached":
        for name in ("corrections", "requests"):
            if data.get(name):
                problems.append((name, f"only a reached household can give {name}"))
        if data.get("people_found") is not None:
            problems.append(("people_found", "only counted when the household is reached"))
    if data.get("corrections") and household is not None:
        errors = validate_corrections(list(data["corrections"]), household_residents=
                                      household_residents(session, household.household_id))
        problems += [(field, reason) for field, reasons in errors.items()
                     for reason in reasons]
    return problems


def _apply_state(session: Session, outbox: Outbox, campaign, row: CampaignHousehold,
                 visit: Visit, ref: dict, *, now: datetime) -> None:
    before = row.state
    new, changed = record_visit(state_of(row), visit.outcome,
                                max_attempts=campaign.max_attempts,
                                visited_at=visit.visited_at)
    if changed:
        write_state(session, outbox, row, new, at=visit.visited_at, day=visit.day,
                    visit_id=visit.visit_id)
    if row.state != "assigned":
        row.shift_key = row.volunteer_id = None
        task = session.execute(select(Task).where(
            Task.campaign_id == campaign.id, Task.household_code == row.household_code,
            Task.status == OPEN).with_for_update()).scalar_one_or_none()
        if task is not None:
            task.status, task.closed_at, task.visit_id = DONE, now, visit.visit_id
    if before != "reached" and row.state == "reached":
        row.reached_at = visit.visited_at
        outbox.add(session, "household_reached", {
            **ref, "visit_id": visit.visit_id, "reached_at": visit.visited_at,
            "day": visit.day, "people_found": visit.people_found,
            "people_registered": visit.people_registered}, subject=row.household_code)


def _open_discrepancy(session: Session, outbox: Outbox, visit: Visit, ref: dict, *,
                      now: datetime) -> None:
    if not opens_discrepancy(visit.outcome, visit.people_found, visit.people_registered):
        return
    discrepancy = Discrepancy(id=f"dis-{uuid.uuid4().hex}", visit_id=visit.visit_id,
                              people_found=visit.people_found,
                              people_registered=visit.people_registered, day=visit.day,
                              status="open", opened_at=now, **ref)
    session.add(discrepancy)
    outbox.add(session, "discrepancy_opened", {
        **ref, "discrepancy_id": discrepancy.id, "visit_id": visit.visit_id,
        "people_found": visit.people_found, "people_registered": visit.people_registered,
        "day": visit.day}, subject=visit.household_code)


def _hazards(session: Session, outbox: Outbox, items: list[dict], visit: Visit, ref: dict,
             *, now: datetime) -> int:
    for item in items:
        hazard = Hazard(id=f"haz-{uuid.uuid4().hex}", visit_id=visit.visit_id,
                        kind=item["kind"], severity=item["severity"], note=item.get("note"),
                        day=visit.day, found_at=visit.visited_at, **ref)
        session.add(hazard)
        outbox.add(session, "hazard_found", {
            **ref, "hazard_id": hazard.id, "visit_id": visit.visit_id, "kind": hazard.kind,
            "severity": hazard.severity, "day": visit.day}, subject=visit.household_code)
    return len(items)


def _jsonable(answers: dict) -> dict:
    return json.loads(json.dumps(answers, default=_plain))


def visit_view(visit: Visit) -> dict:
    return {"visit_id": visit.visit_id, "campaign_id": visit.campaign_id,
            "household_code": visit.household_code, "grid_code": visit.grid_code,
            "visitor_id": visit.visitor_id, "shift_key": visit.shift_key,
            "visited_at": visit.visited_at, "day": visit.day, "method": visit.method,
            "outcome": visit.outcome, "attempt": visit.attempt,
            "questionnaire_version": visit.questionnaire_version, "answers": visit.answers,
            "people_found": visit.people_found,
            "people_registered": visit.people_registered, "received_at": visit.received_at}
