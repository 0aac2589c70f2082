"""Sites without a broker or database: the edge schema, the contract, and the domain's
planning of an order that names a checkpoint."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import ValidationError

from services.common.contracts import dispatch as dispatch_contracts
from services.common.contracts import dump_payload
from services.dispatch.adapters import mapping
from services.dispatch.domain import plan_shifts, validate_order
from services.dispatch.entrypoints import schemas

MONDAY = date(2030, 3, 4)
GRIDS = ("BJ-01", "BJ-02", "BJ-03")


def spec(**changes):
    base = {"unit_id": "u1", "community_code": "BJ", "start": MONDAY, "batches": 6,
            "slot_kind": "half_day", "head_count": 4, "task_kinds": ["checkpoint"],
            "places": ["BJ-KK1"]}
    return mapping.order_spec("o1", {**base, **changes})


def problems(order, sites=("BJ-KK1",)) -> list[tuple[str, str]]:
    return validate_order(order, today=MONDAY, known_unit=True, known_community=True,
                          community_grids=GRIDS, community_sites=sites, unit_capacity=30)


def test_a_site_is_checked_at_the_edge():
    loaded = schemas.SiteCreate().load({"site_code": "BJ-KK1", "name": "滨江路卡口",
                                        "kind": "checkpoint"})
    assert loaded == {"site_code": "BJ-KK1", "name": "滨江路卡口", "kind": "checkpoint"}
    with pytest.raises(ValidationError) as caught:
        schemas.SiteCreate().load({"site_code": "a/b", "name": "", "kind": "gate"})
    assert set(caught.value.messages) == {"site_code", "name", "kind"}


def test_site_registered_is_a_published_contract():
    assert dispatch_contracts.SITE_KINDS == ("checkpoint", "testing_site", "other")
    data = dump_payload("dispatch.site_registered", {
        "site_code": "BJ-KK1", "community_code": "BJ", "name": "滨江路卡口",
        "kind": "checkpoint", "version": 1})
    assert data["kind"] == "checkpoint"
    with pytest.raises(ValueError):
        dump_payload("dispatch.site_registered", {"site_code": "BJ-KK1", "kind": "gate"})


def test_an_order_on_a_checkpoint_plans_its_shifts_at_the_site():
    order = spec()
    assert problems(order) == []
    plans = plan_shifts(order, GRIDS)
    assert [p.place_code for p in plans] == ["BJ-KK1"] * 6
    assert all(p.head_count == 4 and p.task_kinds == ("checkpoint",) for p in plans)
    assert plans[0].key == f"o1:{MONDAY.isoformat()}:am:BJ-KK1"


def test_sites_are_covered_only_when_named():
    # no places: every grid, and no site (a checkpoint is staffed when someone asks)
    plain = spec(places=[], head_count=3, task_kinds=["door_to_door"])
    assert {p.place_code for p in plan_shifts(plain, GRIDS)} == set(GRIDS)
    mixed = spec(places=["BJ-02", "BJ-KK1"], head_count=8)
    assert problems(mixed) == []
    assert {p.place_code for p in plan_shifts(mixed, GRIDS)} == {"BJ-02", "BJ-KK1"}


def test_an_unknown_site_is_refused_by_name():
    found = problems(spec(places=["BJ-KK1", "BJ-KK9"]))
    assert found == [("places", "not grids or sites of BJ: BJ-KK9")]
    assert problems(spec(), sites=()) == [("places", "not grids or sites of BJ: BJ-KK1")]
