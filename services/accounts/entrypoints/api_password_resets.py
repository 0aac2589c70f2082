"""Password reset over HTTP (both open). Asking answers 202 whatever the login (no
account enumeration); the code goes to the sender only once its transaction has
committed, and a sender's failure is logged, not answered."""

from __future__ import annotations

import logging

from werkzeug.wrappers import Response

from services.accounts import clock
from services.accounts.adapters.senders import RESET
from services.accounts.entrypoints import self_service_schemas as schemas
from services.accounts.entrypoints.callers import client_address
from services.accounts.self_service import SelfService
from services.accounts.use_cases import password_resets
from services.accounts.use_cases.context import Tools
from services.common.audit import source_of
from services.common.backbone import Backbone
from services.common.unit_of_work import UnitOfWork
from services.common.web import json_response, read_json

log = logging.getLogger(__name__)


def request_reset(backbone: Backbone, tools: Tools, extra: SelfService, proxies,
                  request) -> Response:
    data = schemas.PasswordResetRequest().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        to_send = password_resets.request_reset(
            uow, tools, extra.resets, data["login"],
            address=client_address(request, proxies), source=source_of(request),
            now=clock.now())
    if to_send is not None:
        try:
            extra.sender.send(to_send.login, RESET, to_send.code)
        except Exception:  # noqa: BLE001 - the answer must not tell the account exists
            log.exception("the reset code could not be sent (%s)",
                          type(extra.sender).__name__)
    return json_response({"status": "if the account exists, a code is on its way"}, 202)


def confirm_reset(backbone: Backbone, tools: Tools, extra: SelfService,
                  request) -> Response:
    data = schemas.PasswordResetConfirm().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        refused = password_resets.confirm_reset(
            uow, tools, extra.resets, data["login"], data["code"], data["new_password"],
            source=source_of(request), now=clock.now())
    if refused is not None:
        raise refused          # after the commit: the try it spent is counted
    return Response(status=204)
