"""Hostile input on the real servers (issue 11, findings 2-5): poison messages are
rejected with a reason instead of being retried into `.dead`, poison dead letters can
still be listed and replayed, and poison HTTP input is a 400, never a 500."""

from __future__ import annotations

import json

import pika
from typer.testing import CliRunner

from services.cli.main import app
from services.common import config
from services.common.deadletters import list_dead_letters, replay_dead_letters
from services.common.pii import hash_id
from tests.support.amqp import envelope, wait_until
from tests.support.http import Client

WRONG = "440106199910132686"  # the right check digit gives …683
RIGHT = "440106199910132683"
QUEUE = "registry.integration"


def self_report(household: str, id_number: str) -> dict:
    return envelope("integration.resident_self_reported", {
        "id_number": id_number, "name": "张三", "household_code": household,
        "arrived_on": "2022-05-01", "from_region": "上海市"})


def poison(household: str) -> dict[str, bytes]:
    """Each kind of poison, as bytes on the wire, each with an id of its own."""
    def base() -> str:
        return json.dumps(self_report(household, RIGHT), ensure_ascii=False)

    return {
        "deep": base().replace('"上海市"', '"上海市", "extra": ' + "[" * 10_000 + "]" * 10_000
                               ).encode(),
        "NUL, not JSON": b"\x00\x01 garbage 11010119900307777X \x00",
        "NUL in JSON": base().replace('"张三"', '"张\\u0000三"').encode(),
        "lone surrogate": base().replace('"张三"', '"\\ud800"').encode(),
        "invalid UTF-8": base().encode().replace("张三".encode(), b"\xff\xfe"),
        "huge number": base().replace('"上海市"', '"上海市", "n": 1e999').encode(),
        "wrong check digit": json.dumps(self_report(household, WRONG)).encode(),
    }


def dead_depth(outside, queue: str = QUEUE) -> int:
    return outside.queue_depth(f"{queue}.dead")


def test_poison_messages_are_rejected_and_the_valid_one_applied(registry, outside, sql,
                                                                 household):
    outside.listen("registry.events", "event_rejected")
    bodies = poison(household)
    good = self_report(household, RIGHT)
    for body in bodies.values():
        outside.publish_raw("resident_self_reported", body)
    outside.publish_raw("resident_self_reported", json.dumps(good))

    rows = wait_until(lambda: (r := sql("select * from rejected_events order by id"))
                      and len(r) >= len(bodies) and r, what="every poison message rejected")
    assert len(rows) == len(bodies)
    notices = outside.wait_for("registry.events", lambda ms: len(ms) >= len(bodies))
    assert all(n["data"]["reason"] for n in notices)
    reasons = " | ".join(r["reason"] for r in rows)
    for words in ("nested more than 64 levels deep", "contains a NUL byte",
                  "data.name: contains a NUL character", "unpaired surrogate",
                  "not valid UTF-8", "number too large", "check digit does not match"):
        assert words in reasons, (words, reasons)
    for row in rows:  # kept, escaped and masked, whatever the body was
        assert "\x00" not in row["body"] and "11010119900307777X" not in row["body"]
    # the message with the wrong check digit registered nobody; the right one did, once
    key = config.id_hash_key()
    assert not sql("select 1 from residents where id_hash = :h", h=hash_id(WRONG, key))
    wait_until(lambda: sql("select 1 from inbox where event_id = :i and outcome = 'applied'",
                           i=good["id"]), what="the valid self-report applied")
    assert len(sql("select 1 from residents where id_hash = :h", h=hash_id(RIGHT, key))) == 1
    assert dead_depth(outside) == 0 and outside.queue_depth(f"{QUEUE}.retry") == 0


def test_a_wrong_check_digit_by_test_result_is_refused(registry, outside, sql,
                                                       register_resident):
    register_resident(RIGHT)
    sent = outside.publish("test_result_recorded", {
        "id_number": WRONG, "tested_on": "2022-05-03", "result": "positive"})
    row = wait_until(lambda: sql("select * from rejected_events where event_id = :i",
                                 i=sent["id"]), what="rejection")[0]
    assert row["errors"] == {"data.id_number": ["check digit does not match (mistyped?)"]}
    assert sql("select latest_test_result from residents")[0]["latest_test_result"] is None


def test_a_poison_dead_letter_can_be_listed_and_replayed(registry, outside, sql, household,
                                                         amqp_uri):
    # put there as a service of the old code did: after its attempts, with their headers
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    bodies = list(poison(household).values())
    for body in bodies:
        channel.basic_publish("", f"{QUEUE}.dead", body, pika.BasicProperties(
            headers={"x-wangge-error": "RecursionError: maximum recursion depth exceeded",
                     "x-wangge-attempts": 5, "x-wangge-queue": QUEUE}, delivery_mode=2))
    conn.close()
    wait_until(lambda: dead_depth(outside) == len(bodies), what="dead letters in place")

    letters = list_dead_letters(amqp_uri, QUEUE)
    assert len(letters) == len(bodies)
    # listing took nothing away (the broker puts them back once the channel closes)
    wait_until(lambda: dead_depth(outside) == len(bodies), what="dead letters back")
    for extra in ([], ["--json"]):  # the command people run, both outputs
        run = CliRunner().invoke(app, ["deadletters", "list", QUEUE, *extra],
                                 env={"AMQP_URI": amqp_uri})
        assert run.exit_code == 0, run.output
        assert "11010119900307777X" not in run.output
    assert len(run.output.splitlines()) == len(bodies)
    wait_until(lambda: dead_depth(outside) == len(bodies), what="dead letters back")
    for letter in letters:
        text = json.dumps(letter.to_dict(), ensure_ascii=False)
        assert "\x00" not in text and "11010119900307777X" not in text
    assert replay_dead_letters(amqp_uri, QUEUE) == len(bodies)
    # back in the work queue, where each is now a rejection with its reason
    wait_until(lambda: len(sql("select 1 from rejected_events")) == len(bodies),
               what="replayed poison rejected")
    assert dead_depth(outside) == 0


def test_poison_http_input_is_a_400_naming_the_problem(registry):
    api = Client(registry.base_url)
    deep = b'{"code": "X", "level": "city", "name": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    status, body = api.call("POST", "/areas", raw=deep)
    assert status == 400 and body["errors"] == {"_body": ["nested more than 64 levels deep"]}
    status, body = api.call("POST", "/areas", raw=json.dumps(
        {"code": "X1", "level": "city", "name": "a\u0000b"}).encode())
    assert status == 400 and body["errors"] == {"name": ["contains a NUL character (\\u0000)"]}
    status, body = api.call("POST", "/areas", raw=b'{"code": "\xff"}')
    assert status == 400 and "not valid UTF-8" in body["errors"]["_body"][0]
    for path, field in (("/areas/a%00b", "code"), ("/residents?grid=D%00", "grid"),
                        ("/areas/a%00b/children", "code")):
        status, body = api.get(path)
        assert status == 400, (path, status, body)
        assert body["errors"] == {field: ["must not contain a NUL character (%00)"]}
    for param in ("offset", "limit"):
        status, body = api.get(f"/residents?{param}=99999999999999999999")
        assert status == 400 and list(body["errors"]) == [param], (param, body)


def test_huge_numbers_in_dispatch_queries_are_a_400(dispatch):
    api = Client(dispatch.base_url)
    status, body = api.call("GET", "/volunteers?offset=99999999999999999999")
    assert status == 400 and list(body["errors"]) == ["offset"]
    status, body = api.call("GET", "/volunteers/a%00b")
    assert status == 400 and list(body["errors"]) == ["volunteer_id"]
