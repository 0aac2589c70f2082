"""Payloads published by accounts on `accounts.events`: ids only, never a login, a phone
or a secret. No other service needs to hear of sign-ins or grants (they read tokens);
what others hear of is volunteer sign-up and screening (issue 13): reporting counts
applications per unit, dispatch enrols each approved applicant as a volunteer; and who
holds which grant (issue 14): dispatch names the grid workers who lead a grid's shifts from
grant_changed. Besides these, `accounts.event_rejected` (contracts/common.py).

All four are retained events (no NOTIFICATIONS here, unlike contracts/reporting.py): facts
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


CHANGES = ("given", "revoked")


class GrantChanged(Schema):
    """A grant became effective or ended. `given` is published when the person can use it:
    at once for an active account, at invitation acceptance for the grants an invitation
    named (an invited person holds them unused until then). No login or phone: the display
    name only masked (services/common/pii.py mask_name)."""
    person_id = fields.String(required=True, metadata={"description": "the account id"})
    grant_id = fields.String(required=True)
    role = fields.String(required=True)
    area = fields.String(required=True, allow_none=True,
                         metadata={"description": "the area code of an area-scoped grant"})
    unit = fields.String(required=True, allow_none=True,
                         metadata={"description": "the unit id of a unit-scoped grant "
                                                  "(null for a department)"})
    department = fields.String(required=True, allow_none=True, metadata={
        "description": "a request handler's department as <area code>:<department> (in "
                       "the token's claims it is the grant's `unit`)"})
    volunteer = fields.String(required=True, allow_none=True,
                              metadata={"description": "the volunteer id of a volunteer "
                                                       "grant"})
    change = fields.String(required=True, validate=validate.OneOf(CHANGES))
    display_name_masked = fields.String(required=True)
    by = fields.String(required=True, allow_none=True, metadata={
        "description": "the account that gave or revoked it; null when an operator did "
                       "(manage create-admin)"})


EVENTS = {
    "application_received": (ApplicationReceived, "Someone applied to volunteer for a unit "
                                                   "(no name or phone: counted per unit)"),
    "application_decided": (ApplicationDecided, "A unit's application was approved or "
                                                "rejected"),
    "volunteer_approved": (VolunteerApproved, "An approved applicant holds an account with "
                                              "the unit's volunteer grant: dispatch enrols "
                                              "them as an active volunteer of that id"),
    "grant_changed": (GrantChanged, "A person's grant was given (effective from now) or "
                                    "revoked: who holds which role where, masked name "
                                    "only"),
}
