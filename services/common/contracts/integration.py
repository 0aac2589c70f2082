"""Payloads other systems publish on `integration.events` (routing key = event name).

These are the only messages allowed to carry an ID number in clear: the receiving
service hashes it on arrival and never stores, logs or republishes it.
"""

from marshmallow import Schema, ValidationError, fields, validate

from services.common.identity import id_number_problem
from services.common.vocab import (
    CHECKIN_KINDS,
    CORRECTION_KINDS,
    GENDERS,
    HAZARD_KINDS,
    HAZARD_SEVERITIES,
    REQUEST_CATEGORIES,
    SLOT_KINDS,
    TASK_KINDS,
    TEST_KINDS,
    TEST_RESULTS,
    URGENCIES,
    VISIT_METHODS,
    VISIT_OUTCOMES,
)


class IdNumber(validate.Regexp):
    """GB 11643, format and check digit: the rule the registry's HTTP API applies (a
    pattern alone let a mistyped number register a second person by event). A Regexp,
    so the published JSON Schema keeps stating the format."""

    def __init__(self) -> None:
        super().__init__(r"^\d{17}[\dXx]$", error="must be a valid resident ID number")

    @staticmethod
    def predicate(value: str) -> bool:
        # what fastload's compiled checkers call: the same rule, without an exception
        return id_number_problem(value) is None

    def __call__(self, value: str) -> str:
        problem = id_number_problem(value)
        if problem:
            raise ValidationError(problem)
        return value


ID_NUMBER = IdNumber()


class ResidentSelfReported(Schema):
    id_number = fields.String(required=True, validate=ID_NUMBER)
    name = fields.String(load_default=None, validate=validate.Length(min=1, max=50),
                         metadata={"description": "required when the person is not yet known"})
    phone = fields.String(load_default=None, validate=validate.Regexp(r"^\+?[\d-]{5,20}$"))
    household_code = fields.String(load_default=None,
                                   metadata={"description": "where the person stays; required "
                                                            "when the person is not yet known"})
    arrived_on = fields.Date(required=True)
    from_region = fields.String(required=True, validate=validate.Length(min=1, max=200))
    returnee = fields.Boolean(load_default=True,
                              metadata={"description": "来/返人员: tag the person as returnee"})


class TestResultRecorded(Schema):
    id_number = fields.String(required=True, validate=ID_NUMBER)
    tested_on = fields.Date(required=True)
    result = fields.String(required=True, validate=validate.OneOf(TEST_RESULTS))
    test_kind = fields.String(load_default="pcr", validate=validate.OneOf(TEST_KINDS))
    site = fields.String(load_default=None)


# -- dispatch: volunteers, pairing orders and attendance from other systems ------------------
CODE = validate.Regexp(r"^[A-Za-z0-9_.\-]{1,64}$",
                       error="must be 1-64 letters, digits, '_', '-' or '.'")
SKILL = validate.Regexp(r"^[a-z][a-z0-9_]{0,31}$", error="must be a lower-case word, e.g. medic")


class VolunteerEnrolled(Schema):
    volunteer_id = fields.String(required=True, validate=CODE,
                                 metadata={"description": "the enrolling system's id; a "
                                                          "second enrolment updates"})
    unit_id = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(load_default=None, allow_none=True,
                          validate=validate.Regexp(r"^\+?[\d-]{5,20}$"),
                          metadata={"description": "kept by dispatch, only ever shown masked"})
    party_member = fields.Boolean(load_default=False)
    skills = fields.List(fields.String(validate=SKILL), load_default=list,
                         metadata={"description": "e.g. medic, dialect, fire_safety"})
    weekdays = fields.List(fields.Integer(validate=validate.Range(min=0, max=6)),
                           load_default=lambda: list(range(7)),
                           metadata={"description": "0 = Monday … 6 = Sunday"})
    halves = fields.List(fields.String(validate=validate.OneOf(("am", "pm"))),
                         load_default=lambda: ["am", "pm"])
    blackout = fields.List(fields.Date(), load_default=list,
                           metadata={"description": "days the volunteer cannot go"})
    weekly_limit = fields.Integer(load_default=5, validate=validate.Range(min=0, max=14),
                                  metadata={"description": "most shifts per ISO week, "
                                                           "all pairings together"})
    active = fields.Boolean(load_default=True)


class PairingOrdered(Schema):
    order_id = fields.String(required=True, validate=CODE,
                             metadata={"description": "the ordering system's id; the same "
                                                      "order sent twice is created once"})
    unit_id = fields.String(required=True, validate=CODE)
    community_code = fields.String(required=True, validate=CODE)
    start = fields.Date(required=True)
    end = fields.Date(load_default=None, allow_none=True,
                      metadata={"description": "last day; give this or batches"})
    batches = fields.Integer(load_default=None, allow_none=True,
                             metadata={"description": "number of consecutive slots"})
    slot_kind = fields.String(load_default="half_day",
                              validate=validate.OneOf(SLOT_KINDS))
    head_count = fields.Integer(required=True, metadata={"description": "people per batch"})
    head_count_per_place = fields.Boolean(load_default=False)
    task_kinds = fields.List(fields.String(validate=validate.OneOf(TASK_KINDS)),
                             required=True, validate=validate.Length(min=1))
    places = fields.List(fields.String(validate=CODE), load_default=list,
                         metadata={"description": "grid or site codes (sites: "
                                                  "POST /communities/{code}/sites); "
                                                  "empty: every grid"})


class PairingAmended(Schema):
    order_id = fields.String(required=True, validate=CODE)
    start = fields.Date()
    end = fields.Date(allow_none=True)
    batches = fields.Integer(allow_none=True)
    head_count = fields.Integer()
    head_count_per_place = fields.Boolean()
    task_kinds = fields.List(fields.String(validate=validate.OneOf(TASK_KINDS)),
                             validate=validate.Length(min=1))
    places = fields.List(fields.String(validate=CODE))


class CheckinRecorded(Schema):
    shift_key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    volunteer_id = fields.String(required=True, validate=CODE)
    kind = fields.String(load_default="in", validate=validate.OneOf(CHECKIN_KINDS))
    at = fields.AwareDateTime(required=True, metadata={"description": "when it was scanned"})
    device = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=100))


# -- visits: door-to-door visits captured by a mobile app ----------------------------------
class CapturedCorrection(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(CORRECTION_KINDS))
    resident_id = fields.Integer(load_default=None, allow_none=True,
                                 metadata={"description": "the registry's id; not for "
                                                          "new_resident"})
    id_number = fields.String(load_default=None, allow_none=True, validate=ID_NUMBER,
                              metadata={"description": "new_resident only; sealed on arrival"})
    name = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(min=1, max=50))
    gender = fields.String(load_default=None, allow_none=True,
                           validate=validate.OneOf(GENDERS))
    tags_add = fields.List(fields.String(), load_default=list)
    tags_remove = fields.List(fields.String(), load_default=list)
    status = fields.Dict(load_default=dict, metadata={"description": "registry status fields "
                                                                     "to set"})
    moved_on = fields.Date(load_default=None, allow_none=True)


class CapturedHazard(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(HAZARD_KINDS))
    severity = fields.String(load_default="medium",
                             validate=validate.OneOf(HAZARD_SEVERITIES))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class CapturedRequest(Schema):
    category = fields.String(required=True, validate=validate.OneOf(REQUEST_CATEGORIES))
    urgency = fields.String(load_default="normal",
                            validate=validate.OneOf(URGENCIES))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class VisitCaptured(Schema):
    visit_id = fields.String(required=True, validate=validate.Length(min=8, max=64),
                             metadata={"description": "generated by the phone; the same "
                                                      "visit sent twice is recorded once"})
    campaign_id = fields.String(required=True, validate=CODE)
    household_code = fields.String(required=True, validate=validate.Length(min=1, max=64))
    visitor_id = fields.String(required=True, validate=CODE,
                               metadata={"description": "the volunteer's id in dispatch"})
    shift_key = fields.String(load_default=None, allow_none=True,
                              metadata={"description": "required for in-person visits"})
    visited_at = fields.AwareDateTime(required=True,
                                      metadata={"description": "when it happened, not when "
                                                               "it was sent"})
    method = fields.String(load_default="in_person",
                           validate=validate.OneOf(VISIT_METHODS))
    outcome = fields.String(required=True,
                            validate=validate.OneOf(VISIT_OUTCOMES))
    questionnaire_version = fields.Integer(load_default=None, allow_none=True)
    answers = fields.Dict(load_default=dict, metadata={"description": "question id → answer"})
    people_found = fields.Integer(load_default=None, allow_none=True,
                                  validate=validate.Range(min=0, max=200))
    corrections = fields.List(fields.Nested(CapturedCorrection), load_default=list)
    hazards = fields.List(fields.Nested(CapturedHazard), load_default=list)
    requests = fields.List(fields.Nested(CapturedRequest), load_default=list)


EVENTS = {
    "resident_self_reported": (ResidentSelfReported,
                               "人口报备: a resident reports an arrival or return."),
    "test_result_recorded": (TestResultRecorded,
                             "A test result from a testing system, matched by ID number."),
    "volunteer_enrolled": (VolunteerEnrolled,
                           "A volunteer enrolled by a unit's system (creates or updates)."),
    "pairing_ordered": (PairingOrdered, "下沉指令: pair a unit with a community for a period."),
    "pairing_amended": (PairingAmended, "Change a pairing's head-count, period or places."),
    "checkin_recorded": (CheckinRecorded, "A QR/attendance scan: a volunteer checked in or "
                                          "out of a shift."),
    "visit_captured": (VisitCaptured, "A door-to-door visit captured by a mobile app "
                                      "(possibly offline, sent later or twice)."),
}
