"""What a batch of phones' visits asks the database for, read from the raw messages
before the inbox validates them (no broker, no database)."""

from __future__ import annotations

import json

from services.visits.adapters.capture_batch import Wanted


def body(data) -> bytes:
    return json.dumps({"id": "e1", "type": "integration.visit_captured", "data": data}).encode()


def test_the_keys_of_every_visit_in_the_batch_are_wanted_once():
    wanted = Wanted.peek([
        body({"visit_id": "v-00000001", "campaign_id": "c1", "household_code": "H1",
              "shift_key": "s1", "visitor_id": "V1"}),
        body({"visit_id": "v-00000002", "campaign_id": "c1", "household_code": "H2",
              "shift_key": None, "visitor_id": "V2"}),
    ])
    assert wanted == Wanted(visit_ids={"v-00000001", "v-00000002"}, campaigns={"c1"},
                            households={"H1", "H2"}, shifts={"s1"}, visitors={"V1", "V2"})


def test_what_does_not_parse_wants_nothing_and_is_left_to_the_inbox():
    wanted = Wanted.peek([
        b"{not json", b"\xff\xfe", json.dumps([1, 2]).encode(), body("a string"), body(None),
        body({"visit_id": 12345678, "campaign_id": ["c1"], "household_code": "",
              "shift_key": "s" * 201, "visitor_id": {"id": "V1"}}),
    ])
    assert wanted == Wanted()
