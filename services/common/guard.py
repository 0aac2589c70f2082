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
An owner scope, `own=resolver` returning `(role, key)` pairs such as `("volunteer", "V7")`
or `("request_handler", "U3")`, admits the owner-only roles (auth.py) to what is theirs.
A resolver may raise NotFound or ValidationError; they answer like the use case would.
Use cases reach the caller with `who(request)` (list filters, reveals, the audit log).

No nameko here: use cases import `who` and `area_scope` without the framework.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from services.common import auth, config, token_keys
from services.common.auth import Forbidden, Principal
from services.common.token_keys import TokenVerifier

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


def principal(request, cfg: Mapping[str, Any] | None = None,
              verifier: TokenVerifier | None = None) -> Principal:
    """The verified caller (AuthError → 401), or the local all-powerful principal when
    the service runs with AUTH off. Tokens are checked against the keys accounts
    publishes (token_keys.py); the revocation list is read on every call."""
    cfg = cfg or {}
    if auth_mode(cfg) == OFF:
        return auth.LOCAL
    return (verifier or token_keys.verifier_for(cfg)).verify(
        auth.bearer(request.headers.get("Authorization")))


class Gate:
    """What a worker gets from `Access`: the service's mode and config."""

    def __init__(self, cfg: Mapping[str, Any], service: str = "", keys=None) -> None:
        """keys: where verification finds a public key by kid (accounts passes its own);
        by default the JWKS at AUTH_JWKS_URL, fetched and cached."""
        self.cfg = dict(cfg)
        self.mode = auth_mode(self.cfg)
        self.service = service
        self.verifier = (token_keys.TokenVerifier(keys, issuer=token_keys.issuer(self.cfg))
                         if keys is not None else token_keys.verifier_for(self.cfg))

    @property
    def off(self) -> bool:
        return self.mode == OFF

    def principal(self, request) -> Principal:
        return principal(request, self.cfg, self.verifier)


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


def check(caller: Principal, action: str, service, request, path_values: dict, *,
          area: Callable | None = None, unit: Callable | str | None = None,
          own: Callable | None = None) -> None:
    """Forbidden unless a grant of `caller` that may take `action` covers the resource:
    its area (`area` resolver), its unit (`unit`), or, for the owner-only roles
    (volunteer, request_handler), an owner the `own` resolver names. No resolver at all:
    the role alone is checked and the use case narrows (lists)."""
    if not caller.may(action):
        raise Forbidden(f"role {caller.role} may not {action} here")
    # with AUTH off the caller covers everything: skip the look-ups, keep behaviour
    if caller.everywhere or (area is None and unit is None and own is None):
        return
    refused: Forbidden | None = None
    if area is not None or unit is not None:
        path = area(service, request, **path_values) if area is not None else None
        unit_id = _unit_of(service, request, unit, path_values) if unit is not None else None
        if path is UNSCOPED or unit_id is UNSCOPED:
            return caller.require(action)
        try:
            # a resolver that finds no place answers None: that is in nobody's scope,
            # never "no scope to check"
            return caller.require(
                action, area_path=() if area is not None and path is None else path,
                unit_id="" if unit is not None and unit_id is None else unit_id)
        except Forbidden as exc:
            refused = exc
    if own is not None and caller.owner_keys(action):
        # asked only of a caller holding an owner-only grant: admins never pay for it
        return caller.require(action, owners=own(service, request, **path_values) or ())
    raise refused or Forbidden(f"outside this token's scope ({caller.scope_text()})")


def allow(action: str, *, area: Callable | None = None, unit: Callable | str | None = None,
          own: Callable | None = None):
    """Authenticate, then require `action` on the resource's area, unit or owners (403
    outside). Without any resolver only the role is checked: the use case then checks
    or filters by scope itself (lists, look-ups by a secret key). The use case sees the
    caller (`who`) with only the grants that may take `action`. Put it under @json_api."""
    return allow_any(action, area=area, unit=unit, own=own)


def allow_any(*actions: str, area: Callable | None = None,
              unit: Callable | str | None = None, own: Callable | None = None):
    """Like `allow`, for an endpoint that more than one action opens: an integrator's
    token carries only `integrate`, yet placing orders is what other systems send; the
    不漏一户 list is a grid worker's work list (read) and a leader's figure (report). Each
    action the caller holds is tried in turn with the same scope; the first that covers
    the resource admits the caller, and none answers the first refusal."""
    if not actions:
        raise ValueError("allow_any needs at least one action")
    unknown = [action for action in actions if action not in auth.ACTIONS]
    if unknown:
        raise ValueError(f"unknown action(s) {unknown!r}")

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(service, request, **path_values):
            caller = _gate(service).principal(request)  # 401 here, before anything is read
            held = [action for action in actions if caller.may(action)]
            # resolvers may ask who is calling (a scope that narrows to the caller's grants)
            setattr(request, _PRINCIPAL, caller)
            first: Forbidden | None = None
            for action in held:
                try:
                    check(caller, action, service, request, path_values,
                          area=area, unit=unit, own=own)
                except Forbidden as exc:
                    first = first or exc
                    continue
                setattr(request, _PRINCIPAL, caller.holding(action))
                return fn(service, request, **path_values)
            raise first or Forbidden(f"role {caller.role} may not {actions[0]} here")

        wrapper.access_action = actions[0]
        wrapper.access_actions = actions
        wrapper.access = Allow(*actions, area=area, unit=unit, own=own)
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
    own: Callable | None

    def __init__(self, *actions: str, area: Callable | None = None,
                 unit: Callable | str | None = None, own: Callable | None = None) -> None:
        if not actions:
            raise ValueError("Allow needs at least one action")
        unknown = [action for action in actions if action not in auth.ACTIONS]
        if unknown:
            raise ValueError(f"unknown action(s) {unknown!r}")
        object.__setattr__(self, "actions", tuple(actions))
        object.__setattr__(self, "area", area)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "own", own)

    def guard(self) -> Callable[[Callable], Callable]:
        """The decorator enforcing it."""
        return allow_any(*self.actions, area=self.area, unit=self.unit, own=self.own)


def area_scope(caller: Principal) -> tuple[str, ...] | None:
    """The area codes a list is narrowed to: the subtrees of the caller's area grants
    (None: everything, AUTH off). A caller with no area grant has no place in the area
    tree: 403 rather than an empty list that looks like 'nobody lives here'."""
    if caller.everywhere:
        return None
    codes = caller.areas()
    if not codes:
        raise Forbidden(f"this token holds no area ({caller.scope_text()})")
    return codes
