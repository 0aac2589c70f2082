"""Dispatch's HTTP routes, the one place each is written: method, path, input schemas
and answers, and the service method serving it (`name`: served_by,
services/common/routes.py). The OpenAPI document is built from this table
(docs/architecture.md rule 5).
Every route but /health and /metrics needs a bearer token: 401 without a valid one, 403
outside the token's role or scope (docs/access-control.md)."""

from __future__ import annotations

from services.common.answers import Health
from services.common.routes import Route
from services.dispatch.entrypoints import answers, schemas
from services.dispatch.entrypoints.api_roster import RosterQuery

_UNIT = "/units/<string:unit_id>"
_VOLUNTEER = "/volunteers/<string:volunteer_id>"
_ORDER = "/orders/<string:order_id>"
_SHIFT = "/shifts/<string:key>"
_COMMUNITY = "/communities/<string:code>"
_NONE = schemas.NoQuery

ROUTES: tuple[Route, ...] = (
    Route("GET", "/health", "Database and broker reachable (503 when not)", statuses=(200, 503),
          answer=Health, name="health"),
    Route("GET", "/metrics", "Prometheus metrics of the event backbone (text format)",
          name="metrics"),
    Route("GET", "/communities", "Communities dispatch knows (from registry events), in the "
                                 "caller's area", query=_NONE, statuses=(200, 401, 403),
          answer=answers.Communities, name="list_communities"),
    Route("GET", _COMMUNITY, "A community with its grids and sites", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Community, name="get_community"),
    Route("POST", f"{_COMMUNITY}/sites", "Register a checkpoint, testing site or other place "
                                         "orders may name (201; the same site again: 200)",
          schemas.SiteCreate, statuses=(201, 200, 400, 404, 409, 401, 403),
          answer=answers.Site, name="create_site"),
    Route("GET", f"{_COMMUNITY}/sites", "A community's sites", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Sites, name="list_sites"),
    Route("GET", f"{_COMMUNITY}/person-times", "Person-times in a community, per unit",
          query=schemas.PeriodQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.CommunityPersonTimes, name="community_person_times"),
    Route("POST", "/units", "Register a unit with its coordinator contact", schemas.UnitCreate,
          statuses=(201, 400, 409, 401, 403),
          answer=answers.Unit, name="create_unit"),
    Route("GET", "/units", "The units the caller reaches, with their volunteer counts",
          query=_NONE, statuses=(200, 401, 403),
          answer=answers.Units, name="list_units"),
    Route("GET", _UNIT, "One unit (coordinator's name and phone masked unless revealed)",
          query=schemas.UnitRead, statuses=(200, 400, 404, 401, 403),
          answer=answers.Unit, name="get_unit"),
    Route("PATCH", _UNIT, "Change a unit's name, coordinator or activity", schemas.UnitUpdate,
          statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Unit, name="update_unit"),
    Route("GET", f"{_UNIT}/understaffed", "The unit's coming shifts that still miss people",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.Understaffed, name="unit_understaffed"),
    Route("GET", f"{_UNIT}/person-times", "Person-times of a unit, per pairing",
          query=schemas.PeriodQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.UnitPersonTimes, name="unit_person_times"),
    Route("POST", "/volunteers", "Register a volunteer of a unit", schemas.VolunteerCreate,
          statuses=(201, 400, 409, 401, 403),
          answer=answers.Volunteer, name="create_volunteer"),
    Route("GET", "/volunteers", "Volunteers, by unit and activity, paged",
          query=schemas.VolunteerQuery, statuses=(200, 400, 401, 403),
          answer=answers.Volunteers, name="list_volunteers"),
    Route("POST", "/volunteers/import", "Import a roster (CSV or XLSX body, headers in "
                                        "docs/rules.md): valid rows created or updated, "
                                        "a (row, column, reason) report for the others",
          query=RosterQuery,
          statuses=(200, 400, 401, 403),
          answer=answers.RosterImport, name="import_volunteers"),
    Route("GET", _VOLUNTEER, "One volunteer (name and phone masked unless revealed)",
          query=schemas.VolunteerRead, statuses=(200, 400, 404, 401, 403),
          answer=answers.Volunteer, name="get_volunteer"),
    Route("PATCH", _VOLUNTEER, "Change a volunteer's unit, skills or availability",
          schemas.VolunteerUpdate, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Volunteer, name="update_volunteer"),
    Route("POST", "/orders", "Place a pairing order: shifts scheduled and staffed at once; "
                             "the same order again answers 200 unchanged",
          schemas.OrderCreate, statuses=(201, 200, 400, 409, 401, 403),
          answer=answers.Order, name="create_order"),
    Route("GET", _ORDER, "One pairing with its totals", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Order, name="get_order"),
    Route("PATCH", _ORDER, "Amend head-count, period, places or task kinds",
          schemas.OrderAmend, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Order, name="amend_order"),
    Route("POST", f"{_ORDER}/cancel", "Cancel a pairing: its shifts that have not begun "
                                      "are called off", statuses=(200, 404, 401, 403),
          answer=answers.Order, name="cancel_order"),
    Route("GET", f"{_ORDER}/shifts", "The pairing's shifts with their volunteers",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.OrderShifts, name="order_shifts"),
    Route("GET", f"{_ORDER}/person-times", "Promised, scheduled, delivered, no-shows",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.OrderPersonTimes, name="order_person_times"),
    Route("GET", _SHIFT, "One shift with its volunteers (names masked)", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Shift, name="get_shift"),
    Route("POST", f"{_SHIFT}/decline", "Take a volunteer off a shift; the best eligible "
                                       "(or the named) volunteer replaces them",
          schemas.Decline, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Replaced, name="decline_shift"),
    Route("POST", f"{_SHIFT}/replace", "A coordinator replaces a volunteer on a shift: by "
                                       "the named one, or the next in the fair rotation",
          schemas.Replace, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Replaced, name="replace_volunteer"),
    Route("POST", f"{_SHIFT}/swap", "Two volunteers of one unit exchange their shifts, if "
                                    "both stay within availability, weekly limits and "
                                    "single booking", schemas.Swap,
          statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Swapped, name="swap_volunteers"),
    Route("POST", f"{_SHIFT}/checkins", "Record a check-in or check-out within the "
                                        "shift's windows (docs/shifts.md; 201 the first "
                                        "time, 200 for a repeated scan)",
          schemas.CheckinInput, statuses=(201, 200, 400, 404, 409, 401, 403),
          answer=answers.Attendance, name="checkin"),
    Route("POST", f"{_SHIFT}/attendance-corrections",
          "Record after the shift ended that a volunteer was present, with a reason "
          "(unit coordinator, community or city admin; audited; docs/shifts.md)",
          schemas.AttendanceCorrectionInput, statuses=(201, 400, 404, 409, 401, 403),
          answer=answers.Corrected, name="correct_attendance"),
)
