"""Volunteer sign-up (open: first a code to the phone, then the form with it) and
screening over HTTP: parse, open the unit of work, call the use case
(use_cases/applications.py, use_cases/phone_codes.py), shape the answer. Names and phones
are answered masked; the password and the code are never answered."""

from __future__ import annotations

import logging

from werkzeug.wrappers import Response

from services.accounts import clock
from services.accounts.domain.applications import Decision
from services.accounts.domain.phone_codes import PURPOSE
from services.accounts.entrypoints import self_service_schemas as schemas
from services.accounts.entrypoints.callers import caller_of, client_address
from services.accounts.self_service import SelfService
from services.accounts.use_cases import applications, phone_codes
from services.accounts.use_cases.applications import Throttled
from services.accounts.use_cases.context import Tools
from services.common.audit import source_of
from services.common.backbone import Backbone
from services.common.errors import Refused
from services.common.unit_of_work import UnitOfWork
from services.common.web import error_response, json_response, query_args, read_json

log = logging.getLogger(__name__)


def apply(backbone: Backbone, tools: Tools, extra: SelfService, proxies, request,
          unit_id: str) -> Response:
    data = schemas.ApplicationCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = applications.apply(uow, tools, extra.sign_up, unit_id, data,
                                     address=client_address(request, proxies),
                                     source=source_of(request), now=clock.now())
    if isinstance(outcome, Refused):
        raise outcome          # after the commit: the try it spent on the code is counted
    if isinstance(outcome, Throttled):
        response = error_response(429, outcome.message)
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    return json_response(outcome, 202)


def request_phone_code(backbone: Backbone, tools: Tools, extra: SelfService, proxies,
                       request, unit_id: str) -> Response:
    """202 whether a code was sent or a rate limit held it back; the code goes to the
    sender only once its transaction has committed, and a sender's failure is logged."""
    data = schemas.PhoneCodeRequest().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        to_send = phone_codes.request_code(
            uow, tools, extra.sign_up.codes, unit_id, data["phone"],
            address=client_address(request, proxies), source=source_of(request),
            now=clock.now())
    if to_send is not None:
        try:
            extra.sender.send(to_send.phone, PURPOSE, to_send.code)
        except Exception:  # noqa: BLE001 - answered alike: the applicant asks again
            log.exception("the sign-up code could not be sent (%s)",
                          type(extra.sender).__name__)
    return json_response({"status": "a code is on its way to the phone, unless too many "
                                    "were asked for: then ask again later"}, 202)


def list_applications(backbone: Backbone, request, unit_id: str) -> dict:
    """The route's guard admitted the caller for this unit (scopes.unit_area)."""
    query = query_args(request, schemas.ApplicationsQuery())
    with backbone.db.transaction() as session:
        return applications.list_applications(session, unit_id, query)


def decide(backbone: Backbone, tools: Tools, request) -> dict:
    data = schemas.DecisionsBody().load(read_json(request))
    decisions = [Decision(d["application_id"], d["approve"], d["reason"])
                 for d in data["decisions"]]
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return applications.decide(uow, tools, caller_of(request), decisions, clock.now())
