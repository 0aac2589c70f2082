"""Exchanging an external OpenID Connect issuer's token for Wangge tokens (open): the
token is verified against the issuer's published keys (adapters/external_tokens.py), the
person it names matched to an active account (use_cases/external_sessions.py), and the
answer is that of a password sign-in. Not configured: 404. And an admin linking a person
to their id at that platform (ACCOUNTS_OIDC_MATCH=external_id)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from services.accounts import clock
from services.accounts.entrypoints import self_service_schemas as schemas
from services.accounts.entrypoints.api_sessions import respond
from services.accounts.entrypoints.browser import wants_cookie
from services.accounts.entrypoints.callers import caller_of
from services.accounts.self_service import SelfService
from services.accounts.use_cases import external_ids, external_sessions
from services.accounts.use_cases.context import Tools
from services.common.audit import source_of
from services.common.auth import AuthError
from services.common.backbone import Backbone
from services.common.errors import NotFound
from services.common.unit_of_work import UnitOfWork
from services.common.web import read_json


def exchange(backbone: Backbone, tools: Tools, extra: SelfService, request, *,
             secure: bool = True) -> Response:
    data = schemas.ExternalToken().load(read_json(request))
    cookie = wants_cookie(request)              # a bad transport: 400 before signing in
    verifier = extra.external
    if verifier is None:
        raise NotFound("external identity issuer", "(ACCOUNTS_OIDC_ISSUER is not set)")
    issuer, source = verifier.issuer, source_of(request)
    # KeysUnavailable (the issuer's keys never fetched) answers 503: the token was not judged
    try:
        claims = verifier.claims(data["token"])
    except AuthError as exc:
        claims, reason = None, str(exc)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        if claims is None:
            outcome = external_sessions.refused_token(uow, issuer.issuer, reason,
                                                      source=source)
        else:
            outcome = external_sessions.exchange(uow, tools, issuer.issuer, issuer.rule,
                                                 claims, source=source, now=clock.now())
    return respond(outcome, request, cookie=cookie, secure=secure)


def link_external_id(backbone: Backbone, request, person_id: str) -> dict:
    data = schemas.ExternalIdBody().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return external_ids.link_external_id(uow, caller_of(request), person_id,
                                             data["external_id"], clock.now())
