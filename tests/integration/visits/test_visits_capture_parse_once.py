"""Visit capture parses each body once with the untrusted parser: what the batch's visits
name (capture_batch.Wanted.peek) and the inbox's envelope (fastload.envelope) come from
the same parse. The parser is the larger part of an envelope's cost (about 6 µs a visit
when it ran twice); the rejections stay what they were (test_visits_hostile_input.py)."""

from __future__ import annotations

from collections import Counter

from services.common import untrusted
from services.common.inbound import Outcome
from services.visits import clock
from services.visits.entrypoints.handlers import consume_integration

from .batches import DAY, NOON, message, seed
from .support import at, visit


def test_each_visit_body_is_parsed_once(visits_backbone, visits_sql, monkeypatch):
    key, (h1, h2, h3, _) = seed(visits_backbone)
    batch = [message(visit("c1", h1, "V1", key, at(DAY, 9))),
             message(visit("c1", h2, "V1", key, at(DAY, 9, 5))),
             message(visit("c1", h3, "V2", key, at(DAY, 9, 10), outcome="not_home")),
             message(body=b'{"id": "x\\u0000", "type": "integration.visit_captured"}')]
    parses: Counter = Counter()
    loads = untrusted.loads

    def counted(body, **kwargs):
        parses[id(body)] += 1
        return loads(body, **kwargs)

    monkeypatch.setattr(untrusted, "loads", counted)
    results = consume_integration(visits_backbone, batch, now=NOON, tz=clock.tz())

    assert results == [Outcome.APPLIED] * 3 + [Outcome.REJECTED]
    assert [parses[id(m.body)] for m in batch[:3]] == [1, 1, 1]
    assert visits_sql("select count(*) n from visits")[0]["n"] == 3
