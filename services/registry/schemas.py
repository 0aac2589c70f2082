"""HTTP input schemas: validation at the edge, errors name the field and the reason."""

from marshmallow import Schema, fields, validate

from services.common.contracts.registry import HOUSEHOLD_KINDS

from .domain import LEVELS

CODE = validate.Regexp(r"^[A-Za-z0-9_.\-]{1,64}$",
                       error="must be 1-64 letters, digits, '_', '-' or '.'")


class AreaCreate(Schema):
    code = fields.String(required=True, validate=CODE)
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    parent_code = fields.String(load_default=None, allow_none=True)
    leader_name = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=100))


class AreaUpdate(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    leader_name = fields.String(allow_none=True, validate=validate.Length(max=100))


class BuildingCreate(Schema):
    code = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    grid_code = fields.String(required=True)


class HouseholdCreate(Schema):
    code = fields.String(required=True, validate=CODE)
    kind = fields.String(required=True, validate=validate.OneOf(HOUSEHOLD_KINDS))
    address = fields.String(required=True, validate=validate.Length(min=1, max=300))
    building_code = fields.String(required=True)
