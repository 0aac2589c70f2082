"""Sign-in, refresh, sign-out, invitation acceptance and the key set over HTTP (all open:
no token yet). Refusals answer in the common error shape; a 429 says when to try again.

Two transports of the refresh token: in the JSON body (the CLI, integrators), or, for a
browser that asks with `X-Session-Transport: cookie`, in an httpOnly cookie with a CSRF
double submit (browser.py). Refresh and sign-out read the cookie when the body names no
token; then the Origin and the X-CSRF-Token header are checked first (403 naming them,
the session untouched)."""

from __future__ import annotations

import json

from marshmallow import ValidationError
from werkzeug.wrappers import Request, Response

from services.accounts import clock
from services.accounts.entrypoints import browser, schemas
from services.accounts.entrypoints.callers import client_address
from services.accounts.use_cases import invitations, sessions
from services.accounts.use_cases.context import Tools
from services.accounts.use_cases.sessions import Refusal, SignedIn
from services.common.audit import source_of
from services.common.backbone import Backbone
from services.common.unit_of_work import UnitOfWork
from services.common.web import error_response, json_response, read_json

JWKS_MAX_AGE = 300
NO_TOKEN = (f"no refresh token: send refresh_token, or the {browser.REFRESH_COOKIE} cookie "
            "of a browser session")


def respond(outcome: SignedIn | Refusal, request: Request | None = None, *,
            cookie: bool = False, secure: bool = True) -> Response:
    """The session answer; with `cookie` (a browser's transport) the refresh token goes
    into the wg_refresh cookie instead of the body, and a 401 clears the cookies (the
    session they name is over)."""
    if isinstance(outcome, Refusal):
        response = error_response(outcome.status, outcome.message)
        if outcome.retry_after is not None:
            response.headers["Retry-After"] = str(outcome.retry_after)
        if outcome.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="wangge"'
            if cookie and request is not None:
                browser.clear_cookies(response, request, secure=secure)
        return response
    answer = outcome.answer()
    if cookie:
        del answer["refresh_token"]      # the browser's scripts never see it
    response = json_response(answer)
    response.headers["Cache-Control"] = "no-store"  # tokens: never kept by a cache
    if cookie and request is not None:
        browser.set_cookies(response, request, outcome.refresh_token,
                            outcome.refresh_expires_in, secure=secure)
    return response


def sign_in(backbone: Backbone, tools: Tools, proxies, request, *,
            secure: bool = True) -> Response:
    data = schemas.SignIn().load(read_json(request))
    cookie = browser.wants_cookie(request)      # a bad transport: 400 before signing in
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = sessions.sign_in(uow, tools, data["login"], data["password"],
                                   address=client_address(request, proxies),
                                   source=source_of(request), now=clock.now())
    return respond(outcome, request, cookie=cookie, secure=secure)


def _presented(request: Request) -> tuple[str | None, bool, Response | None]:
    """(refresh token, by cookie?, a refusal) of a refresh or sign-out. The body's token
    first (the JSON transport, unchanged); else the wg_refresh cookie, once the browser's
    site headers and the CSRF token pass (403 otherwise); else None (refresh: 401,
    sign-out: nothing to end)."""
    if not request.get_data().strip():
        # the body is required, `{}` for a browser session: nobody sends none by intent
        raise ValidationError({"_body": ["expected a JSON object ({} when the refresh "
                                         "token is in the cookie)"]})
    data = schemas.RefreshTokenBody().load(read_json(request))
    asked = browser.wants_cookie(request)
    if data["refresh_token"] is not None:
        return data["refresh_token"], False, None
    token = request.cookies.get(browser.REFRESH_COOKIE) or None
    if token is None:
        # no token at all (a browser's cookie expired or cleared, or a JSON client's
        # body empty): no session to protect, nothing to check
        return None, asked or browser.REFRESH_COOKIE in request.cookies, None
    refused = browser.refusal(request)
    if refused is not None:
        header, reason = refused
        return None, True, error_response(403, f"{header}: {reason}", {header: [reason]})
    return token, True, None


def refresh(backbone: Backbone, tools: Tools, request, *, secure: bool = True) -> Response:
    token, cookie, refused = _presented(request)
    if refused is not None:
        return refused
    if token is None:
        return respond(Refusal(401, NO_TOKEN), request, cookie=cookie, secure=secure)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = sessions.refresh(uow, tools, token, source=source_of(request),
                                   now=clock.now())
    return respond(outcome, request, cookie=cookie, secure=secure)


def revoke(backbone: Backbone, request, *, secure: bool = True) -> Response:
    token, cookie, refused = _presented(request)
    if refused is not None:
        return refused
    if token is not None:
        with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
            sessions.revoke(uow, token, source=source_of(request), now=clock.now())
    response = Response(status=204)
    if cookie:
        browser.clear_cookies(response, request, secure=secure)
    return response


def accept_invitation(backbone: Backbone, tools: Tools, request, *,
                      secure: bool = True) -> Response:
    data = schemas.InvitationAccept().load(read_json(request))
    cookie = browser.wants_cookie(request)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = invitations.accept(uow, tools, data["code"], data["password"],
                                     source=source_of(request), now=clock.now())
    return respond(outcome, request, cookie=cookie, secure=secure)


def jwks(tools: Tools) -> Response:
    response = Response(json.dumps(tools.keys.jwks()), mimetype="application/json")
    response.headers["Cache-Control"] = f"public, max-age={JWKS_MAX_AGE}"
    return response
