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
    questionnaire_id = fields.String(required=True, metadata={
        "description": "GET /questionnaires/<id>/<version> answers its definition"})
    questionnaire_version = fields.Integer(required=True)
    max_attempts = fields.Integer(required=True)


class Campaigns(Schema):
    campaigns = fields.List(fields.Nested(Campaign), required=True)


class Coverage(Campaign):
    grids = fields.List(fields.Dict(), required=True)


class CampaignHousehold(Schema):
    household_code = fields.String(required=True)
    grid_code = fields.String(required=True)
    state = fields.String(required=True, allow_none=True)
    attempts = fields.Integer(required=True, allow_none=True)


class ResidentAtTheDoor(Schema):
    resident_id = fields.Integer(required=True)
    name_masked = fields.String(required=True, allow_none=True, metadata={
        "description": "masked as the registry publishes it (李*明); null until the "
                       "registry's next event about a resident copied before issue 14"})
    tags = fields.List(fields.String(), required=True, metadata={
        "description": "codes of services/common/vocab.py (elderly_alone, disabled, "
                       "key_person…)"})


class Doorstep(Schema):
    """Where a household is and who is registered there, as a task list shows it."""

    building_code = fields.String(required=True, allow_none=True)
    building_name = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True, metadata={
        "description": "residence, rental, shop or enterprise"})
    address = fields.String(required=True, allow_none=True)
    residents = fields.List(fields.Nested(ResidentAtTheDoor), required=True, metadata={
        "description": "the people registered there, names masked (never in clear: a "
                       "reveal is the registry's, audited)"})


class GridHousehold(CampaignHousehold, Doorstep):
    follow_up = fields.Boolean(required=True)
    volunteer_id = fields.String(required=True, allow_none=True)
    shift_key = fields.String(required=True, allow_none=True)
    last_outcome = fields.String(required=True, allow_none=True)
    last_visit_at = fields.String(required=True, allow_none=True)
    reached_at = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True)


class CampaignBrief(Schema):
    title = fields.String(required=True)
    questionnaire_id = fields.String(required=True, metadata={
        "description": "GET /questionnaires/<id>/<version> answers its definition"})
    questionnaire_version = fields.Integer(required=True)
    max_attempts = fields.Integer(required=True, metadata={
        "description": "not-home visits before the household goes to follow-up"})


CAMPAIGNS = fields.Dict(keys=fields.String(), values=fields.Nested(CampaignBrief),
                        required=True, metadata={
                            "description": "campaign id → its title and questionnaire, "
                                           "for every campaign of the households listed"})


class GridHouseholds(Schema):
    campaign_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    households = fields.List(fields.Nested(GridHousehold), required=True, metadata={
        "description": "in walking order: building by building, then address"})
    campaigns = CAMPAIGNS


class FollowUp(Schema):
    campaign_id = fields.String(required=True)
    households = fields.List(fields.Nested(GridHousehold), required=True, metadata={
        "description": "each with the people to call, names masked"})


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


class Task(Doorstep):
    campaign_id = fields.String(required=True)
    household_code = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "open, done or released"})
    state = fields.String(required=True, allow_none=True, metadata={
        "description": "the household's state in the campaign"})
    attempts = fields.Integer(required=True, allow_none=True)
    visit_id = fields.String(required=True, allow_none=True)


class VolunteerOnShift(Schema):
    volunteer_id = fields.String(required=True)
    open = fields.Integer(required=True, metadata={"description": "tasks still open"})
    tasks = fields.List(fields.Nested(Task), required=True, metadata={
        "description": "in walking order: building by building, then address"})


class ShiftTasks(Schema):
    shift_key = fields.String(required=True)
    grid_code = fields.String(required=True, allow_none=True)
    day = fields.Date(required=True)
    half = fields.String(required=True)
    status = fields.String(required=True)
    volunteers = fields.List(fields.Nested(VolunteerOnShift), required=True)
    campaigns = CAMPAIGNS


class VolunteerTasks(Schema):
    volunteer_id = fields.String(required=True)
    shifts = fields.List(fields.Nested(ShiftTasks), required=True, metadata={
        "description": "the volunteer's shifts from the day asked, each with only their "
                       "own tasks"})
    campaigns = CAMPAIGNS


class Discrepancies(Schema):
    discrepancies = fields.List(fields.Dict(), required=True)


class Hazards(Schema):
    hazards = fields.List(fields.Dict(), required=True)


class RequestStep(Schema):
    at = fields.String(required=True)
    action = fields.String(required=True, metadata={
        "description": "raised, assigned, transferred, accepted, resolved, closed, "
                       "reopened or escalated"})
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
    campaign_id = fields.String(required=True, allow_none=True)
    visit_id = fields.String(required=True, allow_none=True, metadata={
        "description": "the visit that raised it (null: raised directly)"})
    resolved_at = fields.String(required=True, allow_none=True)
    closed_at = fields.String(required=True, allow_none=True)
    closed_by = fields.String(required=True, allow_none=True)
    accepted_at = fields.String(required=True, allow_none=True, metadata={
        "description": "when its request handler took it on (null: not yet, or "
                       "transferred since)"})
    accepted_by = fields.String(required=True, allow_none=True, metadata={
        "description": "the account id of the handler who accepted it"})
    version = fields.Integer(required=True)
    history = fields.List(fields.Nested(RequestStep),
                          metadata={"description": "GET of one request only: every step "
                                                   "in order, with its account and note"})


class Requests(Schema):
    requests = fields.List(fields.Nested(Request), required=True)


class Condition(Schema):
    question = fields.String(required=True, metadata={"description": "an earlier question"})
    equals = fields.Raw(required=True, metadata={
        "description": "asked when that question's answer equals this (for a "
                       "multiple-choice question: is among the options chosen)"})


class QuestionDefinition(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, metadata={
        "description": "yes_no, number, single_choice, multiple_choice, date or text"})
    text = fields.String(required=True)
    required = fields.Boolean(metadata={"description": "absent: false; required only "
                                                       "when reached and asked"})
    section = fields.String(metadata={"description": "the section's title (consecutive "
                                                     "questions of a section)"})
    options = fields.List(fields.Raw(), metadata={
        "description": "choice questions: option values, or {value, label} objects when "
                       "they carry display labels"})
    when = fields.Nested(Condition, metadata={"description": "asked only when it holds"})
    integer = fields.Boolean(metadata={"description": "number questions: whole numbers"})
    min = fields.Float()
    max = fields.Float()


class QuestionnaireDefinition(Schema):
    id = fields.String(required=True)
    version = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String()
    questions = fields.List(fields.Nested(QuestionDefinition), required=True, metadata={
        "description": "in order; conditions look back only"})
    text_max = fields.Integer(required=True, metadata={
        "description": "most characters (code points) a text answer may have"})
