"""Who may call a service's HTTP entrypoints: the AUTH switch, the `Gate` a service's
`access = Access()` provider hands each worker (services/common/access.py), and the
decorators every service applies the same way (docs/access-control.md). A route in
api_routes.py says it as data, `access=Allow(READ, area=scopes.household)`, and its
generated entrypoint (services/common/routes.py) is, as a hand-written one would be:

    class RegistryService:
        access = Access()                      # reads AUTH once, warns when it is off

        @http("GET", "/households/<string:code>")
        @json_api                              # outside: turns 401/403/404 into JSON
        @allow(READ, area=scopes.household)    # action + how to find the resource's area
        def get_household(self, request, code):
            return api_households.get_household(self.store, request, code)

A scope resolver is `resolver(service, request, **path_values)` returning the area path
of the resource (city code first; a list or a '/'-joined string), or UNSCOPED for a
resource outside the area tree. A unit scope is `unit="unit_id"` (a path value) or a
resolver returning the unit id. Given both, either one covering the resource is enough.
A resolver may raise NotFound or ValidationError; they answer like the use case would.
Use cases reach the caller with `who(request)` (list filters, reveals, the audit log).

No nameko here: use cases import `who` and `area_scope` without the framework.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from services.common import auth, config
from services.common.auth import Forbidden, Principal

MODE_KEY, MODE_ENV = "AUTH", "WANGGE_AUTH"
REQUIRED, OFF = "required", "off"
UNSCOPED = object()  # a resolver's answer for a resource that is in no area and no unit
_PRINCIPAL = "wangge_principal"  # where allow() leaves the caller on the request


def auth_mode(cfg: Mapping[str, Any] | None = None) -> str:
    """`AUTH` from the nameko config, else env WANGGE_AUTH, else required."""
    raw = (cfg or {}).get(MODE_KEY) or config._env(MODE_ENV, REQUIRED)
    mode = str(raw).strip().lower()
    if mode not in (REQUIRED, OFF):
        raise ValueError(f"{MODE_KEY}: must be '{REQUIRED}' or '{OFF}', not {raw!r}")
    return mode


def token_key(cfg: Mapping[str, Any]) -> bytes | None:
    key = cfg.get("AUTH_TOKEN_KEY")
    return key.encode("utf-8") if isinstance(key, str) else key


def principal(request, cfg: Mapping[str, Any] | None = None) -> Principal:
    """The verified caller (AuthError → 401), or the local all-powerful principal when
    the service runs with AUTH off. The key is `AUTH_TOKEN_KEY` (config, else env); the
    revocation list is read from env on every call, so revoking needs no restart."""
    cfg = cfg or {}
    if auth_mode(cfg) == OFF:
        return auth.LOCAL
    return auth.from_header(request.headers.get("Authorization"), key=token_key(cfg))


class Gate:
    """What a worker gets from `Access`: the service's mode and config."""

    def __init__(self, cfg: Mapping[str, Any], service: str = "") -> None:
        self.cfg = dict(cfg)
        self.mode = auth_mode(self.cfg)
        self.service = service

    @property
    def off(self) -> bool:
        return self.mode == OFF

    def principal(self, request) -> Principal:
        return principal(request, self.cfg)


def who(request) -> Principal:
    """The caller allow() verified for this request."""
    found = getattr(request, _PRINCIPAL, None)
    if found is None:
        raise RuntimeError("no caller on this request: the entrypoint needs @allow(...)")
    return found


def _gate(service) -> Gate:
    gate = getattr(service, "access", None)
    if not isinstance(gate, Gate):
        raise RuntimeError(f"{type(service).__name__} needs `access = Access()` to use @allow")
    return gate


def _unit_of(service, request, unit, path_values: dict):
    if isinstance(unit, str):
        return path_values[unit]
    return unit(service, request, **path_values)


def allow(action: str, *, area: Callable | None = None, unit: Callable | str | None = None):
    """Authenticate, then require `action` on the resource's area or unit (403 outside).
    Without `area` and `unit` only the role is checked: the use case then checks or
    filters by scope itself (lists, look-ups by a secret key). Put it under @json_api."""
    if action not in auth.ACTIONS:
        raise ValueError(f"unknown action {action!r}")

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(service, request, **path_values):
            gate = _gate(service)
            caller = gate.principal(request)
            setattr(request, _PRINCIPAL, caller)
            if not caller.may(action):
                raise Forbidden(f"role {caller.role} may not {action} here")
            # with AUTH off the caller covers everything: skip the look-ups, keep behaviour
            if not caller.everywhere and (area is not None or unit is not None):
                path = area(service, request, **path_values) if area is not None else None
                unit_id = (_unit_of(service, request, unit, path_values)
                           if unit is not None else None)
                if path is UNSCOPED or unit_id is UNSCOPED:
                    caller.require(action)
                else:
                    # a resolver that finds no place answers None: that is in nobody's
                    # scope, never "no scope to check"
                    caller.require(
                        action,
                        area_path=() if area is not None and path is None else path,
                        unit_id="" if unit is not None and unit_id is None else unit_id)
            return fn(service, request, **path_values)

        wrapper.access_action = action
        wrapper.access = Allow(action, area=area, unit=unit)
        return wrapper

    return decorate


def allow_any(*actions: str, area: Callable | None = None,
              unit: Callable | str | None = None):
    """Like `allow`, for an endpoint that more than one action opens: an integrator's
    token carries only `integrate`, yet placing orders is what other systems send; the
    不漏一户 list is a grid worker's work list (read) and a leader's figure (report). The
    first action the caller's role holds is checked, with the same scope, exactly as
    `allow` would; a role holding none is refused with the first action's reason."""
    if not actions:
        raise ValueError("allow_any needs at least one action")
    makers = [(action, allow(action, area=area, unit=unit)) for action in actions]

    def decorate(fn: Callable) -> Callable:
        variants = [(action, make(fn)) for action, make in makers]

        @wraps(fn)
        def wrapper(service, request, **path_values):
            caller = _gate(service).principal(request)  # 401 here, before anything is read
            for action, variant in variants:
                if caller.may(action):
                    return variant(service, request, **path_values)
            return variants[0][1](service, request, **path_values)

        wrapper.access_action = actions[0]
        wrapper.access_actions = actions
        wrapper.access = Allow(*actions, area=area, unit=unit)
        return wrapper

    return decorate


@dataclass(frozen=True, init=False)
class Allow:
    """An entrypoint's access rule as data: what `@allow(...)` or `@allow_any(...)` say.
    A route table entry carries one (services/common/routes.py) and its generated
    entrypoint is guarded by `guard()`; a hand-written entrypoint's decorators leave the
    same on it as `access`, so tests read every route's rule the same way."""

    actions: tuple[str, ...]
    area: Callable | None
    unit: Callable | str | None

    def __init__(self, *actions: str, area: Callable | None = None,
                 unit: Callable | str | None = None) -> None:
        if not actions:
            raise ValueError("Allow needs at least one action")
        unknown = [action for action in actions if action not in auth.ACTIONS]
        if unknown:
            raise ValueError(f"unknown action(s) {unknown!r}")
        object.__setattr__(self, "actions", tuple(actions))
        object.__setattr__(self, "area", area)
        object.__setattr__(self, "unit", unit)

    def guard(self) -> Callable[[Callable], Callable]:
        """The decorator enforcing it: `allow` for one action, `allow_any` for several."""
        if len(self.actions) == 1:
            return allow(self.actions[0], area=self.area, unit=self.unit)
        return allow_any(*self.actions, area=self.area, unit=self.unit)


def area_scope(caller: Principal) -> str | None:
    """The area code a list is narrowed to (None: everything, AUTH off). A unit-scoped
    caller has no place in an area tree: 403 rather than an empty list that looks like
    'nobody lives here'."""
    if caller.everywhere:
        return None
    if caller.area is None:
        raise Forbidden(f"this token is scoped to unit {caller.unit}, not to an area")
    return caller.area
