"""Reporting's effort figures count a corrected check-in (dispatch's docs/shifts.md): the
person moves from no-show to delivered and the shift's day says one was corrected."""

from __future__ import annotations

from datetime import date

from services.reporting.domain import effort

D1 = date(2030, 3, 4)


def ref(**more) -> dict:
    return {"shift_key": "s1", "order_id": "o1", "unit_id": "u1", "community_code": "C1",
            "place_code": "G1", "day": D1, "half": "am", **more}


def totals(state: dict) -> dict:
    return {k[3]: v for k, v in effort.shift_items(state, "G1").items() if k[2] == ""}


def test_a_correction_after_a_no_show_is_delivered_and_counted_as_corrected():
    s = effort.apply_scheduled(None, ref(task_kinds=["door_to_door"], head_count=2,
                                         version=1))
    for v in ("v1", "v2"):
        s = effort.apply_volunteer(s, ref(volunteer_id=v), "assigned", "2030-03-01T01")
        s = effort.apply_volunteer(s, ref(volunteer_id=v), "no_show", "2030-03-04T04")
    got = totals(s)
    assert (got.get("pt.delivered", 0), got["pt.no_show"], got.get("pt.corrected", 0)) == \
        (0, 2, 0)

    s = effort.apply_volunteer(s, ref(volunteer_id="v1", basis="correction",
                                      correction_id=7, revokes_no_show=True),
                               "checked_in", "2030-03-04T06")
    s = effort.apply_volunteer(s, ref(volunteer_id="v2", basis="visit",
                                      revokes_no_show=True), "checked_in", "2030-03-04T07")
    got = totals(s)
    assert (got["pt.delivered"], got.get("pt.no_show", 0), got["pt.corrected"]) == (2, 0, 1)
    assert "pt.corrected" in effort.METRICS
