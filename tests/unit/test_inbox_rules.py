"""Inbox rules that need no server: how reasons are worded and what a failure reveals."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from services.common.inbound import Failed, Incoming, Rejected
from services.common.inbound_parsing import flatten, reason
from services.common.inbox import Inbox
from services.common.inbox_retention import InboxRetention
from services.common.outbox import Outbox
from services.reporting.adapters.models import MESSAGING


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


class _Database:
    """Stands in for services/common/db.Database: a transaction that is never used."""

    @contextmanager
    def transaction(self):
        yield None


class _AreaNotAnnounced:
    """Batch hooks whose projection fails as reporting's does on an unknown area."""

    def before_batch(self, session) -> None:
        raise LookupError("area 110101001 not announced yet; resident 11010119900307777X")

    def after_batch(self, session) -> None:  # pragma: no cover - never reached
        raise AssertionError


def test_a_message_alone_whose_hooks_fail_is_a_warning_without_traceback(caplog):
    """Reporting's batch of one (redo_alone): an ordering race retried, not an error."""
    inbox = Inbox("registry", MESSAGING, Outbox("reporting", MESSAGING), {},
                  retention=InboxRetention(), redo_alone=True)
    with caplog.at_level(logging.INFO, logger="services.common.inbox"):
        results = inbox.process_batch(_Database(), [Incoming(b"{}"), Incoming(b"{}")],
                                      _AreaNotAnnounced())
    assert [type(r) for r in results] == [Failed, Failed]
    failures = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.levelno for r in failures] == [logging.WARNING] * 2
    assert all(r.exc_info is None for r in failures)
    assert "LookupError: area 110101001 not announced yet" in failures[0].getMessage()
    assert "11010119900307777X" not in caplog.text
