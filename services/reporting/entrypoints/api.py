"""Reporting over HTTP: reads of figures, lists and daily reports; rebuilds. Each
parses the request, reads through a use case (use_cases/) and shapes the answer."""

from __future__ import annotations

from datetime import date

from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.common.backbone import Backbone
from services.common.guard import area_scope, who
from services.common.health import health as backbone_health
from services.common.history import History
from services.common.web import query_args
from services.reporting import clock
from services.reporting.entrypoints import schemas
from services.reporting.use_cases import applications, daily, export, households, rebuild
from services.reporting.use_cases.areas import area_by_code, top_areas, with_children
from services.reporting.use_cases.figures import area_figures, area_view


def health(backbone: Backbone, rebuilder: rebuild.Rebuilder) -> tuple[int, dict]:
    status, body = backbone_health(backbone)
    body["rebuilding"] = rebuilder.running
    return status, body


def list_areas(backbone: Backbone, request) -> dict:
    """The top of the tree the caller may read: the cities, or the caller's own area (a
    report reader of a street starts at that street)."""
    query_args(request, schemas.NoQuery())
    scope = area_scope(who(request))
    with backbone.db.transaction() as session:
        return {"areas": [area_view(a) for a in top_areas(session, scope)]}


def get_area(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        area, children = with_children(session, code)
        return {**area_view(area), "children": [area_view(c) for c in children]}


def figures(backbone: Backbone, request, code: str) -> dict:
    args = query_args(request, schemas.FiguresQuery())
    day = args["day"] or clock.now().astimezone(clock.tz()).date()
    with backbone.db.transaction() as session:
        return area_figures(session, area_by_code(session, code), day, args["campaign"])


def unit_applications(backbone: Backbone, request, unit_id: str) -> dict:
    """Volunteer applications of a unit: to date and per local day."""
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return applications.unit_applications(session, unit_id)


def area_applications(backbone: Backbone, request, code: str) -> dict:
    """Volunteer applications of each unit belonging to the area's subtree."""
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return applications.area_applications(session, area_by_code(session, code))


def not_reached(backbone: Backbone, request, code: str) -> dict:
    """不漏一户: the grid's households not reached in the campaign, with state and
    attempts (never assigned ones included, as `not_assigned`)."""
    args = query_args(request, schemas.NotReachedQuery())
    with backbone.db.transaction() as session:
        found = households.not_reached(session, code, args["campaign"], limit=args["limit"],
                                       after=args["after"])
        return {"grid_code": code, "campaign_id": args["campaign"], "households": found,
                "next": found[-1]["household_code"] if len(found) == args["limit"] else None}


def daily_report(backbone: Backbone, request, code: str, day: str):
    args = query_args(request, schemas.ReportQuery())
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise ValidationError({"day": [f"{day!r} is not a date like 2026-11-22"]}) from None
    with backbone.db.transaction() as session:
        report = daily.get_report(session, code, when, args["revision"])
        body = {"area_code": report.area_code, "day": report.day,
                "revision": report.revision, "published_at": report.published_at,
                "figures": report.figures}
        if args["format"] == "json":
            return body
        children = [r.figures for r in daily.child_reports(session, report)]
    rows = export.table(report.figures, children)
    name = f"daily-{code}-{when}-r{report.revision}"
    if args["format"] == "csv":
        return Response(export.to_csv(rows), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{name}.csv"'})
    title = f"每日一报 {report.figures['area']['name']} {when} (第{report.revision}版)"
    return Response(export.to_xlsx(rows, title), headers={
        "Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def start_rebuild(backbone: Backbone, rebuilder: rebuild.Rebuilder, history: History,
                  request) -> tuple[int, dict]:
    query_args(request, schemas.NoQuery())
    if not history.enabled:
        raise ValidationError({"HISTORY_STREAM": ["no history stream is configured"]})
    started = rebuilder.start(backbone.db, history, clock.tz())
    return 202, {"started": started, "running": True,
                 "note": None if started else "a rebuild is already running"}


def rebuild_status(backbone: Backbone, rebuilder: rebuild.Rebuilder, request) -> dict:
    query_args(request, schemas.NoQuery())
    return {"running": rebuilder.running, "latest": rebuild.latest(backbone.db)}
