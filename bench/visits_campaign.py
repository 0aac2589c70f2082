"""A campaign over one street (part of `python -m bench visits`; alone:
`python -c "from bench.visits_campaign import main; main()"`).

A street of 57,430 households in 150 grids, each grid with a door_to_door morning shift of
four volunteers due now. Measured: the request creating the campaign (what the client
waits for: the campaign and its households, answered before any split), then the split
of every due shift that follows it in the background (tasks, household states and their
events), as the service runs them. The baseline is the campaign's own insert of its
households, a single INSERT … SELECT that nothing can beat. Figures only, never asserted.
BENCH_STREET_HOUSEHOLDS sets the number of households.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from datetime import time as dtime

from sqlalchemy import create_engine, text

from services.common.config import DEFAULT_PG
from services.common.db import Database
from services.common.outbox import Outbox

from .database import analyze, fresh

DB_NAME = "wangge_bench_visits_campaign"
GRIDS, VOLUNTEERS = 150, 4


def _seed(url: str, households: int, day) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("insert into areas values ('S', 1, 'street', '街道', null, "
                          "array['S'], 1)"))
        conn.execute(text(
            "insert into areas select 'M' || m, 10 + m, 'community', '社区', 'S', "
            "array['S', 'M' || m], 1 from generate_series(1, :n) m"), {"n": GRIDS // 10})
        conn.execute(text(
            "insert into areas select 'G' || g, 1000 + g, 'grid', '网格', "
            "'M' || (1 + (g - 1) / 10), array['S', 'M' || (1 + (g - 1) / 10), 'G' || g], 1 "
            "from generate_series(1, :n) g"), {"n": GRIDS})
        conn.execute(text(
            "insert into households select 'H' || n, n, 'G' || (1 + n % :g), "
            "'G' || (1 + n % :g) || '-B' || (n / (20 * :g)), 'residence', n || '号', 1 "
            "from generate_series(1, :n) n"), {"n": households, "g": GRIDS})
        conn.execute(text(
            "insert into shifts (key, order_id, unit_id, community_code, day, half, "
            "place_code, task_kinds, head_count, status, version) "
            "select 'o:' || g, 'o', 'U', 'M1', :day, 'am', 'G' || g, "
            "array['door_to_door'], :v, 'scheduled', 1 from generate_series(1, :n) g"),
            {"n": GRIDS, "day": day, "v": VOLUNTEERS})
        conn.execute(text(
            "insert into shift_volunteers (shift_key, volunteer_id, status, assigned_at) "
            "select 'o:' || g, 'V' || g || '-' || v, 'assigned', now() "
            "from generate_series(1, :n) g, generate_series(1, :v) v"),
            {"n": GRIDS, "v": VOLUNTEERS})
    engine.dispose()
    analyze(url)


def main() -> None:
    from services.common.unit_of_work import UnitOfWork
    from services.visits import clock
    from services.visits.adapters.models import MESSAGING, SERVICE
    from services.visits.use_cases import reads
    from services.visits.use_cases.campaigns import create_campaign
    from services.visits.use_cases.planning import plan_each
    from services.visits.use_cases.tasks import TaskPolicy

    households = int(os.environ.get("BENCH_STREET_HOUSEHOLDS", "57430"))
    url = os.environ.get("BENCH_VISITS_CAMPAIGN_DATABASE_URL", f"{DEFAULT_PG}/{DB_NAME}")
    fresh(url, "visits")
    day = clock.today()
    _seed(url, households, day)
    now = datetime.combine(day, dtime(8, 30), tzinfo=clock.tz())   # the shifts are due
    db, outbox = Database(url, pool_size=2), Outbox(SERVICE, MESSAGING)
    data = {"campaign_id": "street", "name": "street", "start": day,
            "end": day + timedelta(days=6), "area_codes": ["S"], "questionnaire": None,
            "max_attempts": 3, "per_volunteer": None}
    try:
        started = time.perf_counter()
        # what api_campaigns._create does in the request, its background split apart
        with UnitOfWork.begin(db, outbox) as uow:
            campaign, _ = create_campaign(uow, data, now=now, today=day)
            reads.campaign_view(uow.session, campaign, None)
        request = time.perf_counter() - started
        started = time.perf_counter()
        assigned = plan_each(db, outbox, list(campaign.grid_codes), now=now, tz=clock.tz(),
                             policy=TaskPolicy())
        split = time.perf_counter() - started
        with db.transaction() as session:
            session.execute(text("truncate campaign_households"))
        started = time.perf_counter()
        with db.transaction() as session:
            session.execute(text(
                "insert into campaign_households (campaign_id, household_code, grid_code, "
                "building_code, state) select 'street', code, grid_code, building_code, "
                "'unassigned' from households"))
        baseline = time.perf_counter() - started
    finally:
        db.dispose()
    print(f"visits: a campaign over one street ({households:,} households, {GRIDS} grids, "
          f"a due shift of {VOLUNTEERS} in each)")
    print(f"  {'one INSERT … SELECT of its households (baseline):':62s} {baseline:6.2f}s")
    print(f"  {'POST /campaigns: created and answered:':62s} {request:6.2f}s "
          f"({request / baseline:.1f}× the baseline)")
    print(f"  {'then, in the background, every due shift split:':62s} {split:6.2f}s "
          f"({assigned:,} households assigned, {assigned / split:,.0f}/s)")


if __name__ == "__main__":
    main()
