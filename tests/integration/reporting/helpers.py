"""Reading reporting over HTTP and waiting for its figures (no sleeps as assertions)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.support.amqp_tools import wait_until


def get(service, path: str) -> tuple[int, dict | bytes]:
    try:
        with urllib.request.urlopen(service.base_url + path, timeout=30) as resp:
            body = resp.read()
            kind = resp.headers.get("Content-Type", "")
            return resp.status, json.loads(body) if "json" in kind else body
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def post(service, path: str) -> tuple[int, dict]:
    request = urllib.request.Request(service.base_url + path, data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as resp:
        return resp.status, json.loads(resp.read())


def figures(service, code: str, day, **params) -> dict:
    query = "&".join([f"day={day}"] + [f"{k}={v}" for k, v in params.items()])
    status, body = get(service, f"/areas/{code}/figures?{query}")
    assert status == 200, body
    return body


def wait_figures(service, code: str, day, predicate, what: str = "", **params) -> dict:
    found = {}

    def ready():
        found["f"] = figures(service, code, day, **params)
        return predicate(found["f"])

    try:
        wait_until(ready, timeout=30, interval=0.1, what=what or f"figures of {code}")
    except AssertionError:
        raise AssertionError(f"{what}: last figures {json.dumps(found.get('f'))[:3000]}") \
            from None
    return found["f"]


def wait_area(service, code: str) -> None:
    wait_until(lambda: get(service, f"/areas/{code}")[0] == 200, timeout=30,
               what=f"area {code} known to reporting")


def coverage(fig: dict, campaign: str) -> dict:
    return next((c for c in fig["coverage"] if c["campaign_id"] == campaign), {})


def publish(producer, events, **kwargs) -> list[dict]:
    return [producer.publish(t, d, **kwargs) for t, d in events]
