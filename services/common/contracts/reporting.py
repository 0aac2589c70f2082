"""Payloads published by reporting on `reporting.events`: figures and area codes only,
never a person. Subscribe by binding your own queue to `reporting.events` (see
docs/reporting.md and examples/subscribe_coverage.py)."""

from marshmallow import Schema, fields, validate

from services.common.vocab import AREA_LEVELS


class CampaignCoverage(Schema):
    campaign_id = fields.String(required=True)
    target = fields.Integer(required=True, metadata={"description": "households in the "
                                                                    "campaign's grids here"})
    assigned = fields.Integer(required=True)
    reached = fields.Integer(required=True)
    not_home = fields.Integer(required=True)
    refused = fields.Integer(required=True)
    vacant = fields.Integer(required=True)
    not_yet_assigned = fields.Integer(required=True)
    coverage = fields.Float(required=True, metadata={"description": "reached ÷ target, "
                                                                    "0 to 1"})
    people_found = fields.Integer(required=True)
    people_registered = fields.Integer(required=True)
    discrepancies_open = fields.Integer(required=True)
    hazards = fields.Integer(required=True)
    visits = fields.Integer(required=True)


class CoverageUpdated(Schema):
    area_code = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(AREA_LEVELS))
    at = fields.AwareDateTime(required=True, metadata={"description": "when the figures "
                                                                      "were read"})
    campaigns = fields.List(fields.Nested(CampaignCoverage), required=True,
                            metadata={"description": "campaign-to-date, per campaign"})


class RequestOverdue(Schema):
    request_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    area_path = fields.List(fields.String(), required=True,
                            metadata={"description": "city … grid codes"})
    campaign_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True)
    urgency = fields.String(required=True)
    status = fields.String(required=True)
    raised_at = fields.AwareDateTime(required=True)
    due_at = fields.AwareDateTime(required=True)
    day = fields.Date(required=True, metadata={"description": "local day it went overdue"})
    source = fields.String(required=True, validate=validate.OneOf(("timer", "escalated")),
                           metadata={"description": "timer: reporting saw the due time "
                                                    "pass; escalated: visits escalated it"})


class DailyReportPublished(Schema):
    area_code = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(AREA_LEVELS))
    name = fields.String(required=True)
    day = fields.Date(required=True, metadata={"description": "the local day reported"})
    revision = fields.Integer(required=True, metadata={"description": "1 at the cut-off; "
                                                                      "+1 per re-issue"})
    figures = fields.Dict(required=True, metadata={
        "description": "registry, coverage (per campaign), effort (totals, by unit, "
                       "pairing, task kind) and requests of the day and to date: the "
                       "same shape as GET /areas/{code}/figures"})


EVENTS = {
    "coverage_updated": (CoverageUpdated, "An area's coverage changed (coalesced: at most "
                                          "one per area per second)."),
    "request_overdue": (RequestOverdue, "A request passed its due time still open (once "
                                        "per request)."),
    "daily_report_published": (DailyReportPublished, "An area's daily report (每日一报) "
                                                     "was frozen at the cut-off, or "
                                                     "re-issued after late events."),
}

# Every reporting event is a notification: derived from what reporting keeps and serves
# (the reports with all their revisions, the overdue notices, the counters), so one sent
# while nobody listened is not lost: GET /reports/daily/… and /areas/…/figures answer it.
# Not retained in the history stream, and pruned from the outbox even when unrouted.
NOTIFICATIONS = frozenset(EVENTS)
