"""Who is calling: a person's or service account's grants, read from an access token that
the accounts service signed (issue 13; the table of roles and actions is
docs/access-control.md).

A token is a JWT signed by accounts with Ed25519 (`EdDSA`). Every other service verifies
it locally with the public keys accounts publishes (`token_keys.py` fetches and caches
them), so no request waits on accounts (docs/architecture.md rule 2) and no service but
accounts holds a key that can mint one. A token names its holder (`sub`, an account id)
and carries their grants: a role and its scope, an area code or a unit id. Several
grants combine: an action is allowed when any grant whose role may take it covers the
resource.

Two roles reach only what is theirs, never an area or a whole unit: a `volunteer` (their
own shifts, tasks and the households of their tasks: the grant names their dispatch
volunteer id) and a `request_handler` (the requests 转办'd to their unit or department).
An endpoint names what it owns through an `own=` resolver (guard.py), which answers the
owners of the resource as `(role, key)` pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

READ, WRITE, CAPTURE, READ_SENSITIVE, REPORT, INTEGRATE, ADMIN = (
    "read", "write", "capture", "read_sensitive", "report", "integrate", "admin")
ACTIONS = frozenset({READ, WRITE, CAPTURE, READ_SENSITIVE, REPORT, INTEGRATE, ADMIN})
VOLUNTEER, REQUEST_HANDLER = "volunteer", "request_handler"
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "city_admin": frozenset({READ, WRITE, CAPTURE, READ_SENSITIVE, REPORT, ADMIN}),
    "community_admin": frozenset({READ, WRITE, CAPTURE, READ_SENSITIVE, REPORT}),
    # read_sensitive: phone checks (电话核实) and door-to-door visits need the resident's
    # name and number, and the grid worker is the one who makes them. Each reveal is
    # asked for explicitly and written to the audit log; the scope is their grid.
    "grid_worker": frozenset({READ, CAPTURE, READ_SENSITIVE}),
    "unit_coordinator": frozenset({READ, WRITE}),
    "integrator": frozenset({INTEGRATE}),
    "report_reader": frozenset({REPORT}),
    # owner-only roles: their grants cover what an endpoint's own= resolver names them in
    VOLUNTEER: frozenset({READ, CAPTURE}),
    REQUEST_HANDLER: frozenset({READ, WRITE}),
}
UNIT_ROLES = frozenset({"unit_coordinator", VOLUNTEER, REQUEST_HANDLER})
OWNER_ROLES = frozenset({VOLUNTEER, REQUEST_HANDLER})
AREA_ROLES = frozenset(ROLE_ACTIONS) - UNIT_ROLES


class AuthError(Exception):
    """401: no token, or one that does not verify."""


class Forbidden(Exception):
    """403: a valid token, but not for this action or outside its scope."""


@dataclass(frozen=True)
class Grant:
    """A role and where it holds: an area subtree (`area`, a code) or a unit (`unit`);
    a volunteer's grant also names their volunteer id in dispatch."""

    role: str
    area: str | None = None
    unit: str | None = None
    volunteer: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLE_ACTIONS:
            raise ValueError(f"role: must be one of {', '.join(ROLE_ACTIONS)}")
        if self.role in UNIT_ROLES:
            if not self.unit or self.area:
                raise ValueError(f"unit: a {self.role} grant names a unit (no area)")
        elif not self.area or self.unit:
            raise ValueError(f"area: a {self.role} grant names an area code (no unit)")
        if (self.role == VOLUNTEER) != bool(self.volunteer):
            raise ValueError("volunteer: a volunteer grant, and only it, names the "
                             "volunteer id")

    @property
    def owner_key(self) -> tuple[str, str] | None:
        """What an own= resolver names this grant's holder by."""
        if self.role == VOLUNTEER:
            return (VOLUNTEER, self.volunteer)
        if self.role == REQUEST_HANDLER:
            return (REQUEST_HANDLER, self.unit)
        return None

    def may(self, action: str) -> bool:
        return action in ROLE_ACTIONS[self.role]

    def covers(self, action: str, *, area_path=None, unit_id=None, owners=()) -> bool:
        if not self.may(action):
            return False
        if self.role in OWNER_ROLES:
            return self.owner_key in owners
        if self.unit is not None:
            return unit_id is not None and unit_id == self.unit
        return _in_path(self.area, area_path)

    def describe(self) -> str:
        where = f"area {self.area}" if self.area else f"unit {self.unit}"
        return f"{self.role} ({where})"

    def as_claim(self) -> dict:
        claim = {"role": self.role}
        for name in ("area", "unit", "volunteer"):
            if getattr(self, name):
                claim[name] = getattr(self, name)
        return claim

    @classmethod
    def from_claim(cls, claim) -> Grant:
        if not isinstance(claim, dict):
            raise ValueError("a grant is an object")
        unknown = set(claim) - {"role", "area", "unit", "volunteer"}
        if unknown:
            raise ValueError(f"a grant has unknown field(s) {sorted(unknown)}")
        values = {name: claim.get(name) for name in ("role", "area", "unit", "volunteer")}
        if not all(value is None or isinstance(value, str) for value in values.values()):
            raise ValueError("a grant's fields are strings")
        return cls(**values)


def _in_path(code: str | None, path) -> bool:
    if code is None or path is None:
        return False
    codes = path.split("/") if isinstance(path, str) else list(path)
    return code in codes


@dataclass(frozen=True)
class Principal:
    subject: str
    grants: tuple[Grant, ...] = ()
    kind: str = "person"
    token_id: str = ""
    session_id: str = ""
    expires: int = 0
    extra: dict = field(default_factory=dict, compare=False)
    # Only the local principal of a service running with AUTH off: every action, every
    # area and unit. No token can carry it (a grant names a known role).
    everywhere: bool = False

    @property
    def role(self) -> str:
        """The roles held, for audit rows and messages ('grid_worker+volunteer')."""
        if self.everywhere:
            return "local"
        return "+".join(dict.fromkeys(grant.role for grant in self.grants)) or "none"

    def may(self, action: str) -> bool:
        return self.everywhere or any(grant.may(action) for grant in self.grants)

    def holding(self, *actions: str) -> Principal:
        """This caller with only the grants that may take one of `actions`: what an
        entrypoint admitted for those actions acts with (lists narrow to these)."""
        if self.everywhere:
            return self
        kept = tuple(grant for grant in self.grants
                     if any(grant.may(action) for action in actions))
        return Principal(self.subject, kept, self.kind, self.token_id, self.session_id,
                         self.expires, self.extra)

    def areas(self, action: str | None = None) -> tuple[str, ...]:
        """The area codes of the grants (that may take `action`)."""
        return tuple(dict.fromkeys(
            grant.area for grant in self.grants
            if grant.area and (action is None or grant.may(action))))

    def units(self, action: str | None = None, role: str | None = None) -> tuple[str, ...]:
        """The unit ids of unit coordinators' grants (or of `role`'s grants)."""
        wanted = role or "unit_coordinator"
        return tuple(dict.fromkeys(
            grant.unit for grant in self.grants
            if grant.role == wanted and (action is None or grant.may(action))))

    def owner_keys(self, action: str | None = None) -> frozenset[tuple[str, str]]:
        return frozenset(grant.owner_key for grant in self.grants
                         if grant.owner_key and (action is None or grant.may(action)))

    @property
    def volunteer_ids(self) -> tuple[str, ...]:
        return tuple(g.volunteer for g in self.grants if g.role == VOLUNTEER)

    def covers_area(self, path, action: str | None = None) -> bool:
        """True when the area (its path from the city down, or a '/'-joined path) lies
        in the subtree of one of the grants (that may take `action`)."""
        return self.everywhere or any(
            grant.area and _in_path(grant.area, path) and
            (action is None or grant.may(action)) for grant in self.grants)

    def covers_unit(self, unit_id: str | None, action: str | None = None) -> bool:
        return self.everywhere or any(
            grant.role == "unit_coordinator" and unit_id is not None and
            grant.unit == unit_id and (action is None or grant.may(action))
            for grant in self.grants)

    def require(self, action: str, *, area_path=None, unit_id=None,
                owners: Iterable[tuple[str, str]] | None = None) -> None:
        """Raise Forbidden unless a grant that may take `action` covers that area, unit
        or (for owner-only roles) names this caller among the resource's owners."""
        if not self.may(action):
            raise Forbidden(f"role {self.role} may not {action} here")
        if self.everywhere or (area_path is None and unit_id is None and owners is None):
            return
        owners = frozenset(owners or ())
        if any(grant.covers(action, area_path=area_path, unit_id=unit_id, owners=owners)
               for grant in self.grants):
            return
        raise Forbidden(f"outside this token's scope ({self.scope_text()})")

    def scope_text(self) -> str:
        return ", ".join(grant.describe() for grant in self.grants) or "no grants"


LOCAL = Principal(subject="local", everywhere=True)


def principal_from_claims(claims: dict) -> Principal:
    """The caller named by verified claims; a claim of the wrong shape is a 401."""
    subject, grants = claims.get("sub"), claims.get("grants")
    if not isinstance(subject, str) or not subject:
        raise AuthError("token names no subject")
    if not isinstance(grants, list) or len(grants) > 200:
        raise AuthError("token carries no list of grants")
    try:
        parsed = tuple(Grant.from_claim(grant) for grant in grants)
    except (TypeError, ValueError) as exc:
        raise AuthError(f"token carries a malformed grant: {exc}") from None
    kind = claims.get("kind", "person")
    if kind not in ("person", "service"):
        raise AuthError("token names an unknown kind of account")
    return Principal(subject=subject, grants=parsed, kind=kind,
                     token_id=str(claims.get("jti", "")), session_id=str(claims.get("sid", "")),
                     expires=int(claims.get("exp", 0)))


def bearer(value: str | None) -> str:
    """The token of an `Authorization: Bearer …` header (AuthError when absent)."""
    if not value:
        raise AuthError("missing Authorization: Bearer <token>")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("Authorization must be 'Bearer <token>'")
    return token.strip()
