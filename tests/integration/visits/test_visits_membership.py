"""Households joining campaigns from the registry's import events (issue 11, finding 13):
concurrent import batches never wait for each other, a campaign being created still waits
for them (and they for it), and the events the database writes for the joins are the
contract's. On the real PostgreSQL: the point is what its locks do."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from services.common.contracts import load_payload
from services.common.envelope import parse_envelope
from services.common.unit_of_work import UnitOfWork
from services.visits import clock
from services.visits.adapters.areas import apply_area
from services.visits.entrypoints.registry_events import take_households_imported
from services.visits.use_cases.campaigns import JOINED_PER_EVENT, create_campaign, join_campaigns


def _grid(session, code: str) -> None:
    apply_area(session, {"area_id": 1, "code": "C", "level": "community", "name": "c",
                         "parent_code": None, "path": ["C"], "version": 1})
    apply_area(session, {"area_id": 2 + len(code), "code": code, "level": "grid",
                         "name": code, "parent_code": "C", "path": ["C", code],
                         "version": 1})


def _campaign(session, outbox, campaign_id: str = "c1") -> None:
    with UnitOfWork.within(session, outbox) as uow:
        create_campaign(uow, {
            "campaign_id": campaign_id, "name": "n", "start": clock.today(),
            "end": clock.today() + timedelta(days=3), "area_codes": ["C"],
            "questionnaire": None, "max_attempts": 3, "per_volunteer": None},
            now=clock.now(), today=clock.today())


def _imported(grid: str, first: int, count: int) -> dict:
    return {"import_id": "i1", "grid_code": grid, "households": [
        {"household_id": n, "code": f"{grid}-H{n}", "kind": "residence",
         "building_code": f"{grid}-B{n // 10}"} for n in range(first, first + count)]}


def _short_lock_wait(session) -> None:
    # a statement that would wait for a lock fails instead: what is tested is whether
    # it waits at all
    session.execute(text("set local lock_timeout = '1s'"))


def test_import_batches_join_side_by_side_and_a_new_campaign_waits_for_them(
        visits_db, visits_outbox):
    with visits_db.transaction() as session:
        _grid(session, "G1")
        _campaign(session, visits_outbox)
    first, second = visits_db.sessionmaker(), visits_db.sessionmaker()
    try:
        take_households_imported(first, visits_outbox, _imported("G1", 1, 5), clock.now())
        _short_lock_wait(second)
        # another batch of the import, while the first is still open: it must not wait
        take_households_imported(second, visits_outbox, _imported("G1", 100, 5),
                                 clock.now())
        second.commit()
        # a campaign created meanwhile has to wait until the first batch commits, or it
        # would miss its households and the batch would miss the campaign
        third = visits_db.sessionmaker()
        try:
            _short_lock_wait(third)
            with pytest.raises(OperationalError, match="lock timeout"):
                _campaign(third, visits_outbox, "c2")
        finally:
            third.rollback()
            third.close()
        first.commit()
    finally:
        first.close()
        second.close()
    with visits_db.transaction() as session:
        _campaign(session, visits_outbox, "c2")
        joined = session.execute(text(
            "select campaign_id, count(*) from campaign_households group by 1 order by 1"
        )).all()
    assert [tuple(r) for r in joined] == [("c1", 10), ("c2", 10)]


def test_households_joining_are_announced_as_the_contract_says(visits_db, visits_outbox):
    """One households_joined per campaign and grid of a join, listing every household
    that joined once: never one event per household (a city import is 362k of them)."""
    with visits_db.transaction() as session:
        _grid(session, "G1")
        _grid(session, "G2")
        _campaign(session, visits_outbox)
        _campaign(session, visits_outbox, "c2")
        session.execute(text("delete from outbox"))
    now = clock.now()
    with visits_db.transaction() as session:
        joined = join_campaigns(session, visits_outbox,
                                [(f"G1-H{n}", "G1", "G1-B0") for n in range(1, 4)]
                                + [(f"G2-H{n}", "G2", "G2-B0") for n in range(1, 6)], now)
        assert joined == 16                          # 8 households × 2 campaigns
        # already in the campaign: not joined, not announced again
        take_households_imported(session, visits_outbox, _imported("G1", 1, 3), now)
        assert join_campaigns(session, visits_outbox, [("G1-H1", "G1", "G1-B0")], now) == 0
    with visits_db.transaction() as session:
        bodies = session.execute(text("select type, routing_key, exchange, body from outbox "
                                      "order by seq")).all()
    assert [(t, k, x) for t, k, x, _ in bodies] == \
        [("visits.households_joined", "households_joined", "visits.events")] * 4
    events = [parse_envelope(body.encode()) for *_, body in bodies]
    assert len({e.id for e in events}) == 4
    assert all(e.source == "wangge/visits" for e in events)
    payloads = [load_payload(e.type, e.data) for e in events]
    by_key = {(p["campaign_id"], p["grid_code"]): p for p in payloads}
    assert sorted(by_key) == [("c1", "G1"), ("c1", "G2"), ("c2", "G1"), ("c2", "G2")]
    for (_cid, grid), p in by_key.items():
        expected = ([f"G1-H{n}" for n in range(1, 4)] if grid == "G1"
                    else [f"G2-H{n}" for n in range(1, 6)])
        assert sorted(p["household_codes"]) == expected        # each once
        assert len(p["household_codes"]) == len(set(p["household_codes"]))
    assert {e.subject for e in events} == {"G1", "G2"}
    first = json.loads(bodies[0].body)["data"]
    assert {k: v for k, v in first.items() if k not in ("household_codes", "campaign_id",
                                                        "grid_code")} == {
        "state": "unassigned", "version": 1, "at": now.isoformat(),
        "day": clock.local_day(now).isoformat()}


def test_a_join_larger_than_one_import_event_is_announced_in_parts(visits_db, visits_outbox):
    with visits_db.transaction() as session:
        _grid(session, "G1")
        _campaign(session, visits_outbox)
        session.execute(text("delete from outbox"))
    count = JOINED_PER_EVENT * 2 + 5
    codes = [f"G1-H{n:05d}" for n in range(count)]
    with visits_db.transaction() as session:
        assert join_campaigns(session, visits_outbox, [(c, "G1", "G1-B0") for c in codes],
                              clock.now()) == count
    with visits_db.transaction() as session:
        bodies = session.execute(text("select body from outbox order by seq")).scalars().all()
    lists = [json.loads(b)["data"]["household_codes"] for b in bodies]
    assert [len(c) for c in lists] == [JOINED_PER_EVENT, JOINED_PER_EVENT, 5]
    assert sorted(c for part in lists for c in part) == codes


def test_an_import_reaches_the_running_service_and_joins_the_campaign_once(
        visits, outside, visits_sql):
    from tests.support.http import Client
    from tests.support.visits_world import campaign, seed_area

    from .support import wait_until

    seed_area(outside, visits_sql, buildings=1, per_building=1)        # G01 and one household
    campaign(Client(visits.base_url))
    households = _imported("G01", 500, 40)
    residents = {"import_id": "i1", "grid_code": "G01", "residents": [
        {"resident_id": 90_000 + n, "household_id": 500 + n % 40, "tags": ["elderly"]}
        for n in range(70)]}
    env = outside.publish_as("registry", "households_imported", households)
    outside.publish_as("registry", "households_imported", households, id_=env["id"])  # again
    outside.publish_as("registry", "residents_imported", residents)
    wait_until(lambda: visits_sql("select count(*) n from residents where resident_id "
                                  "between 90000 and 90069")[0]["n"] == 70,
               what="imported residents")
    wait_until(lambda: visits_sql("select count(*) n from campaign_households")[0]["n"] == 41,
               what="imported households in the campaign")
    rows = visits_sql("select h.kind, h.version, h.address, count(*) n from households h "
                      "where h.code like 'G01-H%' group by 1, 2, 3")
    assert [dict(r) for r in rows] == [{"kind": "residence", "version": 0, "address": None,
                                        "n": 40}]
    wait_until(lambda: not visits_sql("select 1 from outbox where published_at is null"),
               what="visits outbox drained")
    assert not visits_sql("select 1 from outbox where type = "
                          "'visits.household_state_changed' and body like '%G01-H5%'")
    joined = visits_sql("select body from outbox where type = 'visits.households_joined'")
    assert len(joined) == 1                         # one campaign, one grid, one event
    assert sorted(json.loads(joined[0]["body"])["data"]["household_codes"]) == \
        [f"G01-H{n}" for n in range(500, 540)]
