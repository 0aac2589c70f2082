"""Items, differences and metric names shared by every projection.

An item key is (area, campaign, dim, metric, day). `day` None marks a *stock* (how many
households are reached): its change is dated on the day the state changed, so the stock
as of a day is the sum of the rows up to that day. A dated item is a *flow* (visits on a
day): it always lands on its own day, whenever the event arrives.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

ItemKey = tuple[str, str, str, str, date | None]
Items = dict[ItemKey, int]
DeltaKey = tuple[str, str, str, str, date]
Deltas = dict[DeltaKey, int]


def add(items: Items, area: str, metric: str, value: int = 1, *, day: date | None = None,
        campaign: str = "", dims: tuple[str, ...] = ("",)) -> None:
    if not value:
        return
    for dim in dims:
        key = (area, campaign, dim, metric, day)
        items[key] = items.get(key, 0) + value


def diff(old: Items, new: Items, day: date) -> Deltas:
    """What changes in the figures when an entity goes from `old` to `new` on `day`."""
    out: Deltas = {}
    for key in old.keys() | new.keys():
        change = new.get(key, 0) - old.get(key, 0)
        if change:
            area, campaign, dim, metric, when = key
            dated = (area, campaign, dim, metric, when or day)
            out[dated] = out.get(dated, 0) + change
    return {k: v for k, v in out.items() if v}


def merge(into: Deltas, more: Deltas) -> None:
    for key, value in more.items():
        into[key] = into.get(key, 0) + value


def local_day(at: datetime, tz: tzinfo) -> date:
    return at.astimezone(tz).date()
