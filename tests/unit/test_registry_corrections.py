"""Rules for visits' corrections to the registry, with no server at all."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.common.pii import hash_id
from services.registry.domain.corrections import (
    Refused,
    cause_of,
    effective_day,
    new_resident_facts,
    opened_identity,
    status_columns,
    tags_after,
    wanted_changes,
)

KEY = b"unit-test-key"
STANDARD_ID = "11010519491231002X"
OTHER_ID = "440524188001010014"


def refused(call, *args) -> Refused:
    with pytest.raises(Refused) as info:
        call(*args)
    return info.value


def test_cause_names_the_visit():
    assert cause_of("v-42") == "visit:v-42"


def test_opened_identity_checks_the_hash_and_normalises():
    plain = {"id_number": " 11010519491231002x ", "name": " 王五 "}
    assert opened_identity(plain, hash_id(STANDARD_ID, KEY), KEY) == (STANDARD_ID, "王五")


@pytest.mark.parametrize(("plain", "id_hash", "field", "words"), [
    ({"id_number": STANDARD_ID, "name": "王五"}, hash_id(OTHER_ID, KEY), "id_hash",
     "does not match"),
    ({"id_number": STANDARD_ID, "name": "王五"}, None, "id_hash", "required"),
    ({"id_number": "110105194912310021", "name": "王五"}, None, "sealed.id_number",
     "check digit"),
    ({"name": "王五"}, None, "sealed.id_number", "missing"),
    ({"id_number": STANDARD_ID, "name": " "}, None, "sealed.name", "missing"),
    ({"id_number": STANDARD_ID, "name": "x" * 101}, None, "sealed.name", "longer"),
    (["not", "an", "object"], None, "sealed", "object"),
])
def test_opened_identity_refusals_name_the_field_never_the_number(plain, id_hash, field,
                                                                    words):
    exc = refused(opened_identity, plain, id_hash, KEY)
    assert exc.field == field and words in exc.reason
    assert STANDARD_ID[:10] not in str(exc) and "王五" not in str(exc)


def test_new_resident_facts_default_to_the_id_number():
    assert new_resident_facts(None, None, (1949, "female")) == {"gender": "female",
                                                               "birth_year": 1949}
    assert new_resident_facts("male", 1950, (1949, "female")) == {"gender": "male",
                                                                 "birth_year": 1950}
    assert refused(new_resident_facts, "x", None, (1949, "female")).field == "gender"
    assert refused(new_resident_facts, None, 1700, (1949, "female")).field == "birth_year"


def test_tags_after_adds_removes_and_refuses_unknown_or_contradicting_tags():
    assert tags_after(["disabled"], ["elderly_alone"], ["disabled"]) == ["elderly_alone"]
    assert tags_after(None, ["returnee", "returnee"], []) == ["returnee"]
    assert tags_after(["veteran"], [], ["returnee"]) == ["veteran"]
    assert refused(tags_after, [], ["wizard"], []).field == "tags_add"
    assert refused(tags_after, [], [], ["wizard"]).field == "tags_remove"
    exc = refused(tags_after, [], ["veteran"], ["veteran"])
    assert exc.field == "tags_add" and "veteran" in exc.reason


def test_status_columns_are_validated_like_http():
    assert status_columns({"vaccination": "full", "latest_test_date": "2026-11-20",
                           "latest_test_result": "negative"}) == {
        "vaccination": "full", "latest_test_date": date(2026, 11, 20),
        "latest_test_result": "negative"}
    exc = refused(status_columns, {"vaccination": "twice"})
    assert exc.field == "status.vaccination"
    assert refused(status_columns, {"favourite_colour": "red"}).field == \
        "status.favourite_colour"


def test_wanted_changes_needs_the_part_its_kind_names():
    data = {"tags_add": ["disabled"], "tags_remove": [], "status": {}}
    assert wanted_changes("tags_changed", ["veteran"], data) == {"tags": ["disabled",
                                                                         "veteran"]}
    assert refused(wanted_changes, "tags_changed", [], {"tags_add": [], "tags_remove": [],
                                                       "status": {"vaccination": "full"}}
                   ).field == "tags_add"
    assert refused(wanted_changes, "status_changed", [], data).field == "status"
    both = wanted_changes("status_changed", [], {"tags_add": ["returnee"],
                                                 "status": {"returned_on": "2026-11-01"}})
    assert both == {"tags": ["returnee"], "returned_on": date(2026, 11, 1)}


def test_effective_day_prefers_given_then_visit_day_then_local_send_day():
    shanghai = ZoneInfo("Asia/Shanghai")
    sent = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)  # already the 23rd in Shanghai
    assert effective_day(date(2026, 11, 1), date(2026, 11, 20), sent, shanghai) == \
        date(2026, 11, 1)
    assert effective_day(None, date(2026, 11, 20), sent, shanghai) == date(2026, 11, 20)
    assert effective_day(None, None, sent, shanghai) == date(2026, 11, 23)


# A status the HTTP edge takes or refuses, the domain takes or refuses alike, with the
# first reason the same: the reason is what correction_rejected tells visits.
STATUSES = [
    {}, {"vaccination": "full"}, {"vaccination": "twice"}, {"vaccination": None},
    {"vaccination": 5}, {"registration_code_applied": "yes"},
    {"registration_code_applied": "No"}, {"registration_code_applied": 1},
    {"registration_code_applied": True}, {"registration_code_applied": 1.0},
    {"registration_code_applied": "maybe"}, {"registration_code_applied": None},
    {"registration_code_applied": ["yes"]}, {"latest_test_date": "2026-11-20"},
    {"latest_test_date": "20261120"}, {"latest_test_date": "2026-W47-1"},
    {"latest_test_date": "2026-13-01"}, {"latest_test_date": "2026-11-20T08:00:00"},
    {"latest_test_date": ""}, {"latest_test_date": 20261120}, {"latest_test_date": None},
    {"latest_test_date": date(2026, 11, 20)}, {"latest_test_result": "pending"},
    {"latest_test_result": "meh"}, {"latest_test_result": None},
    {"recent_travel": "上海"}, {"recent_travel": "x" * 200}, {"recent_travel": "x" * 201},
    {"recent_travel": 5}, {"recent_travel": b"bytes"}, {"returned_on": "2026-11-01"},
    {"returned_on": []}, {"favourite_colour": "red"},
    {"favourite_colour": "red", "vaccination": "twice"},
    {"vaccination": "twice", "latest_test_date": "bad", "b": 1, "a": 2},
    {"vaccination": "full", "latest_test_date": "2026-11-20", "latest_test_result": "negative",
     "recent_travel": None, "returned_on": None, "registration_code_applied": "t"},
    ["not", "a", "dict"], "text",
]


@pytest.mark.parametrize("status", STATUSES)
def test_status_is_read_as_the_http_edge_reads_it(status):
    from marshmallow import ValidationError

    from services.registry.domain.resident_status import status_problems
    from services.registry.entrypoints.schemas import ResidentStatusInput

    columns, problems = status_problems(status)
    try:
        expected = ResidentStatusInput().load(status)
    except ValidationError as exc:
        assert list(exc.messages_dict.items()) == [(f, [r]) for f, r in problems]
    else:
        assert problems == [] and columns == expected
    if problems:
        field, reason = problems[0]
        assert refused(status_columns, status).problems == [(f"status.{field}", reason)]


def test_status_answers():
    from services.registry.domain.resident_status import status_problems

    assert status_problems({"registration_code_applied": "No", "returned_on": "2026-11-01",
                            "latest_test_result": None}) == (
        {"registration_code_applied": False, "returned_on": date(2026, 11, 1),
         "latest_test_result": None}, [])
    assert status_problems({"b": 1, "vaccination": "twice", "a": 2,
                            "registration_code_applied": "maybe",
                            "recent_travel": "x" * 201, "latest_test_date": None}) == (
        {"latest_test_date": None},
        [("registration_code_applied", "Not a valid boolean."),
         ("vaccination", "Must be one of: none, partial, full, booster."),
         ("recent_travel", "Longer than maximum length 200."),
         ("a", "Unknown field."), ("b", "Unknown field.")])
    assert status_problems({"vaccination": None}) == (
        {}, [("vaccination", "Field may not be null.")])
    assert status_problems([]) == ({}, [("_schema", "Invalid input type.")])


def test_the_status_schema_is_declared_from_the_domain_rules():
    from marshmallow import fields

    from services.registry.domain.resident_status import STATUS_RULES
    from services.registry.entrypoints.schemas import ResidentStatusInput

    declared = ResidentStatusInput().fields
    assert list(declared) == list(STATUS_RULES)
    assert {name: field.allow_none for name, field in declared.items()} == \
        {name: rule.nullable for name, rule in STATUS_RULES.items()}
    assert isinstance(declared["registration_code_applied"], fields.Boolean)
    assert isinstance(declared["returned_on"], fields.Date)
