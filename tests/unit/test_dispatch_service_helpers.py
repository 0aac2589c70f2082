"""Dispatch's service-level helpers, without a broker or database: row mapping, refusals,
scan rules, contracts and the route table."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from marshmallow import ValidationError

from services.common.contracts import dispatch as dispatch_contracts
from services.common.contracts import dump_payload, load_payload
from services.common.errors import Conflict, DomainError, NotFound, Refused
from services.dispatch import domain
from services.dispatch.adapters import mapping
from services.dispatch.domain import check_version
from services.dispatch.entrypoints import schemas
from services.dispatch.entrypoints.errors import rejecting
from tests.support.refusals import rejection

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2030, 3, 4)


def spec(**changes) -> domain.OrderSpec:
    base = {"unit_id": "u1", "community_code": "bj", "start": MONDAY, "end": None,
            "batches": 6, "slot_kind": "half_day", "head_count": 8,
            "head_count_per_place": False, "task_kinds": ["door_to_door"], "places": []}
    return mapping.order_spec("o1", {**base, **changes})


def test_an_amended_period_is_bounded_one_way_only():
    old = spec()
    by_end = mapping.amended_spec(old, {"end": MONDAY + timedelta(days=4)})
    assert (by_end.batches, by_end.end) == (None, MONDAY + timedelta(days=4))
    by_batches = mapping.amended_spec(by_end, {"batches": 3})
    assert (by_batches.batches, by_batches.end) == (3, None)
    both = mapping.amended_spec(old, {"batches": 2, "end": MONDAY})
    assert (both.batches, both.end) == (2, MONDAY)        # validate_order refuses this
    assert mapping.amended_spec(old, {"head_count": 8}) == old
    assert mapping.amended_spec(old, {"places": ["g1"]}).places == ("g1",)


def test_spec_columns_round_trip():
    s = spec(places=["g2", "g1"], head_count_per_place=True)
    assert mapping.order_spec("o1", mapping.spec_columns(s)) == s


def test_the_week_window_covers_whole_iso_weeks():
    sunday = MONDAY + timedelta(days=6)
    assert mapping.week_window([MONDAY + timedelta(days=2)]) == (MONDAY, sunday)
    assert mapping.week_window([sunday, MONDAY + timedelta(days=8)]) == \
        (MONDAY, sunday + timedelta(days=7))


def test_a_refusal_names_every_field_for_http_and_for_events():
    refused = Refused([("start", "in the past"), ("head_count", "too many"),
                       ("head_count", "not split")])
    assert isinstance(refused, DomainError) and not isinstance(refused, ValidationError)
    assert refused.messages_dict == {"start": ["in the past"],
                                     "head_count": ["too many", "not split"]}
    assert refused.reason == "start: in the past; head_count: too many; head_count: not split"

    assert rejection(rejecting, refused).errors == {
        "data.start": ["in the past"], "data.head_count": ["too many", "not split"]}
    assert rejection(rejecting, NotFound("shift", "k1")).errors == {
        "data.shift_key": ["shift k1 not found"]}
    assert rejection(rejecting, Conflict("order_id", "order o1 is cancelled")).reason == \
        "data.order_id: order o1 is cancelled"


def test_a_stale_version_conflicts():
    check_version(None, 3)
    check_version(3, 3)
    with pytest.raises(Conflict) as caught:
        check_version(2, 3)
    assert caught.value.field == "version"


def test_contract_and_domain_speak_the_vocabulary():
    for name in ("TASK_KINDS", "SLOT_KINDS", "HALVES"):
        assert getattr(dispatch_contracts, name) is getattr(domain, name)


def test_events_never_carry_phones_and_validate_what_is_emitted():
    for name, (schema, _description) in dispatch_contracts.EVENTS.items():
        keys = set(schema().fields)
        assert not {"phone", "coordinator_phone", "coordinator_name"} & keys, name
        # a unit's or a site's name only: never a person's
        assert "name" not in keys or name.startswith(("unit_", "site_")), name
    data = dump_payload("dispatch.volunteer_assigned", {
        "shift_key": "o1:2030-03-04:am:g1", "order_id": "o1", "unit_id": "u1",
        "community_code": "bj", "day": MONDAY, "half": "am", "place_code": "g1",
        "volunteer_id": "v1", "replaces": None})
    assert data["day"] == "2030-03-04"
    with pytest.raises(ValueError):
        dump_payload("dispatch.shift_understaffed", {"shift_key": "k"})


def test_inbound_order_and_http_order_share_their_rules():
    base = {"order_id": "o1", "unit_id": "u1", "community_code": "bj",
            "start": "2030-03-04", "batches": 6, "head_count": 8,
            "task_kinds": ["door_to_door"]}
    loaded = load_payload("integration.pairing_ordered", base)
    assert (loaded["slot_kind"], loaded["places"], loaded["end"]) == ("half_day", [], None)
    over_http = schemas.OrderCreate().load({k: v for k, v in base.items() if k != "order_id"})
    assert over_http["order_id"] is None
    with pytest.raises(ValidationError) as caught:
        schemas.OrderCreate().load({**base, "task_kinds": ["dancing"], "order_id": "a/b"})
    assert {"task_kinds", "order_id"} <= set(caught.value.messages)
    with pytest.raises(ValidationError) as caught:
        schemas.OrderAmend().load({"order_id": "o2", "head_count": 3})
    assert "order_id" in caught.value.messages
    enrolled = load_payload("integration.volunteer_enrolled", {
        "volunteer_id": "v1", "unit_id": "u1", "name": "张三"})
    assert enrolled["weekdays"] == list(range(7)) and enrolled["halves"] == ["am", "pm"]
