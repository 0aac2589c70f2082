"""Coordinators replace a volunteer or swap two between shifts, by HTTP and the CLI: the
rules are checked again, events say who left, who came and why."""

from __future__ import annotations

from tests.support.dispatch_world import seed_community, seed_unit, staffed
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type, order, settle, wangge


def _slot(key: str) -> tuple[str, str]:
    _order, day, half, _place = key.split(":")
    return day, half


def test_two_volunteers_swap_shifts_within_the_rules(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=8)
    api.ok("POST", "/orders", order(days_ahead=2, batches=2, head_count=3), status=201)
    before = staffed(api)
    am = sorted(k for k in before if _slot(k)[1] == "am")
    pm = sorted(k for k in before if _slot(k)[1] == "pm")
    # someone on the morning but not the afternoon, and the other way round
    a_key, b_key = am[0], pm[0]
    a = next(v for v in before[a_key] if v not in sum((before[k] for k in pm), []))
    b = next(v for v in before[b_key] if v not in sum((before[k] for k in am), []))
    outside.listen(EVENTS)

    done = api.ok("POST", f"/shifts/{a_key}/swap", {
        "volunteer_id": a, "other_shift_key": b_key, "other_volunteer_id": b})
    after = staffed(api)
    assert sorted(after[a_key]) == sorted([v for v in before[a_key] if v != a] + [b])
    assert sorted(after[b_key]) == sorted([v for v in before[b_key] if v != b] + [a])
    assert {s["shift_key"]: sorted(s["volunteers"]) for s in done["shifts"]} == \
        {a_key: sorted(after[a_key]), b_key: sorted(after[b_key])}
    assert {k: v for k, v in after.items() if k not in (a_key, b_key)} == \
        {k: v for k, v in before.items() if k not in (a_key, b_key)}
    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(volunteer_unassigned=2, volunteer_assigned=2)))
    left = {(m["data"]["shift_key"], m["data"]["volunteer_id"], m["data"]["reason"])
            for m in of_type(seen, "volunteer_unassigned")}
    assert left == {(a_key, a, "swapped"), (b_key, b, "swapped")}
    came = {(m["data"]["shift_key"], m["data"]["volunteer_id"], m["data"]["replaces"])
            for m in of_type(seen, "volunteer_assigned")}
    assert came == {(a_key, b, a), (b_key, a, b)}

    # the rules are checked again: an afternoons-only volunteer cannot go to a morning
    x_key, y_key = am[1], pm[1]
    x, y = after[x_key][0], after[y_key][0]
    api.ok("PATCH", f"/volunteers/{y}", {"halves": ["pm"]})
    status, body = api.call("POST", f"/shifts/{x_key}/swap", {
        "volunteer_id": x, "other_shift_key": y_key, "other_volunteer_id": y})
    assert status == 400, body
    assert "not available in the mornings" in body["errors"]["other_volunteer_id"][0]
    status, body = api.call("POST", f"/shifts/{a_key}/swap", {
        "volunteer_id": "U1-v99", "other_shift_key": b_key, "other_volunteer_id": a})
    assert status == 400 and "is not on shift" in body["errors"]["volunteer_id"][0]
    status, body = api.call("POST", f"/shifts/{a_key}/swap", {"volunteer_id": b})
    assert status == 400 and set(body["errors"]) == {"other_shift_key", "other_volunteer_id"}
    assert api.call("POST", "/shifts/nope/swap", {
        "volunteer_id": a, "other_shift_key": b_key, "other_volunteer_id": b})[0] == 404
    assert staffed(api) == after                       # refusals change nothing


def test_a_coordinator_replaces_a_volunteer_and_the_cli_swaps_and_replaces(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=6)
    seed_unit(api, "U2", volunteers=1)
    api.ok("POST", "/orders", order(days_ahead=2, batches=1, head_count=3), status=201)
    before = staffed(api)
    key = sorted(before)[0]
    leaving = before[key][0]
    free = sorted(f"U1-v{n:02d}" for n in range(6)
                  if f"U1-v{n:02d}" not in sum(before.values(), []))
    outside.listen(EVENTS)

    named = api.ok("POST", f"/shifts/{key}/replace",
                   {"volunteer_id": leaving, "replacement_id": free[0]})
    assert (named["replacement"], named["missing"]) == (free[0], 0)
    status, body = api.call("POST", f"/shifts/{key}/replace",
                            {"volunteer_id": free[0], "replacement_id": "U2-v00"})
    # only the shift's unit is staffed from: someone of another unit is not a candidate
    assert status == 400 and "U2-v00" in body["errors"]["replacement_id"][0]

    by_rotation = wangge(dispatch.base_url, "shift", "replace", key, free[0])
    assert by_rotation.exit_code == 0, by_rotation.output
    now_on = staffed(api)[key]
    assert free[0] not in now_on and len(now_on) == 1
    came = now_on[0]
    assert f"{free[0]} replaced by {came} on {key}" in by_rotation.stdout
    # whom a coordinator took off a shift, the rotation does not put back on it
    assert came not in (leaving, free[0])

    refused = wangge(dispatch.base_url, "shift", "replace", key, "U1-v99")
    assert refused.exit_code == 1 and "is not on shift" in refused.stderr

    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(volunteer_unassigned=2, volunteer_assigned=2)))
    assert [m["data"]["reason"] for m in of_type(seen, "volunteer_unassigned")] == \
        ["replaced", "replaced"]
    assert [m["data"]["replaces"] for m in of_type(seen, "volunteer_assigned")] == \
        [leaving, free[0]]

    api.ok("POST", "/orders", order("o2", days_ahead=3, batches=1, head_count=3),
           status=201)
    mine, theirs = sorted(staffed(api, "o1")), sorted(staffed(api, "o2"))
    a = next(v for v in staffed(api)[mine[0]] if v not in sum(staffed(api, "o2").values(), []))
    b = next(v for v in staffed(api, "o2")[theirs[0]] if v not in sum(
        staffed(api).values(), []))
    swapped = wangge(dispatch.base_url, "shift", "swap", mine[0], a, theirs[0], b)
    assert swapped.exit_code == 0, swapped.output
    assert f"swapped: {a} → {theirs[0]}, {b} → {mine[0]}" in swapped.stdout
    assert b in staffed(api)[mine[0]] and a in staffed(api, "o2")[theirs[0]]
