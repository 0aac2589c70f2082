"""Browser sessions: the refresh token in an httpOnly cookie, guarded by a CSRF double
submit (docs/accounts.md, "Browser sessions").

A client asks for it with `X-Session-Transport: cookie` when it signs in (POST /sessions,
/invitations/accept, /sessions/external): the answer carries no refresh token; instead

- `wg_refresh` (HttpOnly, SameSite=Strict, Path=<prefix>/sessions) holds it: no script
  reads it, so an XSS cannot carry it away, and the browser sends it only to the session
  routes of this origin;
- `wg_csrf` (readable, SameSite=Strict, Path=/) holds a random value the page echoes in
  `X-CSRF-Token` when it refreshes or signs out with an empty body. Another site can make
  the browser send the cookies (were SameSite ever bypassed) but can neither read wg_csrf
  nor set a custom header without CORS, which no service grants;
- the browser's own word on where the request comes from must be this site (defence in
  depth): `Sec-Fetch-Site`, when sent, is `same-origin`, and an `Origin`, when sent, names
  the host the browser addressed (X-Forwarded-Host behind a proxy, Host directly; behind
  a proxy that names no host, an Origin passes only with Sec-Fetch-Site vouching for it).

Both cookies are renewed at every refresh (the refresh token rotates as for any client) and
cleared at sign-out. A body naming `refresh_token` is the JSON transport of the CLI and
integrators, unchanged: the token it carries proves the caller, no cookie is read or set.

The checks are plain functions (unit-tested); the entrypoints (api_sessions.py) apply them.
"""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import urlsplit

from marshmallow import ValidationError
from werkzeug.wrappers import Request, Response

TRANSPORT_HEADER = "X-Session-Transport"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_COOKIE, CSRF_COOKIE = "wg_refresh", "wg_csrf"
# a prefix the gateway says it serves us under (X-Forwarded-Prefix): path segments only,
# so nothing from a header can break out of the Set-Cookie attribute it lands in
_PREFIX = re.compile(r"(?:/[A-Za-z0-9._~-]+)*")


def wants_cookie(request: Request) -> bool:
    """Whether the client asks for the cookie transport; any other value of the header
    is refused (400 naming it), as an unknown field is."""
    value = request.headers.get(TRANSPORT_HEADER)
    if value is None:
        return False
    if value != "cookie":
        raise ValidationError({TRANSPORT_HEADER: ["must be cookie, or not sent (the "
                                                  "refresh token in the body)"]})
    return True


def cookie_path(prefix: str | None) -> str:
    """The refresh cookie's Path: the session routes under the gateway's prefix
    (`/accounts/sessions`), `/sessions` when called directly or given a malformed one."""
    prefix = (prefix or "").strip().rstrip("/")
    return f"{prefix if _PREFIX.fullmatch(prefix) else ''}/sessions"


def same_origin(origin: str | None, host: str | None) -> bool:
    """Whether an Origin header names `host` (host[:port], as Host or X-Forwarded-Host say).
    No Origin at all passes (older browsers and non-browser clients send none; the CSRF
    token is the check then); `null` or a malformed one does not."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not host:
        return False
    default = {"http": ":80", "https": ":443"}[parts.scheme]
    return (parts.netloc.lower().removesuffix(default)
            == host.strip().lower().removesuffix(default))


def csrf_matches(header: str | None, cookie: str | None) -> bool:
    """The double submit: the header equals the cookie, compared in constant time."""
    if not header or not cookie:
        return False
    return hmac.compare_digest(header.encode(), cookie.encode())


def request_host(headers) -> str | None:
    """The host the browser addressed: X-Forwarded-Host when a proxy says it; Host when
    called directly; None when a proxy forwarded (X-Forwarded-Prefix, which the gateway
    always sets) without saying it: its Host is then the proxy's own connection to us."""
    if headers.get("X-Forwarded-Host"):
        return headers.get("X-Forwarded-Host")
    if headers.get("X-Forwarded-Prefix"):
        return None
    return headers.get("Host")


def site_refusal(headers) -> tuple[str, str] | None:
    """Whether the browser says the request comes from another site. Sec-Fetch-Site is
    set by the browser itself (no script can), and says it even when the host the Origin
    should match is unknown; Origin is checked against the host when it is known, else
    only with the browser's Sec-Fetch-Site to vouch for it."""
    site = headers.get("Sec-Fetch-Site")
    if site is not None and site.strip().lower() != "same-origin":
        return "Sec-Fetch-Site", f"is {site.strip()[:20]!r}: sessions are refreshed from " \
                                 "this site's own pages"
    origin, host = headers.get("Origin"), request_host(headers)
    if host is None:
        if origin is not None and site is None:
            return "Origin", "cannot be checked here (the proxy names no X-Forwarded-Host) " \
                             "and no Sec-Fetch-Site vouches for it"
        return None
    if not same_origin(origin, host):
        return "Origin", "does not match this site: sessions are refreshed from its own pages"
    return None


def refusal(request: Request) -> tuple[str, str] | None:
    """(header, reason) when an empty-body refresh or sign-out must be refused (403)."""
    refused = site_refusal(request.headers)
    if refused is not None:
        return refused
    if not csrf_matches(request.headers.get(CSRF_HEADER), request.cookies.get(CSRF_COOKIE)):
        return CSRF_HEADER, f"must equal the {CSRF_COOKIE} cookie"
    return None


def set_cookies(response: Response, request: Request, refresh_token: str, max_age: int,
                *, secure: bool) -> None:
    response.set_cookie(REFRESH_COOKIE, refresh_token, max_age=max_age,
                        path=cookie_path(request.headers.get("X-Forwarded-Prefix")),
                        secure=secure, httponly=True, samesite="Strict")
    response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(32), max_age=max_age, path="/",
                        secure=secure, httponly=False, samesite="Strict")


def clear_cookies(response: Response, request: Request, *, secure: bool) -> None:
    response.set_cookie(REFRESH_COOKIE, "", max_age=0, expires=0,
                        path=cookie_path(request.headers.get("X-Forwarded-Prefix")),
                        secure=secure, httponly=True, samesite="Strict")
    response.set_cookie(CSRF_COOKIE, "", max_age=0, expires=0, path="/", secure=secure,
                        httponly=False, samesite="Strict")
