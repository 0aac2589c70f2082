"""Head-count reconciliation and the corrections a visit proposes to the registry."""

from __future__ import annotations

from datetime import date

import pytest

from services.common import vocab
from services.common.contracts import registry as registry_contract
from services.common.contracts.integration import CapturedCorrection
from services.common.identity import id_number_problem
from services.visits.domain import (
    CORRECTION_KINDS,
    RESIDENT_TAGS,
    STATUS_FIELDS,
    Correction,
    explained,
    head_count_gap,
    opens_discrepancy,
    reconcile,
    validate_corrections,
)

ID_OK = "11010519491231002X"      # check digit valid (GB 11643 example)
ID_OK_2 = "440106199001011235"
HOUSEHOLD = {101, 102, 103}


def new(**kw) -> dict:
    return {"kind": "new_resident", "id_number": ID_OK, "name": "张三", **kw}


def errors_of(*corrections) -> dict[str, list[str]]:
    return validate_corrections(list(corrections), household_residents=HOUSEHOLD)


def test_the_rules_speak_the_vocabulary_and_the_registrys_status_fields():
    assert CORRECTION_KINDS is vocab.CORRECTION_KINDS
    assert RESIDENT_TAGS is vocab.RESIDENT_TAGS
    assert reconcile.VACCINATION is vocab.VACCINATION
    assert reconcile.TEST_RESULTS is vocab.TEST_RESULTS
    assert set(STATUS_FIELDS) == set(registry_contract.ResidentStatus().fields)


def test_id_numbers_are_checked_without_quoting_them():
    assert id_number_problem(ID_OK) is None
    assert id_number_problem(ID_OK.lower()) is None
    assert "check digit" in id_number_problem("110105194912310021")
    assert "18 characters" in id_number_problem("1234")
    errors = errors_of(new(id_number="110105194912310021"))
    assert ID_OK[:10] not in str(errors)


# -- head count ------------------------------------------------------------------------------

def test_gap_is_found_minus_registered_adjusted_by_corrections():
    assert head_count_gap(4, 3, []) == 1
    assert head_count_gap(4, 3, [new()]) == 0
    assert head_count_gap(2, 3, [{"kind": "moved_out", "resident_id": 101}]) == 0
    assert head_count_gap(2, 3, [{"kind": "tags_changed", "resident_id": 101}]) == -1
    assert head_count_gap(3, 3, [new(), {"kind": "moved_out", "resident_id": 101}]) == 0
    assert head_count_gap(None, 3, [new()]) == 0
    assert head_count_gap(5, 3, [Correction(kind="new_resident")]) == 1


def test_a_reached_visit_with_a_different_count_opens_a_discrepancy():
    assert opens_discrepancy("reached", 4, 3)
    assert opens_discrepancy("reached", 0, 2)
    assert not opens_discrepancy("reached", 3, 3)
    assert not opens_discrepancy("reached", None, 3)
    for outcome in ("not_home", "refused", "vacant"):
        assert not opens_discrepancy(outcome, 1, 3)


def test_corrections_explain_a_discrepancy_or_leave_it_open():
    assert opens_discrepancy("reached", 4, 3) and explained(4, 3, [new()])
    assert not explained(5, 3, [new()])


# -- validation ------------------------------------------------------------------------------

def test_valid_corrections_of_every_kind():
    assert errors_of(
        new(gender="female", tags_add=["elderly_alone"], status={"vaccination": "full"}),
        {"kind": "moved_out", "resident_id": 101, "moved_on": "2030-03-01"},
        {"kind": "tags_changed", "resident_id": 102, "tags_add": ["disabled"],
         "tags_remove": ["returnee"]},
        {"kind": "status_changed", "resident_id": 103,
         "status": {"registration_code_applied": True, "latest_test_date": "2030-03-02",
                    "latest_test_result": "negative", "recent_travel": None,
                    "returned_on": date(2030, 2, 20)}},
    ) == {}
    assert errors_of() == {}


def test_what_the_contract_loads_is_accepted():
    loaded = CapturedCorrection().load({"kind": "moved_out", "resident_id": 101,
                                        "moved_on": "2030-03-01"})
    assert errors_of(loaded) == {}
    assert Correction.from_dict(loaded).moved_on == date(2030, 3, 1)


@pytest.mark.parametrize(("correction", "key", "reason"), [
    ({"kind": "born"}, "corrections.0.kind", "must be one of"),
    ({}, "corrections.0.kind", "must be one of"),
    ({"kind": "new_resident", "name": "张三"}, "corrections.0.id_number", "required"),
    ({"kind": "new_resident", "id_number": ID_OK}, "corrections.0.name", "required"),
    (new(name=" "), "corrections.0.name", "non-empty"),
    (new(name="张" * 51), "corrections.0.name", "at most 50"),
    (new(id_number="12345"), "corrections.0.id_number", "18 characters"),
    (new(gender="x"), "corrections.0.gender", "male, female"),
    (new(resident_id=101), "corrections.0.resident_id", "not for new_resident"),
    (new(tags_remove=["returnee"]), "corrections.0.tags_remove", "not for new_resident"),
    ({"kind": "moved_out"}, "corrections.0.resident_id", "required"),
    ({"kind": "moved_out", "resident_id": "101"}, "corrections.0.resident_id", "whole number"),
    ({"kind": "moved_out", "resident_id": 999}, "corrections.0.resident_id",
     "not a resident of this household"),
    ({"kind": "moved_out", "resident_id": 101, "moved_on": "yesterday"},
     "corrections.0.moved_on", "YYYY-MM-DD"),
    ({"kind": "moved_out", "resident_id": 101, "name": "张三"}, "corrections.0.name",
     "not for moved_out"),
    ({"kind": "moved_out", "resident_id": 101, "id_number": ID_OK},
     "corrections.0.id_number", "not for moved_out"),
    ({"kind": "tags_changed", "resident_id": 101}, "corrections.0.tags_add",
     "give tags to add or to remove"),
    ({"kind": "tags_changed", "resident_id": 101, "tags_add": ["vip"]},
     "corrections.0.tags_add", "'vip' is not a tag"),
    ({"kind": "tags_changed", "resident_id": 101, "tags_add": ["disabled"],
      "tags_remove": ["disabled"]}, "corrections.0.tags_remove", "also in tags_add"),
    ({"kind": "tags_changed", "resident_id": 101, "tags_add": "disabled"},
     "corrections.0.tags_add", "must be a list"),
    ({"kind": "tags_changed", "resident_id": 101, "tags_add": ["disabled"],
      "status": {"vaccination": "full"}}, "corrections.0.status", "not for tags_changed"),
    ({"kind": "status_changed", "resident_id": 101}, "corrections.0.status",
     "give at least one of"),
    ({"kind": "status_changed", "resident_id": 101, "status": {"phone": "1"}},
     "corrections.0.status.phone", "not a status field"),
    ({"kind": "status_changed", "resident_id": 101, "status": {"vaccination": "two"}},
     "corrections.0.status.vaccination", "must be one of"),
    ({"kind": "status_changed", "resident_id": 101,
      "status": {"registration_code_applied": "yes"}},
     "corrections.0.status.registration_code_applied", "true or false"),
    ({"kind": "status_changed", "resident_id": 101,
      "status": {"latest_test_result": "negative"}},
     "corrections.0.status.latest_test_date", "go together"),
    ({"kind": "status_changed", "resident_id": 101,
      "status": {"latest_test_date": "2030-03-01", "latest_test_result": "unclear"}},
     "corrections.0.status.latest_test_result", "must be one of"),
    ({"kind": "status_changed", "resident_id": 101, "status": {"returned_on": "03/01"}},
     "corrections.0.status.returned_on", "YYYY-MM-DD"),
    ({"kind": "status_changed", "resident_id": 101, "status": {"recent_travel": "x" * 201}},
     "corrections.0.status.recent_travel", "at most 200"),
    ({"kind": "status_changed", "resident_id": 101, "status": ["vaccination"]},
     "corrections.0.status", "must be an object"),
    ({"kind": "moved_out", "resident_id": 101, "reason": "x"}, "corrections.0.reason",
     "unknown field"),
    ("moved_out", "corrections.0", "must be an object"),
])
def test_each_defect_is_keyed_by_position_and_field(correction, key, reason):
    errors = errors_of(correction)
    assert key in errors, errors
    assert any(reason in r for r in errors[key]), errors[key]


def test_errors_name_the_position_in_the_list():
    errors = errors_of(new(), {"kind": "moved_out", "resident_id": 999})
    assert list(errors) == ["corrections.1.resident_id"]


def test_the_same_person_twice_is_refused():
    assert errors_of(new(), new(id_number=ID_OK.lower(), name="张三丰")) == {
        "corrections.1.id_number": ["same person as corrections.0"]}
    assert errors_of(new(), new(id_number=ID_OK_2)) == {}
    moved = {"kind": "moved_out", "resident_id": 101}
    assert errors_of(moved, moved) == {
        "corrections.1.resident_id": ["already moved out by corrections.0"]}


def test_corrections_must_be_a_list():
    assert validate_corrections({"kind": "moved_out"}, household_residents=HOUSEHOLD) == {
        "corrections": ["must be a list"]}


def test_correction_objects_validate_like_mappings():
    assert validate_corrections([Correction(kind="moved_out", resident_id=101)],
                                household_residents=HOUSEHOLD) == {}
    assert "corrections.0.resident_id" in validate_corrections(
        [Correction(kind="moved_out", resident_id=7)], household_residents=HOUSEHOLD)
