"""HTTP input schemas: validation at the edge, errors name the field and the reason.

Where the same thing also arrives as an inbound event, the HTTP schema extends the event's
contract (services.common.contracts.integration), so both edges check the same rules.
"""

from marshmallow import ValidationError, fields, validate

from services.common.contracts import integration
from services.common.errors import Refused
from services.common.strict import StrictBody, StrictQuery
from services.common.vocab import CHECKIN_KINDS, SITE_KINDS
from services.dispatch.domain import checkin_codes

CODE = integration.CODE
PHONE = validate.Regexp(r"^\+?[\d-]{5,20}$", error="must be 5-20 digits, '-' or a leading '+'")
VERSION = fields.Integer(validate=validate.Range(min=1),
                         metadata={"description": "the version you read (optional)"})


class UnitCreate(StrictBody):
    unit_id = fields.String(required=True, validate=CODE)
    area_code = fields.String(required=True, validate=CODE, metadata={
        "description": "the area (a city, a district) whose organisation pairs the unit: "
                       "who reaches the unit, and where its orders may pair it"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    coordinator_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    coordinator_phone = fields.String(required=True, validate=PHONE,
                                      metadata={"description": "only ever shown masked"})
    active = fields.Boolean(load_default=True)


class UnitUpdate(StrictBody):
    name = fields.String(validate=validate.Length(min=1, max=200))
    coordinator_name = fields.String(validate=validate.Length(min=1, max=100))
    coordinator_phone = fields.String(validate=PHONE)
    active = fields.Boolean()
    version = VERSION


class VolunteerCreate(StrictBody, integration.VolunteerEnrolled):
    volunteer_id = fields.String(load_default=None, validate=CODE,
                                 metadata={"description": "default: generated"})


def volunteer_row(raw: dict) -> dict:
    """A roster row checked as POST /volunteers checks a body (domain/roster_rows.py reads
    the file's cells): the volunteer, or Refused with each column's first reason."""
    try:
        return VolunteerCreate().load(raw)
    except ValidationError as exc:
        raise Refused((column, _first(reasons))
                      for column, reasons in exc.messages_dict.items()) from None


def _first(reasons) -> str:
    if isinstance(reasons, dict):
        return "; ".join(f"item {k}: {_first(v)}" for k, v in reasons.items())
    return reasons[0] if isinstance(reasons, list) and reasons else str(reasons)


class VolunteerUpdate(StrictBody):
    unit_id = fields.String(validate=CODE)
    name = fields.String(validate=validate.Length(min=1, max=100))
    phone = fields.String(allow_none=True, validate=PHONE)
    party_member = fields.Boolean()
    skills = fields.List(fields.String(validate=integration.SKILL))
    weekdays = fields.List(fields.Integer(validate=validate.Range(min=0, max=6)))
    halves = fields.List(fields.String(validate=validate.OneOf(("am", "pm"))))
    blackout = fields.List(fields.Date())
    weekly_limit = fields.Integer(validate=validate.Range(min=0, max=14))
    active = fields.Boolean()
    version = VERSION


class SiteCreate(StrictBody):
    site_code = fields.String(required=True, validate=CODE,
                              metadata={"description": "the place code orders name; not a "
                                                       "grid's code"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "e.g. 滨江路卡口"})
    kind = fields.String(required=True, validate=validate.OneOf(SITE_KINDS),
                         metadata={"description": "checkpoint (卡口), testing_site "
                                                  "(核酸采样点) or other"})


class OrderCreate(StrictBody, integration.PairingOrdered):
    order_id = fields.String(load_default=None, validate=CODE,
                             metadata={"description": "default: generated"})


class OrderAmend(StrictBody, integration.PairingAmended):
    order_id = fields.Raw(validate=validate.Equal(None, error="the order is named in the URL"))
    version = VERSION


class Decline(StrictBody):
    volunteer_id = fields.String(required=True, validate=CODE,
                                 metadata={"description": "who leaves the shift"})
    incoming_volunteer_id = fields.String(load_default=None, allow_none=True, validate=CODE,
                                          metadata={"description": "who replaces them; "
                                                                   "default: the best "
                                                                   "eligible volunteer"})


class Replace(StrictBody):
    volunteer_id = fields.String(required=True, validate=CODE,
                                 metadata={"description": "who leaves the shift"})
    replacement_id = fields.String(load_default=None, allow_none=True, validate=CODE,
                                   metadata={"description": "who takes their place; "
                                                            "default: the next in the "
                                                            "fair rotation"})


class Swap(StrictBody):
    volunteer_id = fields.String(required=True, validate=CODE,
                                 metadata={"description": "on this shift; goes to the "
                                                          "other one"})
    other_shift_key = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                    metadata={"description": "a shift of the same unit"})
    other_volunteer_id = fields.String(required=True, validate=CODE,
                                       metadata={"description": "on the other shift; comes "
                                                                "to this one"})


# six digits, said without echoing what was typed (a code is never repeated back or logged)
CHECKIN_CODE = validate.Regexp(r"^[0-9]{6}\Z", error=checkin_codes.WRONG_FORMAT)


class CheckinInput(StrictBody):
    volunteer_id = fields.String(required=True, validate=CODE)
    kind = fields.String(load_default="in", validate=validate.OneOf(CHECKIN_KINDS))
    at = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "default: now. A volunteer checking themself in gives none: theirs "
                       "is recorded at the server's time"})
    device = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=100))
    code = fields.String(load_default=None, allow_none=True, validate=CHECKIN_CODE, metadata={
        "description": "the shift's check-in code its leader shows: required when a "
                       "volunteer checks themself in (it proves they are there); not asked "
                       "of the place's staff, the unit's coordinator or integrators"})


class CodeCheckin(StrictBody):
    code = fields.String(required=True, validate=CHECKIN_CODE, metadata={
        "description": "the 6 digits the shift's leader shows (GET "
                       "/shifts/<key>/checkin-code), typed or read from the QR code"})
    kind = fields.String(load_default="in", validate=validate.OneOf(CHECKIN_KINDS))
    shift_key = fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(min=1, max=200), metadata={
                                  "description": "the shift the QR code names (optional: "
                                                 "without it, the caller's shift whose "
                                                 "code it is)"})


def _says_why(value: str) -> None:
    if len(value.strip()) < 5:
        raise ValidationError("say why the volunteer's presence was not recorded in time "
                              "(at least 5 characters)")


class AttendanceCorrectionInput(StrictBody):
    volunteer_id = fields.String(required=True, validate=CODE)
    checked_in_at = fields.AwareDateTime(required=True, metadata={
        "description": "when they really arrived: within the shift's check-in window "
                       "(docs/shifts.md)"})
    checked_out_at = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "when they left, if known: within the check-out window"})
    reason = fields.String(required=True, validate=[validate.Length(max=500), _says_why],
                           metadata={"description": "why (kept and audited; ID and phone "
                                                    "numbers in it are masked)"})


class QuerySchema(StrictQuery):
    """Query parameters: an unknown or misspelt one is an error, not silently ignored."""

    error_messages = {"unknown": "unknown query parameter"}


class NoQuery(QuerySchema):
    pass


def _reveal(names: str) -> fields.List:
    # which names are allowed is checked by the endpoint (reveal.requested_reveal)
    return fields.List(fields.String(), metadata={
        "description": f"{names}: answer it in clear as well (needs read_sensitive; every "
                       "such read is written to the audit log). Repeat or comma-separate."})


class VolunteerRead(QuerySchema):
    reveal = _reveal("name or phone")


class UnitRead(QuerySchema):
    reveal = _reveal("coordinator_name or coordinator_phone")


class VolunteerQuery(QuerySchema):
    unit = fields.String(validate=CODE)
    active = fields.Boolean()
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class VolunteerShiftsQuery(QuerySchema):
    since = fields.Date(load_default=None, metadata={
        "description": "first day (inclusive); default: today"})


class GridShiftsQuery(QuerySchema):
    since = fields.Date(load_default=None, metadata={
        "description": "first day (inclusive); default: today"})
    days = fields.Integer(load_default=7, validate=validate.Range(min=1, max=31),
                          metadata={"description": "how many days from `since` (1-31)"})


class PeriodQuery(QuerySchema):
    since = fields.Date(load_default=None, metadata={"description": "first day (inclusive)"})
    until = fields.Date(load_default=None, metadata={"description": "last day (inclusive)"})
