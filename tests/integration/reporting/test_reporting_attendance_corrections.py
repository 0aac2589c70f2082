"""A check-in corrected after the shift (dispatch's docs/shifts.md) reaches the figures on
the real broker: the person moves from no-show to delivered at every level, and the day
shows one corrected person-time, so a changed figure says why."""

from __future__ import annotations

from . import world as w
from .helpers import publish, wait_area, wait_figures


def test_a_corrected_check_in_is_delivered_and_counted_as_a_correction(producer, reporting):
    publish(producer, w.areas())
    wait_area(reporting, w.G2)
    publish(producer, [w.shift("s1", w.G1, 2), w.volunteer("assigned", "s1", w.G1, "p1"),
                       w.volunteer("assigned", "s1", w.G1, "p2"),
                       w.volunteer("no_show", "s1", w.G1, "p1"),
                       w.volunteer("no_show", "s1", w.G1, "p2")])

    def day(f: dict) -> dict:
        return {k: v["day"] for k, v in f["effort"]["totals"].items()}

    before = wait_figures(reporting, w.CITY, w.DAY, lambda f: day(f)["pt_no_show"] == 2,
                          "the no-shows")
    assert (day(before)["pt_delivered"], day(before)["pt_corrected"]) == (0, 0)

    kind, corrected = w.volunteer("checked_in", "s1", w.G1, "p1")
    publish(producer, [(kind, {**corrected, "basis": "correction", "correction_id": 1,
                               "revokes_no_show": True, "source": "correction:1"})])
    for code in (w.G1, w.COMMUNITY, w.CITY):
        after = wait_figures(reporting, code, w.DAY, lambda f: day(f)["pt_delivered"] == 1,
                             f"the correction at {code}")
        assert (day(after)["pt_no_show"], day(after)["pt_corrected"]) == (1, 1), code
        unit = after["effort"]["by_unit"][0]
        assert (unit["unit_id"], unit["pt_corrected"]["day"]) == ("u1", 1)
