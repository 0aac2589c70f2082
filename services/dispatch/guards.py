"""`allow_any`: an endpoint more than one action opens (services/common/access.py `allow`
takes one).

Dispatch needs it where other systems come in: an integrator's token carries only
`integrate`, yet enrolling volunteers, placing orders and recording check-ins are what
other systems send, and a unit's coordinator records check-ins (a `write` of their unit)
though the role has no `capture`. The caller's first action that its role holds is
checked, with the same scope, exactly as `allow` would.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from services.common.access import Gate, allow


def allow_any(*actions: str, area: Callable | None = None,
              unit: Callable | str | None = None):
    if not actions:
        raise ValueError("allow_any needs at least one action")
    makers = [(action, allow(action, area=area, unit=unit)) for action in actions]

    def decorate(fn: Callable) -> Callable:
        variants = [(action, make(fn)) for action, make in makers]

        @wraps(fn)
        def wrapper(service, request, **path_values):
            gate = getattr(service, "access", None)
            if isinstance(gate, Gate):
                caller = gate.principal(request)  # 401 here, before anything is read
                for action, variant in variants:
                    if caller.may(action):
                        return variant(service, request, **path_values)
            # no action fits (or no Gate): the first variant answers, naming its action
            return variants[0][1](service, request, **path_values)

        wrapper.access_action = actions[0]
        wrapper.access_actions = actions
        return wrapper

    return decorate
