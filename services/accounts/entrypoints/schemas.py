"""Accounts' request schemas: validation at the edge, errors name the field and the reason.
Passwords and codes are bounded in length here (argon2 would hash a megabyte) and never
echoed in an error."""

from marshmallow import fields, validate

from services.accounts.domain.grants import ROLES
from services.common.strict import StrictBody, StrictQuery
from services.common.vocab import ACCOUNT_STATUSES

_SECRET = validate.Length(min=1, max=1024)
_CODE = validate.Length(min=1, max=64)
_PLACE = validate.Length(min=1, max=64)


class NoQuery(StrictQuery):
    pass


class SignIn(StrictBody):
    login = fields.String(required=True, validate=validate.Length(min=1, max=100),
                          metadata={"description": "mobile number (+86 optional) or a "
                                                   "service account's user name"})
    password = fields.String(required=True, validate=_SECRET)


class RefreshTokenBody(StrictBody):
    refresh_token = fields.String(load_default=None, validate=_SECRET, metadata={
        "description": "absent: a browser session's wg_refresh cookie is used (then "
                       "X-CSRF-Token must equal the wg_csrf cookie); with neither, refresh "
                       "answers 401 and sign-out 204"})


class GrantBody(StrictBody):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    area = fields.String(load_default=None, validate=_PLACE,
                         metadata={"description": "area code (area-scoped roles)"})
    unit = fields.String(load_default=None, validate=_PLACE,
                         metadata={"description": "unit id (unit_coordinator, volunteer); "
                                                  "unit id, or a department as "
                                                  "<area code>:<department> "
                                                  "(request_handler)"})
    volunteer = fields.String(load_default=None, validate=_PLACE,
                              metadata={"description": "dispatch's volunteer id (the "
                                                       "volunteer role only)"})


_NAME = validate.Length(min=1, max=200)


class InvitationCreate(StrictBody):
    display_name = fields.String(required=True, validate=_NAME)
    login = fields.String(required=True, validate=validate.Length(min=1, max=100),
                          metadata={"description": "the invitee's mobile number"})
    grants = fields.List(fields.Nested(GrantBody), required=True,
                         validate=validate.Length(min=1, max=20))
    expires_in_hours = fields.Integer(load_default=72, validate=validate.Range(min=1, max=720))


class InvitationAccept(StrictBody):
    code = fields.String(required=True, validate=_CODE)
    password = fields.String(required=True, validate=_SECRET)


class PasswordChange(StrictBody):
    current_password = fields.String(required=True, validate=_SECRET)
    new_password = fields.String(required=True, validate=_SECRET)


class PeopleQuery(StrictQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(ACCOUNT_STATUSES))
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=100),
                      metadata={"description": "part of the name, or a whole login (a "
                                              "mobile number as typed, or a user name); "
                                              "never a part of a login"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class ServiceAccountCreate(StrictBody):
    user_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    display_name = fields.String(required=True, validate=_NAME)
    grants = fields.List(fields.Nested(GrantBody), required=True,
                         validate=validate.Length(min=1, max=20))
