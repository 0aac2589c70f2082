"""Visits' HTTP routes: one Route each (services/common/routes.py) with its schemas,
answers, access rule (docs/access-control.md) and adapter, from which the service's
entrypoints and the OpenAPI document (docs/architecture.md rule 5) are made.
Tokens: 401 when missing or invalid, 403 for an action or place outside them. `area=` and
`unit=` resolvers are in scopes.py; `own=` (what a volunteer or a request handler owns)
in owners.py."""

from __future__ import annotations

from functools import partial

from services.common.auth import ACTIONS, CAPTURE, INTEGRATE, READ, REPORT, WRITE
from services.common.guard import Allow
from services.common.routes import Route, probes
from services.visits.entrypoints import (
    answers,
    api_campaigns,
    api_questionnaires,
    api_requests,
    api_visits,
    owners,
    schemas,
    scopes,
)

_CAMPAIGN = "/campaigns/<string:campaign_id>"
_REQUEST = "/requests/<string:request_id>"
_NONE = schemas.NoQuery
# any valid token (every action): what holds no personal data, such as a questionnaire
ANYONE = Allow(*sorted(ACTIONS))

ROUTES: tuple[Route, ...] = (
    *probes(),
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
          statuses=(200, 400, 401, 403), answer=answers.Campaigns, name="list_campaigns",
          serve=api_campaigns.list_all, access=Allow(READ, REPORT)),
    Route("GET", _CAMPAIGN, "One campaign with households per state and coverage "
                      "(in the caller's area)",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.Campaign, name="get_campaign",
          serve=api_campaigns.get, access=Allow(READ, REPORT, area=scopes.campaign)),
    Route("POST", f"{_CAMPAIGN}/end", "End a campaign: open tasks are released",
          schemas.CampaignEnd, statuses=(200, 400, 404, 401, 403), answer=answers.Campaign,
          name="end_campaign",
          serve=api_campaigns.end, access=Allow(WRITE, area=scopes.whole_campaign)),
    Route("GET", f"{_CAMPAIGN}/coverage", "Households per state and coverage, per grid (the "
                                         "caller's grids)",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.Coverage,
          name="campaign_coverage",
          serve=api_campaigns.coverage, access=Allow(READ, REPORT, area=scopes.campaign)),
    Route("GET", f"{_CAMPAIGN}/grids/<string:grid_code>/households",
          "A grid's households with their state and attempts",
          query=schemas.HouseholdsQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.GridHouseholds, name="grid_households",
          serve=api_campaigns.grid_households, access=Allow(READ, area=scopes.campaign_grid)),
    Route("GET", f"{_CAMPAIGN}/follow-up", "Households for phone/video follow-up (not home "
                                           "too often, or refused)",
          query=schemas.FollowUpQuery, statuses=(200, 404, 401, 403), answer=answers.FollowUp,
          name="follow_up",
          serve=api_campaigns.follow_up, access=Allow(READ, area=scopes.campaign)),
    Route("GET", "/questionnaires/<string:questionnaire_id>/<int:version>",
          "A questionnaire version's definition (what dump_questionnaire writes: sections, "
          "options and labels, conditions, required, bounds): the field app renders and "
          "checks answers by it",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.QuestionnaireDefinition,
          name="get_questionnaire",
          serve=api_questionnaires.get, access=ANYONE),
    Route("POST", "/visits", "Record a visit (201; the same visit again: 200; the same id "
                             "with other content: 409); on a shift, within its hours "
                             "(docs/shifts.md); answers as the questionnaire in "
                             "docs/rules.md asks",
          schemas.VisitCreate, statuses=(201, 200, 400, 404, 409, 401, 403), answer=answers.Visit,
          name="capture_visit",
          serve=api_visits.capture,
          access=Allow(CAPTURE, INTEGRATE, area=scopes.visited_household,
                       own=owners.visited_household)),
    Route("GET", "/visits/<string:visit_id>", "One visit", query=_NONE,
          statuses=(200, 404, 401, 403), answer=answers.Visit, name="get_visit",
          serve=api_visits.get,
          access=Allow(READ, area=scopes.visit, own=owners.visitor)),
    Route("GET", "/households/<string:code>/visits", "A household's visits, oldest first",
          query=_NONE, statuses=(200, 404, 401, 403), answer=answers.HouseholdVisits,
          name="household_visits",
          serve=api_visits.household_visits, access=Allow(READ, area=scopes.household)),
    Route("GET", "/shifts/<string:key>/tasks", "A shift's tasks per volunteer in walking "
                                               "order (what the phone shows)",
          query=schemas.TasksQuery, statuses=(200, 400, 404, 401, 403), answer=answers.ShiftTasks,
          name="shift_tasks",
          serve=api_visits.shift_tasks,
          access=Allow(READ, area=scopes.shift, unit=scopes.shift_unit,
                       own=owners.shift_volunteers)),
    Route("GET", "/volunteers/<string:volunteer_id>/tasks", "A volunteer's own tasks "
                                                            "(\"my tasks\"): their shifts "
                                                            "from a day on, in walking order",
          query=schemas.VolunteerTasksQuery, statuses=(200, 400, 401, 403),
          answer=answers.VolunteerTasks, name="volunteer_tasks",
          serve=api_visits.volunteer_tasks,
          access=Allow(READ, unit=scopes.volunteer_unit, own=owners.volunteer)),
    Route("GET", "/discrepancies", "Head-count discrepancies in the caller's area",
          query=schemas.FindingsQuery, statuses=(200, 400, 401, 403), answer=answers.Discrepancies,
          name="discrepancies",
          serve=api_visits.discrepancies, access=Allow(READ)),
    Route("GET", "/hazards", "Home safety hazards found in the caller's area",
          query=schemas.HazardsQuery, statuses=(200, 400, 401, 403), answer=answers.Hazards,
          name="hazards",
          serve=api_visits.hazards, access=Allow(READ)),
    Route("POST", "/requests", "Raise a resident's request (困难诉求) directly; due by "
                               "the service levels of docs/rules.md, escalated up the "
                               "area tree when overdue",
          schemas.RequestCreate, statuses=(201, 400, 401, 403), answer=answers.Request,
          name="raise_request",
          serve=api_requests.create, access=Allow(CAPTURE, INTEGRATE, area=scopes.new_request)),
    Route("GET", "/requests", "Requests in the caller's area by grid (or any area "
                                 "above), status, overdue; ?mine=raised: those raised on "
                                 "the visits the caller made or recorded, or by them",
          query=schemas.RequestsQuery, statuses=(200, 400, 401, 403), answer=answers.Requests,
          name="list_requests",
          serve=api_requests.list_all, access=Allow(READ)),
    Route("GET", _REQUEST, "One request with its history (each step, its account, "
                           "time and note)", query=_NONE,
          statuses=(200, 404, 401, 403), answer=answers.Request, name="get_request",
          serve=api_requests.get,
          access=Allow(READ, area=scopes.resident_request, own=owners.request_readers)),
    Route("POST", f"{_REQUEST}/accept", "The assigned request handler takes the request "
                                        "on (status stays assigned; accepted_at and "
                                        "accepted_by are set; again: unchanged); 409 once "
                                        "resolved or closed, or transferred meanwhile",
          schemas.RequestNote, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Request, name="accept_request",
          serve=api_requests.accept,
          access=Allow(WRITE, own=owners.request_handler)),
    Route("POST", f"{_REQUEST}/assign", "Assign, or transfer (转办), to a unit or department "
                                        "(assigned_to: its code; its request handlers "
                                        "then see and act on the request)",
          schemas.RequestAssign, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="assign_request",
          serve=partial(api_requests.change, action="assign"),
          access=Allow(WRITE, area=scopes.resident_request)),
    Route("POST", f"{_REQUEST}/resolve", "Mark resolved, waiting for confirmation",
          schemas.RequestNote, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="resolve_request",
          serve=partial(api_requests.change, action="resolve"),
          access=Allow(WRITE, CAPTURE, area=scopes.resident_request,
                       own=owners.request_handler)),
    Route("POST", f"{_REQUEST}/close", "Close: the resident confirmed, or the grid leader",
          schemas.RequestClose, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="close_request",
          serve=partial(api_requests.change, action="close"),
          access=Allow(WRITE, CAPTURE, area=scopes.resident_request,
                       own=owners.request_handler)),
    Route("POST", f"{_REQUEST}/reopen", "Reopen a resolved request (say why)",
          schemas.RequestNote, statuses=(200, 400, 404, 401, 403), answer=answers.Request,
          name="reopen_request",
          serve=partial(api_requests.change, action="reopen"),
          access=Allow(WRITE, CAPTURE, area=scopes.resident_request)),
)
