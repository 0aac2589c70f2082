"""The rules a visit must pass to be recorded, as plain Python over what the batch loaded.

`check_visit` names every problem at once, as (field, reason): the household must be in
the campaign's grids, the visit not in the future nor outside the campaign's period, made
on a door-to-door shift of the household's grid that day, during its hours, by someone
on it (or, without a shift, a phone or video call to a follow-up household), and its
content must fit the campaign's questionnaire and what a visit of its outcome may carry.

It reads only its arguments: the capture use case hands it what the batch loader
(adapters/capture_batch.py) read for the whole batch in a few statements, so a visit
costs no round trip of its own and the rules are tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol

from services.common.clock import ahead_of
from services.common.slots import AttendanceRules, hhmm, shift_hours, visit_window
from services.visits.domain.questionnaire import Questionnaire, validate_answers
from services.visits.domain.reconcile import validate_corrections
from services.visits.domain.shifts import CANCELLED, BookingFacts, is_door_to_door, was_on_shift

Problems = list[tuple[str, str]]


class CampaignFacts(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    @property
    def questionnaire_id(self) -> str: ...
    @property
    def questionnaire_version(self) -> int: ...


class HouseholdFacts(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def grid_code(self) -> str: ...


class MembershipFacts(Protocol):
    """The household's row in the campaign."""

    @property
    def follow_up(self) -> bool: ...


class VisitShift(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def task_kinds(self) -> list[str] | None: ...
    @property
    def place_code(self) -> str: ...
    @property
    def day(self) -> date: ...
    @property
    def half(self) -> str: ...


@dataclass(frozen=True, slots=True)
class VisitContext:
    """What one visit is checked against. ``household`` None: not registered;
    ``membership`` None: not in the campaign's grids; ``shift`` None: the visit names no
    shift, or one nobody knows; ``booking`` None: its visitor was never on it."""

    campaign: CampaignFacts
    questionnaire: Questionnaire
    household: HouseholdFacts | None
    membership: MembershipFacts | None
    residents: frozenset[int]
    shift: VisitShift | None
    booking: BookingFacts | None
    now: datetime
    tz: tzinfo
    rules: AttendanceRules


def visit_day(visited_at: datetime, tz: tzinfo) -> date:
    """A visit counts on the local day it happened, however late it arrives."""
    return visited_at.astimezone(tz).date()


def check_visit(visit: Mapping, context: VisitContext) -> Problems:
    """Every reason to refuse the visit (a validated visit_captured payload), as
    (field, reason); empty means it may be recorded."""
    campaign, household, membership = context.campaign, context.household, context.membership
    visited_at = visit["visited_at"]
    day = visit_day(visited_at, context.tz)
    problems: Problems = []
    if household is None:
        problems.append(("household_code", f"unknown household {visit['household_code']}"))
    elif membership is None:
        problems.append(("household_code", f"household {household.code} (grid "
                                           f"{household.grid_code}) is not in campaign "
                                           f"{campaign.id}'s grids"))
    if ahead_of(visited_at, context.now):
        problems.append(("visited_at", f"{visited_at.isoformat()} is in the future"))
    if not campaign.start <= day <= campaign.end:
        problems.append(("visited_at", f"{day} (local) is outside the campaign's period "
                                       f"{campaign.start} to {campaign.end}"))
    if household is not None and membership is not None:
        problems += shift_problems(visit, context, household, membership, day)
    problems += content_problems(visit, context)
    return problems


def shift_problems(visit: Mapping, context: VisitContext, household: HouseholdFacts,
                   membership: MembershipFacts, day: date) -> Problems:
    key, visitor = visit.get("shift_key"), visit["visitor_id"]
    if not key:
        if visit["method"] == "in_person":
            return [("shift_key", "required for an in-person visit")]
        if not membership.follow_up:
            return [("shift_key", f"required: household {household.code} is not on the "
                                  "follow-up list (phone/video without a shift is for "
                                  "follow-up households only)")]
        return []
    shift = context.shift
    if shift is None:
        return [("shift_key", f"unknown shift {key}")]
    problems = []
    if shift.status == CANCELLED:
        problems.append(("shift_key", f"shift {key} was cancelled"))
    elif not is_door_to_door(shift):
        problems.append(("shift_key", f"shift {key} is not a door_to_door shift"))
    if shift.place_code != household.grid_code:
        problems.append(("shift_key", f"shift {key} is in grid {shift.place_code}, not the "
                                      f"household's grid {household.grid_code}"))
    if shift.day != day:
        problems.append(("shift_key", f"shift {key} is on {shift.day}, the visit on {day}"))
    else:
        problems += hour_problems(shift, visit["visited_at"], context.tz, context.rules)
    if not was_on_shift(context.booking, visit["visited_at"]):
        problems.append(("visitor_id", f"{visitor} is not on shift {key}"))
    return problems


def hour_problems(shift: VisitShift, visited_at: datetime, tz: tzinfo,
                  rules: AttendanceRules) -> Problems:
    """A visit on a shift happens during its hours, give or take the tolerance: one at
    07:17 on an 08:00 batch was not made on it (docs/shifts.md)."""
    opens, closes = visit_window(shift.day, shift.half, tz, rules)
    if opens <= visited_at <= closes:
        return []
    start, end = shift_hours(shift.day, shift.half, tz)
    minutes = int(rules.visit_tolerance.total_seconds() // 60)
    return [("visited_at", f"{visited_at.astimezone(tz).isoformat()} is outside shift "
                           f"{shift.key}'s hours ({hhmm(start, tz)}–{hhmm(end, tz)} local, "
                           f"give or take {minutes} min)")]


def content_problems(visit: Mapping, context: VisitContext) -> Problems:
    """The answers against the campaign's questionnaire version, and what only a reached
    household can give (corrections, requests, a head-count)."""
    campaign = context.campaign
    problems: Problems = []
    outcome = visit["outcome"]
    version = visit.get("questionnaire_version")
    if version is not None and version != campaign.questionnaire_version:
        problems.append(("questionnaire_version",
                         f"campaign {campaign.id} uses version "
                         f"{campaign.questionnaire_version} of {campaign.questionnaire_id}, "
                         f"not {version}"))
    else:
        errors = validate_answers(context.questionnaire, visit.get("answers") or {},
                                  outcome=outcome)
        problems += [(f"answers.{q}", reason) for q, reasons in errors.items()
                     for reason in reasons]
    if outcome != "reached":
        for name in ("corrections", "requests"):
            if visit.get(name):
                problems.append((name, f"only a reached household can give {name}"))
        if visit.get("people_found") is not None:
            problems.append(("people_found", "only counted when the household is reached"))
    if visit.get("corrections") and context.household is not None:
        errors = validate_corrections(list(visit["corrections"]),
                                      household_residents=set(context.residents))
        problems += [(field, reason) for field, reasons in errors.items()
                     for reason in reasons]
    return problems
