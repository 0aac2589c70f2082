"""GET /residents over HTTP: who lives where, filtered by place, tags and statuses, paged."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.guard import area_scope, who
from services.common.web import query_args
from services.registry.entrypoints import schemas, scopes
from services.registry.entrypoints.views import resident_view
from services.registry.use_cases import search


def search_residents(backbone: Backbone, request) -> dict:
    """Narrowed to the caller's subtree: a grid worker searching the whole city finds
    their grid's residents, not a 403."""
    q = query_args(request, schemas.ResidentSearch(), repeatable=("tag",))
    scope = area_scope(who(request))
    with backbone.db.transaction() as session:
        page = search.search_residents(session, q, scopes.search_within(session, scope))
        return {"total": page.total, "limit": q["limit"], "offset": q["offset"],
                "items": [resident_view(r, h, grid_code) for r, h, grid_code in page.rows]}
