"""Helpers of the registry tests (no tests here): places and residents created over its
HTTP API (ID numbers and phones from tests/support/identities.py)."""

from __future__ import annotations

from tests.support.http import Client
from tests.support.identities import make_id, make_phone

EVENTS = "registry.events"


def seed_places(api: Client) -> None:
    """4401 > 440106 > S1 > {C_1 > {G1, G2}, CX1 > G3}. The '_' in C_1 is a LIKE wildcard:
    an unescaped prefix match on C_1 would also take in CX1's grid."""
    for code, level, parent in [("4401", "city", None), ("440106", "district", "4401"),
                                ("S1", "street", "440106"), ("C_1", "community", "S1"),
                                ("CX1", "community", "S1"), ("G1", "grid", "C_1"),
                                ("G2", "grid", "C_1"), ("G3", "grid", "CX1")]:
        api.ok("POST", "/areas", {"code": code, "level": level, "name": f"name {code}",
                                  "parent_code": parent}, 201)
    for code, grid in [("B1", "G1"), ("B2", "G2"), ("B3", "G3")]:
        api.ok("POST", "/buildings", {"code": code, "name": f"楼 {code}", "grid_code": grid}, 201)
    for code, kind, building in [("H1", "residence", "B1"), ("H2", "rental", "B1"),
                                 ("H5", "residence", "B1"), ("H3", "shop", "B2"),
                                 ("H4", "enterprise", "B3")]:
        api.ok("POST", "/households", {"code": code, "kind": kind, "building_code": building,
                                       "address": f"{building}-{code} 号"}, 201)


def add_resident(api: Client, n: int, household: str, **extra) -> dict:
    return api.ok("POST", "/residents", {"id_number": make_id(n), "name": f"居民{n}号",
                                         "household_code": household,
                                         "phone": make_phone(n), **extra}, 201)
