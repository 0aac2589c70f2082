"""Reading the figures: one query over an area's counter rows, shaped by plain functions.

Every row of `counters` is a change on a day, already summed for the area (its
descendants included). For a day D: a stock (households reached, requests open) is the sum
of the rows up to D; a flow (visits, person-times) is D's row (`day`) and the sum up to D
(`to_date`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from services.common.vocab import VISIT_OUTCOMES
from services.reporting.adapters.models import Area, Campaign, Counter
from services.reporting.domain.effort import METRICS as EFFORT_METRICS

# the household states counted per area: every state but unassigned, which is what is
# left of the target (not_yet_assigned)
COVERAGE_STATES = ("assigned", *VISIT_OUTCOMES)
REQUEST_FLOWS = ("raised", "resolved", "closed", "overdue")

Rows = dict[tuple[str, str, str], tuple[int, int]]  # (campaign, dim, metric) → (day, to_date)


def read_rows(session: Session, area: str, day: date, campaign: str | None = None) -> Rows:
    c = Counter
    on_day = func.coalesce(func.sum(c.value).filter(c.day == day), 0)
    query = (select(c.campaign, c.dim, c.metric, on_day, func.sum(c.value))
             .where(c.area_code == area, c.day <= day)
             .group_by(c.campaign, c.dim, c.metric))
    if campaign is not None:
        query = query.where(c.campaign.in_(("", campaign)))
    return {(cp, d, m): (int(a), int(b)) for cp, d, m, a, b in session.execute(query)}


def _sum(rows: Rows, metric: str, *, dim: str = "", campaign: str | None = None,
         to_date: bool = True) -> int:
    i = 1 if to_date else 0
    return sum(v[i] for (cp, d, m), v in rows.items()
               if m == metric and d == dim and (campaign is None or cp == campaign))


def registry_figures(rows: Rows) -> dict:
    kinds, tags = {}, {}
    for (_c, d, m), (_day, total) in rows.items():
        if d == "" and m.startswith("households.") and total:
            kinds[m.split(".", 1)[1]] = total
        elif d == "" and m.startswith("residents.") and total:
            tags[m.split(".", 1)[1]] = total
    return {"households": _sum(rows, "households"), "households_by_kind": kinds,
            "residents": _sum(rows, "residents"), "residents_by_tag": tags}


def coverage_of(rows: Rows, campaign: str) -> dict:
    def stock(metric: str) -> int:
        return _sum(rows, metric, campaign=campaign)

    def flow(metric: str) -> dict:
        return {"day": _sum(rows, metric, campaign=campaign, to_date=False),
                "to_date": stock(metric)}

    target = stock("hh.target")
    states = {s: stock(f"hh.{s}") for s in COVERAGE_STATES}
    return {
        "campaign_id": campaign, "target": target, **states,
        "not_yet_assigned": max(0, target - sum(states.values())),
        "coverage": round(states["reached"] / target, 4) if target else 0.0,
        "follow_up": stock("hh.follow_up"),
        "reached_first_time": flow("hh.first_reached"),
        "people_found": stock("people.found"), "people_registered": stock("people.registered"),
        "visits": flow("visits"),
        "visits_by_outcome": {o: stock(f"visits.{o}") for o in VISIT_OUTCOMES},
        "discrepancies_open": stock("discrepancies.open"),
        "hazards": flow("hazards"),
        "hazards_high": stock("hazards.high"),
    }


def coverage_figures(rows: Rows, names: dict[str, str]) -> list[dict]:
    campaigns = sorted({cp for (cp, _d, m) in rows if cp and (m.startswith("hh.")
                                                              or m.startswith("visits"))})
    return [{**coverage_of(rows, cp), "name": names.get(cp, cp)} for cp in campaigns]


def _effort_of(rows: Rows, dim: str) -> dict:
    out = {}
    for metric in EFFORT_METRICS:
        name = metric.replace(".", "_")
        out[name] = {"day": _sum(rows, metric, dim=dim, to_date=False),
                     "to_date": _sum(rows, metric, dim=dim)}
    return out


def effort_figures(rows: Rows) -> dict:
    groups: dict[str, set[str]] = defaultdict(set)
    for (_c, d, m) in rows:
        if m in EFFORT_METRICS and d:
            kind, key = d.split(":", 1)
            groups[kind].add(key)
    return {
        "totals": _effort_of(rows, ""),
        "by_unit": [{"unit_id": k, **_effort_of(rows, f"unit:{k}")}
                    for k in sorted(groups["unit"])],
        "by_pairing": [{"order_id": k, **_effort_of(rows, f"order:{k}")}
                       for k in sorted(groups["order"])],
        "by_task_kind": [{"task_kind": k, **_effort_of(rows, f"task:{k}")}
                         for k in sorted(groups["task"])],
    }


def _requests_of(rows: Rows, dim: str) -> dict:
    out = {f: {"day": _sum(rows, f"requests.{f}", dim=dim, to_date=False),
               "to_date": _sum(rows, f"requests.{f}", dim=dim)} for f in REQUEST_FLOWS}
    out["open"] = _sum(rows, "requests.open", dim=dim)
    out["overdue_open"] = _sum(rows, "requests.overdue_open", dim=dim)
    resolved = out["resolved"]["to_date"]
    seconds = _sum(rows, "requests.resolve_seconds", dim=dim)
    out["mean_hours_to_resolve"] = round(seconds / resolved / 3600, 2) if resolved else None
    return out


def request_figures(rows: Rows) -> dict:
    categories = sorted({d.split(":", 1)[1] for (_c, d, m) in rows
                         if m.startswith("requests.") and d.startswith("category:")})
    return {**_requests_of(rows, ""),
            "by_category": [{"category": c, **_requests_of(rows, f"category:{c}")}
                            for c in categories]}


def median_hours_to_resolve(session: Session, path: str, day: date) -> float | None:
    """Median over the requests of the area resolved by the end of `day` (local)."""
    value = session.execute(text(
        "select percentile_cont(0.5) within group (order by extract(epoch from "
        "resolved_at - raised_at)) from requests where (area_path = :p or area_path like "
        ":prefix) and resolved_at is not null and (resolved_at at time zone :tz)::date <= :d"
    ), {"p": path, "prefix": path + "/%", "tz": _tzname(), "d": day}).scalar()
    return None if value is None else round(float(value) / 3600, 2)


def _tzname() -> str:
    from services.reporting import clock

    return clock.tz().key


def area_view(area: Area) -> dict:
    return {"code": area.code, "level": area.level, "name": area.name,
            "parent_code": area.parent_code, "path": area.path.split("/")}


def area_figures(session: Session, area: Area, day: date, campaign: str | None = None
                 ) -> dict:
    rows = read_rows(session, area.code, day, campaign)
    names = dict(session.execute(select(Campaign.campaign_id, Campaign.name)).all())
    requests = request_figures(rows)
    requests["median_hours_to_resolve"] = median_hours_to_resolve(session, area.path, day)
    return {"area": area_view(area), "day": day.isoformat(),
            "registry": registry_figures(rows),
            "coverage": coverage_figures(rows, names),
            "effort": effort_figures(rows),
            "requests": requests}


def coverage_now(session: Session, areas: list[str]) -> dict[str, list[dict]]:
    """Campaign-to-date coverage of many areas in one query (coverage_updated)."""
    c = Counter
    per_area: dict[str, Rows] = defaultdict(dict)
    for area, cp, metric, total in session.execute(
            select(c.area_code, c.campaign, c.metric, func.sum(c.value))
            .where(c.area_code.in_(areas), c.campaign != "", c.dim == "")
            .group_by(c.area_code, c.campaign, c.metric)):
        per_area[area][(cp, "", metric)] = (0, int(total))
    out = {}
    for area in areas:
        rows = per_area.get(area, {})
        campaigns = sorted({cp for (cp, _d, _m) in rows})
        out[area] = [_event_coverage(coverage_of(rows, cp)) for cp in campaigns]
    return out


def _event_coverage(full: dict) -> dict:
    keys = ("campaign_id", "target", *COVERAGE_STATES, "not_yet_assigned", "coverage",
            "people_found", "people_registered", "discrepancies_open")
    return {**{k: full[k] for k in keys}, "hazards": full["hazards"]["to_date"],
            "visits": full["visits"]["to_date"]}
