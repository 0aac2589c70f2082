"""A roster file over HTTP (POST /volunteers/import): read and checked here, imported by
use_cases/roster.py in one unit of work."""

from __future__ import annotations

from marshmallow import fields, validate

from services.common.backbone import Backbone
from services.common.errors import Refused
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args
from services.dispatch.domain.roster_rows import RosterUnreadable, parse_roster, read_table
from services.dispatch.entrypoints import scopes
from services.dispatch.entrypoints.schemas import CODE, QuerySchema, volunteer_row
from services.dispatch.use_cases.roster import import_roster

MAX_BYTES = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterQuery(QuerySchema):
    unit = fields.String(validate=CODE, metadata={"description": "unit of rows without one"})
    format = fields.String(validate=validate.OneOf(("csv", "xlsx")),
                           metadata={"description": "default: from the Content-Type"})
    dry_run = fields.Boolean(load_default=False)


def import_volunteers(backbone: Backbone, request) -> dict:
    """The file is the request body."""
    args = query_args(request, RosterQuery())
    kind = args.get("format") or ("xlsx" if request.mimetype == XLSX_TYPE else "csv")
    content = request.get_data()
    if len(content) > MAX_BYTES:
        raise Refused([("_body", f"larger than {MAX_BYTES // 1024 // 1024} MB; "
                                 "split the roster")])
    try:
        parsed = parse_roster(read_table(content, kind), args.get("unit"), volunteer_row)
    except RosterUnreadable as exc:
        raise Refused([("_body", str(exc))]) from None
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        # every unit the file writes to, before any row is: all or nothing
        caller = who(request)
        scopes.require_units(uow.session, caller, {v["unit_id"] for _n, v in parsed.rows})
        return import_roster(uow, parsed, dry_run=args["dry_run"], actor=caller.subject)
