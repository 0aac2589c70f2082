"""Reporting's HTTP routes, one Route each (services/common/routes.py): the source of
its OpenAPI document (docs/architecture.md rule 5), its access rules and the adapters
its generated entrypoints call."""

from __future__ import annotations

from services.common.auth import READ, REPORT
from services.common.guard import Allow
from services.common.routes import Route, probes
from services.reporting.entrypoints import answers, api, schemas, scopes

_AREA = "/areas/<string:code>"
_NONE = schemas.NoQuery
# every route but /health and /metrics needs a token (401) valid for the action and the
# area (403): docs/access-control.md
_GUARDED = (401, 403)

ROUTES: tuple[Route, ...] = (
    *probes("Database and broker reachable (503 when not); rebuilding",
            answers.ReportingHealth),
    Route("GET", "/areas", "The top of the area tree the caller may read (from registry "
                           "events): the cities, or the token's own area",
          query=_NONE, statuses=(200,) + _GUARDED, answer=answers.Areas, name="list_areas",
          serve=api.list_areas, access=Allow(REPORT)),
    Route("GET", _AREA, "An area with its children", query=_NONE,
          statuses=(200, 404) + _GUARDED, answer=answers.AreaWithChildren, name="get_area",
          serve=api.get_area, access=Allow(REPORT, area=scopes.area)),
    Route("GET", f"{_AREA}/figures", "Registry, coverage, effort and request figures of a "
                                     "local day and to date, rolled up to this area",
          query=schemas.FiguresQuery, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.Figures, name="figures",
          serve=api.figures, access=Allow(REPORT, area=scopes.area)),
    Route("GET", f"{_AREA}/applications", "Volunteer applications (applied, approved, "
                                          "rejected, pending) of each unit belonging to "
                                          "the area's subtree",
          query=_NONE, statuses=(200, 404) + _GUARDED, answer=answers.AreaApplications,
          name="area_applications",
          serve=api.area_applications, access=Allow(REPORT, area=scopes.area)),
    Route("GET", "/units/<string:unit_id>/applications", "Volunteer applications of a "
                                                         "unit, to date and per local day "
                                                         "(its coordinator; area roles "
                                                         "over the unit's area)",
          query=_NONE, statuses=(200, 404) + _GUARDED, answer=answers.UnitApplicationsByDay,
          name="unit_applications",
          serve=api.unit_applications,
          access=Allow(READ, REPORT, unit="unit_id", area=scopes.unit)),
    Route("GET", "/grids/<string:code>/not-reached", "不漏一户: the grid's households not "
                                                      "reached in a campaign, paged (read or "
                                                      "report on the grid)",
          query=schemas.NotReachedQuery, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.NotReached, name="not_reached",
          serve=api.not_reached, access=Allow(READ, REPORT, area=scopes.grid)),
    Route("GET", "/reports/daily/<string:code>/<string:day>",
          "每日一报 of an area and day (latest revision unless named), as JSON, CSV or XLSX",
          query=schemas.ReportQuery, statuses=(200, 400, 404) + _GUARDED,
          answer=answers.DailyReport, also=(
              "text/csv",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          name="daily_report",
          serve=api.daily_report, access=Allow(REPORT, area=scopes.area)),
    Route("POST", "/rebuild", "Drop the read models and rebuild them from the history "
                              "stream (202; runs in the background; admin)",
          statuses=(202, 400) + _GUARDED, answer=answers.RebuildStarted, name="start_rebuild"),
    Route("GET", "/rebuild", "Whether a rebuild runs, and the latest one (admin)", query=_NONE,
          statuses=(200,) + _GUARDED, answer=answers.RebuildStatus, name="rebuild_status"),
)
