"""Volunteer sign-up and screening on the real servers: apply (open) → the coordinator
lists the unit's applications, masked → approves and rejects in one batch → the approved
applicant signs in with the password chosen at sign-up and holds the unit's volunteer
grant; the events are in the outbox with no phone or name in clear. And what the open
form refuses: unknown units, broken fields, a second pending application, floods."""

from __future__ import annotations

import json

import pytest

from services.accounts.use_cases.applications import SEAL_CONTEXT
from services.common import seal
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.http import Client

COORDINATOR = "13700000011"
FORM = {"name": "张志愿", "phone": "+86 136-0000-0001", "password": "my volunteer pass",
        "party_member": True, "skills": ["medic"], "weekdays": [5, 6], "halves": ["am"],
        "note": "可联系 13600000001"}


@pytest.fixture
def accounts_settings() -> dict:
    return {"AUTH": "required", "ACCOUNTS_ARGON2_TIME_COST": 1,
            "ACCOUNTS_ARGON2_MEMORY_KIB": 1024, "ACCOUNTS_APPLY_PER_ADDRESS": 4,
            "ACCOUNTS_APPLY_PER_PHONE": 2}


def signed_in(base: str, login: str, password: str) -> tuple[Client, dict]:
    status, body = Client(base).call("POST", "/sessions", {"login": login,
                                                          "password": password})
    assert status == 200, body
    return Client(base, body["access_token"]), body


def apply(base: str, unit: str, form: dict, address: str = "203.0.113.1"):
    return Client(base).call("POST", f"/units/{unit}/applications", form,
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
    status, body = apply(base, "NOPE", FORM)
    assert status == 400 and "unknown unit NOPE" in body["errors"]["unit_id"][0]
    status, body = apply(base, "U1", {**FORM, "phone": "110", "password": "1234567890",
                                      "skills": ["Bad Skill"]})
    assert status == 400 and set(body["errors"]) == {"skills.0"}    # the schema first
    status, body = apply(base, "U1", {**FORM, "phone": "110", "password": "1234567890"})
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
