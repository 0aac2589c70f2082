"""What dispatch's HTTP API answers, as schemas (people.py, orders.py, sites.py and the
api_*.py modules build the answers): the OpenAPI document publishes them per route.
Names and phones are masked; the clear `name`/`phone` fields come only with ?reveal=."""

from __future__ import annotations

from marshmallow import Schema, fields


class CommunityListed(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    version = fields.Integer(required=True)
    grids = fields.Integer(required=True, metadata={"description": "how many grids"})


class Communities(Schema):
    communities = fields.List(fields.Nested(CommunityListed), required=True)


class Site(Schema):
    site_code = fields.String(required=True)
    community_code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    version = fields.Integer(required=True)


class Community(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    parent_code = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True)
    grids = fields.List(fields.String(), required=True)
    sites = fields.List(fields.Nested(Site), required=True)


class Sites(Schema):
    community_code = fields.String(required=True)
    sites = fields.List(fields.Nested(Site), required=True)


class Coordinator(Schema):
    name_masked = fields.String(required=True)
    phone_masked = fields.String(required=True, allow_none=True)
    name = fields.String(metadata={"description": "only with ?reveal=coordinator_name"})
    phone = fields.String(metadata={"description": "only with ?reveal=coordinator_phone"})


class Unit(Schema):
    unit_id = fields.String(required=True)
    name = fields.String(required=True)
    area_code = fields.String(allow_none=True)
    active = fields.Boolean(required=True)
    coordinator = fields.Nested(Coordinator, required=True)
    version = fields.Integer(required=True)
    volunteers = fields.Integer(metadata={"description": "how many volunteers"})


class Units(Schema):
    units = fields.List(fields.Nested(Unit), required=True)


class Volunteer(Schema):
    volunteer_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    name_masked = fields.String(required=True)
    phone_masked = fields.String(required=True, allow_none=True)
    name = fields.String(metadata={"description": "only with ?reveal=name"})
    phone = fields.String(allow_none=True, metadata={"description": "only with ?reveal=phone"})
    party_member = fields.Boolean(required=True)
    skills = fields.List(fields.String(), required=True)
    weekdays = fields.List(fields.Integer(), required=True)
    halves = fields.List(fields.String(), required=True)
    blackout = fields.List(fields.Date(), required=True)
    weekly_limit = fields.Integer(required=True, allow_none=True)
    active = fields.Boolean(required=True)
    version = fields.Integer(required=True)
    account_id = fields.String(allow_none=True, metadata={
        "description": "the volunteer's account, when approved in accounts (issue 13)"})


class Volunteers(Schema):
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    volunteers = fields.List(fields.Nested(Volunteer), required=True)


class Order(Schema):
    order_id = fields.String(required=True)
    status = fields.String(required=True)
    version = fields.Integer(required=True)


class OrderChange(Schema):
    version = fields.Integer(required=True, metadata={"description": "the order's version "
                                                                     "after the change"})
    change = fields.String(required=True, metadata={"description": "ordered, amended or "
                                                                   "cancelled"})
    actor = fields.String(required=True, allow_none=True, metadata={
        "description": "the account that made it (an id); null: an event of another "
                       "system (its id is the cause) or an order older than authors"})
    cause = fields.String(required=True)
    changed_at = fields.DateTime(required=True)
    fields_ = fields.Dict(required=True, data_key="fields", metadata={
        "description": "the terms it changed: {field: [before, after]}"})


class OrderHistory(Schema):
    order_id = fields.String(required=True)
    changes = fields.List(fields.Nested(OrderChange), required=True)


class OrderShifts(Schema):
    order_id = fields.String(required=True)
    shifts = fields.List(fields.Dict(), required=True)


class Figures(Schema):
    """Person-times (人次) of a set of scheduled shifts (docs/shifts.md)."""

    promised = fields.Integer(required=True, metadata={"description": "sum of head-counts"})
    scheduled = fields.Integer(required=True, metadata={"description": "bookings"})
    delivered = fields.Integer(required=True, metadata={
        "description": "people present, one per volunteer and shift: by a scan, a visit on "
                       "the shift or a correction"})
    no_shows = fields.Integer(required=True, metadata={
        "description": "bookings without a check-in once the shift ended"})
    short = fields.Integer(required=True, metadata={
        "description": "seats nobody was scheduled for"})
    corrected = fields.Integer(required=True, metadata={
        "description": "of delivered, those recorded after the shift by an audited "
                       "correction (reporting's pt_corrected)"})


class DayFigures(Figures):
    day = fields.Date(required=True)


class NoShow(Schema):
    shift_key = fields.String(required=True)
    volunteer_id = fields.String(required=True)


class OrderPersonTimes(Figures):
    order_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    community_code = fields.String(required=True)
    status = fields.String(required=True)
    days = fields.List(fields.Nested(DayFigures), required=True)
    no_show_list = fields.List(fields.Nested(NoShow), required=True)


class PersonTimes(Schema):
    since = fields.Date(required=True, allow_none=True)
    until = fields.Date(required=True, allow_none=True)
    totals = fields.Nested(Figures, required=True)


class UnitFigures(Figures):
    unit_id = fields.String(required=True)


class OrderFigures(Figures):
    order_id = fields.String(required=True)


class CommunityPersonTimes(PersonTimes):
    community_code = fields.String(required=True)
    units = fields.List(fields.Nested(UnitFigures), required=True)


class UnitPersonTimes(PersonTimes):
    unit_id = fields.String(required=True)
    orders = fields.List(fields.Nested(OrderFigures), required=True)


class Understaffed(Schema):
    unit_id = fields.String(required=True)
    missing = fields.Integer(required=True)
    shifts = fields.List(fields.Dict(), required=True)


class ShiftPerson(Schema):
    volunteer_id = fields.String(required=True)
    name_masked = fields.String(required=True)


class ShiftLead(Schema):
    account_id = fields.String(required=True, metadata={"description": "a grid worker's "
                                                                      "account"})
    name_masked = fields.String(required=True)


class Shift(Schema):
    shift_key = fields.String(required=True)
    order_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    community_code = fields.String(required=True)
    day = fields.Date(required=True)
    half = fields.String(required=True)
    starts_at = fields.DateTime(required=True, metadata={"description": "the shift's start "
                                                                       "(UTC)"})
    ends_at = fields.DateTime(required=True, metadata={"description": "its end (UTC)"})
    place_code = fields.String(required=True)
    place_name = fields.String(required=True, allow_none=True, metadata={
        "description": "the grid's or site's name, when dispatch knows it"})
    task_kinds = fields.List(fields.String(), required=True)
    head_count = fields.Integer(required=True)
    assigned = fields.Integer(required=True)
    missing = fields.Integer(required=True, metadata={"description": "seats nobody holds"})
    status = fields.String(required=True)
    version = fields.Integer(required=True)
    volunteers = fields.List(fields.Nested(ShiftPerson), required=True)
    leads = fields.List(fields.Nested(ShiftLead), required=True, metadata={
        "description": "who leads it: the grid workers of its grid (none at a site)"})


class MyShift(Shift):
    checked_in_at = fields.DateTime(required=True, allow_none=True,
                                    metadata={"description": "the volunteer's own"})
    checked_out_at = fields.DateTime(required=True, allow_none=True)


class VolunteerShifts(Schema):
    volunteer_id = fields.String(required=True)
    since = fields.Date(required=True)
    shifts = fields.List(fields.Nested(MyShift), required=True, metadata={
        "description": "their shifts from `since` on, each with the people on it (names "
                       "masked) and their own attendance"})


class GridShiftPerson(ShiftPerson):
    booked = fields.Boolean(required=True, metadata={
        "description": "false: present without a booking (stepped in)"})
    checked_in_at = fields.DateTime(required=True, allow_none=True)
    checked_out_at = fields.DateTime(required=True, allow_none=True)
    basis = fields.String(required=True, allow_none=True, metadata={
        "description": "what made them present: scan, visit or correction"})


class GridShift(Shift):
    volunteers = fields.List(fields.Nested(GridShiftPerson), required=True)
    checked_in = fields.Integer(required=True, metadata={"description": "people present"})
    not_checked_in = fields.Integer(required=True, metadata={
        "description": "booked people without a check-in yet"})


class GridShifts(Schema):
    grid_code = fields.String(required=True)
    since = fields.Date(required=True)
    days = fields.Integer(required=True)
    shifts = fields.List(fields.Nested(GridShift), required=True)


class CheckinCode(Schema):
    shift_key = fields.String(required=True)
    code = fields.String(required=True, metadata={"description": "6 digits: show it (as "
                                                                 "text or a QR code)"})
    valid_from = fields.DateTime(required=True)
    valid_until = fields.DateTime(required=True, metadata={
        "description": "when the next code replaces it on the screen"})
    accepted_until = fields.DateTime(required=True, metadata={
        "description": "until when a volunteer's check-in with it is still taken"})
    period_s = fields.Integer(required=True, metadata={"description": "seconds one code "
                                                                     "lasts"})


class Replaced(Schema):
    shift_key = fields.String(required=True)
    left = fields.String(required=True, metadata={"description": "who left the shift"})
    replacement = fields.String(required=True, allow_none=True,
                                metadata={"description": "who took their place, if anyone"})
    volunteers = fields.List(fields.String(), required=True)
    missing = fields.Integer(required=True)


class Swapped(Schema):
    shifts = fields.List(fields.Dict(), required=True)


class Attendance(Schema):
    shift_key = fields.String(required=True)
    volunteer_id = fields.String(required=True)
    checked_in_at = fields.String(required=True, allow_none=True)
    checked_out_at = fields.String(required=True, allow_none=True)
    booked = fields.Boolean(required=True)
    basis = fields.String(allow_none=True)


class Corrected(Attendance):
    correction = fields.Dict(required=True)


class RosterImport(Schema):
    import_id = fields.String(required=True)
    dry_run = fields.Boolean(required=True)
    rows_total = fields.Integer(required=True)
    rows_imported = fields.Integer(required=True)
    rows_rejected = fields.Integer(required=True)
    errors = fields.List(fields.Dict(), required=True,
                         metadata={"description": "row, column and reason of each refusal"})
