"""Where a reporting resource sits in the area tree, for access checks (services/common/
access.py). Reporting keeps its own copy of the area tree from the registry's events, with
each area's '/'-joined path: a resolver answers from it, never asking the registry.

An area reporting has not heard of is a 404 for everyone, as the use case would answer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from sqlalchemy import select

from services.common.access import allow
from services.common.web import NotFound

from .models import Area


def _path(service, code: str, what: str) -> str:
    with service.store.db.transaction() as session:
        path = session.execute(select(Area.path).where(Area.code == code)) \
            .scalar_one_or_none()
    if path is None:
        raise NotFound(what, code)
    return path


# -- resolvers: (service, request, **path values) → area path -----------------------------
def area(service, request, code: str, day: str | None = None) -> str:
    """An area, its figures, and its daily reports (of any `day`)."""
    return _path(service, code, "area")


def grid(service, request, code: str) -> str:
    """Any level: the use case answers 400 for a code that is not a grid, which only a
    caller allowed to read the area should learn."""
    return _path(service, code, "area")


def allow_any(*actions: str, area: Callable):
    """Like access.allow, for a resource that callers holding any one of `actions` in
    scope may read: the 不漏一户 list is a grid worker's work list (read) and a leader's
    figure (report). The action checked is the first the caller's role may take; a role
    that may take none of them is refused with the first one's reason."""
    if not actions:
        raise ValueError("name at least one action")

    def decorate(fn: Callable) -> Callable:
        guarded = {action: allow(action, area=area)(fn) for action in actions}

        @wraps(fn)
        def wrapper(service, request, **path_values):
            # verifies the token (401) before anything else; allow() verifies it again,
            # which costs one HMAC and keeps every check in one place
            caller = service.access.principal(request)
            action = next((a for a in actions if caller.may(a)), actions[0])
            return guarded[action](service, request, **path_values)

        wrapper.access_action = actions[0]
        return wrapper

    return decorate
