"""Accounts' copies of the places grants name, fed by events: the registry's areas with
their paths and dispatch's units (with the area that pairs them) and volunteers; a late
older version never undoes a newer one. A grant can name them once they arrived."""

from __future__ import annotations

from tests.support.amqp import OutsideClient, wait_until
from tests.support.fixtures.accounts import ADMIN_LOGIN, ADMIN_PASSWORD
from tests.support.http import Client


def area(code: str, level: str, parent: str | None, path: list[str], version: int = 1):
    return {"area_id": len(path), "code": code, "level": level, "name": code,
            "parent_code": parent, "path": path, "version": version}


def test_areas_units_and_volunteers_arrive_by_events(accounts, city_admin, amqp_uri,
                                                     accounts_sql):
    outside = OutsideClient(amqp_uri)
    try:
        outside.publish_event("registry.area_registered",
                              area("4405", "city", None, ["4405"]))
        outside.publish_event("registry.area_registered",
                              area("440501", "district", "4405", ["4405", "440501"], 2))
        # an older version, late: ignored
        outside.publish_event("registry.area_updated",
                              area("440501", "district", "4499", ["4499", "440501"], 1))
        outside.publish_event("dispatch.unit_registered", {
            "unit_id": "U5", "name": "某局", "area_code": "440501", "active": True,
            "version": 1})
        outside.publish_event("dispatch.volunteer_registered", {
            "volunteer_id": "V5", "unit_id": "U5", "party_member": True, "skills": [],
            "active": True, "version": 1, "cause": "api"})
    finally:
        outside.close()
    wait_until(lambda: accounts_sql("select 1 from volunteers where id = 'V5'")
               and accounts_sql("select 1 from units where id = 'U5'")
               and len(accounts_sql("select 1 from inbox where consumer = 'registry'")) == 3,
               what="the copies")
    assert accounts_sql("select path from areas where code = '440501'") == [
        {"path": ["4405", "440501"]}]
    assert accounts_sql("select area_code from units where id = 'U5'") == [
        {"area_code": "440501"}]

    # the fixture's admin is of 4401: U5 lies in another city
    admin = Client(accounts.base_url)
    token = admin.ok("POST", "/sessions", {"login": ADMIN_LOGIN,
                                           "password": ADMIN_PASSWORD})["access_token"]
    status, _ = Client(accounts.base_url, token).call("POST", "/invitations", {
        "display_name": "x", "login": "13700000050",
        "grants": [{"role": "volunteer", "unit": "U5", "volunteer": "V5"}]})
    assert status == 403
