"""Events every service publishes about the backbone itself."""

from marshmallow import Schema, fields


class EventRejected(Schema):
    event_id = fields.String(required=True, allow_none=True,
                             metadata={"description": "id of the rejected message, if it had one"})
    event_type = fields.String(required=True, allow_none=True)
    source = fields.String(load_default=None, allow_none=True)
    reason = fields.String(required=True, metadata={"description": "one line for people"})
    errors = fields.Dict(required=True, metadata={"description": "field → list of reasons"})
    rejected_id = fields.Integer(required=True,
                                 metadata={"description": "where the rejected message is kept"})


PER_SERVICE_EVENTS = {
    "event_rejected": (EventRejected, "An inbound event failed validation and was kept "
                                      "with its reason; nothing of it was applied."),
}
# a notification: the rejection stays in the service's rejected_events table with its
# reason, whether anyone heard the event or not
NOTIFICATIONS = frozenset(PER_SERVICE_EVENTS)
