"""Registry rules, personal-data masking and input schemas, with no server at all."""

from datetime import date

import pytest
from marshmallow import ValidationError

from services.common.identity import id_check_digit, id_number_problem
from services.common.pii import hash_id, mask_id, mask_name, mask_phone, scrub
from services.registry.adapters.models import Resident, ResidentChange
from services.registry.domain import rules as domain
from services.registry.domain.rules import (
    RuleBroken,
    check_parent,
    check_test_pair,
    check_version,
    child_path,
    diff,
    facts_from_id,
    grid_tally,
    move_needed,
    newer_test,
    self_report_changes,
)
from services.registry.entrypoints import schemas
from services.registry.entrypoints.views import change_view, resident_view

# The worked example of GB 11643-1999 and another published valid number.
STANDARD_ID = "11010519491231002X"
OTHER_ID = "440524188001010014"
KEY = b"unit-test-key"


# --- areas ------------------------------------------------------------------------------

def test_each_level_sits_under_the_one_above():
    check_parent("grid", "community")
    check_parent("city", None)
    with pytest.raises(RuleBroken) as err:
        check_parent("grid", "street")
    assert err.value.field == "parent_code" and "community" in err.value.reason
    with pytest.raises(RuleBroken, match="a city has no parent"):
        check_parent("city", "city")


def test_child_path_joins_codes_and_refuses_the_separator():
    assert child_path(None, "4401") == "4401"
    assert child_path("4401/440106", "g1") == "4401/440106/g1"
    with pytest.raises(RuleBroken) as err:
        child_path("4401", "a/b")
    assert err.value.field == "code"


# --- ID numbers -------------------------------------------------------------------------

def test_check_digit_matches_published_examples():
    assert id_check_digit(STANDARD_ID[:17]) == "X"
    assert id_check_digit(OTHER_ID[:17]) == "4"


@pytest.mark.parametrize("value", [STANDARD_ID, STANDARD_ID.lower(), OTHER_ID, f" {OTHER_ID} "])
def test_valid_id_numbers_pass(value):
    assert id_number_problem(value) is None


@pytest.mark.parametrize("value,reason", [
    ("1101051949123100", "18 characters"),
    ("11010519491231002XX", "18 characters"),
    ("1101051949123A002X", "18 characters"),
    ("X10105194912310021", "18 characters"),
    ("110105194912310021", "check digit"),
    ("440524188001010015", "check digit"),
])
def test_bad_id_numbers_say_why_without_echoing_the_number(value, reason):
    problem = id_number_problem(value)
    assert problem is not None and reason in problem
    assert value not in problem


def test_birth_year_and_gender_come_from_the_number():
    assert facts_from_id(STANDARD_ID) == (1949, "female")  # 17th digit 2: even
    assert facts_from_id(OTHER_ID) == (1880, "male")  # 17th digit 1: odd


# --- pii --------------------------------------------------------------------------------

def test_hash_is_keyed_and_ignores_case_and_spaces():
    assert hash_id(STANDARD_ID, KEY) == hash_id(" 11010519491231002x", KEY)
    assert hash_id(STANDARD_ID, KEY) != hash_id(STANDARD_ID, b"another-key")
    assert hash_id(STANDARD_ID, KEY) != hash_id(OTHER_ID, KEY)
    assert STANDARD_ID not in hash_id(STANDARD_ID, KEY)
    assert len(hash_id(STANDARD_ID, KEY)) == 64


def test_masks_keep_only_the_ends():
    assert mask_id("11010519491231002x") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) is None
    assert mask_phone("12345") == "*****"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_name("李") == "*"


def test_scrub_masks_nested_phones_id_numbers_and_names():
    out = scrub({"rows": [{"phone": "13812345678", "id_number": OTHER_ID, "name": "王五"}]})
    assert out == {"rows": [{"phone": "138****5678", "id_number": "4405**********0014",
                             "name": "王*"}]}


# --- statuses, versions, moves ----------------------------------------------------------

def test_a_test_date_and_result_go_together():
    check_test_pair(None, None)
    check_test_pair(date(2022, 5, 1), "negative")
    with pytest.raises(RuleBroken) as err:
        check_test_pair(None, "positive")
    assert err.value.field == "status.latest_test_date"
    with pytest.raises(RuleBroken) as err:
        check_test_pair(date(2022, 5, 1), None)
    assert err.value.field == "status.latest_test_result"


def test_a_stale_version_is_refused():
    check_version(None, 3)
    check_version(3, 3)
    with pytest.raises(RuleBroken) as err:
        check_version(2, 3)
    assert err.value.field == "version" and "is 3 now" in err.value.reason


def test_move_needed():
    assert move_needed(1, 2, None, date(2022, 5, 1)) is True
    assert move_needed(1, None, None, date(2022, 5, 1)) is True  # out of the area
    assert move_needed(None, 1, date(2022, 4, 1), date(2022, 5, 1)) is True  # back again
    assert move_needed(2, 2, None, date(2022, 5, 1)) is False
    assert move_needed(None, None, date(2022, 4, 1), date(2022, 3, 1)) is False
    with pytest.raises(RuleBroken) as err:
        move_needed(1, 2, date(2022, 5, 2), date(2022, 5, 1))
    assert err.value.field == "moved_on"


def test_newer_test_keeps_the_latest_and_the_worst_of_a_day():
    today = domain.TestState(date(2022, 5, 2), "negative")
    assert newer_test(today, date(2022, 5, 1), "positive") is None
    assert newer_test(today, date(2022, 5, 2), "negative") is None
    assert newer_test(today, date(2022, 5, 2), "positive") == domain.TestState(date(2022, 5, 2),
                                                                        "positive")
    assert newer_test(domain.TestState(None, None), date(2022, 5, 1), "pending") is not None


def test_self_report_tags_a_returnee_and_keeps_the_latest_arrival():
    changes = self_report_changes(tags=["disabled"], returned_on=date(2022, 5, 3),
                                  arrived_on=date(2022, 5, 1), from_region="上海",
                                  returnee=True)
    assert changes == {"tags": ["disabled", "returnee"]}
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_grid_tally_counts_households_residents_and_tags():
    households = [(1, "residence"), (2, "rental"), (3, "shop")]
    people = [(1, ["elderly_alone"]), (1, ["elderly_alone", "disabled"]), (2, None),
              (2, ["returnee", "returnee"])]
    per, totals = grid_tally(households, people)
    assert per[1] == {"residents": 2, "tags": {"elderly_alone": 2, "disabled": 1}}
    assert per[2] == {"residents": 2, "tags": {"returnee": 1}}
    assert per[3] == {"residents": 0, "tags": {}}
    assert totals["households"] == 3 and totals["residents"] == 4
    assert totals["by_kind"]["residence"] == {"households": 1, "residents": 2}
    assert totals["by_kind"]["shop"] == {"households": 1, "residents": 0}
    assert totals["by_kind"]["enterprise"] == {"households": 0, "residents": 0}
    assert totals["tags"] == {"disabled": 1, "elderly_alone": 2, "returnee": 1}


# --- what leaves the registry -----------------------------------------------------------

def _resident() -> Resident:
    return Resident(id=7, name="张三丰", id_hash="h" * 64, id_masked=mask_id(OTHER_ID),
                    phone="13812345678", gender="male", birth_year=1880, tags=["returnee"],
                    registration_code_applied=False, vaccination="none", version=1,
                    household_id=None)


def test_resident_view_masks_phone_and_id():
    view = resident_view(_resident(), None, None)
    text = repr(view)
    assert "13812345678" not in text and OTHER_ID not in text
    assert view["phone_masked"] == "138****5678"
    assert view["id_masked"] == "4405**********0014"
    assert view["name_masked"] == "张*丰" and "name" not in view  # revealed only on request


def test_change_trail_never_shows_a_phone_even_if_written_in_clear():
    change = ResidentChange(cause="import:1", changes={
        "phone": ["13812345678", "13987654321"], "name": ["张三", "张三丰"]})
    view = change_view(change)
    assert view["changes"]["phone"] == ["138****5678", "139****4321"]
    assert view["changes"]["name"] == ["张*", "张*丰"]


# --- input schemas ----------------------------------------------------------------------

def _errors(schema, data) -> dict:
    with pytest.raises(ValidationError) as err:
        schema.load(data)
    return err.value.messages


def test_resident_create_names_each_bad_field():
    errors = _errors(schemas.ResidentCreate(), {
        "id_number": "110105194912310021", "name": "", "household_code": "h1",
        "phone": "call me", "tags": ["vip"], "status": {"vaccination": "lots"}})
    assert set(errors) == {"id_number", "name", "phone", "tags", "status"}
    assert "check digit" in errors["id_number"][0]
    assert "vaccination" in errors["status"]
    assert "110105194912310021" not in repr(errors)


def test_resident_update_refuses_a_household_change():
    errors = _errors(schemas.ResidentUpdate(), {"household_code": "h2"})
    assert "move" in errors["household_code"][0]


def test_search_refuses_unknown_parameters_and_pages_over_500():
    errors = _errors(schemas.ResidentSearch(), {"gird": "g1", "limit": "501"})
    assert errors["gird"] == ["unknown query parameter"]
    assert "limit" in errors
    loaded = schemas.ResidentSearch().load({"tag": ["returnee"], "moved_out": "false"})
    assert loaded == {"tag": ["returnee"], "moved_out": False, "limit": 50, "offset": 0}
