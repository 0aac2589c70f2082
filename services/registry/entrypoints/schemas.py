"""HTTP input schemas: validation at the edge, errors name the field and the reason."""

from marshmallow import Schema, ValidationError, fields, validate

from services.common.identity import id_number_problem
from services.common.strict import StrictBody, StrictQuery
from services.common.vocab import (
    AREA_LEVELS,
    GENDERS,
    HOUSEHOLD_KINDS,
    RESIDENT_TAGS,
    TEST_RESULTS,
    VACCINATION,
)
from services.registry.domain.resident_status import (
    DAY,
    ONE_OF,
    STATUS_RULES,
    TEXT,
    YES_NO,
    StatusRule,
    status_problems,
)

CODE = validate.Regexp(r"^[A-Za-z0-9_.\-]{1,64}$",
                       error="must be 1-64 letters, digits, '_', '-' or '.'")
PHONE = validate.Regexp(r"^\+?[\d-]{5,20}$", error="must be 5-20 digits, '-' or a leading '+'")
MAX_PAGE = 500


def _id_number(value: str) -> None:
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem)


def _use_move(_value) -> None:
    raise ValidationError("a resident changes household only through "
                          "POST /residents/<id>/move, which keeps the history")


# A client that read version N sends it back; a stale one gets 409 instead of silently
# overwriting someone else's change.
VERSION = fields.Integer(validate=validate.Range(min=1),
                         metadata={"description": "the version you read (optional)"})


class AreaCreate(StrictBody):
    code = fields.String(required=True, validate=CODE)
    level = fields.String(required=True, validate=validate.OneOf(AREA_LEVELS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    parent_code = fields.String(load_default=None, allow_none=True)
    leader_name = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=100))


class AreaUpdate(StrictBody):
    name = fields.String(validate=validate.Length(min=1, max=200))
    leader_name = fields.String(allow_none=True, validate=validate.Length(max=100))
    version = VERSION


class BuildingCreate(StrictBody):
    code = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    grid_code = fields.String(required=True)


class BuildingUpdate(StrictBody):
    name = fields.String(validate=validate.Length(min=1, max=200))
    version = VERSION


class HouseholdCreate(StrictBody):
    code = fields.String(required=True, validate=CODE)
    kind = fields.String(required=True, validate=validate.OneOf(HOUSEHOLD_KINDS))
    address = fields.String(required=True, validate=validate.Length(min=1, max=300))
    building_code = fields.String(required=True)


class HouseholdUpdate(StrictBody):
    kind = fields.String(validate=validate.OneOf(HOUSEHOLD_KINDS))
    address = fields.String(validate=validate.Length(min=1, max=300))
    version = VERSION


_STATUS_FIELD_TYPES = {YES_NO: fields.Boolean, ONE_OF: fields.String, DAY: fields.Date,
                       TEXT: fields.String}


def _status_field(rule: StatusRule) -> fields.Field:
    validators = ([validate.OneOf(rule.choices)] if rule.choices else []) + \
        ([validate.Length(max=rule.max_length)] if rule.max_length is not None else [])
    return _STATUS_FIELD_TYPES[rule.kind](allow_none=rule.nullable, validate=validators)


class _StatusLoadedByTheDomain(Schema):
    """Loads with the domain's reader, so HTTP and corrections from visits take and refuse
    the same values with the same reasons; its fields only describe them (the OpenAPI
    documents, StrictBody's JSON type check)."""

    def load(self, data, *, many=None, partial=None, unknown=None):
        columns, problems = status_problems(data)
        if problems:
            errors: dict[str, list[str]] = {}
            for field, reason in problems:
                errors.setdefault(field, []).append(reason)
            raise ValidationError(errors)
        return columns


ResidentStatusInput = _StatusLoadedByTheDomain.from_dict(
    {name: _status_field(rule) for name, rule in STATUS_RULES.items()},
    name="ResidentStatusInput")


class ResidentCreate(StrictBody):
    id_number = fields.String(required=True, validate=_id_number,
                              metadata={"description": "matched by keyed hash, never stored "
                                                       "or returned in clear"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    household_code = fields.String(required=True)
    phone = fields.String(load_default=None, allow_none=True, validate=PHONE)
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(GENDERS),
                           metadata={"description": "default: read from the ID number"})
    birth_year = fields.Integer(load_default=None, allow_none=True,
                                validate=validate.Range(min=1880, max=2200),
                                metadata={"description": "default: read from the ID number"})
    tags = fields.List(fields.String(validate=validate.OneOf(RESIDENT_TAGS)), load_default=list)
    status = fields.Nested(ResidentStatusInput, load_default=dict)


class ResidentUpdate(StrictBody):
    name = fields.String(validate=validate.Length(min=1, max=100))
    phone = fields.String(allow_none=True, validate=PHONE)
    gender = fields.String(allow_none=True, validate=validate.OneOf(GENDERS))
    birth_year = fields.Integer(allow_none=True, validate=validate.Range(min=1880, max=2200))
    tags = fields.List(fields.String(validate=validate.OneOf(RESIDENT_TAGS)))
    status = fields.Nested(ResidentStatusInput)
    household_code = fields.Raw(validate=_use_move)
    version = VERSION


class ResidentLookup(StrictBody):
    id_number = fields.String(required=True, validate=_id_number)


class ResidentMove(StrictBody):
    to_household_code = fields.String(required=True, allow_none=True,
                                      metadata={"description": "null: moved out of the area"})
    moved_on = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=200))


class QuerySchema(StrictQuery):
    """Query parameters: an unknown or misspelt one is an error, not silently ignored."""

    error_messages = {"unknown": "unknown query parameter"}


class Page(QuerySchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class ResidentSearch(Page):
    grid = fields.String(metadata={"description": "grid code"})
    area = fields.String(metadata={"description": "any area code: its whole subtree"})
    household = fields.String(metadata={"description": "household code"})
    tag = fields.List(fields.String(validate=validate.OneOf(RESIDENT_TAGS)),
                      metadata={"description": "repeat for several; all must match"})
    test_result = fields.String(validate=validate.OneOf(TEST_RESULTS))
    tested_before = fields.Date(metadata={"description": "last test before this day, or none"})
    vaccination = fields.String(validate=validate.OneOf(VACCINATION))
    registration_code_applied = fields.Boolean()
    returned_since = fields.Date(metadata={"description": "returned_on on or after this day"})
    moved_out = fields.Boolean(metadata={"description": "true: only those moved out of the "
                                                        "area; false: only those living here"})


class ResidentRead(QuerySchema):
    # checked against what may be revealed by the endpoint (reveal.requested_reveal)
    reveal = fields.List(fields.String(), metadata={
        "description": "name or phone: answer it in clear (needs read_sensitive; every "
                       "such read is written to the audit log). Repeat or comma-separate."})


class GridHouseholds(QuerySchema):
    kind = fields.String(validate=validate.OneOf(HOUSEHOLD_KINDS))
    building = fields.String(metadata={"description": "building code"})


class NoQuery(QuerySchema):
    pass
