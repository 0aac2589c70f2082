"""What reporting's HTTP API answers, as schemas (api.py builds the answers): the OpenAPI
document publishes them per route. Figures are documented to the level a client reads
them; the figures of each part are open objects (docs/reporting.md describes them)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.common.answers import Health
from services.common.vocab import AREA_LEVELS


class Area(Schema):
    code = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(AREA_LEVELS))
    name = fields.String(required=True)
    parent_code = fields.String(required=True, allow_none=True)
    path = fields.List(fields.String(), required=True)


class Areas(Schema):
    areas = fields.List(fields.Nested(Area), required=True)


class AreaWithChildren(Area):
    children = fields.List(fields.Nested(Area), required=True)


class Figures(Schema):
    area = fields.Nested(Area, required=True)
    day = fields.Date(required=True)
    registry = fields.Dict(required=True)
    coverage = fields.Dict(required=True)
    effort = fields.Dict(required=True)
    requests = fields.Dict(required=True)


class NotReachedHousehold(Schema):
    household_code = fields.String(required=True)
    kind = fields.String(required=True, allow_none=True)
    state = fields.String(required=True,
                          metadata={"description": "the campaign state, or not_assigned"})
    attempts = fields.Integer(required=True)
    follow_up = fields.Boolean(required=True)
    since = fields.Date(required=True, allow_none=True)


class NotReached(Schema):
    grid_code = fields.String(required=True)
    campaign_id = fields.String(required=True)
    households = fields.List(fields.Nested(NotReachedHousehold), required=True)
    next = fields.String(required=True, allow_none=True,
                         metadata={"description": "give as ?after= for the next page"})


class DailyReport(Schema):
    area_code = fields.String(required=True)
    day = fields.Date(required=True)
    revision = fields.Integer(required=True)
    published_at = fields.String(required=True, allow_none=True)
    figures = fields.Dict(required=True)


class RebuildStarted(Schema):
    started = fields.Boolean(required=True)
    running = fields.Boolean(required=True)
    note = fields.String(required=True, allow_none=True)


class RebuildRun(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    started_at = fields.String(required=True, allow_none=True)
    finished_at = fields.String(required=True, allow_none=True)
    events = fields.Integer(required=True, allow_none=True)
    skipped = fields.Integer(required=True, allow_none=True)
    error = fields.String(required=True, allow_none=True)


class RebuildStatus(Schema):
    running = fields.Boolean(required=True)
    latest = fields.Nested(RebuildRun, required=True, allow_none=True)


class ReportingHealth(Health):
    rebuilding = fields.Boolean(required=True)


class ApplicationCounts(Schema):
    applied = fields.Integer(required=True, metadata={"description": "applications "
                                                                    "received (decided ones "
                                                                    "included)"})
    approved = fields.Integer(required=True)
    rejected = fields.Integer(required=True)
    pending = fields.Integer(required=True, metadata={"description": "not decided yet"})


class UnitApplications(ApplicationCounts):
    unit_id = fields.String(required=True)
    name = fields.String(required=True)
    area_code = fields.String(required=True, allow_none=True)


class ApplicationsDay(Schema):
    day = fields.Date(required=True, metadata={"description": "local day (WANGGE_TZ)"})
    applied = fields.Integer(required=True, metadata={"description": "received that day"})
    approved = fields.Integer(required=True, metadata={"description": "approved that day"})
    rejected = fields.Integer(required=True, metadata={"description": "rejected that day"})


class UnitApplicationsByDay(UnitApplications):
    days = fields.List(fields.Nested(ApplicationsDay), required=True)


class AreaApplications(ApplicationCounts):
    area_code = fields.String(required=True)
    units = fields.List(fields.Nested(UnitApplications), required=True,
                        metadata={"description": "every unit whose area lies in this "
                                                 "subtree, with its figures"})
