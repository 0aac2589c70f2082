"""HTTP query schemas: validation at the edge, errors name the field and the reason."""

from marshmallow import Schema, fields, validate

FORMATS = ("json", "csv", "xlsx")


class NoQuery(Schema):
    pass


class FiguresQuery(Schema):
    day = fields.Date(load_default=None, metadata={"description": "local day (default "
                                                                  "today)"})
    campaign = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class NotReachedQuery(Schema):
    campaign = fields.String(required=True, validate=validate.Length(min=1, max=64))
    after = fields.String(load_default=None, metadata={"description": "household code to "
                                                                      "page after"})
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=5000))


class ReportQuery(Schema):
    revision = fields.Integer(load_default=None, validate=validate.Range(min=1))
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))

