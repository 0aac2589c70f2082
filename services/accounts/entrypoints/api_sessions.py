"""Sign-in, refresh, sign-out, invitation acceptance and the key set over HTTP (all open:
no token yet). Refusals answer in the common error shape; a 429 says when to try again."""

from __future__ import annotations

import json

from werkzeug.wrappers import Response

from services.accounts import clock
from services.accounts.entrypoints import schemas
from services.accounts.entrypoints.callers import client_address
from services.accounts.use_cases import invitations, sessions
from services.accounts.use_cases.context import Tools
from services.accounts.use_cases.sessions import Refusal, SignedIn
from services.common.audit import source_of
from services.common.backbone import Backbone
from services.common.unit_of_work import UnitOfWork
from services.common.web import error_response, json_response, read_json

JWKS_MAX_AGE = 300


def respond(outcome: SignedIn | Refusal) -> Response:
    if isinstance(outcome, Refusal):
        response = error_response(outcome.status, outcome.message)
        if outcome.retry_after is not None:
            response.headers["Retry-After"] = str(outcome.retry_after)
        if outcome.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="wangge"'
        return response
    response = json_response(outcome.answer())
    response.headers["Cache-Control"] = "no-store"  # tokens: never kept by a cache
    return response


def sign_in(backbone: Backbone, tools: Tools, proxies, request) -> Response:
    data = schemas.SignIn().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = sessions.sign_in(uow, tools, data["login"], data["password"],
                                   address=client_address(request, proxies),
                                   source=source_of(request), now=clock.now())
    return respond(outcome)


def refresh(backbone: Backbone, tools: Tools, request) -> Response:
    data = schemas.RefreshTokenBody().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = sessions.refresh(uow, tools, data["refresh_token"],
                                   source=source_of(request), now=clock.now())
    return respond(outcome)


def revoke(backbone: Backbone, request) -> Response:
    data = schemas.RefreshTokenBody().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        sessions.revoke(uow, data["refresh_token"], source=source_of(request),
                        now=clock.now())
    return Response(status=204)


def accept_invitation(backbone: Backbone, tools: Tools, request) -> Response:
    data = schemas.InvitationAccept().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = invitations.accept(uow, tools, data["code"], data["password"],
                                     source=source_of(request), now=clock.now())
    return respond(outcome)


def jwks(tools: Tools) -> Response:
    response = Response(json.dumps(tools.keys.jwks()), mimetype="application/json")
    response.headers["Cache-Control"] = f"public, max-age={JWKS_MAX_AGE}"
    return response
