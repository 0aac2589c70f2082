"""Payloads published by the registry on `registry.events`.

They carry ids, area codes, tags, statuses and counts: never an ID number or a phone in
clear, and names only masked.
"""

from marshmallow import Schema, fields, validate

from services.common.vocab import AREA_LEVELS, HOUSEHOLD_KINDS, TEST_RESULTS, VACCINATION


class AreaPayload(Schema):
    area_id = fields.Integer(required=True)
    code = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(AREA_LEVELS))
    name = fields.String(required=True)
    parent_code = fields.String(required=True, allow_none=True)
    path = fields.List(fields.String(), required=True,
                       metadata={"description": "area codes from the city down to this area"})
    version = fields.Integer(required=True)


class BuildingPayload(Schema):
    building_id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    grid_code = fields.String(required=True)
    version = fields.Integer(required=True)


class HouseholdPayload(Schema):
    household_id = fields.Integer(required=True)
    code = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HOUSEHOLD_KINDS))
    address = fields.String(required=True)
    building_code = fields.String(required=True)
    grid_code = fields.String(required=True)
    version = fields.Integer(required=True)


class ResidentStatus(Schema):
    registration_code_applied = fields.Boolean(required=True)
    vaccination = fields.String(required=True, validate=validate.OneOf(VACCINATION))
    latest_test_date = fields.Date(required=True, allow_none=True)
    latest_test_result = fields.String(required=True, allow_none=True,
                                       validate=validate.OneOf(TEST_RESULTS))
    recent_travel = fields.String(required=True, allow_none=True)
    returned_on = fields.Date(required=True, allow_none=True)


class ResidentPayload(Schema):
    resident_id = fields.Integer(required=True)
    household_id = fields.Integer(required=True, allow_none=True,
                                  metadata={"description": "null once moved out of the area"})
    grid_code = fields.String(required=True, allow_none=True)
    name_masked = fields.String(required=True)
    id_masked = fields.String(required=True, metadata={"description": "e.g. 4401**********123X"})
    gender = fields.String(required=True, allow_none=True)
    birth_year = fields.Integer(required=True, allow_none=True)
    tags = fields.List(fields.String(), required=True)
    status = fields.Nested(ResidentStatus, required=True)
    version = fields.Integer(required=True)
    cause = fields.String(load_default=None, allow_none=True,
                          metadata={"description": "what changed it: api, import:<id>, "
                                                   "event:<id>, visit:<visit id>"})
    actor = fields.String(load_default=None, allow_none=True,
                          metadata={"description": "the account id (a person's or a service "
                                                   "account's) that made the change over "
                                                   "HTTP; null for imports, events and "
                                                   "visits' corrections"})


class ResidentMoved(Schema):
    resident_id = fields.Integer(required=True)
    from_household_id = fields.Integer(required=True, allow_none=True)
    to_household_id = fields.Integer(required=True, allow_none=True,
                                     metadata={"description": "null: moved out of the area"})
    from_grid_code = fields.String(required=True, allow_none=True)
    to_grid_code = fields.String(required=True, allow_none=True)
    moved_on = fields.Date(required=True)
    reason = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True)
    cause = fields.String(load_default=None, allow_none=True,
                          metadata={"description": "what moved them: api, import:<id>, "
                                                   "event:<id>, visit:<visit id>"})
    actor = fields.String(load_default=None, allow_none=True,
                          metadata={"description": "the account id (a person's or a service "
                                                   "account's) that made the change over "
                                                   "HTTP; null for imports, events and "
                                                   "visits' corrections"})


class GridCount(Schema):
    grid_code = fields.String(required=True)
    households = fields.Integer(required=True)
    residents = fields.Integer(required=True)


class ImportedResident(Schema):
    resident_id = fields.Integer(required=True)
    household_id = fields.Integer(required=True)
    tags = fields.List(fields.String(), required=True)
    name_masked = fields.String(load_default=None, allow_none=True,
                                metadata={"description": "e.g. 李*明 (never the name in "
                                                         "clear); absent from events of "
                                                         "imports before the field app"})


class ImportedHousehold(Schema):
    household_id = fields.Integer(required=True)
    code = fields.String(required=True)
    kind = fields.String(required=True)
    building_code = fields.String(required=True)


class HouseholdsImported(Schema):
    import_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    households = fields.List(fields.Nested(ImportedHousehold), required=True)


class ResidentsImported(Schema):
    import_id = fields.String(required=True)
    grid_code = fields.String(required=True)
    residents = fields.List(fields.Nested(ImportedResident), required=True)


class ImportFinished(Schema):
    import_id = fields.String(required=True)
    file_name = fields.String(required=True)
    rows_total = fields.Integer(required=True)
    rows_imported = fields.Integer(required=True)
    rows_rejected = fields.Integer(required=True)
    households_created = fields.Integer(required=True)
    residents_created = fields.Integer(required=True)
    residents_moved = fields.Integer(required=True)
    grids = fields.List(fields.Nested(GridCount), required=True,
                        metadata={"description": "totals per grid after the import"})


class CorrectionOutcome(Schema):
    correction_id = fields.String(required=True)
    visit_id = fields.String(required=True)
    campaign_id = fields.String(required=True)
    household_code = fields.String(required=True)
    resident_id = fields.Integer(required=True, allow_none=True,
                                 metadata={"description": "the resident changed or created"})
    reason = fields.String(load_default=None, allow_none=True,
                           metadata={"description": "why it was not applied"})


EVENTS = {
    "area_registered": (AreaPayload, "A city, district, street or community was created."),
    "area_updated": (AreaPayload, "An area above grid level changed (name, parent)."),
    "grid_registered": (AreaPayload, "A grid (网格) was created."),
    "grid_updated": (AreaPayload, "A grid changed."),
    "building_registered": (BuildingPayload, "A building or staircase was created in a grid."),
    "building_updated": (BuildingPayload, "A building changed."),
    "household_registered": (HouseholdPayload, "A household (户) was created."),
    "household_updated": (HouseholdPayload, "A household changed (kind, address)."),
    "resident_registered": (ResidentPayload, "A resident was registered (masked)."),
    "resident_updated": (ResidentPayload, "A resident's tags or statuses changed."),
    "resident_moved": (ResidentMoved, "A resident moved between households or out of the area."),
    "households_imported": (HouseholdsImported,
                            "Batch: households created by a bulk import, per grid, up to "
                            "1,000 per event (instead of one household_registered each)."),
    "residents_imported": (ResidentsImported,
                           "Batch: residents created by a bulk import, per grid, up to 1,000 "
                           "per event (instead of one resident_registered each)."),
    "import_finished": (ImportFinished, "A bulk import ended: counts and per-grid totals."),
    "correction_applied": (CorrectionOutcome, "A correction proposed by a visit was applied; "
                                              "the resident's change trail names the visit."),
    "correction_rejected": (CorrectionOutcome, "A correction proposed by a visit could not "
                                               "be applied (unknown resident, conflict)."),
}
