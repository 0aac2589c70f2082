"""Payloads published by dispatch on `dispatch.events`.

They carry ids, area codes, dates, task kinds and counts: never a phone, and no names of
people (a volunteer is known by id; the unit's coordinator contact stays in dispatch).
"""

from marshmallow import Schema, fields, validate

from services.common.vocab import (
    HALVES,
    PRESENCE_BASES,
    SITE_KINDS,
    SLOT_KINDS,
    TASK_KINDS,
    UNASSIGN_REASONS,
)

CAUSE = fields.String(required=True, metadata={"description": "what caused it: api, "
                                                              "event:<id>, import:<id>, "
                                                              "approval:<application id>"})


def _actor() -> fields.String:
    # not required: events published before authors were kept have none (history rebuilds)
    return fields.String(load_default=None, allow_none=True, metadata={
        "description": "the account (an id, issue 13) whose request made the change: a "
                       "person's, or an integrator's service account; null for an event "
                       "of another system or dispatch's own staffing"})


class UnitPayload(Schema):
    unit_id = fields.String(required=True)
    name = fields.String(required=True)
    # not required: events published before units had an area lack it (history rebuilds)
    area_code = fields.String(load_default=None, allow_none=True, metadata={
        "description": "the area (a city, a district) whose organisation pairs the unit: "
                       "where its people and figures belong; null for a unit that has none "
                       "yet (docs/access-control.md)"})
    active = fields.Boolean(required=True)
    version = fields.Integer(required=True)
    actor = _actor()


class VolunteerPayload(Schema):
    volunteer_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    party_member = fields.Boolean(required=True)
    skills = fields.List(fields.String(), required=True)
    active = fields.Boolean(required=True)
    version = fields.Integer(required=True)
    cause = CAUSE
    actor = _actor()
    account_id = fields.String(load_default=None, allow_none=True, metadata={
        "description": "the volunteer's own account, when they were approved in accounts"})


class SitePayload(Schema):
    site_code = fields.String(required=True, metadata={"description": "a place code, like "
                                                                      "a grid code"})
    community_code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(SITE_KINDS),
                         metadata={"description": "checkpoint (卡口), testing_site "
                                                  "(核酸采样点) or other"})
    version = fields.Integer(required=True)


class PairingPayload(Schema):
    order_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    community_code = fields.String(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True, allow_none=True)
    batches = fields.Integer(required=True, allow_none=True)
    slot_kind = fields.String(required=True, validate=validate.OneOf(SLOT_KINDS))
    head_count = fields.Integer(required=True, metadata={"description": "people per batch"})
    head_count_per_place = fields.Boolean(required=True)
    task_kinds = fields.List(fields.String(validate=validate.OneOf(TASK_KINDS)), required=True)
    places = fields.List(fields.String(), required=True,
                         metadata={"description": "grid or site codes; empty: every "
                                                  "grid of the community"})
    shifts = fields.Integer(required=True, metadata={"description": "shifts scheduled"})
    promised = fields.Integer(required=True,
                              metadata={"description": "person-times promised (head-counts)"})
    assigned = fields.Integer(required=True, metadata={"description": "people on its shifts"})
    missing = fields.Integer(required=True,
                             metadata={"description": "seats nobody could take yet"})
    version = fields.Integer(required=True)
    cause = CAUSE
    actor = _actor()


class PairingAmended(PairingPayload):
    shifts_added = fields.Integer(required=True)
    shifts_changed = fields.Integer(required=True)
    shifts_cancelled = fields.Integer(required=True)


class PairingCancelled(Schema):
    order_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    community_code = fields.String(required=True)
    shifts_cancelled = fields.Integer(required=True,
                                      metadata={"description": "future shifts called off"})
    version = fields.Integer(required=True)
    cause = CAUSE
    actor = _actor()


class ShiftRef(Schema):
    shift_key = fields.String(required=True)
    order_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    community_code = fields.String(required=True)
    day = fields.Date(required=True)
    half = fields.String(required=True, validate=validate.OneOf(HALVES))
    place_code = fields.String(required=True, metadata={"description": "grid or site code"})


class ShiftScheduled(ShiftRef):
    task_kinds = fields.List(fields.String(validate=validate.OneOf(TASK_KINDS)), required=True)
    head_count = fields.Integer(required=True)
    version = fields.Integer(required=True,
                             metadata={"description": "1 when new; higher after amendments"})


class ShiftCancelled(ShiftRef):
    version = fields.Integer(required=True)


class ShiftUnderstaffed(ShiftRef):
    head_count = fields.Integer(required=True)
    assigned = fields.Integer(required=True)
    missing = fields.Integer(required=True, metadata={"description": "people still needed"})


class ShiftStaffed(ShiftRef):
    head_count = fields.Integer(required=True)
    assigned = fields.Integer(required=True, metadata={"description": "people on it now: "
                                                                      "the full head-count"})


class VolunteerAssigned(ShiftRef):
    volunteer_id = fields.String(required=True)
    replaces = fields.String(load_default=None, allow_none=True,
                             metadata={"description": "the volunteer this one replaces"})


class VolunteerUnassigned(ShiftRef):
    volunteer_id = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(UNASSIGN_REASONS),
                           metadata={"description": "swapped: exchanged with someone on "
                                                    "another shift; volunteer_unavailable: "
                                                    "deactivated, moved to another unit, or "
                                                    "no longer available that day"})


class VolunteerCheckedOut(ShiftRef):
    volunteer_id = fields.String(required=True)
    at = fields.AwareDateTime(required=True)
    booked = fields.Boolean(required=True,
                            metadata={"description": "false: stepped in without a booking"})
    source = fields.String(required=True, metadata={
        "description": "the device, api, visit:<visit id> or correction:<id>"})


class VolunteerCheckedIn(VolunteerCheckedOut):
    # not required: events published before these fields were scans (history rebuilds)
    basis = fields.String(load_default="scan", validate=validate.OneOf(PRESENCE_BASES),
                          metadata={"description": "scan: within the check-in window "
                                                   "(docs/shifts.md); visit: an in-person "
                                                   "visit they recorded on the shift; "
                                                   "correction: recorded after the shift by "
                                                   "a coordinator or admin, with a reason"})
    correction_id = fields.Integer(load_default=None, allow_none=True,
                                   metadata={"description": "the correction, when basis is "
                                                            "correction"})
    revokes_no_show = fields.Boolean(load_default=False, metadata={
        "description": "a volunteer_no_show was published for this booking before: "
                       "count them delivered instead"})


class VolunteerNoShow(ShiftRef):
    volunteer_id = fields.String(required=True)


EVENTS = {
    "unit_registered": (UnitPayload, "A unit (单位) was registered for dispatch."),
    "unit_updated": (UnitPayload, "A unit changed (name, active)."),
    "volunteer_registered": (VolunteerPayload, "A volunteer (党员干部/志愿者) was registered."),
    "volunteer_updated": (VolunteerPayload, "A volunteer's unit, skills or activity changed."),
    "site_registered": (SitePayload, "A site (checkpoint 卡口, testing site 核酸采样点, …) "
                                     "was registered: orders may name it as a place."),
    "pairing_ordered": (PairingPayload, "A pairing order (下沉指令) was accepted: its shifts "
                                        "were scheduled and staffed in the same step."),
    "pairing_amended": (PairingAmended, "A pairing's head-count, period or places changed; "
                                        "existing assignments were kept."),
    "pairing_cancelled": (PairingCancelled, "A pairing was cancelled; its future shifts "
                                            "were called off."),
    "shift_scheduled": (ShiftScheduled, "A shift (批次) was scheduled, or changed by an "
                                        "amendment (version > 1)."),
    "shift_cancelled": (ShiftCancelled, "A shift was called off (amendment or cancellation)."),
    "shift_understaffed": (ShiftUnderstaffed, "A shift is short of people: the exact "
                                              "missing count."),
    "shift_staffed": (ShiftStaffed, "A shift that was understaffed has its full head-count "
                                    "again: downstream clears the understaffed flag."),
    "volunteer_assigned": (VolunteerAssigned, "A volunteer was put on a shift."),
    "volunteer_unassigned": (VolunteerUnassigned, "A volunteer was taken off a shift, with "
                                                  "the reason."),
    "volunteer_checked_in": (VolunteerCheckedIn, "A volunteer was present on a shift (one "
                                                 "person-time): their first check-in within "
                                                 "the window, their first in-person visit "
                                                 "on the shift, or a correction "
                                                 "(docs/shifts.md)."),
    "volunteer_checked_out": (VolunteerCheckedOut, "A volunteer checked out of a shift."),
    "volunteer_no_show": (VolunteerNoShow, "A booked volunteer did not check in before the "
                                           "shift ended (the shift hours of docs/rules.md; "
                                           "published once per booking)."),
}
