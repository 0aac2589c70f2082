"""The plain parts of what the field app (issue 14) asks of visits and the registry: a
request handler's accept, the masked name an import announces, the tag literal visits
binds, the questionnaire definition the phone renders, and typed maps in the published
answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from marshmallow import Schema, fields

from services.common.contracts.jsonschema import field_schema
from services.common.contracts.registry import ResidentsImported
from services.registry.use_cases.importer.events import masked_name
from services.registry.use_cases.importer.rows import copy_text
from services.visits.adapters.areas import tag_literal
from services.visits.domain import requests as domain
from services.visits.domain.questionnaire import (
    default_questionnaire,
    dump_questionnaire,
    load_questionnaire,
)

T0 = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def _assigned(to: str | None = "D-housing") -> domain.Request:
    req = domain.raise_request("req-1", "housing_safety", "normal", T0, actor="worker")
    return domain.assign(req, None if to else "社区医院", T0 + timedelta(minutes=5), "admin",
                         assigned_to=to, grid_path=["4401", "G01"])


# -- accept ------------------------------------------------------------------------------
def test_the_handler_accepts_an_assigned_request_once():
    req = _assigned()
    at = T0 + timedelta(hours=1)
    accepted = domain.accept(req, at, "handler-1", note="  马上处理 ")
    assert (accepted.status, accepted.accepted_at, accepted.accepted_by) == \
        ("assigned", at, "handler-1")
    assert accepted.version == req.version + 1
    step = accepted.history[-1]
    assert (step.action, step.actor, step.at, step.note) == ("accepted", "handler-1", at,
                                                             "马上处理")
    # again (a phone sends it twice, or a colleague of the unit): the very same request
    assert domain.accept(accepted, at + timedelta(minutes=1), "handler-2") is accepted


@pytest.mark.parametrize("status", ["open", "resolved", "closed"])
def test_only_an_assigned_request_can_be_accepted(status):
    req = domain.raise_request("req-1", "medical", "high", T0)
    if status != "open":
        req = domain.resolve(req, T0 + timedelta(minutes=1), "worker")
    if status == "closed":
        req = domain.close(req, T0 + timedelta(minutes=2), "resident")
    with pytest.raises(domain.NotAcceptable) as refused:
        domain.accept(req, T0 + timedelta(hours=1), "handler-1")
    assert refused.value.field == "status" and status in refused.value.reason


def test_a_request_assigned_by_name_alone_has_no_handler_to_accept_it():
    with pytest.raises(domain.NotAcceptable) as refused:
        domain.accept(_assigned(None), T0 + timedelta(hours=1), "handler-1")
    assert refused.value.field == "assigned_to"


def test_a_transfer_clears_the_acceptance_and_a_reopen_keeps_it():
    accepted = domain.accept(_assigned(), T0 + timedelta(hours=1), "handler-1")
    moved = domain.assign(accepted, None, T0 + timedelta(hours=2), "admin",
                          assigned_to="D-civil", grid_path=["4401", "G01"])
    assert (moved.accepted_at, moved.accepted_by) == (None, None)
    assert domain.accept(moved, T0 + timedelta(hours=3), "handler-9").accepted_by == \
        "handler-9"
    renamed = domain.assign(accepted, "住建局", T0 + timedelta(hours=2), "admin",
                            assigned_to="D-housing", grid_path=["4401", "G01"])
    assert renamed.accepted_by == "handler-1"          # the same unit: still taken on
    resolved = domain.resolve(accepted, T0 + timedelta(hours=4), "handler-1")
    reopened = domain.reopen(resolved, T0 + timedelta(hours=5), "worker", "还在漏水")
    assert (reopened.status, reopened.accepted_by) == ("assigned", "handler-1")


# -- what an import announces, and how visits keeps it -----------------------------------
@pytest.mark.parametrize("name, shown", [
    ("张伟", "张*"), ("欧阳娜娜", "欧**娜"), ("李", "*"), ("a\\b\tc", "a***c")])
def test_an_import_announces_the_name_masked_from_its_copy_text(name, shown):
    tail = f"{copy_text(name)}\thash\t4401**********0011\t\\N\tmale\n"
    assert masked_name(tail) == shown


def test_imported_residents_may_carry_a_masked_name_or_not():
    base = {"import_id": "i1", "grid_code": "G01"}
    old = ResidentsImported().load({**base, "residents": [
        {"resident_id": 1, "household_id": 2, "tags": []}]})
    assert old["residents"][0]["name_masked"] is None
    new = ResidentsImported().load({**base, "residents": [
        {"resident_id": 1, "household_id": 2, "tags": ["disabled"], "name_masked": "张*"}]})
    assert new["residents"][0]["name_masked"] == "张*"


@pytest.mark.parametrize("tags, literal", [
    ([], "{}"), (["disabled", "elderly_alone"], '{"disabled","elderly_alone"}'),
    (['a,b}', 'c"\\'], '{"a,b}","c\\"\\\\"}')])
def test_tags_bind_as_one_quoted_array_literal(tags, literal):
    assert tag_literal(tags) == literal


# -- the questionnaire the phone renders -------------------------------------------------
def test_the_definition_carries_what_the_renderer_needs_and_reads_back_the_same():
    q = default_questionnaire()
    doc = dump_questionnaire(q)
    by_id = {item["id"]: item for item in doc["questions"]}
    assert by_id["people_present"] == {
        "id": "people_present", "type": "number", "text": by_id["people_present"]["text"],
        "required": True, "section": "一、询问人员", "integer": True, "min": 0, "max": 200}
    assert by_id["arrived_from"]["when"] == {"question": "arrived_recently", "equals": True}
    assert by_id["test_status"]["options"][0] == {"value": "all_negative",
                                                  "label": "均已检测，结果阴性"}
    assert len({item["section"] for item in doc["questions"]}) > 1
    assert load_questionnaire(doc) == q                # validation is by the same document


# -- published answers -------------------------------------------------------------------
def test_a_map_of_objects_is_published_with_its_values_schema():
    class Item(Schema):
        title = fields.String(required=True)

    out = field_schema(fields.Dict(keys=fields.String(), values=fields.Nested(Item)))
    assert out["type"] == "object"
    assert out["additionalProperties"]["properties"] == {"title": {"type": "string"}}
    assert field_schema(fields.Dict()) == {"type": "object"}
