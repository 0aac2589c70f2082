"""Dispatch's HTTP routes, each written once (a Route: services/common/routes.py): the
OpenAPI document (docs/architecture.md rule 5), who may call each route and the
adapter its generated entrypoint calls all come from here. Every route but /health and
/metrics needs a bearer token: 401 without one, 403 outside its role or scope. A
volunteer's token (issue 13) reaches only what an own= resolver names them in: their
record, their shifts, the shifts they are on and their own check-ins."""

from __future__ import annotations

from services.common.auth import ADMIN, CAPTURE, INTEGRATE, READ, REPORT, WRITE
from services.common.guard import Allow
from services.common.routes import Route, probes
from services.dispatch.entrypoints import (
    answers,
    api_areas,
    api_orders,
    api_people,
    api_roster,
    api_shifts,
    schemas,
    scopes,
)
from services.dispatch.entrypoints.api_roster import RosterQuery

_UNIT = "/units/<string:unit_id>"
_VOLUNTEER = "/volunteers/<string:volunteer_id>"
_ORDER = "/orders/<string:order_id>"
_SHIFT = "/shifts/<string:key>"
_COMMUNITY = "/communities/<string:code>"
_GRID = "/grids/<string:code>"
_NONE = schemas.NoQuery

ROUTES: tuple[Route, ...] = (
    *probes(),
    Route("GET", "/communities", "Communities dispatch knows (from registry events), in the "
                                 "caller's area", query=_NONE, statuses=(200, 401, 403),
          answer=answers.Communities, name="list_communities",
          serve=api_areas.list_communities, access=Allow(READ)),
    Route("GET", _COMMUNITY, "A community with its grids and sites", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Community, name="get_community",
          serve=api_areas.get_community, access=Allow(READ, area=scopes.community)),
    Route("POST", f"{_COMMUNITY}/sites", "Register a checkpoint, testing site or other place "
                                         "orders may name (201; the same site again: 200)",
          schemas.SiteCreate, statuses=(201, 200, 400, 404, 409, 401, 403),
          answer=answers.Site, name="create_site",
          serve=api_areas.create_site, access=Allow(WRITE, area=scopes.community)),
    Route("GET", f"{_COMMUNITY}/sites", "A community's sites", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Sites, name="list_sites",
          serve=api_areas.list_sites, access=Allow(READ, area=scopes.community)),
    Route("GET", f"{_COMMUNITY}/person-times", "Person-times in a community, per unit",
          query=schemas.PeriodQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.CommunityPersonTimes, name="community_person_times",
          serve=api_areas.community_person_times, access=Allow(REPORT, area=scopes.community)),
    Route("POST", "/units", "Register a unit with its coordinator contact", schemas.UnitCreate,
          statuses=(201, 400, 409, 401, 403),
          answer=answers.Unit, name="create_unit",
          serve=api_people.create_unit, access=Allow(ADMIN, area=scopes.body_unit_area)),
    Route("GET", "/units", "The units the caller reaches, with their volunteer counts",
          query=_NONE, statuses=(200, 401, 403),
          answer=answers.Units, name="list_units",
          serve=api_people.list_units, access=Allow(READ)),
    Route("GET", _UNIT, "One unit (coordinator's name and phone masked unless revealed)",
          query=schemas.UnitRead, statuses=(200, 400, 404, 401, 403),
          answer=answers.Unit, name="get_unit",
          serve=api_people.get_unit, access=Allow(READ, area=scopes.unit_read)),
    Route("PATCH", _UNIT, "Change a unit's name, coordinator or activity", schemas.UnitUpdate,
          statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Unit, name="update_unit",
          serve=api_people.update_unit, access=Allow(WRITE, area=scopes.unit_write)),
    Route("GET", f"{_UNIT}/understaffed", "The unit's coming shifts that still miss people",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.Understaffed, name="unit_understaffed",
          serve=api_orders.unit_understaffed, access=Allow(READ, area=scopes.unit_read)),
    Route("GET", f"{_UNIT}/person-times", "Person-times of a unit, per pairing",
          query=schemas.PeriodQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.UnitPersonTimes, name="unit_person_times",
          serve=api_orders.unit_person_times, access=Allow(READ, area=scopes.unit_read)),
    Route("POST", "/volunteers", "Register a volunteer of a unit", schemas.VolunteerCreate,
          statuses=(201, 400, 409, 401, 403),
          answer=answers.Volunteer, name="create_volunteer",
          serve=api_people.create_volunteer,
          access=Allow(WRITE, INTEGRATE, area=scopes.body_unit_write)),
    Route("GET", "/volunteers", "Volunteers, by unit and activity, paged",
          query=schemas.VolunteerQuery, statuses=(200, 400, 401, 403),
          answer=answers.Volunteers, name="list_volunteers",
          serve=api_people.list_volunteers, access=Allow(READ)),
    Route("POST", "/volunteers/import", "Import a roster (CSV or XLSX body, headers in "
                                        "docs/rules.md): valid rows created or updated, "
                                        "a (row, column, reason) report for the others",
          query=RosterQuery,
          statuses=(200, 400, 401, 403),
          answer=answers.RosterImport, name="import_volunteers",
          serve=api_roster.import_volunteers, access=Allow(WRITE, INTEGRATE)),
    Route("GET", _VOLUNTEER, "One volunteer (name and phone masked unless revealed)",
          query=schemas.VolunteerRead, statuses=(200, 400, 404, 401, 403),
          answer=answers.Volunteer, name="get_volunteer",
          serve=api_people.get_volunteer,
          access=Allow(READ, area=scopes.volunteer_read, own=scopes.volunteer_self)),
    Route("GET", f"{_VOLUNTEER}/shifts", "A volunteer's shifts from a day on (default: "
                                         "today), with their own check-ins: a volunteer's "
                                         "'my shifts'",
          query=schemas.VolunteerShiftsQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.VolunteerShifts, name="volunteer_shifts",
          serve=api_shifts.shifts_of_volunteer,
          access=Allow(READ, area=scopes.volunteer_read, own=scopes.volunteer_self)),
    Route("PATCH", _VOLUNTEER, "Change a volunteer's unit, skills or availability",
          schemas.VolunteerUpdate, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Volunteer, name="update_volunteer",
          serve=api_people.update_volunteer, access=Allow(WRITE, area=scopes.volunteer_write)),
    Route("POST", "/orders", "Place a pairing order: shifts scheduled and staffed at once; "
                             "the same order again answers 200 unchanged",
          schemas.OrderCreate, statuses=(201, 200, 400, 409, 401, 403),
          answer=answers.Order, name="create_order",
          serve=api_orders.create_order,
          access=Allow(WRITE, INTEGRATE, area=scopes.body_community)),
    Route("GET", _ORDER, "One pairing with its totals", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Order, name="get_order",
          serve=api_orders.get_order,
          access=Allow(READ, area=scopes.order, unit=scopes.order_unit)),
    Route("PATCH", _ORDER, "Amend head-count, period, places or task kinds",
          schemas.OrderAmend, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Order, name="amend_order",
          serve=api_orders.amend_order, access=Allow(WRITE, area=scopes.order)),
    Route("POST", f"{_ORDER}/cancel", "Cancel a pairing: its shifts that have not begun "
                                      "are called off", statuses=(200, 404, 401, 403),
          answer=answers.Order, name="cancel_order",
          serve=api_orders.cancel_order, access=Allow(WRITE, area=scopes.order)),
    Route("GET", f"{_ORDER}/history", "Who placed, amended and cancelled the order (account "
                                      "ids), when, and what each step changed",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.OrderHistory, name="order_history",
          serve=api_orders.history_of_order,
          access=Allow(READ, area=scopes.order, unit=scopes.order_unit)),
    Route("GET", f"{_ORDER}/shifts", "The pairing's shifts with their volunteers",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.OrderShifts, name="order_shifts",
          serve=api_orders.shifts_of_order,
          access=Allow(READ, area=scopes.order, unit=scopes.order_unit)),
    Route("GET", f"{_ORDER}/person-times", "Promised, scheduled, delivered, no-shows",
          query=_NONE, statuses=(200, 404, 401, 403),
          answer=answers.OrderPersonTimes, name="order_person_times",
          serve=api_orders.order_person_times,
          access=Allow(READ, area=scopes.order, unit=scopes.order_unit)),
    Route("GET", _SHIFT, "One shift with its volunteers (names masked)", query=_NONE,
          statuses=(200, 404, 401, 403),
          answer=answers.Shift, name="get_shift",
          serve=api_shifts.get_shift,
          access=Allow(READ, area=scopes.shift, unit=scopes.shift_unit,
                       own=scopes.shift_people)),
    Route("POST", f"{_SHIFT}/decline", "Take a volunteer off a shift; the best eligible "
                                       "(or the named) volunteer replaces them",
          schemas.Decline, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Replaced, name="decline_shift",
          serve=api_shifts.decline_shift,
          access=Allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)),
    Route("POST", f"{_SHIFT}/replace", "A coordinator replaces a volunteer on a shift: by "
                                       "the named one, or the next in the fair rotation",
          schemas.Replace, statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Replaced, name="replace_volunteer",
          serve=api_shifts.replace_volunteer,
          access=Allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)),
    Route("POST", f"{_SHIFT}/swap", "Two volunteers of one unit exchange their shifts, if "
                                    "both stay within availability, weekly limits and "
                                    "single booking", schemas.Swap,
          statuses=(200, 400, 404, 409, 401, 403),
          answer=answers.Swapped, name="swap_volunteers",
          serve=api_shifts.swap_volunteers,
          access=Allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)),
    Route("POST", f"{_SHIFT}/checkins", "Record a check-in or check-out within the "
                                        "shift's windows (docs/shifts.md; 201 the first "
                                        "time, 200 for a repeated scan); a volunteer "
                                        "checking themself in gives the shift's `code`",
          schemas.CheckinInput, statuses=(201, 200, 400, 404, 409, 401, 403),
          answer=answers.Attendance, name="checkin",
          serve=api_shifts.checkin,
          access=Allow(CAPTURE, WRITE, INTEGRATE, area=scopes.shift, unit=scopes.shift_unit,
                       own=scopes.checkin_self)),
    Route("GET", f"{_SHIFT}/checkin-code",
          "The shift's check-in code now, for its leader to show (as text or a QR code): "
          "6 digits from the shift's secret, a new one every "
          "DISPATCH_CHECKIN_CODE_MINUTES (docs/shifts.md); the grid's workers, the "
          "community's or city's admins and the unit's coordinator",
          query=_NONE, statuses=(200, 404, 409, 401, 403),
          answer=answers.CheckinCode, name="checkin_code",
          serve=api_shifts.checkin_code,
          access=Allow(CAPTURE, WRITE, area=scopes.shift, unit=scopes.shift_unit)),
    Route("POST", "/checkins",
          "A volunteer checks themself in or out with the code their shift's leader shows, "
          "at the server's time (201 the first time, 200 for a repeated scan): the code "
          "of a shift they are not on is 403, one no shift has 400 naming `code`, a shift "
          "not open yet or over 409 with the time it opens or ended",
          schemas.CodeCheckin, statuses=(201, 200, 400, 404, 409, 401, 403),
          answer=answers.Attendance, name="checkin_by_code",
          serve=api_shifts.checkin_by_code, access=Allow(CAPTURE)),
    Route("GET", f"{_GRID}/shifts",
          "A grid's shifts from a day on (default today, 7 days): each with its people "
          "(names masked), everyone's check-in and check-out, who is missing and who "
          "leads it: the grid workers' list",
          query=schemas.GridShiftsQuery, statuses=(200, 400, 404, 401, 403),
          answer=answers.GridShifts, name="grid_shifts",
          serve=api_shifts.shifts_of_grid, access=Allow(READ, area=scopes.grid)),
    Route("POST", f"{_SHIFT}/attendance-corrections",
          "Record after the shift ended that a volunteer was present, with a reason "
          "(unit coordinator, community or city admin; audited; docs/shifts.md)",
          schemas.AttendanceCorrectionInput, statuses=(201, 400, 404, 409, 401, 403),
          answer=answers.Corrected, name="correct_attendance",
          serve=api_shifts.correct_attendance,
          access=Allow(WRITE, area=scopes.shift, unit=scopes.shift_unit)),
)
