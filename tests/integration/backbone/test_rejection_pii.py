"""A rejection never keeps, publishes or logs an ID number the sender put in a key or a
value (review of services/common: UntrustedInput names the offending value by the
sender's own keys, and the inbox kept that path as it was)."""

from __future__ import annotations

import json
import logging

from tests.support.amqp import envelope, wait_until

ID = "440106199910132683"


def test_an_id_number_as_a_key_reaches_no_row_event_or_log(registry, outside, sql, caplog):
    outside.listen("registry.events", "event_rejected")
    # a NUL in the value is refused by untrusted.py naming the place: data.<the ID number>
    env = envelope("integration.resident_self_reported", {ID: "a\x00"})
    with caplog.at_level(logging.WARNING):
        outside.publish_raw("resident_self_reported", json.dumps(env))
        (row,) = wait_until(lambda: sql("select * from rejected_events"), what="rejected")
        (notice,) = outside.wait_for("registry.events", lambda ms: len(ms) >= 1)
        outbox = sql("select body as p from outbox where type like '%event_rejected'")
    assert "contains a NUL character" in row["reason"]
    assert "data.4401**********2683" in row["reason"]  # still names the field, masked
    assert list(row["errors"]) == ["data.4401**********2683"]
    assert outbox
    kept = [row["reason"], json.dumps(row["errors"], ensure_ascii=False), row["body"],
            json.dumps(notice, ensure_ascii=False), *(o["p"] for o in outbox), caplog.text]
    assert "rejected event" in caplog.text
    for text in kept:
        assert ID not in text, text


def test_masked_errors_keep_every_reason_and_mask_values_too():
    from services.common.inbound_parsing import masked_errors

    errors = {f"data.{ID}": ["bad"], "data.440106199910132684": [f"not {ID}"],
              "data.phone": "13800138000"}
    assert masked_errors(errors) == {
        "data.4401**********2683": ["bad"], "data.4401**********2684": ["not 4401**********2683"],
        "data.phone": ["138****8000"]}
