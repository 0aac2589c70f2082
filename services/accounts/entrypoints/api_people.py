"""People, invitations, grants and service accounts over HTTP: parse, open the unit of
work, call the use case with the caller, shape the answer."""

from __future__ import annotations

from werkzeug.wrappers import Response

from services.accounts import clock
from services.accounts.entrypoints import schemas
from services.accounts.entrypoints.callers import caller_of, client_address
from services.accounts.use_cases import grants, invitations, people, service_accounts
from services.accounts.use_cases.context import Tools
from services.accounts.use_cases.sessions import Refusal
from services.common.backbone import Backbone
from services.common.errors import Refused
from services.common.unit_of_work import UnitOfWork
from services.common.web import error_response, query_args, read_json


def me(backbone: Backbone, request) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return people.me(session, caller_of(request))


def change_password(backbone: Backbone, tools: Tools, proxies, request) -> Response:
    data = schemas.PasswordChange().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        outcome = people.change_password(uow, tools, caller_of(request),
                                         data["current_password"], data["new_password"],
                                         clock.now(),
                                         address=client_address(request, proxies))
    # after the commit: a wrong current password is counted like a failed sign-in
    if isinstance(outcome, Refused):
        raise outcome
    if isinstance(outcome, Refusal):
        response = error_response(outcome.status, outcome.message)
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    return Response(status=204)


def invite(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.InvitationCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, invitations.invite(uow, caller_of(request), data, clock.now())


def list_people(backbone: Backbone, request) -> dict:
    query = query_args(request, schemas.PeopleQuery())
    with backbone.db.transaction() as session:
        return people.list_people(session, caller_of(request), query)


def get_person(backbone: Backbone, request, person_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return people.get_person(session, caller_of(request), person_id)


def add_grant(backbone: Backbone, request, person_id: str) -> tuple[int, dict]:
    data = schemas.GrantBody().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, grants.add_grant(uow, caller_of(request), person_id, data, clock.now())


def revoke_grant(backbone: Backbone, request, person_id: str, grant_id: str) -> Response:
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        grants.revoke_grant(uow, caller_of(request), person_id, grant_id, clock.now())
    return Response(status=204)


def change_status(backbone: Backbone, tools: Tools, request, person_id: str,
                  action: str) -> dict:
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return people.change_status(uow, tools, caller_of(request), person_id, action,
                                    clock.now())


def create_service_account(backbone: Backbone, tools: Tools, request) -> tuple[int, dict]:
    data = schemas.ServiceAccountCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, service_accounts.create_service_account(uow, tools, caller_of(request),
                                                            data, clock.now())
