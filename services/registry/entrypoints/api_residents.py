"""Residents over HTTP: register (one record per person), read, update, look up.

Identity: a person is their ID number, matched by keyed hash and never kept or shown in
clear. Registering the same ID number again does not create a second record: the answer
is 200 with the existing resident, unchanged (201 means a new record was created). To
change that resident use PATCH, to change where they live POST /residents/<id>/move.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.common import config
from services.common.audit import record_sensitive_read
from services.common.auth import READ_SENSITIVE
from services.common.backbone import Backbone
from services.common.errors import Conflict, NotFound
from services.common.guard import area_scope, who
from services.common.pii import mask_id
from services.common.reveal import requested_reveal
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.registry.adapters.models import Resident
from services.registry.entrypoints import schemas, scopes
from services.registry.entrypoints.views import REVEALABLE, resident_view
from services.registry.use_cases import residents
from services.registry.use_cases.lookups import resident_by_id

# what a write over HTTP is recorded as; the account behind it is `who(request).subject`
# (the token's subject, an account id), kept beside it as the change's actor
CAUSE = "api"
NOT_KEPT = {"id_number": "only a keyed hash and a mask of ID numbers are kept: it cannot "
                         "be shown in clear"}


def view_of(session: Session, resident: Resident, reveal: tuple[str, ...] = ()) -> dict:
    household, grid_code = residents.home_of(session, resident)
    return resident_view(resident, household, grid_code, reveal)


def create_resident(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.ResidentCreate().load(read_json(request))
    key = config.id_hash_key()
    for attempt in (1, 2):  # once more after losing a race to register the same person
        try:
            with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
                resident, created = residents.create_resident(uow, key, data, CAUSE,
                                                              who(request).subject)
                if not created and not who(request).covers_area(
                        scopes.resident_path(uow.session, resident)):
                    # the person is known, but where they live is not this caller's to see
                    raise Conflict("id_number", "already registered, outside this token's "
                                                "scope; ask the area that keeps them to move "
                                                "them here")
                return (201 if created else 200), view_of(uow.session, resident)
        except IntegrityError as exc:
            if attempt == 2 or not residents.same_person_race(exc):
                raise
    raise AssertionError("unreachable")


def get_resident(backbone: Backbone, request, resident_id: int) -> dict:
    """Masked by default; `?reveal=name,phone` answers those in clear to a caller with
    read_sensitive over the resident's grid, and the read is audited in the same
    transaction (no audit row, no clear answer)."""
    query_args(request, schemas.ResidentRead(), repeatable=("reveal",))
    reveal = requested_reveal(request, REVEALABLE, NOT_KEPT)
    caller = who(request)
    with backbone.db.transaction() as session:
        resident = resident_by_id(session, resident_id)
        if reveal:
            caller.require(READ_SENSITIVE, area_path=scopes.resident_path(session, resident)
                           or ())
            record_sensitive_read(session, caller, "resident", resident.id, reveal, request)
        return view_of(session, resident, reveal)


def lookup_resident(backbone: Backbone, request) -> dict:
    """Find a person by ID number. A POST body, so the number never lands in a URL or an
    access log. Someone outside the caller's scope is 'not found': an ID number must not
    tell an outsider that, or where, a person is registered."""
    data = schemas.ResidentLookup().load(read_json(request))
    # a token holding no area (a unit's roles) is refused whoever is asked for: a 403
    # that says nothing about the person, as for the lists
    area_scope(who(request))
    with backbone.db.transaction() as session:
        resident = residents.find_by_id_number(session, data["id_number"],
                                               config.id_hash_key())
        if resident is None or not who(request).covers_area(
                scopes.resident_path(session, resident)):
            raise NotFound("resident with ID number", mask_id(data["id_number"]))
        return view_of(session, resident)


def update_resident(backbone: Backbone, request, resident_id: int) -> dict:
    data = schemas.ResidentUpdate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        resident = residents.update_resident(uow, resident_id, data, CAUSE,
                                             who(request).subject)
        return view_of(uow.session, resident)
