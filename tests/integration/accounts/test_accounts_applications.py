"""Volunteer sign-up and screening on the real servers: a code to the phone, apply with it
(open) → the coordinator
lists the unit's applications, masked → approves and rejects in one batch → the approved
applicant signs in with the password chosen at sign-up and holds the unit's volunteer
grant; the events are in the outbox with no phone or name in clear. And what the open
form refuses: unknown units, broken fields, a second pending application, floods, a phone
not proven (no code, a wrong, used, expired or someone else's code). A rejected
applicant's name, phone and note are masked once the retention window has passed."""

from __future__ import annotations

import json

import pytest

from services.accounts.domain.logins import normalise_mobile
from services.accounts.use_cases.applications import SEAL_CONTEXT
from services.common import seal
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.http import Client
from tests.support.senders import SENDER, Recording

COORDINATOR = "13700000011"
FORM = {"name": "张志愿", "phone": "+86 136-0000-0001", "password": "my volunteer pass",
        "party_member": True, "skills": ["medic"], "weekdays": [5, 6], "halves": ["am"],
        "note": "可联系 13600000001"}


@pytest.fixture
def accounts_settings() -> dict:
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_APPLY_PER_ADDRESS": 4,
            "ACCOUNTS_APPLY_PER_PHONE": 2, "ACCOUNTS_APPLY_CODE_PER_ADDRESS": 8,
            "ACCOUNTS_SENDER": SENDER}


@pytest.fixture(autouse=True)
def sent():
    Recording.sent.clear()
    yield Recording
    Recording.sent.clear()


def signed_in(base: str, login: str, password: str) -> tuple[Client, dict]:
    status, body = Client(base).call("POST", "/sessions", {"login": login,
                                                          "password": password})
    assert status == 200, body
    return Client(base, body["access_token"]), body


def ask_code(base: str, unit: str, phone: str, address: str = "203.0.113.1"):
    return Client(base).call("POST", f"/units/{unit}/applications/phone-codes",
                             {"phone": phone}, headers={"X-Forwarded-For": address})


def code_for(base: str, unit: str, phone: str, address: str = "203.0.113.1") -> str:
    """The code the recording sender was given for the phone (as the applicant reads it
    on their phone)."""
    status, body = ask_code(base, unit, phone, address)
    assert status == 202, body
    codes = Recording.codes_for(normalise_mobile(phone))
    assert codes, "no code was sent"
    return codes[-1]


def apply(base: str, unit: str, form: dict, address: str = "203.0.113.1",
          code: str | None = None):
    """Apply as the phone's owner does: ask for the code, then send the form with it
    (or with `code`)."""
    code = code if code is not None else code_for(base, unit, form["phone"], address)
    return Client(base).call("POST", f"/units/{unit}/applications",
                             {**form, "phone_code": code},
                             headers={"X-Forwarded-For": address})


def coordinator_of(base: str, admin: Client, unit: str) -> Client:
    invited = admin.ok("POST", "/invitations", {
        "display_name": "单位联络员", "login": COORDINATOR,
        "grants": [{"role": "unit_coordinator", "unit": unit}]}, status=201)
    Client(base).ok("POST", "/invitations/accept", {"code": invited["code"],
                                                    "password": "coordinator pass"})
    return signed_in(base, COORDINATOR, "coordinator pass")[0]


def test_apply_screen_in_bulk_and_the_approved_volunteer_signs_in(accounts, city_admin,
                                                                  accounts_sql):
    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)[0]
    coordinator = coordinator_of(base, admin, "U1")

    status, first = apply(base, "U1", FORM)
    assert status == 202 and set(first) == {"application_id"}
    assert Recording.sent[-1][:2] == ("13600000001", "apply")
    second = apply(base, "U1", {**FORM, "name": "赵拒绝", "phone": "13600000002"},
                   "203.0.113.2")[1]
    # a person who already has an account (the city admin) applies too
    third = apply(base, "U1", {**FORM, "name": "市管理员", "phone": ADMIN_LOGIN,
                               "password": "another pass 1"}, "203.0.113.3")[1]
    # U2's applications are not U1's coordinator's
    other = apply(base, "U2", {**FORM, "phone": "13600000004"}, "203.0.113.4")[1]

    listed = coordinator.ok("GET", "/units/U1/applications?status=pending")
    assert listed["total"] == 3
    one = listed["applications"][0]
    assert one["application_id"] == first["application_id"]
    assert one["name_masked"] == "张*愿" and one["phone_masked"] == "136****0001"
    assert one["note"] == "可联系 136****0001" and one["volunteer_id"] is None
    assert "my volunteer pass" not in json.dumps(listed)
    assert "13600000001" not in json.dumps(listed) and "张志愿" not in json.dumps(listed)
    assert coordinator.call("GET", "/units/U2/applications")[0] == 403
    assert Client(base).call("GET", "/units/U1/applications")[0] == 401

    # all or none: one bad item refuses the batch, naming its index
    status, refused = coordinator.call("POST", "/applications/decisions", {"decisions": [
        {"application_id": first["application_id"], "approve": True},
        {"application_id": second["application_id"], "approve": False},
        {"application_id": other["application_id"], "approve": True}]})
    assert status == 400
    assert set(refused["errors"]) == {"decisions.1.reason", "decisions.2.application_id"}
    assert coordinator.ok("GET", "/units/U1/applications?status=pending")["total"] == 3

    decided = coordinator.ok("POST", "/applications/decisions", {"decisions": [
        {"application_id": first["application_id"], "approve": True},
        {"application_id": second["application_id"], "approve": False,
         "reason": "本期名额已满"},
        {"application_id": third["application_id"], "approve": True}]})["decided"]
    assert [d["outcome"] for d in decided] == ["approved", "rejected", "approved"]
    volunteer_id = decided[0]["volunteer_id"]
    assert volunteer_id == "A-" + first["application_id"].replace("-", "")[:12]
    # decided once only
    status, again = coordinator.call("POST", "/applications/decisions", {"decisions": [
        {"application_id": second["application_id"], "approve": True}]})
    assert status == 400 and "rejected already" in again["errors"][
        "decisions.0.application_id"][0]

    # the approved applicant signs in with the password chosen at sign-up
    me, session = signed_in(base, "13600000001", "my volunteer pass")
    assert session["person"]["grants"] == [{"role": "volunteer", "unit": "U1",
                                            "volunteer": volunteer_id}]
    assert session["person"]["display_name"] == "张志愿"
    assert me.ok("GET", "/me")["status"] == "active"
    assert Client(base).call("POST", "/sessions", {"login": "13600000002",
                                                   "password": "my volunteer pass"})[0] == 401
    # the existing account keeps its password and gains the grant
    grants = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)[1]["person"]["grants"]
    assert {"role": "volunteer", "unit": "U1", "volunteer": decided[2]["volunteer_id"]} \
        in grants
    assert Client(base).call("POST", "/sessions", {"login": ADMIN_LOGIN,
                                                   "password": "another pass 1"})[0] == 401
    listed = coordinator.ok("GET", "/units/U1/applications?status=rejected")
    assert [a["reason"] for a in listed["applications"]] == ["本期名额已满"]
    assert accounts_sql("select count(*) as n from volunteer_applications "
                        "where password_hash is not null")[0]["n"] == 1   # U2's, pending

    # the events, in the outbox in the decisions' transaction, with no phone or name
    rows = accounts_sql("select type, body from outbox where type like 'accounts.%' "
                        "order by seq")
    types = [row["type"] for row in rows]
    assert types.count("accounts.application_received") == 4
    assert types.count("accounts.application_decided") == 3
    assert types.count("accounts.volunteer_approved") == 2
    for row in rows:
        for clear in ("13600000001", "13600000002", ADMIN_LOGIN, "张志愿", "赵拒绝",
                      "my volunteer pass", "another pass 1"):
            assert clear not in row["body"], (row["type"], clear)
    approved = [json.loads(row["body"])["data"] for row in rows
                if row["type"] == "accounts.volunteer_approved"]
    assert approved[0]["volunteer_id"] == volunteer_id
    assert approved[0]["person_id"] == session["person"]["id"]
    assert approved[0]["phone_masked"] == "136****0001"
    assert approved[0]["skills"] == ["medic"] and approved[0]["weekdays"] == [5, 6]
    assert seal.unseal(approved[0]["sealed"], seal.seal_key(), SEAL_CONTEXT) == {
        "name": "张志愿", "phone": "13600000001"}
    outcome = [json.loads(row["body"])["data"] for row in rows
               if row["type"] == "accounts.application_decided"]
    coordinator_id = coordinator.ok("GET", "/me")["id"]
    assert {(o["outcome"], o["decided_by"]) for o in outcome} == {
        ("approved", coordinator_id), ("rejected", coordinator_id)}
    audit = {row["event"] for row in accounts_sql(
        "select event from account_audit where actor = :id", id=coordinator_id)}
    assert {"application_approved", "application_rejected", "account_created",
            "granted"} <= audit


def test_an_admin_above_the_unit_screens_it_and_nobody_else_does(accounts, city_admin):
    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)[0]
    applied = apply(base, "U2", FORM)[1]        # U2 is in city 4402: not this admin's
    assert admin.call("GET", "/units/U2/applications")[0] == 403
    status, refused = admin.call("POST", "/applications/decisions", {"decisions": [
        {"application_id": applied["application_id"], "approve": True}]})
    assert status == 400 and refused["errors"] == {
        "decisions.0.application_id": ["unknown application"]}
    apply(base, "U1", FORM)
    assert admin.ok("GET", "/units/U1/applications")["total"] == 1
    assert admin.call("GET", "/units/NOPE/applications")[0] == 404


def test_what_the_open_form_refuses(accounts, city_admin):
    base = accounts.base_url
    status, body = ask_code(base, "NOPE", FORM["phone"])
    assert status == 400 and "unknown unit NOPE" in body["errors"]["unit_id"][0]
    status, body = ask_code(base, "U1", "110")
    assert status == 400 and set(body["errors"]) == {"phone"}
    status, body = apply(base, "NOPE", FORM, code="12345678")
    assert status == 400 and "unknown unit NOPE" in body["errors"]["unit_id"][0]
    status, body = apply(base, "U1", {**FORM, "phone": "110", "password": "1234567890",
                                      "skills": ["Bad Skill"]}, code="12345678")
    assert status == 400 and set(body["errors"]) == {"skills.0"}    # the schema first
    status, body = apply(base, "U1", {**FORM, "phone": "110", "password": "1234567890"},
                         code="12345678")
    assert status == 400 and set(body["errors"]) == {"phone", "password"}
    assert "1234567890" not in json.dumps(body)
    assert apply(base, "U1", FORM)[0] == 202
    status, body = apply(base, "U1", {**FORM, "phone": "13600000001"}, "203.0.113.9")
    assert status == 409 and "pending application" in body["errors"]["phone"][0]
    # the same phone may apply to another unit
    assert apply(base, "U2", FORM, "203.0.113.9")[0] == 202


def test_sign_up_is_rate_limited_per_address_and_per_phone(accounts, city_admin):
    base = accounts.base_url
    for n in range(4):
        assert apply(base, "U1", {**FORM, "phone": f"1360000010{n}"}, "198.51.100.7")[0] == 202
    status, body = apply(base, "U1", {**FORM, "phone": "13600000199"}, "198.51.100.7")
    assert status == 429 and "too many" in body["error"]
    # per phone, whatever the address and the unit: two within the window
    assert apply(base, "U2", {**FORM, "phone": "13600000100"}, "198.51.100.8")[0] == 202
    status, body = apply(base, "U1", {**FORM, "phone": "13600000100"}, "198.51.100.9")
    assert status == 429 and "too many" in body["error"]
    assert apply(base, "U2", {**FORM, "phone": "13600000101"}, "198.51.100.9")[0] == 202


def test_an_application_is_taken_only_with_the_code_sent_to_its_phone(accounts, city_admin,
                                                                      accounts_sql, sent):
    base, anyone = accounts.base_url, Client(accounts.base_url)
    # no code
    status, body = anyone.call("POST", "/units/U1/applications", FORM)
    assert status == 400 and set(body["errors"]) == {"phone_code"}

    # someone else's number: the code the applicant got on their own phone does not prove
    # the other one, which was sent nothing
    own = code_for(base, "U1", "13600000301")
    status, body = apply(base, "U1", {**FORM, "phone": "13600000302"}, code=own)
    assert status == 400 and set(body["errors"]) == {"phone_code"}
    assert [(to, purpose) for to, purpose, _ in sent.sent] == [("13600000301", "apply")]

    # a wrong code is refused and its try counted (it commits though the answer is 400)
    code = code_for(base, "U1", FORM["phone"])
    wrong = "00000000" if code != "00000000" else "11111111"
    status, body = apply(base, "U1", FORM, code=wrong)
    assert status == 400 and set(body["errors"]) == {"phone_code"} and wrong not in str(body)
    rows = accounts_sql("select * from phone_codes order by created_at")
    assert [(r["attempts"], r["closed_at"]) for r in rows] == [(0, None), (1, None)]
    for clear in ("13600000301", "13600000001", own, code):    # hashes only
        assert clear not in json.dumps([dict(r) for r in rows], default=str)

    # the right one takes the application; used once, it proves nothing more
    assert apply(base, "U1", FORM, code=code)[0] == 202
    status, body = apply(base, "U2", FORM, "203.0.113.5", code=code)
    assert status == 400 and set(body["errors"]) == {"phone_code"}
    assert accounts_sql("select closed_reason from phone_codes order by created_at")[1] == {
        "closed_reason": "used"}
    assert accounts_sql("select count(*) as n from volunteer_applications") == [{"n": 1}]
    failed = accounts_sql("select detail from account_audit where event = "
                          "'phone_code_failed' order by id")
    assert [f["detail"]["reason"] for f in failed] == ["no usable code", "wrong code",
                                                      "no usable code"]
    assert "13600000001" not in json.dumps([f["detail"] for f in failed])


def test_a_code_ends_after_its_tries_and_its_time(accounts, city_admin, accounts_sql):
    base = accounts.base_url
    form = {**FORM, "phone": "13600000303"}
    code = code_for(base, "U1", form["phone"])
    wrong = "00000000" if code != "00000000" else "11111111"
    for _ in range(5):
        assert apply(base, "U1", form, code=wrong)[0] == 400
    status, body = apply(base, "U1", form, code=code)       # right, but tried too often
    assert status == 400 and set(body["errors"]) == {"phone_code"}
    assert accounts_sql("select attempts, closed_reason from phone_codes") == [
        {"attempts": 5, "closed_reason": "exhausted"}]

    # a new code replaces it; past 15 minutes it is refused too
    code = code_for(base, "U1", form["phone"])
    accounts_sql("update phone_codes set created_at = created_at - interval '15 minutes' "
                 "where closed_at is null returning id")
    status, body = apply(base, "U1", form, code=code)
    assert status == 400 and set(body["errors"]) == {"phone_code"}
    assert accounts_sql("select count(*) as n from volunteer_applications") == [{"n": 0}]


def test_codes_are_rate_limited_per_phone_and_per_address_and_answered_alike(
        accounts, city_admin, sent):
    base = accounts.base_url
    answers = [ask_code(base, "U1", "13600000401", f"192.0.2.{n}") for n in range(4)]
    assert {status for status, _ in answers} == {202}
    assert answers[3][1] == answers[0][1]
    assert len(sent.codes_for("13600000401")) == 3        # the fourth is held back
    # one address: ACCOUNTS_APPLY_CODE_PER_ADDRESS (8 here), whatever the phones
    answers = [ask_code(base, "U1", f"136000005{n:02d}", "192.0.2.100") for n in range(9)]
    assert {status for status, _ in answers} == {202}
    assert len([to for to, _, _ in sent.sent if to.startswith("136000005")]) == 8


def test_a_rejected_applicants_personal_data_are_masked_after_the_retention_window(
        accounts, city_admin, accounts_db, accounts_config, accounts_sql):
    from datetime import timedelta

    from services.accounts import clock
    from services.accounts.self_service import sign_up_policy
    from services.accounts.use_cases.housekeeping import forget_applicants

    base = accounts.base_url
    admin = signed_in(base, ADMIN_LOGIN, ADMIN_PASSWORD)[0]
    rejected = apply(base, "U1", FORM)[1]["application_id"]
    pending = apply(base, "U1", {**FORM, "name": "钱等待", "phone": "13600000002"},
                    "203.0.113.2")[1]["application_id"]
    admin.ok("POST", "/applications/decisions", {"decisions": [
        {"application_id": rejected, "approve": False, "reason": "本期名额已满"}]})
    rules = sign_up_policy(accounts_config)
    assert rules.retention_days == 90
    query = ("select id, name, phone, note, address, source, status, reason, erased_at "
             "from volunteer_applications order by applied_at")
    before = accounts_sql(query)

    now = clock.now()
    # the used codes go once no rate limit counts them; the applications stay in the window
    assert forget_applicants(accounts_db, rules, now) == 0
    assert forget_applicants(accounts_db, rules, now + timedelta(days=89)) == 2
    assert accounts_sql("select count(*) as n from phone_codes") == [{"n": 0}]
    assert accounts_sql(query) == before

    assert forget_applicants(accounts_db, rules, now + timedelta(days=90, minutes=1)) == 1
    erased, kept = accounts_sql(query)
    assert (erased["id"], kept["id"]) == (rejected, pending)
    assert erased["name"] == "张*愿" and erased["phone"] == "136****0001"
    assert erased["note"] is None and erased["address"] == erased["source"] == ""
    assert erased["status"] == "rejected" and erased["reason"] == "本期名额已满"
    assert erased["erased_at"] is not None
    assert kept == before[1]                                # pending: not the window's
    assert forget_applicants(accounts_db, rules, now + timedelta(days=91)) == 0   # once
    listed = admin.ok("GET", "/units/U1/applications?status=rejected")["applications"]
    assert (listed[0]["name_masked"], listed[0]["phone_masked"]) == ("张*愿", "136****0001")
    # the person may apply again, whole
    assert apply(base, "U1", FORM, "203.0.113.3")[0] == 202
