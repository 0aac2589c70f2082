"""Reporting's HTTP routes with their input schemas: what an OpenAPI document is built from
(DESIGN.md rule 5). A unit test checks this table against the service's entrypoints."""

from __future__ import annotations

from services.common.routes import Route

from . import schemas

_AREA = "/areas/<string:code>"
_NONE = schemas.NoQuery

ROUTES: tuple[Route, ...] = (
    Route("GET", "/health", "Database and broker reachable (503 when not); rebuilding",
          statuses=(200, 503)),
    Route("GET", "/areas", "The top of the area tree (from registry events)", query=_NONE),
    Route("GET", _AREA, "An area with its children", query=_NONE, statuses=(200, 404)),
    Route("GET", f"{_AREA}/figures", "Registry, coverage, effort and request figures of a "
                                     "local day and to date, rolled up to this area",
          query=schemas.FiguresQuery, statuses=(200, 400, 404)),
    Route("GET", "/grids/<string:code>/not-reached", "不漏一户: the grid's households not "
                                                      "reached in a campaign, paged",
          query=schemas.NotReachedQuery, statuses=(200, 400, 404)),
    Route("GET", "/reports/daily/<string:code>/<string:day>",
          "每日一报 of an area and day (latest revision unless named), as JSON, CSV or XLSX",
          query=schemas.ReportQuery, statuses=(200, 400, 404)),
    Route("POST", "/rebuild", "Drop the read models and rebuild them from the history "
                              "stream (202; runs in the background)",
          statuses=(202, 400)),
    Route("GET", "/rebuild", "Whether a rebuild runs, and the latest one", query=_NONE),
)
