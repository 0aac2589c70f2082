"""A burst of visits, as in a campaign's busiest hour: consumed in large batches, one at a
time, with one cumulative ack per batch. Out-of-order versions, duplicates, one visit
under two event ids and an invalid event inside the burst; the figures still equal what
the test counts, at every level, and every message is acknowledged."""

from __future__ import annotations

from services.reporting.entrypoints.service import VISITS_BATCH

from . import world as w
from .helpers import coverage, publish, wait_area, wait_figures

PER_GRID = 300


def test_a_burst_of_visits_gives_exact_figures_and_every_message_is_acked(
        producer, reporting, reporting_sql, outside):
    publish(producer, w.areas())
    wait_area(reporting, w.G2)
    publish(producer, w.households(w.G1, PER_GRID, 1000) + w.households(w.G2, PER_GRID, 5000))
    publish(producer, [w.campaign(2 * PER_GRID)])
    wait_figures(reporting, w.CITY, w.DAY, lambda f: coverage(f, w.CAMPAIGN)
                 .get("target") == 2 * PER_GRID, "campaign target")

    burst: list[tuple[str, dict]] = []
    for grid in (w.G1, w.G2):
        for n in range(PER_GRID):
            first = w.visit(grid, n, "not_home", f"{grid}-{n}-a", attempt=1)
            if n % 2:
                burst += first
            else:
                # the second visit reached the household; its events overtake the first's
                burst += w.visit(grid, n, "reached", f"{grid}-{n}-b", attempt=2) + first
    assert len(burst) > 4 * VISITS_BATCH  # several full batches
    sent = publish(producer, burst[: len(burst) // 2])
    producer.publish_raw("visit_recorded",
                         '{"specversion": "1.0", "id": "bad-in-burst", "source": "x", '
                         '"type": "visits.visit_recorded", '
                         '"time": "2031-05-12T04:00:00+00:00", "data": {}}',
                         exchange="visits.events")
    sent += publish(producer, burst[len(burst) // 2:])
    for body in sent[::7]:
        producer.republish(body)  # redelivered as is: the inbox knows the id
    visit = next(b for b in sent if b["type"] == "visits.visit_recorded")
    producer.republish(visit, new_id="same-visit-other-id")  # counted once by visit id

    reached, not_home = PER_GRID // 2, PER_GRID - PER_GRID // 2
    per_grid = {"target": PER_GRID, "reached": reached, "not_home": not_home,
                "not_yet_assigned": 0, "people_found": 2 * reached}
    visits = PER_GRID + reached

    def done(f: dict) -> bool:
        cov = coverage(f, w.CAMPAIGN)
        return cov.get("visits", {}).get("to_date") == 2 * visits \
            and cov["reached"] == 2 * reached and cov["not_home"] == 2 * not_home

    wait_figures(reporting, w.CITY, w.DAY, done, "the whole burst projected")
    for code, grids in ((w.G1, 1), (w.G2, 1), (w.COMMUNITY, 2), (w.STREET, 2),
                        (w.DISTRICT, 2), (w.CITY, 2)):
        cov = coverage(wait_figures(reporting, code, w.DAY, lambda f: True), w.CAMPAIGN)
        for key, value in per_grid.items():
            assert cov[key] == grids * value, (code, key)
        assert cov["visits"]["to_date"] == grids * visits, code

    states = reporting_sql("select state, count(*) as n from campaign_households "
                           "group by state order by state")
    assert states == [{"state": "not_home", "n": 2 * not_home},
                      {"state": "reached", "n": 2 * reached}]
    assert reporting_sql("select event_id from rejected_events") == \
        [{"event_id": "bad-in-burst"}]
    # Stopped, the service's unacknowledged messages would return to the queue: none do,
    # and none were parked in retry or dead.
    reporting.stop()
    for queue in ("reporting.visits", "reporting.visits.retry", "reporting.visits.dead"):
        assert outside.queue_depth(queue) == 0, queue
