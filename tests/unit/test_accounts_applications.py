"""Volunteer sign-up and screening without a server: the form's rules, who screens a
unit, the rules of a batch of decisions, the volunteer id an approval makes, and the
event contracts (no phone or name in clear; the seal opens under its context only)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError

from services.accounts.domain.applications import (
    APPROVED,
    PENDING,
    REJECTED,
    Decision,
    Pending,
    checked_form,
    decision_problems,
    screens,
    volunteer_id_of,
)
from services.accounts.domain.grants import Grant, Places
from services.accounts.entrypoints.self_service_schemas import ApplicationCreate
from services.accounts.use_cases.applications import SEAL_CONTEXT
from services.common import seal
from services.common.contracts import accounts as contracts
from services.common.contracts import dump_payload
from services.common.vocab import APPLICATION_STATUSES

FORM = {"name": "  李  四 ", "phone": "+86 139-0013-9000", "password": "volunteer pass 1",
        "party_member": True, "skills": ["medic", "dialect", "medic"],
        "weekdays": [5, 0, 5], "halves": ["pm", "am"],
        "note": "周末可以，联系13800138000或身份证440106195001011234"}
PLACES = Places(areas={"4401": ("4401",), "440106": ("4401", "440106"),
                       "4401060101": ("4401", "440106", "44010601", "4401060101"),
                       "4402": ("4402",)},
                units={"U1": "440106", "U2": "4402", "U3": None})


def test_a_form_is_kept_in_normal_form_with_the_identifiers_of_its_note_masked():
    form, problems = checked_form(FORM)
    assert problems == []
    assert form.name == "李 四" and form.phone == "13900139000"
    assert form.skills == ("medic", "dialect") and form.weekdays == (0, 5)
    assert form.halves == ("am", "pm") and form.party_member is True
    assert "13800138000" not in form.note and "440106195001011234" not in form.note
    assert "138****8000" in form.note


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"phone": "12345"}, "phone", "mainland mobile number"),
    ({"name": "   "}, "name", "must not be empty"),
    ({"name": "13800138000"}, "name", "not a number"),
    ({"password": "short"}, "password", "at least 8"),
    ({"password": "1234567890"}, "password", "all digits"),
    ({"weekdays": []}, "weekdays", "at least one day"),
    ({"halves": []}, "halves", "at least one half-day"),
])
def test_a_form_breaking_a_rule_is_refused_naming_the_field(change, field, words):
    _, problems = checked_form({**FORM, **change})
    assert [f for f, _ in problems] == [field], problems
    assert words in problems[0][1]


def test_the_password_must_not_be_the_phone_in_its_normal_form():
    _, problems = checked_form({**FORM, "password": "13900139000"})
    assert ("password", "must not be the login") in problems
    _, problems = checked_form({**FORM, "password": "13900139000x"})
    assert problems == []


def test_the_request_schema_checks_the_shapes_and_never_echoes_the_password():
    loaded = ApplicationCreate().load({"name": "王五", "phone": "13900139001",
                                       "phone_code": "12345678", "password": "p" * 9})
    assert loaded["weekdays"] == list(range(7)) and loaded["halves"] == ["am", "pm"]
    assert loaded["skills"] == [] and loaded["party_member"] is False
    with pytest.raises(ValidationError) as caught:
        ApplicationCreate().load({**FORM, "skills": ["Medic!"], "weekdays": [7],
                                  "halves": ["day"], "password": 5, "extra": 1})
    errors = caught.value.messages
    # no phone_code either: a form whose phone is not proven is not taken
    assert set(errors) == {"skills", "weekdays", "halves", "password", "extra", "phone_code"}
    assert "volunteer pass" not in str(errors)


def test_a_phone_code_lives_and_is_tried_as_a_reset_code_and_is_kept_while_counted():
    from services.accounts.domain.phone_codes import PhoneCodePolicy
    from services.accounts.domain.reset_codes import CodeState, usable

    rules = PhoneCodePolicy(window_s=3600)
    assert (rules.ttl_s, rules.max_attempts) == (15 * 60, 5)
    assert rules.kept_s == 3600 and PhoneCodePolicy(window_s=60).kept_s == 15 * 60
    assert usable(rules, CodeState(0, 4, False), 15 * 60 - 1)
    assert not usable(rules, CodeState(0, 5, False), 1)          # tried too often
    assert not usable(rules, CodeState(0, 0, False), 15 * 60)    # expired
    assert not usable(rules, CodeState(0, 0, True), 1)           # used or replaced
    with pytest.raises(ValueError, match="per_phone"):
        PhoneCodePolicy(per_phone=0)


def test_a_unit_is_screened_by_its_coordinator_and_by_admins_above_its_area():
    assert screens([Grant("unit_coordinator", unit="U1")], "U1", PLACES)
    assert not screens([Grant("unit_coordinator", unit="U2")], "U1", PLACES)
    assert screens([Grant("city_admin", area="4401")], "U1", PLACES)
    assert screens([Grant("community_admin", area="440106")], "U1", PLACES)
    # below the unit's area, another city, or a role that screens nothing
    assert not screens([Grant("community_admin", area="4401060101")], "U1", PLACES)
    assert not screens([Grant("city_admin", area="4402")], "U1", PLACES)
    assert not screens([Grant("grid_worker", area="4401")], "U1", PLACES)
    assert not screens([Grant("volunteer", unit="U1", volunteer="V1")], "U1", PLACES)
    # a unit without an area: its coordinator only
    assert not screens([Grant("city_admin", area="4401")], "U3", PLACES)
    assert screens([Grant("unit_coordinator", unit="U3")], "U3", PLACES)
    # several grants combine
    assert screens([Grant("grid_worker", area="4401060101-G01"),
                    Grant("unit_coordinator", unit="U2")], "U2", PLACES)


def test_a_batch_of_decisions_names_every_problem_by_its_index():
    known = {"a": Pending(PENDING, True), "b": Pending(APPROVED, True),
             "c": Pending(PENDING, False), "d": Pending(PENDING, True, member=True),
             "e": Pending(PENDING, True)}
    problems = decision_problems([
        Decision("a", True, None),           # fine
        Decision("b", True, None),           # decided already
        Decision("c", True, None),           # another unit's: as if unknown
        Decision("zz", False, "dup"),        # unknown
        Decision("e", False, "  "),          # reject without a reason
        Decision("a", False, "twice"),       # named twice
        Decision("d", True, None),           # a volunteer of the unit already
        Decision("d", False, "r" * 501),     # reason too long (and twice)
    ], known)
    assert dict((f, r) for f, r in problems if f.startswith("decisions.0")) == {}
    fields = [f for f, _ in problems]
    assert fields == ["decisions.1.application_id", "decisions.2.application_id",
                      "decisions.3.application_id", "decisions.4.reason",
                      "decisions.5.application_id", "decisions.6.application_id",
                      "decisions.7.application_id", "decisions.7.reason"]
    assert "approved already" in dict(problems)["decisions.1.application_id"]
    assert dict(problems)["decisions.2.application_id"] == "unknown application"
    assert dict(problems)["decisions.4.reason"] == "is required to reject"


def test_a_clean_batch_has_no_problem_and_an_empty_one_is_refused():
    known = {"a": Pending(PENDING, True), "b": Pending(PENDING, True)}
    assert decision_problems([Decision("a", True, None), Decision("b", False, "no slot")],
                             known) == []
    assert decision_problems([], known) == [("decisions", "give at least one decision")]


def test_the_volunteer_id_is_a_prefix_of_the_application_id():
    assert volunteer_id_of("3F2A9C1B-7D4E-4a2b-8c9d-0123456789ab") == "A-3f2a9c1b7d4e"


def test_the_events_carry_no_phone_or_name_in_clear_and_the_seal_opens_under_its_context():
    key = bytes(range(32))
    assert SEAL_CONTEXT == contracts.VOLUNTEER_APPROVED_SEAL == "accounts.volunteer_approved"
    sealed = seal.seal({"name": "李四", "phone": "13900139000"}, key, SEAL_CONTEXT)
    payload = dump_payload("accounts.volunteer_approved", {
        "volunteer_id": "A-3f2a9c1b7d4e", "unit_id": "U1", "person_id": "p-1",
        "sealed": sealed, "name_masked": "李*", "phone_masked": "139****9000",
        "party_member": True, "skills": ["medic"], "weekdays": [0, 5], "halves": ["am"]})
    assert "13900139000" not in str(payload) and "李四" not in str(payload)
    assert seal.unseal(payload["sealed"], key, SEAL_CONTEXT)["phone"] == "13900139000"
    with pytest.raises(seal.SealError):
        seal.unseal(payload["sealed"], key, "accounts.something_else")
    with pytest.raises(ValueError, match="outcome"):
        dump_payload("accounts.application_decided", {
            "application_id": "a", "unit_id": "U1", "outcome": PENDING, "decided_by": "x",
            "decided_at": datetime(2026, 12, 7, 10, tzinfo=UTC)})
    assert contracts.OUTCOMES == (APPROVED, REJECTED) == APPLICATION_STATUSES[1:]
