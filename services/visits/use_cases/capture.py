"""Visit capture (走访): one attempt at one household, from HTTP, the CLI or a phone
(integration.visit_captured). Checked whole, then applied in the caller's transaction:
the visit, the household's state, its task, the discrepancy, corrections, hazards and
requests, and their events are written together or not at all.

A visit carries its client's id: the same visit sent again (a phone that was offline
resends) is recorded once; the same id with other content is a conflict. It counts on
the local day it happened, however late it arrives. It names the account that captured
it (`recorded_by`, issue 13) apart from the channel it came by (`source`: "api", or the
broker's event id), and so do the requests it raises.

Phones' visits arrive a batch at a time: the rules (domain/visit_checks.py) read what
adapters/capture_batch.py loaded for the whole batch, and what an accepted visit writes is
staged into the batch, so a visit costs no round trip of its own. A visit over HTTP is a
batch of one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from services.common import config
from services.common.errors import Conflict, NotFound, refuse_if
from services.common.free_text import mask_identifiers, mask_in
from services.common.unit_of_work import UnitOfWork
from services.visits.adapters.capture_batch import CampaignRow, VisitBatch, VisitWrites
from services.visits.adapters.states import state_of, write_state
from services.visits.domain.households import record_visit
from services.visits.domain.reconcile import opens_discrepancy
from services.visits.domain.visit_checks import VisitContext, check_visit, visit_day
from services.visits.use_cases.corrections import propose
from services.visits.use_cases.resident_requests import new_request


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


def capture_visit(uow: UnitOfWork, data: dict, *, source: str, now: datetime,
                  tz: tzinfo, recorded_by: str | None = None) -> tuple[Any, bool]:
    """Record one visit on its own (HTTP, the CLI); → (visit, created). Refused names
    every bad field at once. Phones' visits come in batches: see `capture`."""
    # a batch of one whose events are the unit of work's: its flush writes the rows, and
    # the events reach the outbox when the unit of work ends, with whatever else it staged
    batch = VisitBatch(uow.events.outbox, now=now, tz=tz, events=uow.events)
    result = capture(uow.session, batch, data, source=source, recorded_by=recorded_by)
    batch.flush(uow.session)
    return result


def capture(session: Session, batch: VisitBatch, data: dict, *,
            source: str, recorded_by: str | None = None) -> tuple[Any, bool]:
    """Check one visit against what the batch loaded and, if it passes, add its writes
    to the batch; → (visit, created). A refusal leaves the batch as it was."""
    with batch.visit(session, data) as writes:
        visit, created = _capture(session, batch, writes, data, source=source,
                                  recorded_by=recorded_by)
        batch.accept(writes)
        return visit, created


def _capture(session: Session, batch: VisitBatch, writes: VisitWrites, data: dict, *,
             source: str, recorded_by: str | None) -> tuple[Any, bool]:
    print_ = fingerprint(data)
    existing = batch.recorded.get(data["visit_id"])
    if existing is not None:
        if existing.fingerprint != print_:
            raise Conflict("visit_id", f"visit {data['visit_id']} was already recorded with "
                                       "other content")
        return existing, False
    campaign = batch.campaigns.get(data["campaign_id"])
    if campaign is None:
        raise NotFound("campaign", data["campaign_id"])
    context = _context(batch, campaign, data)
    refuse_if(check_visit(data, context))
    household, loaded, residents = context.household, context.membership, context.residents
    visited_at = data["visited_at"]
    day = visit_day(visited_at, batch.tz)

    # the batch keeps the row as loaded until this visit is accepted whole
    row = replace(loaded, visits=loaded.visits + 1)
    registered = len(residents)
    visit = SimpleNamespace(
        visit_id=data["visit_id"], campaign_id=campaign.id, household_code=household.code,
        grid_code=household.grid_code, visitor_id=data["visitor_id"],
        shift_key=data.get("shift_key"), visited_at=visited_at, day=day,
        method=data["method"], outcome=data["outcome"], attempt=row.visits,
        questionnaire_version=campaign.questionnaire_version,
        answers=mask_in(_jsonable(data.get("answers") or {})),
        people_found=data.get("people_found"),
        people_registered=registered, fingerprint=print_, source=source[:120],
        recorded_by=recorded_by, received_at=batch.now)
    writes.insert("visits", dict(vars(visit)))
    writes.visit = visit
    ref = {"campaign_id": campaign.id, "household_code": household.code,
           "grid_code": household.grid_code}
    _apply_state(writes, campaign, row, visit, ref, batch.open_tasks.get(
        (campaign.id, household.code)))
    _open_discrepancy(writes, visit, ref, now=batch.now)
    corrections = propose(writes, data.get("corrections") or [], visit_id=visit.visit_id,
                          now=batch.now, **ref)
    hazards = _hazards(writes, data.get("hazards") or [], visit, ref)
    for item in data.get("requests") or []:
        row_, history, payload = new_request(
            grid_code=household.grid_code, household_code=household.code,
            category=item["category"], urgency=item["urgency"], note=item.get("note"),
            raised_at=visited_at, campaign_id=campaign.id, visit_id=visit.visit_id,
            actor=recorded_by)
        writes.insert("requests", row_)
        writes.insert("request_history", history)
        writes.events.add("request_raised", payload, subject=row_["id"])
    writes.events.add("visit_recorded", {
        **ref, "visit_id": visit.visit_id, "visitor_id": visit.visitor_id,
        "recorded_by": recorded_by, "shift_key": visit.shift_key,
        "visited_at": visited_at, "day": day,
        "method": visit.method, "outcome": visit.outcome, "attempt": visit.attempt,
        "people_found": visit.people_found, "people_registered": registered,
        "hazards": hazards, "requests": len(data.get("requests") or []),
        "corrections": corrections}, subject=household.code)
    return visit, True


def _context(batch: VisitBatch, campaign, data: dict) -> VisitContext:
    """What the batch loaded for this visit, as the rules read it: dictionary lookups
    only (everything was read set-based for the whole batch)."""
    household = batch.households.get(data["household_code"])
    key = data.get("shift_key")
    return VisitContext(
        campaign=campaign,
        questionnaire=batch.questionnaires[(campaign.questionnaire_id,
                                            campaign.questionnaire_version)],
        household=household,
        membership=batch.rows.get((campaign.id, data["household_code"])),
        residents=(batch.residents.get(household.household_id, frozenset())
                   if household is not None else frozenset()),
        shift=batch.shifts.get(key) if key else None,
        booking=batch.volunteers.get((key, data["visitor_id"])) if key else None,
        now=batch.now, tz=batch.tz, rules=batch.rules)


def _apply_state(writes: VisitWrites, campaign, row: CampaignRow, visit, ref: dict,
                 task_id: int | None) -> None:
    before = row.state
    new, changed = record_visit(state_of(row), visit.outcome,
                                max_attempts=campaign.max_attempts,
                                visited_at=visit.visited_at)
    if changed:
        write_state(writes.events, row, new, at=visit.visited_at, day=visit.day,
                    visit_id=visit.visit_id)
    if row.state != "assigned":
        row.shift_key = row.volunteer_id = None
        if task_id is not None:
            writes.tasks_done.append(((row.campaign_id, row.household_code), task_id,
                                      visit.visit_id))
    if before != "reached" and row.state == "reached":
        row.reached_at = visit.visited_at
        writes.events.add("household_reached", {
            **ref, "visit_id": visit.visit_id, "reached_at": visit.visited_at,
            "day": visit.day, "people_found": visit.people_found,
            "people_registered": visit.people_registered}, subject=row.household_code)
    writes.campaign_rows.append(row)


def _open_discrepancy(writes: VisitWrites, visit, ref: dict, *, now: datetime) -> None:
    if not opens_discrepancy(visit.outcome, visit.people_found, visit.people_registered):
        return
    discrepancy_id = f"dis-{uuid.uuid4().hex}"
    writes.insert("discrepancies", {
        **ref, "id": discrepancy_id, "visit_id": visit.visit_id,
        "people_found": visit.people_found, "people_registered": visit.people_registered,
        "day": visit.day, "status": "open", "opened_at": now})
    writes.events.add("discrepancy_opened", {
        **ref, "discrepancy_id": discrepancy_id, "visit_id": visit.visit_id,
        "people_found": visit.people_found, "people_registered": visit.people_registered,
        "day": visit.day}, subject=visit.household_code)


def _hazards(writes: VisitWrites, items: list[dict], visit, ref: dict) -> int:
    for item in items:
        hazard_id = f"haz-{uuid.uuid4().hex}"
        writes.insert("hazards", {
            **ref, "id": hazard_id, "visit_id": visit.visit_id, "kind": item["kind"],
            "severity": item["severity"], "note": mask_identifiers(item.get("note")),
            "day": visit.day,
            "found_at": visit.visited_at})
        writes.events.add("hazard_found", {
            **ref, "hazard_id": hazard_id, "visit_id": visit.visit_id, "kind": item["kind"],
            "severity": item["severity"], "day": visit.day}, subject=visit.household_code)
    return len(items)


def _jsonable(answers: dict) -> dict:
    return json.loads(json.dumps(answers, default=_plain))
