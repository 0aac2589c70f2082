"""accounts.grant_changed payloads (services/accounts/domain/grant_changes.py): the
contract's shape, a department told apart from a unit, the name masked, and no login or
phone anywhere in it."""

from __future__ import annotations

import pytest

from services.accounts.domain.grant_changes import GIVEN, REVOKED, grant_changed
from services.accounts.domain.grants import Grant
from services.common.contracts import dump_payload, load_payload

TYPE = "accounts.grant_changed"


def test_an_area_grant_is_given_with_the_name_masked():
    data = grant_changed("p1", "g1", Grant("grid_worker", area="4401060101-G01"), GIVEN,
                         "王小明", "admin-1")
    assert data == {"person_id": "p1", "grant_id": "g1", "role": "grid_worker",
                    "area": "4401060101-G01", "unit": None, "department": None,
                    "volunteer": None, "change": "given", "display_name_masked": "王*明",
                    "by": "admin-1"}
    assert load_payload(TYPE, dump_payload(TYPE, data)) == data


def test_a_department_is_not_a_unit():
    data = grant_changed("p1", "g1", Grant("request_handler", unit="4401:housing"),
                         REVOKED, "李四", None)
    assert (data["unit"], data["department"], data["by"]) == (None, "4401:housing", None)
    assert data["display_name_masked"] == "李*"
    dump_payload(TYPE, data)


def test_a_volunteer_grant_names_its_unit_and_volunteer():
    data = grant_changed("p1", "g1", Grant("volunteer", unit="U1", volunteer="A-0123"),
                         GIVEN, "Ann Lee", "c1")
    assert (data["unit"], data["department"], data["volunteer"]) == ("U1", None, "A-0123")
    dump_payload(TYPE, data)


def test_the_contract_refuses_an_unknown_change_and_a_missing_field():
    data = grant_changed("p1", "g1", Grant("city_admin", area="4401"), GIVEN, "Zhao", None)
    with pytest.raises(ValueError, match="breaks its contract"):
        dump_payload(TYPE, {**data, "change": "moved"})
    with pytest.raises(ValueError, match="breaks its contract"):
        dump_payload(TYPE, {k: v for k, v in data.items() if k != "display_name_masked"})
