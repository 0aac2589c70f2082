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
