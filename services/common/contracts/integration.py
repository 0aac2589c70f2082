"""Payloads other systems publish on `integration.events` (routing key = event name).

These are the only messages allowed to carry an ID number in clear: the receiving
service hashes it on arrival and never stores, logs or republishes it.
"""

from marshmallow import Schema, fields, validate

from .registry import TEST_RESULTS

ID_NUMBER = validate.Regexp(r"^\d{17}[\dXx]$", error="must be an 18-character resident ID number")


class ResidentSelfReported(Schema):
    id_number = fields.String(required=True, validate=ID_NUMBER)
    name = fields.String(load_default=None, validate=validate.Length(min=1, max=50),
                         metadata={"description": "required when the person is not yet known"})
    phone = fields.String(load_default=None, validate=validate.Regexp(r"^\+?[\d-]{5,20}$"))
    household_code = fields.String(load_default=None,
                                   metadata={"description": "where the person stays; required "
                                                            "when the person is not yet known"})
    arrived_on = fields.Date(required=True)
    from_region = fields.String(required=True, validate=validate.Length(min=1, max=200))
    returnee = fields.Boolean(load_default=True,
                              metadata={"description": "来/返人员: tag the person as returnee"})


class TestResultRecorded(Schema):
    id_number = fields.String(required=True, validate=ID_NUMBER)
    tested_on = fields.Date(required=True)
    result = fields.String(required=True, validate=validate.OneOf(TEST_RESULTS))
    test_kind = fields.String(load_default="pcr", validate=validate.OneOf(("pcr", "antigen")))
    site = fields.String(load_default=None)


EVENTS = {
    "resident_self_reported": (ResidentSelfReported,
                               "人口报备: a resident reports an arrival or return."),
    "test_result_recorded": (TestResultRecorded,
                             "A test result from a testing system, matched by ID number."),
}
