"""What visits' HTTP API answers, as schemas (use_cases/campaigns.py, reads.py and
resident_requests.py build the answers): the OpenAPI document publishes them per route.
Nested figures and rows are open objects where their fields vary with the questionnaire."""

from __future__ import annotations

from marshmallow import Schema, fields


class Campaign(Schema):
    campaign_id = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True)
    ended_on = fields.Date(required=True, allow_none=True)
    per_volunteer = fields.Integer(required=True, allow_none=True)
    version = fields.Integer(required=True)
    households = fields.Integer(required=True)
    states = fields.Dict(required=True, metadata={"description": "state → households"})
    coverage = fields.Float(required=True)
    figures_within = fields.List(fields.String(), required=True, allow_none=True, metadata={
        "description": "the grids counted (those the caller holds); null: all"})


class Campaigns(Schema):
    campaigns = fields.List(fields.Nested(Campaign), required=True)


class Coverage(Campaign):
    grids = fields.List(fields.Dict(), required=True)


class CampaignHousehold(Schema):
    household_code = fields.String(required=True)
    grid_code = fields.String(required=True)
    state = fields.String(required=True, allow_none=True)
    attempts = fields.Integer(required=True, allow_none=True)


class GridHouseholds(Schema):
    campaign_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    households = fields.List(fields.Nested(CampaignHousehold), required=True)


class FollowUp(Schema):
    campaign_id = fields.String(required=True)
    households = fields.List(fields.Nested(CampaignHousehold), required=True)


class Visit(Schema):
    visit_id = fields.String(required=True)
    campaign_id = fields.String(required=True)
    household_code = fields.String(required=True)
    grid_code = fields.String(required=True)
    visitor_id = fields.String(required=True)
    recorded_by = fields.String(required=True, allow_none=True, metadata={
        "description": "account id that captured it (null: through the broker)"})
    shift_key = fields.String(required=True, allow_none=True)
    visited_at = fields.String(required=True)
    day = fields.Date(required=True)
    method = fields.String(required=True)
    outcome = fields.String(required=True)
    attempt = fields.Integer(required=True, allow_none=True)
    answers = fields.Dict(required=True, allow_none=True,
                          metadata={"description": "ID numbers and phones masked"})
    people_found = fields.Integer(required=True, allow_none=True)
    people_registered = fields.Integer(required=True, allow_none=True)


class HouseholdVisits(Schema):
    household_code = fields.String(required=True)
    visits = fields.List(fields.Dict(), required=True)


class ShiftTasks(Schema):
    shift_key = fields.String(required=True)
    grid_code = fields.String(required=True, allow_none=True)
    day = fields.Date(required=True)
    status = fields.String(required=True)
    volunteers = fields.List(fields.Dict(), required=True)


class VolunteerTasks(Schema):
    volunteer_id = fields.String(required=True)
    shifts = fields.List(fields.Nested(ShiftTasks), required=True, metadata={
        "description": "the volunteer's shifts from the day asked, each with only their "
                       "own tasks"})


class Discrepancies(Schema):
    discrepancies = fields.List(fields.Dict(), required=True)


class Hazards(Schema):
    hazards = fields.List(fields.Dict(), required=True)


class RequestStep(Schema):
    at = fields.String(required=True)
    action = fields.String(required=True)
    status = fields.String(required=True)
    assigned_to = fields.String(required=True, allow_none=True)
    actor = fields.String(required=True, allow_none=True, metadata={
        "description": "account id that took the step (null: the overdue sweep, or not "
                       "recorded)"})
    note = fields.String(required=True, allow_none=True)


class Request(Schema):
    request_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    household_code = fields.String(required=True, allow_none=True)
    category = fields.String(required=True)
    urgency = fields.String(required=True)
    note = fields.String(required=True, allow_none=True,
                         metadata={"description": "ID numbers and phones masked"})
    status = fields.String(required=True)
    assignee = fields.String(required=True, allow_none=True)
    assigned_to = fields.String(required=True, allow_none=True, metadata={
        "description": "code of the unit or department assigned (a request handler's)"})
    raised_at = fields.String(required=True)
    due_at = fields.String(required=True)
    overdue = fields.Boolean(required=True)
    escalation_level = fields.Integer(required=True)
    version = fields.Integer(required=True)
    history = fields.List(fields.Nested(RequestStep),
                          metadata={"description": "GET of one request only"})


class Requests(Schema):
    requests = fields.List(fields.Nested(Request), required=True)
