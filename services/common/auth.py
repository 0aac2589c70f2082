"""Who is calling: signed bearer tokens, roles and their scopes (issue 6, access control).

A token is `wg1.<claims>.<signature>`: base64url JSON claims signed with HMAC-SHA256 under
`AUTH_TOKEN_KEY`. Every service verifies tokens locally with the shared key, so no
service calls another to authenticate a request (docs/architecture.md rule 2) and a token works
through the gateway and directly. Tokens expire (`exp`); a leaked one is revoked by
listing its `jti` in `AUTH_REVOKED` (comma-separated, or a file via AUTH_REVOKED_FILE).

Scopes: every role is bound to a subtree of the area tree (an area code; the principal
may act on that area and everything below it) or, for unit coordinators, to a unit.
How a service applies this to its endpoints (the AUTH switch, scopes, list filters, the
audit log of sensitive reads) is `guard.py` and `audit.py`; the table per service is
docs/access-control.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field

from services.common import config

DEV_TOKEN_KEY = "wangge-dev-only-token-key-change-me"
PREFIX = "wg1"

# action → roles allowed to take it (within their scope)
READ, WRITE, CAPTURE, READ_SENSITIVE, REPORT, INTEGRATE, ADMIN = (
    "read", "write", "capture", "read_sensitive", "report", "integrate", "admin")
ACTIONS = frozenset({READ, WRITE, CAPTURE, READ_SENSITIVE, REPORT, INTEGRATE, ADMIN})
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
}
UNIT_ROLES = frozenset({"unit_coordinator"})


class AuthError(Exception):
    """401: no token, or one that does not verify."""


class Forbidden(Exception):
    """403: a valid token, but not for this action or outside its scope."""


@dataclass(frozen=True)
class Principal:
    subject: str
    role: str
    area: str | None = None
    unit: str | None = None
    token_id: str = ""
    expires: int = 0
    extra: dict = field(default_factory=dict, compare=False)
    # Only the local principal of a service running with AUTH off: every action, every
    # area and unit. No token can carry it (verify() refuses unknown roles).
    everywhere: bool = False

    def may(self, action: str) -> bool:
        return self.everywhere or action in ROLE_ACTIONS.get(self.role, frozenset())

    def covers_area(self, path: list[str] | tuple[str, ...] | str | None) -> bool:
        """True when the area (given by its path from the city down, or a '/'-joined
        path) lies in this principal's subtree."""
        if self.everywhere:
            return True
        if self.area is None or path is None:
            return False
        codes = path.split("/") if isinstance(path, str) else list(path)
        return self.area in codes

    def covers_unit(self, unit_id: str | None) -> bool:
        return self.everywhere or (self.unit is not None and unit_id == self.unit)

    def require(self, action: str, *, area_path=None, unit_id=None) -> None:
        """Raise Forbidden unless the role may take `action` on that area or unit."""
        if not self.may(action):
            raise Forbidden(f"role {self.role} may not {action} here")
        if area_path is None and unit_id is None:
            return
        if unit_id is not None and self.covers_unit(unit_id):
            return
        if area_path is not None and self.covers_area(area_path):
            return
        scope = f"unit {self.unit}" if self.unit else f"area {self.area}"
        raise Forbidden(f"outside this token's scope ({scope})")


LOCAL = Principal(subject="local", role="local", everywhere=True)


def token_key() -> bytes:
    return config._env("AUTH_TOKEN_KEY", DEV_TOKEN_KEY).encode("utf-8")


def revoked_ids() -> frozenset[str]:
    return frozenset(filter(None, (item.strip() for item in
                                   config._env("AUTH_REVOKED", "").replace("\n", ",")
                                   .split(","))))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(body: str, key: bytes) -> str:
    return _b64(hmac.new(key, f"{PREFIX}.{body}".encode(), hashlib.sha256).digest())


def issue(subject: str, role: str, *, area: str | None = None, unit: str | None = None,
          ttl_s: int = 30 * 86400, key: bytes | None = None, now: float | None = None) -> str:
    if role not in ROLE_ACTIONS:
        raise ValueError(f"role: must be one of {', '.join(ROLE_ACTIONS)}")
    if role in UNIT_ROLES and not unit:
        raise ValueError(f"unit: a {role} token needs a unit")
    if role not in UNIT_ROLES and not area:
        raise ValueError(f"area: a {role} token needs an area code")
    issued = int(now if now is not None else time.time())
    claims = {"sub": subject, "role": role, "area": area, "unit": unit, "iat": issued,
              "exp": issued + ttl_s, "jti": secrets.token_hex(8)}
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{PREFIX}.{body}.{_sign(body, key or token_key())}"


def verify(token: str, *, key: bytes | None = None, now: float | None = None,
           revoked: frozenset[str] | None = None) -> Principal:
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise AuthError("malformed token")
    if not hmac.compare_digest(parts[2], _sign(parts[1], key or token_key())):
        raise AuthError("token signature does not verify")
    try:
        claims = json.loads(_unb64(parts[1]))
    except ValueError:
        raise AuthError("malformed token") from None
    if claims.get("exp", 0) < (now if now is not None else time.time()):
        raise AuthError("token expired")
    if claims.get("jti") in (revoked if revoked is not None else revoked_ids()):
        raise AuthError("token revoked")
    if claims.get("role") not in ROLE_ACTIONS:
        raise AuthError("token names an unknown role")
    return Principal(subject=claims["sub"], role=claims["role"], area=claims.get("area"),
                     unit=claims.get("unit"), token_id=claims.get("jti", ""),
                     expires=claims["exp"])


def from_header(value: str | None, *, key: bytes | None = None,
                revoked: frozenset[str] | None = None) -> Principal:
    if not value:
        raise AuthError("missing Authorization: Bearer <token>")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("Authorization must be 'Bearer <token>'")
    return verify(token.strip(), key=key, revoked=revoked)
