"""Inbox rules that need no server: how reasons are worded and what a failure reveals."""

from __future__ import annotations

from services.common.inbound import Failed, Rejected
from services.common.inbound_parsing import flatten, reason


def test_reason_names_nested_fields():
    errors = {"data": {"id_number": ["must be an 18-character resident ID number"],
                       "tested_on": ["Missing data for required field."]}}
    assert reason(errors) == ("data.id_number: must be an 18-character resident ID number; "
                               "data.tested_on: Missing data for required field.")


def test_errors_are_flattened_to_dotted_fields():
    # the event_rejected contract: field → list of reasons, like handlers' own rejections
    errors = {"data": {"tags": {0: ["Not a valid string."]}, "id_number": ["bad"]},
              "_body": "not JSON"}
    assert flatten(errors) == {"data.tags.0": ["Not a valid string."],
                                "data.id_number": ["bad"], "_body": ["not JSON"]}


def test_rejected_carries_reason_and_field_errors():
    rejection = Rejected("unknown", {"data.household_code": ["unknown household"]})
    assert str(rejection) == "unknown"
    assert rejection.errors == {"data.household_code": ["unknown household"]}
    assert Rejected("no errors").errors == {}


def test_a_failure_description_never_carries_an_id_number_or_phone():
    # it goes to logs and to the dead letter's x-wangge-error header
    error = RuntimeError("boom for 11010119900307777X at 13800138000")
    text = Failed(error).describe()
    assert text.startswith("RuntimeError: boom for 1101")
    assert "11010119900307777X" not in text and "13800138000" not in text
    assert len(Failed(RuntimeError("x" * 5000)).describe()) == 2000
