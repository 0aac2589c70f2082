"""Payloads published by visits on `visits.events`.

Codes, ids, dates, outcomes and counts: never an ID number, phone or name in clear, and
no free text (notes written by visitors can hold anything; they stay in visits).
A new resident found at the door travels to the registry only inside `sealed`
(services/common/seal.py), which the registry alone can open.

Writes name their author by account id (issue 13): `recorded_by` on a visit, `actor` on
a request's steps; null where no account was behind it (a phone's visit through the
broker, the overdue sweep) and in events published before.

Household states carry a `version` that grows with every change of that household in
that campaign: a consumer keeps the highest version it has seen and can ignore older ones
arriving late or twice.
"""

from marshmallow import Schema, fields, validate

from services.common.vocab import (
    CORRECTION_KINDS,
    DISCREPANCY_RESOLUTIONS,
    HAZARD_KINDS,
    HAZARD_SEVERITIES,
    HOUSEHOLD_STATES,
    RELEASE_REASONS,
    REQUEST_CATEGORIES,
    REQUEST_CLOSERS,
    REQUEST_STATUSES,
    URGENCIES,
    VISIT_METHODS,
    VISIT_OUTCOMES,
)


class CampaignPayload(Schema):
    campaign_id = fields.String(required=True)
    name = fields.String(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    area_codes = fields.List(fields.String(), required=True,
                             metadata={"description": "grid or community codes as given"})
    grid_codes = fields.List(fields.String(), required=True,
                             metadata={"description": "every grid the campaign covers"})
    households = fields.Integer(required=True,
                                metadata={"description": "households in those grids"})
    questionnaire_id = fields.String(required=True)
    questionnaire_version = fields.Integer(required=True)
    max_attempts = fields.Integer(required=True,
                                  metadata={"description": "not-home visits before the "
                                                           "household goes to follow-up"})


class CampaignEnded(Schema):
    campaign_id = fields.String(required=True)
    ended_on = fields.Date(required=True)
    households = fields.Integer(required=True)
    reached = fields.Integer(required=True)


class TasksAssigned(Schema):
    campaign_id = fields.String(required=True)
    shift_key = fields.String(required=True)
    grid_code = fields.String(required=True)
    day = fields.Date(required=True)
    half = fields.String(required=True)
    volunteer_id = fields.String(required=True)
    household_codes = fields.List(fields.String(), required=True)


class TasksReleased(Schema):
    campaign_id = fields.String(required=True)
    shift_key = fields.String(required=True)
    grid_code = fields.String(required=True)
    volunteer_id = fields.String(required=True, allow_none=True)
    household_codes = fields.List(fields.String(), required=True)
    reason = fields.String(required=True, validate=validate.OneOf(RELEASE_REASONS))
    moved_to = fields.String(load_default=None, allow_none=True,
                             metadata={"description": "the replacement volunteer, when "
                                                      "the tasks moved rather than ended"})


class HouseRef(Schema):
    campaign_id = fields.String(required=True)
    household_code = fields.String(required=True)
    grid_code = fields.String(required=True)


class VisitRecorded(HouseRef):
    visit_id = fields.String(required=True, metadata={"description": "client-generated"})
    visitor_id = fields.String(required=True, metadata={"description": "volunteer id"})
    recorded_by = fields.String(load_default=None, allow_none=True,
                                metadata={"description": "account id that captured it "
                                                         "(null: through the broker)"})
    shift_key = fields.String(required=True, allow_none=True)
    visited_at = fields.AwareDateTime(required=True)
    day = fields.Date(required=True, metadata={"description": "local day it happened "
                                                              "(not when it arrived)"})
    method = fields.String(required=True, validate=validate.OneOf(VISIT_METHODS))
    outcome = fields.String(required=True, validate=validate.OneOf(VISIT_OUTCOMES))
    attempt = fields.Integer(required=True, metadata={"description": "1 for the first "
                                                                     "visit of the household"})
    people_found = fields.Integer(required=True, allow_none=True)
    people_registered = fields.Integer(required=True)
    hazards = fields.Integer(required=True)
    requests = fields.Integer(required=True)
    corrections = fields.Integer(required=True)


class HouseholdStateChanged(HouseRef):
    state = fields.String(required=True, validate=validate.OneOf(HOUSEHOLD_STATES))
    previous_state = fields.String(required=True, validate=validate.OneOf(HOUSEHOLD_STATES))
    attempts = fields.Integer(required=True)
    follow_up = fields.Boolean(required=True, metadata={"description": "on the phone/video "
                                                                       "follow-up list"})
    version = fields.Integer(required=True)
    at = fields.AwareDateTime(required=True)
    day = fields.Date(required=True)
    visit_id = fields.String(required=True, allow_none=True)


class HouseholdsJoined(Schema):
    campaign_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    household_codes = fields.List(
        fields.String(), required=True,
        metadata={"description": "households of this grid that joined the campaign, each "
                                 "once; at most 1,000 (one registry import event)"})
    state = fields.String(required=True, validate=validate.Equal("unassigned"),
                          metadata={"description": "every listed household's state"})
    version = fields.Integer(required=True, validate=validate.Equal(1),
                             metadata={"description": "every listed household's state "
                                                      "version (its first)"})
    at = fields.AwareDateTime(required=True)
    day = fields.Date(required=True)


class HouseholdReached(HouseRef):
    visit_id = fields.String(required=True)
    reached_at = fields.AwareDateTime(required=True)
    day = fields.Date(required=True)
    people_found = fields.Integer(required=True, allow_none=True)
    people_registered = fields.Integer(required=True)


class DiscrepancyOpened(HouseRef):
    discrepancy_id = fields.String(required=True)
    visit_id = fields.String(required=True)
    people_found = fields.Integer(required=True)
    people_registered = fields.Integer(required=True)
    day = fields.Date(required=True)


class DiscrepancyClosed(HouseRef):
    discrepancy_id = fields.String(required=True)
    resolution = fields.String(required=True,
                               validate=validate.OneOf(DISCREPANCY_RESOLUTIONS))
    at = fields.AwareDateTime(required=True)


class CorrectionProposed(HouseRef):
    correction_id = fields.String(required=True)
    visit_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CORRECTION_KINDS))
    resident_id = fields.Integer(required=True, allow_none=True,
                                 metadata={"description": "null for a new resident"})
    id_hash = fields.String(load_default=None, allow_none=True,
                            metadata={"description": "keyed hash, new resident only"})
    id_masked = fields.String(load_default=None, allow_none=True)
    name_masked = fields.String(load_default=None, allow_none=True)
    sealed = fields.String(load_default=None, allow_none=True,
                           metadata={"description": "new resident only: name and ID number, "
                                                    "encrypted for the registry"})
    gender = fields.String(load_default=None, allow_none=True)
    birth_year = fields.Integer(load_default=None, allow_none=True)
    tags_add = fields.List(fields.String(), load_default=list)
    tags_remove = fields.List(fields.String(), load_default=list)
    status = fields.Dict(load_default=dict, metadata={"description": "registry status "
                                                                     "fields to set"})
    moved_on = fields.Date(load_default=None, allow_none=True)
    day = fields.Date(load_default=None, allow_none=True,
                      metadata={"description": "local day of the visit (a late visit "
                                               "counts then); moved_out defaults to it"})


class HazardFound(HouseRef):
    hazard_id = fields.String(required=True)
    visit_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HAZARD_KINDS))
    severity = fields.String(required=True, validate=validate.OneOf(HAZARD_SEVERITIES))
    day = fields.Date(required=True)


class RequestRef(Schema):
    request_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    household_code = fields.String(required=True, allow_none=True)
    campaign_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, validate=validate.OneOf(REQUEST_CATEGORIES))
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    status = fields.String(required=True, validate=validate.OneOf(REQUEST_STATUSES))
    raised_at = fields.AwareDateTime(required=True)
    due_at = fields.AwareDateTime(required=True)
    at = fields.AwareDateTime(required=True, metadata={"description": "when this change "
                                                                      "happened"})
    version = fields.Integer(required=True)
    actor = fields.String(load_default=None, allow_none=True,
                          metadata={"description": "account id that made this change "
                                                   "(null: the service itself, or none "
                                                   "known)"})


class RequestRaised(RequestRef):
    visit_id = fields.String(required=True, allow_none=True)


class RequestAssigned(RequestRef):
    assignee = fields.String(required=True, metadata={"description": "unit or department "
                                                                     "as named (free text, "
                                                                     "identifiers masked)"})
    assigned_to = fields.String(load_default=None, allow_none=True,
                                metadata={"description": "code of the unit or department "
                                                         "(a request handler's grant)"})
    transferred = fields.Boolean(required=True, metadata={"description": "转办: moved from "
                                                                         "another assignee"})


class RequestClosed(RequestRef):
    closed_by = fields.String(required=True, validate=validate.OneOf(REQUEST_CLOSERS))


class RequestOverdue(RequestRef):
    escalated_to = fields.String(required=True, allow_none=True,
                                 metadata={"description": "area code one level up; null at "
                                                          "the top"})
    level = fields.Integer(required=True, metadata={"description": "1 on the first "
                                                                   "escalation"})


EVENTS = {
    "campaign_started": (CampaignPayload, "A campaign (活动, e.g. 三询问一完善) began."),
    "campaign_ended": (CampaignEnded, "A campaign ended, with its final coverage counts."),
    "tasks_assigned": (TasksAssigned, "Households handed to one volunteer of a "
                                      "door_to_door shift."),
    "tasks_released": (TasksReleased, "Open tasks taken back (shift cancelled or ended, "
                                      "volunteer replaced)."),
    "visit_recorded": (VisitRecorded, "A visit (走访) was captured: one attempt at one "
                                      "household."),
    "household_state_changed": (HouseholdStateChanged, "A household's state in a campaign "
                                                       "changed (versioned)."),
    "households_joined": (HouseholdsJoined, "Households registered after a campaign "
                                            "started joined it, per grid: for each one "
                                            "the same as a household_state_changed to "
                                            "unassigned with version 1, attempts 0, no "
                                            "follow-up, no visit."),
    "household_reached": (HouseholdReached, "A household was reached for the first time "
                                            "in a campaign."),
    "discrepancy_opened": (DiscrepancyOpened, "People found at the door differ from the "
                                              "registry's count."),
    "discrepancy_closed": (DiscrepancyClosed, "A head-count discrepancy was settled."),
    "correction_proposed": (CorrectionProposed, "A visit proposes a change to the registry "
                                                "(完善): the registry applies it."),
    "hazard_found": (HazardFound, "A home safety hazard (water, electricity, gas, fire) "
                                  "was found."),
    "request_raised": (RequestRaised, "A resident's difficulty or request (困难诉求) was "
                                      "raised; due_at follows the service levels of "
                                      "docs/rules.md."),
    "request_assigned": (RequestAssigned, "A request was assigned or transferred (转办)."),
    "request_resolved": (RequestRef, "A request was resolved by its assignee."),
    "request_reopened": (RequestRef, "A resolved request was reopened: the resident did not "
                                     "confirm it (back to assigned, or open)."),
    "request_closed": (RequestClosed, "A request was closed (resident confirmed or grid "
                                      "leader closed)."),
    "request_overdue": (RequestOverdue, "A request passed its due time and was escalated "
                                        "one level up the area tree (the escalation rule "
                                        "of docs/rules.md)."),
}
