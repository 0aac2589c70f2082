"""Who registered or changed an area, a building or a household (issue 13: every write
names its author): one `place_changes` row per write that changed something, in the
write's transaction. Resident changes keep their own trail (residents.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.common.pii import mask_name
from services.registry.adapters.models import PlaceChange

API = "api"


def record(session: Session, kind: str, code: str, actor: str | None, changes: dict,
           cause: str = API) -> None:
    """`changes`: {field: new value} of an update, or {"registered": True}. An area's
    leader is a person: their name is kept masked, as everything but the area's own
    answer shows it."""
    kept = {k: (mask_name(v) if k == "leader_name" and isinstance(v, str) else v)
            for k, v in changes.items()}
    session.add(PlaceChange(kind=kind, code=code, actor=actor, cause=cause, changes=kept))


REGISTERED = {"registered": True}
