"""HTTP query schemas: validation at the edge, errors name the field and the reason."""

from marshmallow import fields, validate

from services.common.strict import StrictQuery

FORMATS = ("json", "csv", "xlsx")


class NoQuery(StrictQuery):
    pass


class FiguresQuery(StrictQuery):
    day = fields.Date(load_default=None, metadata={"description": "local day (default "
                                                                  "today)"})
    campaign = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class NotReachedQuery(StrictQuery):
    campaign = fields.String(required=True, validate=validate.Length(min=1, max=64))
    after = fields.String(load_default=None, metadata={"description": "household code to "
                                                                      "page after"})
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=5000))


class ReportQuery(StrictQuery):
    revision = fields.Integer(load_default=None, validate=validate.Range(min=1))
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))

