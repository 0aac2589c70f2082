"""Daily reports written by PostgreSQL itself: the figures of thousands of areas, their
report rows and their outbox events in one statement.

A city has 140,000 grids plus their communities, streets and districts. Reading each
area's counters, shaping its figures in Python and writing its report and event one by
one took ~90 ms an area in the service process, where the CPU it used was taken from the
live consumers. Here one statement per chunk of areas reads the counters once (grouped by
area, campaign, dim and metric), builds each area's figures as JSON, inserts the report
rows and, from what was actually inserted, the events. The service's green thread only
waits on the socket meanwhile, so the consumers keep the process.

The figures have exactly the shape `figures.area_figures` gives `GET /areas/{code}/
figures` (the contract says so); the names and metric lists come from the same
constants, and tests compare both on every area of a seeded tree.

The caller supplies `targets(code, day, revision)`: which reports to write.
"""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.common.outbox import Outbox
from services.common.vocab import VISIT_OUTCOMES as OUTCOMES
from services.reporting.domain.effort import METRICS as EFFORT_METRICS
from services.reporting.use_cases.figures import (
    COVERAGE_STATES,
    REQUEST_FLOWS,
    effort_figures,
    registry_figures,
)
from services.reporting.use_cases.figures import request_figures as _request_figures


def _lit(value: str) -> str:
    # metric names are this module's constants, never input; quoted all the same
    return "'" + value.replace("'", "''") + "'"


def _sum(metric: str, column: str = "s", *, dim_blank: bool = True) -> str:
    cond = f"metric = {_lit(metric)}" + (" and dim = ''" if dim_blank else "")
    return f"coalesce(sum({column}) filter (where {cond}), 0)"


def _flow(metric: str, *, dim_blank: bool = True) -> str:
    return (f"jsonb_build_object('day', {_sum(metric, 'd', dim_blank=dim_blank)}, "
            f"'to_date', {_sum(metric, dim_blank=dim_blank)})")


def _round(expr: str, places: int) -> str:
    # Python's round() of a float: float8 arithmetic and rint's half-to-even
    scale = 10 ** places
    return f"(round(({expr}) * {scale}) / {scale})"


def _coverage_columns() -> str:
    stocks = ["hh.target", *(f"hh.{s}" for s in COVERAGE_STATES), "hh.follow_up",
              "people.found", "people.registered", "discrepancies.open", "hazards.high",
              *(f"visits.{o}" for o in OUTCOMES)]
    cols = [f"{_sum(m)} as \"{m}\"" for m in stocks]
    cols += [f"{_flow(m)} as \"{m}:flow\"" for m in ("hh.first_reached", "visits", "hazards")]
    return ", ".join(cols)


def _coverage_object() -> str:
    def c(metric: str) -> str:
        return f'v."{metric}"'

    states = " + ".join(c(f"hh.{s}") for s in COVERAGE_STATES)
    pairs = [("campaign_id", "v.cp"), ("target", c("hh.target")),
             *((s, c(f"hh.{s}")) for s in COVERAGE_STATES),
             ("not_yet_assigned", f"greatest(0, {c('hh.target')} - ({states}))"),
             ("coverage", f"case when {c('hh.target')} <> 0 then "
                          f"{_round(c('hh.reached') + '::float8 / ' + c('hh.target'), 4)} "
                          "else 0.0 end"),
             ("follow_up", c("hh.follow_up")),
             ("reached_first_time", c("hh.first_reached:flow")),
             ("people_found", c("people.found")),
             ("people_registered", c("people.registered")),
             ("visits", c("visits:flow")),
             ("visits_by_outcome", "jsonb_build_object(" + ", ".join(
                 f"{_lit(o)}, {c('visits.' + o)}" for o in OUTCOMES) + ")"),
             ("discrepancies_open", c("discrepancies.open")),
             ("hazards", c("hazards:flow")),
             ("hazards_high", c("hazards.high")),
             ("name", "coalesce(cm.name, v.cp)")]
    return "jsonb_build_object(" + ", ".join(f"{_lit(k)}, {v}" for k, v in pairs) + ")"


def _effort_object() -> str:
    return "jsonb_build_object(" + ", ".join(
        f"{_lit(m.replace('.', '_'))}, {_flow(m, dim_blank=False)}"
        for m in EFFORT_METRICS) + ")"


def _requests_object() -> str:
    pairs = [(f, _flow(f"requests.{f}", dim_blank=False)) for f in REQUEST_FLOWS]
    pairs += [("open", _sum("requests.open", dim_blank=False)),
              ("overdue_open", _sum("requests.overdue_open", dim_blank=False))]
    resolved = _sum("requests.resolved", dim_blank=False)
    seconds = _sum("requests.resolve_seconds", dim_blank=False)
    pairs.append(("mean_hours_to_resolve", f"case when {resolved} <> 0 then "
                  f"{_round(f'{seconds}::float8 / {resolved} / 3600', 2)} end"))
    return "jsonb_build_object(" + ", ".join(f"{_lit(k)}, {v}" for k, v in pairs) + ")"


def _group(kind: str, key: str) -> str:
    prefix = f"{kind}:"
    return (f"jsonb_agg(jsonb_build_object({_lit(key)}, substr(dim, {len(prefix) + 1})) || j "
            f"order by dim collate \"C\") filter (where starts_with(dim, {_lit(prefix)}))")


EFFORT_IN = ", ".join(_lit(m) for m in EFFORT_METRICS)

# `targets` is supplied by the caller (before this text); every CTE below reads it.
FIGURES_CTES = f"""
t as materialized (
  select x.code, x.day, x.revision, a.level, a.name, a.parent_code, a.path
  from targets x join areas a on a.code = x.code),
r as materialized (
  select t.code, t.day, c.campaign as cp, c.dim, c.metric,
         coalesce(sum(c.value) filter (where c.day = t.day), 0) as d, sum(c.value) as s
  from t join counters c on c.area_code = t.code and c.day <= t.day
  group by t.code, t.day, c.campaign, c.dim, c.metric),
reg as (
  select code, day, jsonb_build_object(
    'households', {_sum('households')},
    'households_by_kind', coalesce(jsonb_object_agg(substr(metric, 12), s) filter (
        where dim = '' and starts_with(metric, 'households.') and s <> 0), '{{}}'::jsonb),
    'residents', {_sum('residents')},
    'residents_by_tag', coalesce(jsonb_object_agg(substr(metric, 11), s) filter (
        where dim = '' and starts_with(metric, 'residents.') and s <> 0), '{{}}'::jsonb)
  ) as j
  from r group by code, day),
cov_rows as (
  select code, day, cp, {_coverage_columns()}
  from r where cp <> '' group by code, day, cp
  having bool_or(starts_with(metric, 'hh.') or starts_with(metric, 'visits'))),
cov as (
  select v.code, v.day, jsonb_agg({_coverage_object()} order by v.cp collate "C") as j
  from cov_rows v left join campaigns cm on cm.campaign_id = v.cp group by v.code, v.day),
eff_rows as (
  select code, day, dim, {_effort_object()} as j
  from r where metric in ({EFFORT_IN}) group by code, day, dim),
eff as (
  select code, day, (array_agg(j) filter (where dim = ''))[1] as totals,
         {_group('unit', 'unit_id')} as by_unit,
         {_group('order', 'order_id')} as by_pairing,
         {_group('task', 'task_kind')} as by_task_kind
  from eff_rows group by code, day),
req_rows as (
  select code, day, dim, {_requests_object()} as j
  from r where starts_with(metric, 'requests.') and (dim = '' or starts_with(dim, 'category:'))
  group by code, day, dim),
req as (
  select code, day, (array_agg(j) filter (where dim = ''))[1] as totals,
         {_group('category', 'category')} as by_category
  from req_rows group by code, day),
med as (
  select t.code, t.day, percentile_cont(0.5) within group (
           order by extract(epoch from q.resolved_at - q.raised_at)) as m
  from t join requests q
    on q.area_path = t.path
    or (q.area_path ~>=~ (t.path || '/') and q.area_path ~<~ (t.path || '0'))
  where q.resolved_at is not null
    and q.resolved_at < ((t.day + 1)::timestamp at time zone :tz)
  group by t.code, t.day),
figs as (
  select t.code, t.day, t.revision, gen_random_uuid()::text as event_id,
    jsonb_build_object(
      'area', jsonb_build_object('code', t.code, 'level', t.level, 'name', t.name,
                                 'parent_code', t.parent_code,
                                 'path', to_jsonb(string_to_array(t.path, '/'))),
      'day', to_char(t.day, 'YYYY-MM-DD'),
      'registry', coalesce(reg.j, cast(:zero_registry as jsonb)),
      'coverage', coalesce(cov.j, '[]'::jsonb),
      'effort', jsonb_build_object(
          'totals', coalesce(eff.totals, cast(:zero_effort as jsonb)),
          'by_unit', coalesce(eff.by_unit, '[]'::jsonb),
          'by_pairing', coalesce(eff.by_pairing, '[]'::jsonb),
          'by_task_kind', coalesce(eff.by_task_kind, '[]'::jsonb)),
      'requests', coalesce(req.totals, cast(:zero_requests as jsonb))
          || jsonb_build_object('by_category', coalesce(req.by_category, '[]'::jsonb),
                                'median_hours_to_resolve', {_round('med.m / 3600', 2)})
    ) as figures
  from t
  left join reg on reg.code = t.code and reg.day = t.day
  left join cov on cov.code = t.code and cov.day = t.day
  left join eff on eff.code = t.code and eff.day = t.day
  left join req on req.code = t.code and req.day = t.day
  left join med on med.code = t.code and med.day = t.day),
ins as (
  insert into daily_reports (area_code, day, revision, figures, event_id)
  select code, day, revision, figures, event_id from figs
  -- a revision only for a change: a batch that committed between the day's closing and
  -- the freeze marked a re-issue for figures revision 1 already has
  where not exists (select 1 from daily_reports p
                    where p.area_code = figs.code and p.day = figs.day
                      and p.revision = figs.revision - 1 and p.figures = figs.figures)
  on conflict do nothing
  returning area_code, day, revision, event_id, figures),
ev as (
  select ins.event_id, ins.area_code as subject, jsonb_build_object(
           'area_code', ins.area_code, 'level', t.level, 'name', t.name,
           'day', to_char(ins.day, 'YYYY-MM-DD'), 'revision', ins.revision,
           'figures', ins.figures) as data
  from ins join t on t.code = ins.area_code and t.day = ins.day)"""


def _zeros() -> dict:
    requests = _request_figures({})
    requests.pop("by_category")
    return {"zero_registry": json.dumps(registry_figures({})),
            "zero_effort": json.dumps(effort_figures({})["totals"]),
            "zero_requests": json.dumps(requests)}


def write_reports(session: Session, outbox: Outbox, targets: str, params: dict, *,
                  tz: str) -> int:
    """Write the report of every row of `targets` (SQL selecting code, day, revision;
    bound with `params`) and its `reporting.daily_report_published`, in one statement.
    A report already there for (area, day, revision) is left alone and not announced
    again. Returns how many were written."""
    sent = outbox.insert_select("daily_report_published", "ev")
    sql = (f"with {targets},{FIGURES_CTES},\nsent as ({sent} returning 1)\n"
           "select count(*) from sent")
    count = session.execute(text(sql), {**params, **_zeros(), "tz": tz,
                                        **outbox.outbox_params("daily_report_published")}
                            ).scalar_one()
    if count:
        outbox.written(session)
    return count
