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
from services.common.pii import mask_id
from services.common.store import Backbone
from services.common.web import NotFound, read_json

from . import residents, schemas
from .api_lookups import (
    UNIQUE_VIOLATION,
    as_bad_request,
    expect_version,
    household_by_code,
    query_args,
    resident_by_id,
)
from .api_views import resident_view
from .domain import RuleBroken, check_test_pair, facts_from_id
from .models import Household, Resident

CAUSE = "api"


def view_of(session: Session, resident: Resident) -> dict:
    household = (session.get(Household, resident.household_id)
                 if resident.household_id is not None else None)
    return resident_view(resident, household,
                         residents.grid_code_of(session, resident.household_id))


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
                return (201 if created else 200), view_of(session, resident)
        except IntegrityError as exc:
            if attempt == 2 or not _same_person_race(exc):
                raise
    raise AssertionError("unreachable")


def get_resident(backbone: Backbone, request, resident_id: int) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return view_of(session, resident_by_id(session, resident_id))


def lookup_resident(backbone: Backbone, request) -> dict:
    """Find a person by ID number. A POST body, so the number never lands in a URL or an
    access log."""
    data = schemas.ResidentLookup().load(read_json(request))
    with backbone.db.transaction() as session:
        resident = residents.find_by_id_number(session, data["id_number"],
                                               config.id_hash_key())
        if resident is None:
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
