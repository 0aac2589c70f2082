"""What the registry's HTTP API answers, as schemas (views.py builds the answers from
the same payloads its events carry): the OpenAPI document publishes them per route."""

from __future__ import annotations

from marshmallow import Schema, fields

from services.common.answers import page_of
from services.common.contracts.registry import (
    AreaPayload,
    BuildingPayload,
    HouseholdPayload,
    ResidentStatus,
)


class Area(AreaPayload):
    leader_name = fields.String(required=True, allow_none=True)


class AreaWithChildren(Schema):
    area = fields.Nested(Area, required=True)
    children = fields.List(fields.Nested(Area), required=True)


class Building(BuildingPayload):
    pass


class BuildingCounted(BuildingPayload):
    households = fields.Integer(required=True)


class GridBuildings(Schema):
    grid_code = fields.String(required=True)
    buildings = fields.List(fields.Nested(BuildingCounted), required=True)


class Resident(Schema):
    resident_id = fields.Integer(required=True)
    name_masked = fields.String(required=True)
    name = fields.String(metadata={"description": "only with ?reveal=name (audited)"})
    phone = fields.String(allow_none=True,
                          metadata={"description": "only with ?reveal=phone (audited)"})
    id_masked = fields.String(required=True)
    phone_masked = fields.String(required=True, allow_none=True)
    gender = fields.String(required=True, allow_none=True)
    birth_year = fields.Integer(required=True, allow_none=True)
    tags = fields.List(fields.String(), required=True)
    status = fields.Nested(ResidentStatus, required=True)
    household_id = fields.Integer(required=True, allow_none=True)
    household_code = fields.String(required=True, allow_none=True)
    address = fields.String(required=True, allow_none=True)
    grid_code = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True)
    updated_at = fields.String(required=True, allow_none=True)


class Household(HouseholdPayload):
    pass


class HouseholdWithResidents(HouseholdPayload):
    residents = fields.List(fields.Nested(Resident), required=True)


class HouseholdCounted(HouseholdPayload):
    residents = fields.Integer(required=True)
    tag_counts = fields.Dict(required=True, metadata={"description": "tag → residents"})


class GridHouseholds(Schema):
    grid = fields.Nested(Area, required=True)
    totals = fields.Dict(required=True)
    households = fields.List(fields.Nested(HouseholdCounted), required=True)


ResidentPage = page_of(Resident, "ResidentPage")


class Place(Schema):
    household_id = fields.Integer(required=True)
    household_code = fields.String(required=True)
    address = fields.String(required=True)
    grid_code = fields.String(required=True, allow_none=True)


class Move(Schema):
    moved_on = fields.Date(required=True)
    reason = fields.String(required=True, allow_none=True)
    cause = fields.String(required=True, allow_none=True)
    actor = fields.String(required=True, allow_none=True,
                          metadata={"description": "the account id that made it "
                                                   "over HTTP (null: an import, an "
                                                   "event, a visit's correction)"})
    recorded_at = fields.String(required=True)
    from_ = fields.Nested(Place, data_key="from", required=True, allow_none=True)
    to = fields.Nested(Place, required=True, allow_none=True)


class Moved(Schema):
    moved = fields.Boolean(required=True)
    move = fields.Nested(Move, required=True, allow_none=True)
    resident = fields.Nested(Resident, required=True)


class Change(Schema):
    recorded_at = fields.String(required=True)
    cause = fields.String(required=True, allow_none=True)
    actor = fields.String(required=True, allow_none=True,
                          metadata={"description": "the account id that made it "
                                                   "over HTTP (null: an import, an "
                                                   "event, a visit's correction)"})
    changes = fields.Dict(required=True)


class ResidentHistory(Schema):
    resident = fields.Nested(Resident, required=True)
    moves = fields.List(fields.Nested(Move), required=True)
    changes = fields.List(fields.Nested(Change), required=True)
