"""Poison among phones' visits (issue 11, finding 2): the batch preload read every body
before the inbox and a message nested 10,000 deep failed the whole batch, so valid visits
sent with it were retried into visits.integration.dead. Now the poison is rejected and the
others are recorded. And poison HTTP input to visits is a 400, never a 500."""

from __future__ import annotations

import json

from services.common.inbound import Outcome
from services.visits import clock
from services.visits.entrypoints.handlers import consume_integration
from tests.support.amqp import envelope
from tests.support.http import Client

from .batches import DAY, NOON, message, seed
from .support import at, visit

WRONG = "440106199910132686"  # the right check digit gives …683


def raw(data: dict, text_edit=None) -> bytes:
    body = json.dumps(envelope("integration.visit_captured", data, source="test/phone"),
                      ensure_ascii=False)
    return (text_edit(body) if text_edit else body).encode()


def test_a_poison_visit_does_not_fail_the_valid_visits_of_its_batch(visits_backbone, visits_sql):
    key, (h1, h2, h3, h4) = seed(visits_backbone)
    good = [visit("c1", h, "V1", key, at(DAY, 9, n)) for n, h in enumerate((h1, h2))]
    poison = [
        # the preload's json.loads raised RecursionError: the whole batch failed
        raw(visit("c1", h3, "V2", key, at(DAY, 9, 30)),
            lambda b: b.replace('"answers": {', '"answers": {"deep": ' + "[" * 10_000
                                + "]" * 10_000 + ",")),
        # NUL and a lone surrogate in the keys the preload looks up
        raw(visit("c1", h3, "V2", key, at(DAY, 9, 31)),
            lambda b: b.replace(f'"{h3}"', '"H\\u00003"')),
        raw(visit("c1", h4, "V2", key, at(DAY, 9, 32)),
            lambda b: b.replace('"V2"', '"\\udc00"')),
        b"\x00\xff not JSON",
        raw(visit("c1", h4, "V2", key, at(DAY, 9, 33), people_found=10 ** 30)),
        raw(visit("c1", h4, "V2", key, at(DAY, 9, 34), people_found=3, corrections=[
            {"kind": "new_resident", "id_number": WRONG, "name": "王小明"}])),
    ]
    batch = [message(good[0]), *[message(body=b) for b in poison], message(good[1])]

    results = consume_integration(visits_backbone, batch, now=NOON, tz=clock.tz())

    assert results == [Outcome.APPLIED] + [Outcome.REJECTED] * len(poison) + [Outcome.APPLIED]
    assert sorted(r["visit_id"] for r in visits_sql("select visit_id from visits")) == \
        sorted(v["visit_id"] for v in good)
    rejected = visits_sql("select reason, body from rejected_events order by id")
    assert len(rejected) == len(poison)
    reasons = " | ".join(r["reason"] for r in rejected)
    for words in ("nested more than 64 levels deep", "contains a NUL character",
                  "unpaired surrogate", "not valid UTF-8", "number out of range",
                  "check digit does not match"):
        assert words in reasons, (words, reasons)
    assert all("\x00" not in r["body"] and WRONG not in r["body"] for r in rejected)


def test_poison_http_input_to_visits_is_a_400(visits):
    api = Client(visits.base_url)
    today = clock.today().isoformat()
    status, body = api.call("POST", "/campaigns", {
        "campaign_id": "c1", "name": "x", "start": today, "end": today,
        "area_codes": ["\u0000"]})
    assert status == 400 and body["errors"] == \
        {"area_codes.0": ["contains a NUL character (\\u0000)"]}
    for path in ("/hazards", "/requests"):
        for param in ("offset", "limit"):
            status, body = api.call("GET", f"{path}?{param}=99999999999999999999")
            assert status == 400 and list(body["errors"]) == [param], (path, body)
    status, body = api.call("GET", "/campaigns/c%00")
    assert status == 400 and list(body["errors"]) == ["campaign_id"]
    for name, text in (("c.json", "[" * 10_000 + "]" * 10_000),
                       ("c.yaml", "a: " + "[" * 10_000 + "]" * 10_000),
                       ("c.json", '{"campaign_id": "c1", "area_codes": ["\\u0000"]}')):
        status, body = post_file(visits.base_url, name, text)
        assert status == 400 and body["errors"]["_body"], (name, status, body)


def post_file(base_url: str, filename: str, text: str) -> tuple[int, dict]:
    return Client(base_url).call("POST", f"/campaigns/import?filename={filename}", raw=text)


def test_a_preload_the_database_refuses_costs_the_preload_not_the_batch(
        visits_backbone, visits_sql, monkeypatch):
    """Whatever a body holds that the database refuses when the batch's keys are looked
    up together, the batch goes on: each visit then looks up its own."""
    from sqlalchemy import text

    from services.visits.adapters.capture_batch import Preloading, VisitBatch

    key, (h1, h2, _, _) = seed(visits_backbone)
    load = VisitBatch.load

    def refused_preload(self, session, wanted):
        session.execute(text("select 1 / 0"))  # a real error, in PostgreSQL
        return load(self, session, wanted)

    original = Preloading.before_batch

    def before_batch(self, session):
        monkeypatch.setattr(VisitBatch, "load", refused_preload)
        try:
            original(self, session)
        finally:
            monkeypatch.setattr(VisitBatch, "load", load)

    monkeypatch.setattr(Preloading, "before_batch", before_batch)
    good = [visit("c1", h, "V1", key, at(DAY, 9, n)) for n, h in enumerate((h1, h2))]

    results = consume_integration(visits_backbone, [message(v) for v in good], now=NOON,
                                  tz=clock.tz())

    assert results == [Outcome.APPLIED, Outcome.APPLIED]
    assert len(visits_sql("select 1 from visits")) == 2
