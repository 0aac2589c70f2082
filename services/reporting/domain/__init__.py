"""Projections as plain functions of events: no database, no broker.

Each entity kind has `apply(state, event) -> state` (versions decide; an older or repeated
event returns the state unchanged) and `items(state) -> Items` (what that entity
contributes to the figures). The figures change by `core.diff(items(old), items(new),
day)`: a duplicate or an out-of-order event yields the same state, hence no difference.
"""
