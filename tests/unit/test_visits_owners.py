"""Who a visit may name as its visitor (services/visits/entrypoints/owners.py): a volunteer
captures only as themselves, unless an area grant of theirs holds the household; and the
account a write records."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from services.common.auth import LOCAL, Forbidden, Grant, Principal
from services.visits.adapters.models import Area, Household
from services.visits.entrypoints.owners import author, check_visitor

PATH = ["4401", "440106", "44010601", "4401060101", "G01"]


class Rows:
    """The two look-ups check_visitor makes: the household, then its grid's area."""

    def get(self, model, key):
        if model is Household and key == "G01-B1-01":
            return SimpleNamespace(code=key, grid_code="G01")
        if model is Area and key == "G01":
            return SimpleNamespace(code=key, path=PATH)
        return None


def caller(*grants: Grant) -> Principal:
    return Principal("acc-1", grants)


VOLUNTEER = Grant("volunteer", unit="U1", volunteer="V1")


def visit(visitor: str, household: str = "G01-B1-01") -> dict:
    return {"visitor_id": visitor, "household_code": household}


@pytest.mark.parametrize(("who", "data"), [
    (caller(VOLUNTEER), visit("V1")),                                  # as themselves
    (caller(Grant("grid_worker", area="G01")), visit("V2")),          # no volunteer grant
    (caller(VOLUNTEER, Grant("grid_worker", area="G01")), visit("V2")),  # their grid
    (caller(VOLUNTEER, Grant("volunteer", unit="U2", volunteer="V7")), visit("V7")),
    (LOCAL, visit("anyone")),
])
def test_who_may_name_a_visitor(who, data):
    check_visitor(Rows(), who, data)


@pytest.mark.parametrize(("who", "data"), [
    (caller(VOLUNTEER), visit("V2")),
    (caller(VOLUNTEER, Grant("grid_worker", area="G02")), visit("V2")),   # not their grid
    (caller(VOLUNTEER, Grant("report_reader", area="4401")), visit("V2")),  # cannot capture
    (caller(VOLUNTEER), visit("V2", household="NOPE")),
])
def test_a_volunteer_captures_only_as_themselves(who, data):
    with pytest.raises(Forbidden, match="captures only as themselves.*V1"):
        check_visitor(Rows(), who, data)


def test_a_write_records_the_account_and_none_with_auth_off():
    assert author(caller(VOLUNTEER)) == "acc-1"
    assert author(LOCAL) is None
