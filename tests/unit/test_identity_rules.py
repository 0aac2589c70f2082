"""One identity rule for every path into the registry (issue 11, finding 5): an ID number
with a wrong check digit is refused by the inbound contracts as by the HTTP API."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError, fields

from services.common import fastload, identity
from services.common.contracts import contract, load_payload
from services.common.contracts.integration import EVENTS
from services.registry.domain import corrections as registry_corrections
from services.registry.entrypoints import schemas as registry_schemas
from services.visits.domain import reconcile

WRONG = "440106199910132686"  # the right check digit gives …683
RIGHT = "440106199910132683"

SELF_REPORT = {"id_number": WRONG, "name": "张三", "household_code": "H1",
               "arrived_on": "2022-05-01", "from_region": "上海"}
TEST_RESULT = {"id_number": WRONG, "tested_on": "2022-05-01", "result": "positive"}
VISIT = {"visit_id": "v-00000001", "campaign_id": "c1", "household_code": "H1",
         "visitor_id": "V1", "visited_at": "2022-05-01T08:00:00+08:00", "outcome": "reached",
         "corrections": [{"kind": "new_resident", "id_number": WRONG, "name": "李四"}]}
INBOUND = [("integration.resident_self_reported", SELF_REPORT, "id_number"),
           ("integration.test_result_recorded", TEST_RESULT, "id_number"),
           ("integration.visit_captured", VISIT, "corrections")]


def test_the_check_digit_is_the_standards():
    assert identity.id_check_digit(RIGHT[:17]) == "3"
    assert identity.id_number_problem(RIGHT) is None
    assert identity.id_number_problem(RIGHT[:17] + "x") == identity.CHECK_PROBLEM
    assert identity.id_number_problem(WRONG) == identity.CHECK_PROBLEM
    assert identity.id_number_problem("1234") == identity.FORMAT_PROBLEM
    assert identity.id_number_problem(440106199910132683) == "must be text"


def test_registry_and_visits_use_the_one_function():
    assert registry_schemas.id_number_problem is identity.id_number_problem
    assert registry_corrections.id_number_problem is identity.id_number_problem
    assert reconcile.id_number_problem is identity.id_number_problem


@pytest.mark.parametrize(("type_", "data", "field"), INBOUND)
def test_an_inbound_event_with_a_wrong_check_digit_is_refused(type_, data, field):
    # resident_self_reported with …686 registered that person, where HTTP said 400
    with pytest.raises(ValidationError) as info:
        load_payload(type_, data)
    assert "check digit does not match" in str(info.value.messages_dict[field])
    with pytest.raises(ValidationError):
        fastload.load(type_, data)  # the fast path refuses it too


@pytest.mark.parametrize(("type_", "data", "field"), INBOUND)
def test_the_right_check_digit_is_accepted_on_the_fast_path(type_, data, field):
    right = {**data, **({"id_number": RIGHT} if field == "id_number" else
                        {"corrections": [{**data["corrections"][0], "id_number": RIGHT}]})}
    checker = fastload._payload_checker(type_)
    assert checker is not None and checker(right) is not None
    assert fastload.load(type_, right) == load_payload(type_, right)


def _id_fields(schema, path=""):
    for name, field in schema.fields.items():
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested):
            yield from _id_fields(inner.schema, f"{path}{name}.")
        elif "id_number" in name or "idnumber" in name.replace("_", "").lower():
            yield f"{path}{name}", field


def test_every_inbound_field_carrying_an_id_number_applies_the_rule():
    found = {}
    for name in EVENTS:
        for path, field in _id_fields(contract(f"integration.{name}").schema()):
            found[f"{name}.{path}"] = field
            with pytest.raises(ValidationError, match="check digit"):
                field.deserialize(WRONG)
            assert field.deserialize(RIGHT) == RIGHT
    assert set(found) == {"resident_self_reported.id_number", "test_result_recorded.id_number",
                          "visit_captured.corrections.id_number"}


def test_the_http_schema_words_it_the_same_way():
    with pytest.raises(ValidationError) as info:
        registry_schemas._id_number(WRONG)
    assert info.value.messages == [identity.CHECK_PROBLEM]


def test_the_importers_fast_check_digit_is_the_same_rule():
    # the importer sums with lookup tables (it runs once per row of a city's file); it must
    # never accept a number the rule refuses, or the reverse
    import random

    from services.registry.use_cases.importer.vocab import id_check_char

    rng = random.Random(11)
    for first17 in ["00000000000000000", "99999999999999999", RIGHT[:17]] + [
            f"{rng.randrange(10 ** 17):017d}" for _ in range(20_000)]:
        assert id_check_char(first17) == identity.id_check_digit(first17), first17
