"""Request and answer schemas of what people do for themselves at accounts (volunteer
sign-up and its screening, password reset, the external-token exchange), beside
schemas.py and answers.py. Shapes only: the rules (phone, password policy, decisions)
are domain/applications.py's and domain/reset_codes.py's. Passwords, codes and tokens are
bounded in length and never echoed in an error."""

from marshmallow import Schema, fields, validate

from services.accounts.domain.applications import MAX_DECISIONS, MAX_NAME, MAX_NOTE, MAX_REASON
from services.common.contracts.integration import SKILL
from services.common.strict import StrictBody, StrictQuery
from services.common.vocab import APPLICATION_STATUSES

_SECRET = validate.Length(min=1, max=1024)


class ApplicationCreate(StrictBody):
    name = fields.String(required=True, validate=validate.Length(min=1, max=MAX_NAME))
    phone = fields.String(required=True, validate=validate.Length(min=1, max=30),
                          metadata={"description": "mainland mobile number (+86 optional): "
                                                   "the login of the account if approved"})
    phone_code = fields.String(required=True, validate=validate.Length(min=1, max=64),
                               metadata={"description": "the one-time code sent to the "
                                                        "phone (POST /units/<unit_id>/"
                                                        "applications/phone-codes): it "
                                                        "proves the phone is the "
                                                        "applicant's"})
    password = fields.String(required=True, validate=_SECRET,
                             metadata={"description": "the password of the account if "
                                                      "approved (hashed at once)"})
    party_member = fields.Boolean(load_default=False)
    skills = fields.List(fields.String(validate=SKILL), load_default=list,
                         validate=validate.Length(max=20),
                         metadata={"description": "e.g. medic, dialect, fire_safety"})
    weekdays = fields.List(fields.Integer(validate=validate.Range(min=0, max=6)),
                           load_default=lambda: list(range(7)),
                           validate=validate.Length(max=7),
                           metadata={"description": "0 = Monday … 6 = Sunday"})
    halves = fields.List(fields.String(validate=validate.OneOf(("am", "pm"))),
                         load_default=lambda: ["am", "pm"], validate=validate.Length(max=2))
    note = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=MAX_NOTE),
                         metadata={"description": "free text; phone and ID numbers in it "
                                                  "are masked before it is kept"})


class PhoneCodeRequest(StrictBody):
    phone = fields.String(required=True, validate=validate.Length(min=1, max=30),
                          metadata={"description": "the mobile number to apply with: the "
                                                   "code is sent to it"})


class ApplicationsQuery(StrictQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(APPLICATION_STATUSES))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class DecisionBody(StrictBody):
    application_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    approve = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=MAX_REASON),
                           metadata={"description": "required to reject"})


class DecisionsBody(StrictBody):
    decisions = fields.List(fields.Nested(DecisionBody), required=True,
                            validate=validate.Length(min=1, max=MAX_DECISIONS))


class PasswordResetRequest(StrictBody):
    login = fields.String(required=True, validate=validate.Length(min=1, max=100))


class PasswordResetConfirm(StrictBody):
    login = fields.String(required=True, validate=validate.Length(min=1, max=100))
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))
    new_password = fields.String(required=True, validate=_SECRET)


class ExternalToken(StrictBody):
    token = fields.String(required=True, validate=validate.Length(min=1, max=16 * 1024),
                          metadata={"description": "an ID or access token (JWT) of the "
                                                   "configured OpenID Connect issuer"})


class ExternalIdBody(StrictBody):
    external_id = fields.String(required=True, allow_none=True,
                                validate=validate.Length(max=200),
                                metadata={"description": "the person's id at the external "
                                                         "identity platform; null unlinks"})


# -- answers ----------------------------------------------------------------------------------
class ApplicationAccepted(Schema):
    application_id = fields.String(required=True)


class Application(Schema):
    application_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    status = fields.String(required=True)
    name_masked = fields.String(required=True)
    phone_masked = fields.String(required=True)
    party_member = fields.Boolean(required=True)
    skills = fields.List(fields.String(), required=True)
    weekdays = fields.List(fields.Integer(), required=True)
    halves = fields.List(fields.String(), required=True)
    note = fields.String(allow_none=True, required=True)
    applied_at = fields.AwareDateTime(required=True)
    decided_at = fields.AwareDateTime(allow_none=True, required=True)
    decided_by = fields.String(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)
    volunteer_id = fields.String(allow_none=True, required=True,
                                 metadata={"description": "once approved: dispatch's id"})
    person_id = fields.String(allow_none=True, required=True)


class Applications(Schema):
    applications = fields.List(fields.Nested(Application), required=True)
    total = fields.Integer(required=True)


class Decided(Schema):
    application_id = fields.String(required=True)
    outcome = fields.String(required=True)
    person_id = fields.String(allow_none=True, required=True)
    volunteer_id = fields.String(allow_none=True, required=True)


class Decisions(Schema):
    decided = fields.List(fields.Nested(Decided), required=True)


class PhoneCodeRequested(Schema):
    status = fields.String(required=True, metadata={"description": "the same whether a "
                                                                   "code was sent or a rate "
                                                                   "limit held it back"})


class ResetRequested(Schema):
    status = fields.String(required=True, metadata={"description": "the same whether or "
                                                                   "not the account exists"})


class ExternalIdLinked(Schema):
    id = fields.String(required=True)
    external_id = fields.String(allow_none=True, required=True)
