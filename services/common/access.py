"""Access control for a service's HTTP entrypoints: who is calling, may they, and the
audit log of sensitive reads (issue 6). `auth.py` holds the tokens and the role table;
this is the glue every service applies the same way (docs/access-control.md):

    class RegistryService:
        access = Access()                      # reads AUTH once, warns when it is off

        @http("GET", "/households/<string:code>")
        @json_api                              # outside: turns 401/403/404 into JSON
        @allow(READ, area=scopes.household)    # action + how to find the resource's area
        def get_household(self, request, code):
            return api.get_household(self.store, request, code)

A scope resolver is `resolver(service, request, **path_values)` returning the area path
of the resource (city code first; a list or a '/'-joined string), or UNSCOPED for a
resource outside the area tree. A unit scope is `unit="unit_id"` (a path value) or a
resolver returning the unit id. Given both, either one covering the resource is enough.
A resolver may raise NotFound or ValidationError; they answer like the use case would.
Use cases reach the caller with `who(request)` (list filters, reveals, the audit log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from marshmallow import ValidationError
from nameko.extensions import DependencyProvider
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    String,
    Table,
    column,
    func,
    insert,
    or_,
    table,
)
from sqlalchemy.orm import Session

from services.common import auth, config
from services.common.auth import Forbidden, Principal

log = logging.getLogger(__name__)

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


def _token_key(cfg: Mapping[str, Any]) -> bytes | None:
    key = cfg.get("AUTH_TOKEN_KEY")
    return key.encode("utf-8") if isinstance(key, str) else key


def principal(request, cfg: Mapping[str, Any] | None = None) -> Principal:
    """The verified caller (AuthError → 401), or the local all-powerful principal when
    the service runs with AUTH off. The key is `AUTH_TOKEN_KEY` (config, else env); the
    revocation list is read from env on every call, so revoking needs no restart."""
    cfg = cfg or {}
    if auth_mode(cfg) == OFF:
        return auth.LOCAL
    return auth.from_header(request.headers.get("Authorization"), key=_token_key(cfg))


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


class Access(DependencyProvider):
    """Declare once per service as `access = Access()`; `allow` finds it there."""

    def setup(self) -> None:
        self.gate = Gate(self.container.config, self.container.service_name)
        # every service has an Access: its start is where a deployment's keys are checked
        config.refuse_development_keys(self.gate.service, self.gate.cfg)
        if self.gate.off and config.environment() != config.DEVELOPMENT:
            raise config.DevelopmentKeyError(
                f"{self.gate.service}: {config.ENV_MODE}={config.environment()} refuses "
                f"{MODE_ENV}=off (every request would act as an all-powerful local user)")
        if self.gate.off:
            log.warning("!!! %s: AUTH is off: every HTTP request acts as an all-powerful "
                        "local user. Never run like this outside a local experiment; set "
                        "AUTH=required (the default) or unset WANGGE_AUTH. !!!",
                        self.gate.service)
        elif (_token_key(self.gate.cfg) or auth.token_key()) == auth.DEV_TOKEN_KEY.encode():
            log.warning("%s: AUTH_TOKEN_KEY is not set: tokens are checked against the "
                        "development key, which anyone can read in the source. Set it "
                        "(or AUTH_TOKEN_KEY_FILE) in any real deployment.", self.gate.service)

    def get_dependency(self, worker_ctx) -> Gate:
        return self.gate


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
        return wrapper

    return decorate


def area_scope(caller: Principal) -> str | None:
    """The area code a list is narrowed to (None: everything, AUTH off). A unit-scoped
    caller has no place in an area tree: 403 rather than an empty list that looks like
    'nobody lives here'."""
    if caller.everywhere:
        return None
    if caller.area is None:
        raise Forbidden(f"this token is scoped to unit {caller.unit}, not to an area")
    return caller.area


def in_subtree(path_column, root_path: str):
    """SQL: the '/'-joined path column lies at or under root_path (a prefix match that a
    text_pattern_ops index serves; '_' and '%' in codes are escaped)."""
    return or_(path_column == root_path,
               path_column.startswith(root_path + "/", autoescape=True))


def array_in_subtree(path_column, area_code: str):
    """SQL: an ARRAY path column contains the area code (a GIN index serves @>)."""
    return path_column.contains([area_code])


# -- sensitive reads ---------------------------------------------------------------------
REVEAL = "reveal"


def requested_reveal(request, allowed: Iterable[str],
                     refused: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Fields the caller explicitly asked to see in clear (`?reveal=name,phone`, or the
    parameter repeated). Unknown names are a 400 naming the parameter."""
    allowed = tuple(allowed)
    wanted: list[str] = []
    for value in request.args.getlist(REVEAL):
        wanted.extend(item.strip() for item in value.split(",") if item.strip())
    for name in wanted:
        if refused and name in refused:
            raise ValidationError({REVEAL: [f"{name}: {refused[name]}"]})
        if name not in allowed:
            raise ValidationError({REVEAL: [f"{name}: must be one of {', '.join(allowed)}"]})
    return tuple(sorted(set(wanted)))


AUDIT_TABLE = "access_audit"


def audit_table(metadata: MetaData) -> Table:
    """Who read which sensitive fields of what, when and from where; never the values.
    Each service adds it to its own metadata (and one migration)."""
    return Table(
        AUDIT_TABLE, metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("read_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("subject", String(200), nullable=False),
        Column("role", String(32), nullable=False),
        Column("token_id", String(64), nullable=False),
        Column("resource", String(64), nullable=False),
        Column("resource_id", String(200), nullable=False),
        Column("fields", ARRAY(String(64)), nullable=False),
        # the connecting address, and what a proxy in front said the client was
        Column("source", String(300), nullable=False),
        Column("request", String(500), nullable=False),
        Index("ix_access_audit_resource", "resource", "resource_id"),
        Index("ix_access_audit_subject", "subject", "read_at"),
    )


# lightweight: record_sensitive_read needs no service's metadata, only the table's name
_AUDIT = table(AUDIT_TABLE, *(column(name) for name in (
    "subject", "role", "token_id", "resource", "resource_id", "fields", "source", "request")))


def _source(request) -> str:
    remote = request.remote_addr or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    # a client can send X-Forwarded-For itself: keep both, the connecting one is certain
    return (f"{forwarded.strip()} via {remote}" if forwarded else remote)[:300]


source_of = _source  # for other audited writes (dispatch's attendance corrections)


def record_sensitive_read(session: Session, caller: Principal, resource: str,
                          resource_id: Any, fields: Iterable[str], request) -> None:
    """Write the audit row in the reading transaction: the clear values are answered only
    if this row commits. The request is logged by method and path; its query string is
    left out (it names fields, and a client could put anything there)."""
    session.execute(insert(_AUDIT).values(
        subject=caller.subject[:200], role=caller.role, token_id=caller.token_id,
        resource=resource, resource_id=str(resource_id), fields=sorted(set(fields)),
        source=_source(request), request=f"{request.method} {request.path}"[:500]))
