"""Visits' HTTP routes, the one place each is written: method, path, input schemas
and answers, and the service method serving it (`name`: served_by,
services/common/routes.py). The OpenAPI document is built from this table
(docs/architecture.md rule 5).
Every route but /health and /metrics needs a bearer token: 401 without a valid one, 403
outside the token's role or scope (docs/access-control.md)."""

from __future__ import annotations

from services.common.answers import Health
from services.common.routes import Route
from services.visits.entrypoints import answers, schemas

_CAMPAIGN = "/campaigns/<string:campaign_id>"
_REQUEST = "/requests/<string:request_id>"
_NONE = schemas.NoQuery

ROUTES: tuple[Route, ...] = (
    Route("GET", "/health", "Database and broker reachable (503 when not)", statuses=(200, 503),
          answer=Health, name="health"),
    Route("GET", "/metrics", "Prometheus metrics of the event backbone (text format)",
          name="metrics"),
    Route("POST", "/campaigns", "Start a campaign: period, areas, questionnaire (default "
                                "三询问一完善); the same campaign again answers 200",
          schemas.CampaignCreate, statuses=(201, 200, 400, 409, 401, 403), answer=answers.Campaign,
          name="create_campaign"),
    Route("POST", "/campaigns/import", "Start a campaign from a YAML or JSON file (the body; "
                                       "?filename= tells which)",
          query=schemas.CampaignImportQuery, statuses=(201, 200, 400, 409, 401, 403),
          answer=answers.Campaign, name="import_campaign"),
    Route("GET", "/campaigns", "Campaigns holding a grid in the caller's area, with "
                                 "their coverage there", query=schemas.CampaignQuery,
          statuses=(200, 400, 401, 403), answer=answers.Campaigns, name="list_campaigns"),
    Route("GET", _CAMPAIGN, "One campaign with households per state and coverage "
                      "(in the caller's area)",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.Campaign, name="get_campaign"),
    Route("POST", f"{_CAMPAIGN}/end", "End a campaign: open tasks are released",
          schemas.CampaignEnd, statuses=(200, 400, 404, 401, 403), answer=answers.Campaign,
          name="end_campaign"),
    Route("GET", f"{_CAMPAIGN}/coverage", "Households per state and coverage, per grid (the "
                                         "caller's grids)",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.Coverage,
          name="campaign_coverage"),
    Route("GET", f"{_CAMPAIGN}/grids/<string:grid_code>/households",
          "A grid's households with their state and attempts",
          query=schemas.HouseholdsQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.GridHouseholds, name="grid_households"),
    Route("GET", f"{_CAMPAIGN}/follow-up", "Households for phone/video follow-up (not home "
                                           "too often, or refused)",
          query=schemas.FollowUpQuery, statuses=(200, 404, 401, 403), answer=answers.FollowUp,
          name="follow_up"),
    Route("POST", "/visits", "Record a visit (201; the same visit again: 200; the same id "
                             "with other content: 409); on a shift, within its hours "
                             "(docs/shifts.md); answers as the questionnaire in "
                             "docs/rules.md asks",
          schemas.VisitCreate, statuses=(201, 200, 400, 404, 409, 401, 403), answer=answers.Visit,
          name="capture_visit"),
    Route("GET", "/visits/<string:visit_id>", "One visit", query=_NONE,
          statuses=(200, 404, 401, 403), answer=answers.Visit, name="get_visit"),
    Route("GET", "/households/<string:code>/visits", "A household's visits, oldest first",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.HouseholdVisits,
          name="household_visits"),
    Route("GET", "/shifts/<string:key>/tasks", "A shift's tasks per volunteer in walking "
                                               "order (what the phone shows)",
          query=schemas.TasksQuery, statuses=(200, 400, 404, 401, 403), answer=answers.ShiftTasks,
          name="shift_tasks"),
    Route("GET", "/discrepancies", "Head-count discrepancies in the caller's area",
          query=schemas.FindingsQuery, statuses=(200, 400, 401, 403), answer=answers.Discrepancies,
          name="discrepancies"),
    Route("GET", "/hazards", "Home safety hazards found in the caller's area",
          query=schemas.HazardsQuery, statuses=(200, 400, 401, 403), answer=answers.Hazards,
          name="hazards"),
    Route("POST", "/requests", "Raise a resident's request (困难诉求) directly; due by "
                               "the service levels of docs/rules.md, escalated up the "
                               "area tree when overdue",
          schemas.RequestCreate, statuses=(201, 400, 401, 403), answer=answers.Request,
          name="raise_request"),
    Route("GET", "/requests", "Requests in the caller's area by grid (or any area "
                                 "above), status, overdue",
          query=schemas.RequestsQuery, statuses=(200, 400, 401, 403), answer=answers.Requests,
          name="list_requests"),
    Route("GET", _REQUEST, "One request with its history", query=_NONE,
          statuses=(200, 404, 401, 403), answer=answers.Request, name="get_request"),
    Route("POST", f"{_REQUEST}/assign", "Assign, or transfer (转办), to a unit or department",
          schemas.RequestAssign, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="assign_request"),
    Route("POST", f"{_REQUEST}/resolve", "Mark resolved, waiting for confirmation",
          schemas.RequestNote, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="resolve_request"),
    Route("POST", f"{_REQUEST}/close", "Close: the resident confirmed, or the grid leader",
          schemas.RequestClose, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="close_request"),
    Route("POST", f"{_REQUEST}/reopen", "Reopen a resolved request (say why)",
          schemas.RequestNote, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="reopen_request"),
)
