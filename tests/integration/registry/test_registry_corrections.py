"""Visits' corrections reach the registry on the real broker and database: plain pika
publishes `visits.correction_proposed` to `visits.events` as the visits service will; the
registry applies each kind through its own use cases, names the visit in the change trail
and its events, and answers `correction_applied` or `correction_rejected`."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import text

from services.common import config
from services.common.contracts import dump_payload
from services.common.envelope import new_envelope
from services.common.pii import hash_id
from services.common.seal import seal, seal_key
from tests.support.amqp import wait_until
from tests.support.servers import consumer_queues, on_queues

EVENTS = "registry.events"
VISITS = "visits.events"
CORRECTION = "visits.correction_proposed"
GRID = "4401060101-G01"
ID = "440106198001011230"
ID2 = "440106199505052348"
NAME = "王小明"
QUEUES = consumer_queues("registry", ("visits",))


@pytest.fixture
def visits_queues(amqp_uri):
    """Empty registry.visits queues; deleted afterwards, so no other test finds visits
    events routable because of a binding left here."""
    on_queues(amqp_uri, QUEUES, "queue_purge")
    yield
    on_queues(amqp_uri, QUEUES, "queue_delete")


@pytest.fixture
def service(visits_queues, registry):
    return registry


@pytest.fixture
def other_household(registry_db, household) -> str:
    """A second household in the same building and grid."""
    with registry_db.transaction() as session:
        session.execute(text(
            "insert into households (code, kind, address, building_id, grid_id, version) "
            "select 'H-0002', 'rental', '1栋102', building_id, grid_id, 1 from households "
            "where code = :c"), {"c": household})
    return "H-0002"


def proposal(kind: str, household_code: str, *, resident_id: int | None = None,
             visit_id: str | None = None, **extra) -> dict:
    return {"campaign_id": "C-2026-11", "household_code": household_code, "grid_code": GRID,
            "correction_id": str(uuid.uuid4()), "visit_id": visit_id or str(uuid.uuid4()),
            "kind": kind, "resident_id": resident_id, **extra}


def new_resident(household_code: str, id_number: str, name: str = NAME, **extra) -> dict:
    """What visits sends for a person found at the door: the identity sealed for the
    registry alone, with the correction id as the seal's context."""
    data = proposal("new_resident", household_code, **extra)
    data.setdefault("sealed", seal({"id_number": id_number, "name": name}, seal_key(),
                                   data["correction_id"]))
    data.setdefault("id_hash", hash_id(id_number, config.id_hash_key()))
    data.setdefault("id_masked", "4401**********" + id_number[-4:])
    return data


def envelope_of(data: dict) -> bytes:
    return new_envelope(CORRECTION, dump_payload(CORRECTION, data), source="visits",
                        subject=data["correction_id"]).to_json()


def publish(outside, data: dict) -> bytes:
    body = envelope_of(data)
    outside.publish_raw("correction_proposed", body, exchange=VISITS)
    return body


def outcome_of(outside, seen: list, data: dict) -> dict:
    def mine(m):
        return m["type"].startswith("registry.correction_") and \
            m["data"]["correction_id"] == data["correction_id"]

    outside.wait_for(EVENTS, lambda ms: any(mine(m) for m in ms), seen=seen)
    return next(m for m in seen if mine(m))


def by_visit(seen: list, data: dict) -> list[dict]:
    return [m for m in seen if m["data"].get("cause") == f"visit:{data['visit_id']}"]


def trail(sql, data: dict) -> list:
    return sql("select resident_id, changes from resident_changes where cause = :c "
               "order by id", c=f"visit:{data['visit_id']}")


def test_a_new_resident_found_at_the_door_is_registered_with_the_visit_named(
        service, outside, sql, household):
    outside.listen(EVENTS)
    seen: list = []
    data = new_resident(household, ID, tags_add=["elderly_alone"], gender=None)
    publish(outside, data)

    outcome = outcome_of(outside, seen, data)
    assert outcome["type"] == "registry.correction_applied"
    resident = sql("select * from residents")[0]
    assert outcome["data"]["resident_id"] == resident["id"]
    assert outcome["data"]["reason"] is None
    assert (resident["name"], resident["tags"], resident["gender"], resident["birth_year"]) == \
        (NAME, ["elderly_alone"], "male", 1980)
    assert resident["household_id"] == sql("select id from households where code = :c",
                                           c=household)[0]["id"]
    assert [row["resident_id"] for row in trail(sql, data)] == [resident["id"]]
    outside.wait_for(EVENTS, lambda ms: by_visit(ms, data), seen=seen)
    assert [m["type"] for m in by_visit(seen, data)] == ["registry.resident_registered"]
    # the name and ID number crossed the bus sealed only, and leave the registry masked
    wire = json.dumps(seen, ensure_ascii=False)
    assert ID not in wire and NAME not in wire
    assert by_visit(seen, data)[0]["data"]["name_masked"] == "王*明"


def test_a_known_person_found_in_another_household_is_moved_there(
        service, outside, sql, register_resident, other_household):
    resident_id = register_resident(ID)
    outside.listen(EVENTS)
    seen: list = []
    data = new_resident(other_household, ID, day=date(2026, 11, 20))
    publish(outside, data)

    outcome = outcome_of(outside, seen, data)
    assert (outcome["type"], outcome["data"]["resident_id"]) == \
        ("registry.correction_applied", resident_id)
    assert len(sql("select 1 from residents")) == 1
    move = sql("select m.moved_on, m.cause, h.code from resident_moves m "
               "join households h on h.id = m.to_household_id")
    assert [(str(r["moved_on"]), r["cause"], r["code"]) for r in move] == \
        [("2026-11-20", f"visit:{data['visit_id']}", other_household)]
    moved = outside.wait_for(EVENTS, lambda ms: by_visit(ms, data), seen=seen)
    assert [m["type"] for m in by_visit(moved, data)] == ["registry.resident_moved"]


def test_moved_out_leaves_the_household_and_the_area_on_the_visit_day(
        service, outside, sql, register_resident, household):
    resident_id = register_resident(ID)
    outside.listen(EVENTS)
    seen: list = []
    data = proposal("moved_out", household, resident_id=resident_id, day=date(2026, 11, 21))
    publish(outside, data)

    assert outcome_of(outside, seen, data)["type"] == "registry.correction_applied"
    assert sql("select household_id from residents")[0]["household_id"] is None
    move = sql("select moved_on, cause, to_household_id from resident_moves")
    assert [(str(r["moved_on"]), r["cause"], r["to_household_id"]) for r in move] == \
        [("2026-11-21", f"visit:{data['visit_id']}", None)]
    outside.wait_for(EVENTS, lambda ms: by_visit(ms, data), seen=seen)
    moved = by_visit(seen, data)[0]
    assert (moved["type"], moved["data"]["to_household_id"], moved["data"]["moved_on"]) == \
        ("registry.resident_moved", None, "2026-11-21")
    assert moved["data"]["cause"] == f"visit:{data['visit_id']}"

    # another visit finding them gone: the registry already agrees, nothing moves twice
    again = proposal("moved_out", household, resident_id=resident_id)
    publish(outside, again)
    assert outcome_of(outside, seen, again)["type"] == "registry.correction_applied"
    assert len(sql("select 1 from resident_moves")) == 1


def test_tags_and_status_changes_apply_with_the_visit_in_the_trail(
        service, outside, sql, register_resident, household):
    resident_id = register_resident(ID)
    outside.listen(EVENTS)
    seen: list = []
    tags = proposal("tags_changed", household, resident_id=resident_id,
                    tags_add=["disabled", "elderly_alone"])
    status = proposal("status_changed", household, resident_id=resident_id,
                      status={"vaccination": "booster", "registration_code_applied": True})
    publish(outside, tags)
    publish(outside, status)

    for data in (tags, status):
        outcome = outcome_of(outside, seen, data)
        assert (outcome["type"], outcome["data"]["resident_id"]) == \
            ("registry.correction_applied", resident_id)
    resident = sql("select * from residents")[0]
    assert (resident["tags"], resident["vaccination"],
            resident["registration_code_applied"]) == \
        (["disabled", "elderly_alone"], "booster", True)
    assert trail(sql, tags)[0]["changes"] == {"tags": [[], ["disabled", "elderly_alone"]]}
    assert trail(sql, status)[0]["changes"] == {"vaccination": ["none", "booster"],
                                                "registration_code_applied": [False, True]}
    for data in (tags, status):
        outside.wait_for(EVENTS, lambda ms, d=data: by_visit(ms, d), seen=seen)
        assert [m["type"] for m in by_visit(seen, data)] == ["registry.resident_updated"]
    # a later removal names its own visit
    removal = proposal("tags_changed", household, resident_id=resident_id,
                       tags_remove=["disabled"])
    publish(outside, removal)
    assert outcome_of(outside, seen, removal)["type"] == "registry.correction_applied"
    assert sql("select tags from residents")[0]["tags"] == ["elderly_alone"]
    assert trail(sql, removal)[0]["changes"] == {"tags": [["disabled", "elderly_alone"],
                                                          ["elderly_alone"]]}


def test_corrections_that_cannot_apply_are_rejected_with_a_reason_and_change_nothing(
        service, outside, sql, registry_db, register_resident, household, other_household):
    resident_id = register_resident(ID)
    elsewhere_id = register_resident(ID2)
    with registry_db.transaction() as session:
        session.execute(text("update residents set household_id = (select id from households "
                             "where code = :c) where id = :i"),
                        {"c": other_household, "i": elsewhere_id})
    outside.listen(EVENTS)
    wrong_seal = new_resident(household, "11010519491231002X")
    wrong_seal["sealed"] = seal({"id_number": "11010519491231002X", "name": NAME},
                                seal_key(), "another-correction")
    cases = [
        (proposal("tags_changed", "H-9999", resident_id=resident_id,
                  tags_add=["disabled"]), "household_code: unknown household H-9999"),
        (proposal("status_changed", household, resident_id=987654,
                  status={"vaccination": "full"}), "resident_id: unknown resident 987654"),
        (proposal("tags_changed", household, resident_id=elsewhere_id,
                  tags_add=["disabled"]), f"does not live in household {household}"),
        (proposal("tags_changed", household, resident_id=resident_id,
                  tags_add=["wizard"]), "tags_add: unknown tag(s) wizard"),
        (proposal("status_changed", household, resident_id=resident_id,
                  status={"latest_test_result": "negative"}),
         "the test date and result go together"),
        (wrong_seal, "sealed: sealed data does not open"),
        (new_resident(household, "11010519491231002X",
                      id_hash=hash_id(ID2, config.id_hash_key())),
         "id_hash: does not match the sealed ID number"),
    ]
    before = sql("select id, household_id, tags, vaccination, version from residents "
                 "order by id")
    changes_before = len(sql("select 1 from resident_changes"))
    seen: list = []
    for data, _ in cases:
        publish(outside, data)

    for data, words in cases:
        outcome = outcome_of(outside, seen, data)
        assert outcome["type"] == "registry.correction_rejected", words
        assert words in outcome["data"]["reason"]
        assert outcome["data"]["visit_id"] == data["visit_id"]
    assert sql("select id, household_id, tags, vaccination, version from residents "
               "order by id") == before
    assert len(sql("select 1 from resident_changes")) == changes_before
    assert not sql("select 1 from resident_moves")
    # a business outcome: handled and recorded once, not an invalid event, not a dead letter
    assert len(sql("select 1 from inbox where consumer = 'visits' and outcome = 'applied'")) \
        == len(cases)
    assert not sql("select 1 from rejected_events")
    assert outside.queue_depth("registry.visits.dead") == 0
    assert not [m for m in seen if (m["data"].get("cause") or "").startswith("visit:")]
    wire = json.dumps(seen, ensure_ascii=False)
    assert "11010519491231002X" not in wire and NAME not in wire


def test_a_correction_that_breaks_its_contract_is_kept_as_an_invalid_event(
        service, outside, sql, household):
    outside.listen(EVENTS)
    env = json.loads(envelope_of(proposal("moved_out", household, resident_id=1)))
    env["data"]["kind"] = "abducted"
    outside.publish_raw("correction_proposed", json.dumps(env), exchange=VISITS)
    rejected = outside.wait_for(EVENTS, lambda ms: any(m["type"] == "registry.event_rejected"
                                                       for m in ms))
    notice = next(m for m in rejected if m["type"] == "registry.event_rejected")
    assert notice["data"]["event_id"] == env["id"]
    assert "data.kind" in notice["data"]["errors"]


def test_the_same_correction_event_twice_applies_once(
        service, outside, sql, household, inbox_outcomes):
    data = new_resident(household, ID)
    body = publish(outside, data)
    event_id = json.loads(body)["id"]
    wait_until(lambda: sql("select 1 from inbox where event_id = :i", i=event_id),
               what="first delivery handled")
    outside.publish_raw("correction_proposed", body, exchange=VISITS)
    wait_until(lambda: len([o for i, o in inbox_outcomes if i == event_id]) == 2,
               what="both inbox_outcomes handled")

    assert [o.value for i, o in inbox_outcomes if i == event_id] == ["applied", "duplicate"]
    assert len(sql("select 1 from residents")) == 1
    assert len(trail(sql, data)) == 1
    assert len(sql("select 1 from outbox where type = 'registry.correction_applied'")) == 1
    assert len(sql("select 1 from outbox where type = 'registry.resident_registered'")) == 1
