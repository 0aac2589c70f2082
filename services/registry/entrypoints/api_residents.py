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
from services.common.audit import record_sensitive_read, requested_reveal
from services.common.auth import READ_SENSITIVE
from services.common.backbone import Backbone
from services.common.guard import who
from services.common.pii import mask_id
from services.common.web import Conflict, NotFound, query_args, read_json
from services.registry.adapters.models import Household, Resident
from services.registry.domain.rules import RuleBroken, check_test_pair, facts_from_id
from services.registry.entrypoints import schemas, scopes
from services.registry.entrypoints.api_lookups import (
    UNIQUE_VIOLATION,
    as_bad_request,
    expect_version,
    household_by_code,
    resident_by_id,
)
from services.registry.entrypoints.api_views import REVEALABLE, resident_view
from services.registry.use_cases import residents

CAUSE = "api"
NOT_KEPT = {"id_number": "only a keyed hash and a mask of ID numbers are kept: it cannot "
                         "be shown in clear"}


def view_of(session: Session, resident: Resident, reveal: tuple[str, ...] = ()) -> dict:
    household = (session.get(Household, resident.household_id)
                 if resident.household_id is not None else None)
    return resident_view(resident, household,
                         residents.grid_code_of(session, resident.household_id), reveal)


def _columns(data: dict) -> dict:
    """Request fields as model columns: the nested status is stored flat."""
    out = {k: v for k, v in data.items() if k != "status"}
    out.update(data.get("status") or {})
    if "tags" in out:
        out["tags"] = sorted(set(out["tags"]))
    return out


def _check_test(tested_on, result) -> None:
    try:
        check_test_pair(tested_on, result)
    except RuleBroken as exc:
        raise as_bad_request(exc) from None


def _same_person_race(exc: IntegrityError) -> bool:
    diag = getattr(exc.orig, "diag", None)
    return (getattr(exc.orig, "pgcode", None) == UNIQUE_VIOLATION
            and getattr(diag, "constraint_name", "") == "uq_residents_id_hash")


def create_resident(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.ResidentCreate().load(read_json(request))
    id_number, household_code = data.pop("id_number"), data.pop("household_code")
    columns = _columns(data)
    _check_test(columns.get("latest_test_date"), columns.get("latest_test_result"))
    birth_year, gender = facts_from_id(id_number)
    columns["birth_year"] = columns["birth_year"] or birth_year
    columns["gender"] = columns["gender"] or gender
    key = config.id_hash_key()
    # Two requests for one new person can both miss the lookup; the unique hash stops the
    # second insert, and retrying once finds the first one's record.
    for attempt in (1, 2):
        try:
            with backbone.db.transaction() as session:
                household = household_by_code(session, household_code)
                resident, created = residents.register(session, backbone.outbox, key,
                                                       id_number, columns, household.id, CAUSE)
                if not created and not who(request).covers_area(
                        scopes.resident_path(session, resident)):
                    # the person is known, but where they live is not this caller's to see
                    raise Conflict("id_number", "already registered, outside this token's "
                                                "scope; ask the area that keeps them to move "
                                                "them here")
                return (201 if created else 200), view_of(session, resident)
        except IntegrityError as exc:
            if attempt == 2 or not _same_person_race(exc):
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
    with backbone.db.transaction() as session:
        resident = residents.find_by_id_number(session, data["id_number"],
                                               config.id_hash_key())
        if resident is None or not who(request).covers_area(
                scopes.resident_path(session, resident)):
            raise NotFound("resident with ID number", mask_id(data["id_number"]))
        return view_of(session, resident)


def update_resident(backbone: Backbone, request, resident_id: int) -> dict:
    data = schemas.ResidentUpdate().load(read_json(request))
    with backbone.db.transaction() as session:
        resident = resident_by_id(session, resident_id, lock=True)
        expect_version(data.pop("version", None), resident.version)
        wanted = _columns(data)
        _check_test(wanted.get("latest_test_date", resident.latest_test_date),
                    wanted.get("latest_test_result", resident.latest_test_result))
        residents.update(session, backbone.outbox, resident, wanted, CAUSE)
        return view_of(session, resident)
