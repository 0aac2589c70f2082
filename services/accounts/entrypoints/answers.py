"""What accounts' HTTP API answers, as schemas: the OpenAPI document publishes them per
route. Logins are masked; passwords, codes and tokens appear only in the answers that
hand them out, once."""

from __future__ import annotations

from marshmallow import Schema, fields


class GrantClaim(Schema):
    role = fields.String(required=True)
    area = fields.String()
    unit = fields.String()
    volunteer = fields.String()


class Grant(GrantClaim):
    id = fields.String(required=True)


class SessionPerson(Schema):
    id = fields.String(required=True)
    display_name = fields.String(required=True)
    kind = fields.String(required=True)
    grants = fields.List(fields.Nested(GrantClaim), required=True)


class Session(Schema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"description": "Bearer"})
    expires_in = fields.Integer(required=True, metadata={"description": "seconds"})
    refresh_token = fields.String(metadata={
        "description": "good once: rotated on use. Absent for a browser session "
                       "(X-Session-Transport: cookie): it is in the httpOnly wg_refresh "
                       "cookie"})
    refresh_expires_in = fields.Integer(required=True)
    person = fields.Nested(SessionPerson, required=True)


class Jwk(Schema):
    kty = fields.String(required=True)
    crv = fields.String(required=True)
    x = fields.String(required=True)
    kid = fields.String(required=True)
    use = fields.String(required=True)
    alg = fields.String(required=True)


class Jwks(Schema):
    keys = fields.List(fields.Nested(Jwk), required=True)


class Me(Schema):
    id = fields.String(required=True)
    display_name = fields.String(required=True)
    kind = fields.String(required=True)
    login_masked = fields.String(required=True)
    status = fields.String(required=True)
    grants = fields.List(fields.Nested(Grant), required=True)


class Person(Me):
    created_at = fields.String(required=True)
    last_signed_in_at = fields.String(required=True, allow_none=True)


class People(Schema):
    people = fields.List(fields.Nested(Person), required=True)
    total = fields.Integer(required=True)


class Invitation(Schema):
    invitation_id = fields.String(required=True)
    person_id = fields.String(required=True)
    code = fields.String(required=True, metadata={"description": "shown once"})
    expires_at = fields.String(required=True)


class ServiceAccount(Schema):
    person_id = fields.String(required=True)
    user_name = fields.String(required=True)
    password = fields.String(required=True, metadata={"description": "shown once"})
