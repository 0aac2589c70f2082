"""Payloads published by accounts on `accounts.events`: ids only, never a login, a phone
or a secret. No other service needs to hear of sign-ins or grants (they read tokens);
what others hear of is volunteer sign-up and screening (issue 13): reporting counts
applications per unit, dispatch enrols each approved applicant as a volunteer. Besides
these, `accounts.event_rejected` (contracts/common.py).

All three are retained events (no NOTIFICATIONS here, unlike contracts/reporting.py): facts
nothing else keeps for the others, so `accounts.events` is bound to the history stream
(services/common/history.py) like registry's, dispatch's and visits' exchanges, and
reporting's rebuild counts the applications again from it. volunteer_approved's name and
phone are only sealed (and masked) in it, so the stream keeps no clear personal data."""

from marshmallow import Schema, fields, validate

from services.common.contracts.integration import CODE, SKILL
from services.common.vocab import APPLICATION_STATUSES

# the context a volunteer_approved's `sealed` is sealed under (services/common/seal.py):
# a sealed blob copied into another message does not open there
VOLUNTEER_APPROVED_SEAL = "accounts.volunteer_approved"
OUTCOMES = APPLICATION_STATUSES[1:]      # approved, rejected


class ApplicationReceived(Schema):
    application_id = fields.String(required=True)
    unit_id = fields.String(required=True, validate=CODE)
    applied_at = fields.AwareDateTime(required=True)


class ApplicationDecided(Schema):
    application_id = fields.String(required=True)
    unit_id = fields.String(required=True, validate=CODE)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    decided_by = fields.String(required=True, metadata={"description": "the account id "
                                                                       "that decided"})
    decided_at = fields.AwareDateTime(required=True)


class VolunteerApproved(Schema):
    volunteer_id = fields.String(required=True, validate=CODE,
                                 metadata={"description": "\"A-\" and the first 12 hex "
                                                          "digits of the application id: "
                                                          "the volunteer's id in dispatch"})
    unit_id = fields.String(required=True, validate=CODE)
    person_id = fields.String(required=True, metadata={"description": "the account id"})
    sealed = fields.String(required=True, metadata={
        "description": "{\"name\", \"phone\"} sealed with PII_SEAL_KEY under the context "
                       f"{VOLUNTEER_APPROVED_SEAL!r} (services/common/seal.py)"})
    name_masked = fields.String(required=True)
    phone_masked = fields.String(required=True)
    party_member = fields.Boolean(required=True)
    skills = fields.List(fields.String(validate=SKILL), required=True)
    weekdays = fields.List(fields.Integer(validate=validate.Range(min=0, max=6)),
                           required=True, metadata={"description": "0 = Monday … 6 = Sunday"})
    halves = fields.List(fields.String(validate=validate.OneOf(("am", "pm"))), required=True)
    decided_by = fields.String(load_default=None, allow_none=True, metadata={
        "description": "the account that approved it (dispatch records it as the author "
                       "of the enrolment); absent in events of the first version"})


EVENTS = {
    "application_received": (ApplicationReceived, "Someone applied to volunteer for a unit "
                                                   "(no name or phone: counted per unit)"),
    "application_decided": (ApplicationDecided, "A unit's application was approved or "
                                                "rejected"),
    "volunteer_approved": (VolunteerApproved, "An approved applicant holds an account with "
                                              "the unit's volunteer grant: dispatch enrols "
                                              "them as an active volunteer of that id"),
}
