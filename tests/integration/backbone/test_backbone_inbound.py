"""Inbound events on the real broker and database: another system publishes with plain pika
to `integration.events`; the registry changes its rows and publishes on `registry.events`."""

from __future__ import annotations

import json
import time

from services.common.inbound import Outcome
from tests.support.amqp import envelope, wait_until
from tests.support.inbox import inbox_outcome

ID = "44010619800118123X"
ID2 = "440106199505052348"
PHONE = "13800138000"
EVENTS = "registry.events"


def caused_by(event_id: str):
    return lambda m: m["data"].get("cause") == f"event:{event_id}"


def test_inbound_events_change_residents_and_are_published(registry, outside, sql, household):
    outside.listen(EVENTS)
    report = outside.publish("resident_self_reported", {
        "id_number": ID, "name": "张三丰", "phone": PHONE, "household_code": household,
        "arrived_on": "2022-05-01", "from_region": "上海市"})
    seen = outside.wait_for(EVENTS, lambda ms: len([m for m in ms if caused_by(report["id"])(m)])
                            >= 2)
    mine = [m for m in seen if caused_by(report["id"])(m)]
    assert [m["type"] for m in mine] == ["registry.resident_registered",
                                         "registry.resident_updated"]
    updated = mine[-1]["data"]
    assert updated["tags"] == ["returnee"]
    assert updated["status"]["returned_on"] == "2022-05-01"
    assert updated["id_masked"] == "4401**********123X" and updated["name_masked"] == "张*丰"
    # nothing personal in clear on the wire (docs/architecture.md rule 9)
    wire = json.dumps(seen, ensure_ascii=False)
    assert ID not in wire and PHONE not in wire and "张三丰" not in wire

    resident = sql("select * from residents")[0]
    assert (resident["tags"], str(resident["returned_on"]), resident["recent_travel"]) == \
        (["returnee"], "2022-05-01", "上海市")
    assert len(sql("select 1 from resident_changes where cause = :c",
                   c=f"event:{report['id']}")) == 2

    # a test result for the same person, then an older one arriving late
    result = outside.publish("test_result_recorded", {
        "id_number": ID, "tested_on": "2022-05-03", "result": "positive", "site": "社区采样点"})
    outside.wait_for(EVENTS, lambda ms: any(caused_by(result["id"])(m) for m in ms), seen=seen)
    late = outside.publish("test_result_recorded", {
        "id_number": ID.lower(), "tested_on": "2022-05-02", "result": "negative"})
    assert inbox_outcome(sql, late["id"]) == "applied"
    resident = sql("select * from residents")[0]
    assert (str(resident["latest_test_date"]), resident["latest_test_result"]) == \
        ("2022-05-03", "positive")
    assert [m["data"]["status"]["latest_test_result"] for m in seen
            if caused_by(result["id"])(m)] == ["positive"]
    assert not sql("select 1 from resident_changes where cause = :c", c=f"event:{late['id']}")


def test_the_same_event_twice_has_one_effect(registry, outside, sql, register_resident,
                                             inbox_outcomes):
    register_resident(ID)
    outside.listen(EVENTS)
    body = json.dumps(envelope("integration.test_result_recorded", {
        "id_number": ID, "tested_on": "2022-05-03", "result": "pending"}))
    event_id = json.loads(body)["id"]
    # back to back (likely one batch), then again once the first was handled
    outside.publish_raw("test_result_recorded", body)
    outside.publish_raw("test_result_recorded", body)
    inbox_outcome(sql, event_id)
    outside.publish_raw("test_result_recorded", body)
    wait_until(lambda: len([o for i, o in inbox_outcomes if i == event_id]) == 3,
               what="three deliveries handled")
    assert sorted(o.value for i, o in inbox_outcomes if i == event_id) == \
        ["applied", "duplicate", "duplicate"]

    assert len(sql("select 1 from resident_changes where cause = :c",
                   c=f"event:{event_id}")) == 1
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               what="outbox drained")
    seen = outside.wait_for(EVENTS, lambda ms: any(caused_by(event_id)(m) for m in ms))
    time.sleep(0.5)  # room for a second one to show up, if there were one
    seen += outside.collect(EVENTS)
    assert len([m for m in seen if caused_by(event_id)(m)]) == 1


def test_malformed_events_are_kept_answered_and_do_not_stop_the_consumer(
        registry, outside, sql, household, inbox_outcomes):
    outside.listen(EVENTS)
    good = {"id_number": ID, "tested_on": "2022-05-03", "result": "negative"}

    def env(type_="integration.test_result_recorded", **data):
        return envelope(type_, {**good, **data})

    missing = {k: v for k, v in env().items() if k not in ("specversion", "source", "time")}
    cases = {
        # body, routing key, expected words in the reason
        "not_json": (b'{"id": "half", "data": {"id_number": "' + ID.encode() + b'"',
                     "test_result_recorded", "_body: not valid JSON"),
        "missing": (json.dumps(missing), "test_result_recorded", "specversion"),
        "bad_id": (json.dumps(env(id_number="4401061980010112")), "test_result_recorded",
                   "data.id_number: must be 18 characters"),
        "id_as_number": (json.dumps(env(id_number=int(ID[:-1] + "7"))),
                         "test_result_recorded", "data.id_number: Not a valid string"),
        "unknown_household": (json.dumps(envelope("integration.resident_self_reported", {
            "id_number": ID2, "name": "王五", "phone": PHONE, "household_code": "NO-SUCH",
            "arrived_on": "2022-05-01", "from_region": "深圳市"})),
            "resident_self_reported", "data.household_code: unknown household NO-SUCH"),
        "unknown_type": (json.dumps(env("integration.vaccine_given")), "test_result_recorded",
                         "integration.vaccine_given is not handled here"),
        # too long for the inbox's id column: must still be kept, not become a dead letter
        "long_id": (json.dumps({**env(), "id": "x" * 300}), "test_result_recorded",
                    "id: Length must be between 1 and 200"),
    }
    for body, routing_key, _ in cases.values():
        outside.publish_raw(routing_key, body)
    # a valid event after them: applied, so the consumer kept working
    valid = outside.publish("resident_self_reported", {
        "id_number": ID, "name": "赵六", "household_code": household,
        "arrived_on": "2022-05-01", "from_region": "北京市"})
    assert inbox_outcome(sql, valid["id"]) == "applied"
    wait_until(lambda: len(sql("select 1 from rejected_events")) == len(cases),
               what="every malformed event kept")

    rejected = sql("select * from rejected_events order by id")
    reasons = [r["reason"] for r in rejected]
    for name, (_, _, words) in cases.items():
        assert any(words in reason for reason in reasons), (name, reasons)
    missing_row = next(r for r in rejected if "specversion" in r["reason"])
    assert missing_row["event_id"] == missing["id"]
    assert {"source", "time"} <= set(missing_row["errors"])
    bad_row = next(r for r in rejected if r["event_id"] == json.loads(cases["bad_id"][0])["id"])
    assert bad_row["errors"] == {
        "data.id_number": ["must be 18 characters: 17 digits then a digit or X"]}
    for row in rejected:  # kept with the ID number and phone masked, even when not JSON
        body = row["body"]
        assert ID not in body and ID[:-1] not in body and "4401061980010112" not in body
        assert PHONE not in body
        assert row["consumer"] == "integration" and row["routing_key"]
    not_json = next(r for r in rejected if "not valid JSON" in r["reason"])
    assert not_json["event_id"] is None and "4401**********123X" in not_json["body"]

    notices = outside.wait_for(EVENTS, lambda ms: len(
        [m for m in ms if m["type"] == "registry.event_rejected"]) == len(cases))
    notices = [m["data"] for m in notices if m["type"] == "registry.event_rejected"]
    assert sorted(n["rejected_id"] for n in notices) == [r["id"] for r in rejected]
    for notice in notices:
        row = next(r for r in rejected if r["id"] == notice["rejected_id"])
        assert (notice["event_id"], notice["reason"]) == (row["event_id"], row["reason"])
    assert ID not in json.dumps(notices)

    # acknowledged, not retried: nothing waits in retry or dead letters
    assert outside.queue_depth("registry.integration.retry") == 0
    assert outside.queue_depth("registry.integration.dead") == 0
    assert Outcome.REJECTED in [o for _, o in inbox_outcomes]

    # the same rejected event again is recognised: kept once, answered once
    outside.publish_raw("test_result_recorded", cases["bad_id"][0])
    bad_id = json.loads(cases["bad_id"][0])["id"]
    wait_until(lambda: [o for i, o in inbox_outcomes if i == bad_id] ==
               [Outcome.REJECTED, Outcome.DUPLICATE], what="duplicate rejection")
    assert len(sql("select 1 from rejected_events where event_id = :i", i=bad_id)) == 1
