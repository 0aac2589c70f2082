"""HTTP input schemas: validation at the edge, errors name the field and the reason.

A visit also arrives as `integration.visit_captured`: the HTTP schema is that contract
(services.common.contracts.integration), so both edges check the same rules.
"""

from marshmallow import ValidationError, fields, validate, validates_schema

from services.common import vocab
from services.common.contracts import integration
from services.common.strict import StrictBody, StrictQuery
from services.visits.domain.questionnaire import QuestionnaireError, parse_document

CODE = integration.CODE
NOTE = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000),
                     metadata={"description": "kept in visits, never published"})


class NoQuery(StrictQuery):
    """Routes that take no query parameters: an unknown one is an error, not ignored."""


class CampaignCreate(StrictBody):
    campaign_id = fields.String(load_default=None, validate=CODE,
                                metadata={"description": "default: generated"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    area_codes = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                             required=True, validate=validate.Length(min=1, max=500),
                             metadata={"description": "grid, community or higher area codes"})
    questionnaire = fields.Dict(load_default=None, allow_none=True,
                                metadata={"description": "the questionnaire document "
                                                         "(default: 三询问一完善)"})
    max_attempts = fields.Integer(load_default=3, validate=validate.Range(min=1, max=20),
                                  metadata={"description": "not-home visits before the "
                                                           "household goes to follow-up"})
    per_volunteer = fields.Integer(load_default=None, allow_none=True,
                                   validate=validate.Range(min=1, max=1000),
                                   metadata={"description": "most households per volunteer "
                                                            "and shift (default: no cap)"})

    @validates_schema
    def _period(self, data, **kwargs):
        if data["end"] < data["start"]:
            raise ValidationError("must not be before start", "end")


def parse_campaign_file(text: str, filename: str) -> dict:
    """A campaign file (YAML or JSON) → validated campaign fields; errors name the field."""
    try:
        document = parse_document(text, filename)
    except QuestionnaireError as exc:
        raise ValidationError({"_body": [str(exc)]}) from None
    # YAML reads a numeric area code (4401060101) as a number: codes are text
    codes = document.get("area_codes")
    if isinstance(codes, list):
        document["area_codes"] = [str(c) if isinstance(c, int) and not isinstance(c, bool)
                                  else c for c in codes]
    return CampaignCreate().load(document)


class CampaignImportQuery(StrictQuery):
    filename = fields.String(load_default="campaign.yaml",
                             metadata={"description": "tells YAML (.yaml/.yml) from JSON"})


class CampaignQuery(StrictQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(("active", "ended")))


class CampaignEnd(StrictBody):
    ended_on = fields.Date(load_default=None, allow_none=True,
                           metadata={"description": "default: today (local)"})


class HouseholdsQuery(StrictQuery):
    state = fields.String(load_default=None, validate=validate.OneOf(vocab.HOUSEHOLD_STATES))


class TasksQuery(StrictQuery):
    volunteer_id = fields.String(load_default=None, validate=CODE)
    campaign_id = fields.String(load_default=None, validate=CODE)


class VolunteerTasksQuery(StrictQuery):
    since = fields.Date(load_default=None, metadata={"description": "first day (default: "
                                                                    "today, local)"})
    campaign_id = fields.String(load_default=None, validate=CODE)
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100),
                           metadata={"description": "most shifts answered"})


class VisitCreate(StrictBody, integration.VisitCaptured):
    """POST /visits: the same fields as integration.visit_captured."""


class FindingsQuery(StrictQuery):
    campaign_id = fields.String(load_default=None, validate=CODE)
    grid_code = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    status = fields.String(load_default=None, validate=validate.OneOf(("open", "closed")))
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class HazardsQuery(StrictQuery):
    campaign_id = fields.String(load_default=None, validate=CODE)
    grid_code = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    severity = fields.String(load_default=None, validate=validate.OneOf(vocab.HAZARD_SEVERITIES))
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class RequestCreate(StrictBody, integration.CapturedRequest):
    grid_code = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                              metadata={"description": "required without household_code"})
    household_code = fields.String(load_default=None, allow_none=True,
                                   validate=validate.Length(min=1, max=64))

    @validates_schema
    def _place(self, data, **kwargs):
        if not data.get("grid_code") and not data.get("household_code"):
            raise ValidationError("give grid_code or household_code", "grid_code")


# a unit id, or `<area code>:<department>` (one colon; accounts grants request_handler so)
ASSIGNED_TO = [validate.Regexp(r"^[A-Za-z0-9_.\-]{1,64}(:[A-Za-z0-9_.\-]{1,64})?$",
                               error="a unit id, or <area code>:<department> (letters, "
                                     "digits, '_', '.', '-')"),
               validate.Length(max=64)]


class RequestAssign(StrictBody):
    """转办: to a unit or department, named by its code (`assigned_to`: a unit id or a
    department code; its request handlers then see and act on the request) and/or as
    people read it (`assignee`, free text; default: the code)."""

    assignee = fields.String(load_default=None, validate=validate.Length(min=1, max=100),
                             metadata={"description": "the unit or department as named "
                                                      "(free text)"})
    assigned_to = fields.String(load_default=None, validate=ASSIGNED_TO,
                                metadata={"description": "a unit id, or a department as "
                                                         "<area code>:<department> (e.g. "
                                                         "4401:housing) of an area on the "
                                                         "request's grid path: its request "
                                                         "handlers act on it"})
    note = NOTE

    @validates_schema
    def _someone(self, data, **kwargs):
        if not data.get("assignee") and not data.get("assigned_to"):
            raise ValidationError("give assigned_to (a unit id or department code) or "
                                  "assignee", "assigned_to")


class RequestNote(StrictBody):
    note = NOTE


class RequestClose(StrictBody):
    closed_by = fields.String(required=True, validate=validate.OneOf(vocab.REQUEST_CLOSERS))
    note = NOTE


class RequestsQuery(StrictQuery):
    mine = fields.String(load_default=None, validate=validate.OneOf(("raised",)), metadata={
        "description": "raised: only the requests raised on the visits the caller made "
                       "or recorded, or by them (a volunteer's list: what they raised "
                       "and how it goes)"})
    grid = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                         metadata={"description": "grid code, or any area above it"})
    status = fields.String(load_default=None, validate=validate.OneOf(vocab.REQUEST_STATUSES))
    overdue = fields.Boolean(load_default=None, allow_none=True)
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class FollowUpQuery(StrictQuery):
    grid_code = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
