"""Events of one household reach reporting in any order (two instances share the queues,
a redelivery comes late): the figures are the same as in publishing order."""

from __future__ import annotations

from . import world as w
from .helpers import coverage, publish, wait_area, wait_figures


def test_a_first_reach_projected_before_the_households_first_state(producer, reporting):
    publish(producer, w.areas())
    wait_area(reporting, w.G2)
    publish(producer, w.households(w.G1, 2, 100))
    publish(producer, [w.campaign(2)])
    recorded, state, reached = w.visit(w.G1, 0, "reached", "v-late-state", found=3)
    # the reach first, alone in its batch; its versioned state afterwards
    publish(producer, [reached])
    wait_figures(reporting, w.G1, w.DAY,
                 lambda f: coverage(f, w.CAMPAIGN).get("people_found") == 3, "first reach")
    publish(producer, [recorded, state])
    f = wait_figures(reporting, w.G1, w.DAY,
                     lambda f: coverage(f, w.CAMPAIGN).get("reached") == 1,
                     "the state after the reach")
    cov = coverage(f, w.CAMPAIGN)
    assert (cov["reached"], cov["people_found"], cov["visits"]["to_date"]) == (1, 3, 1)
