import json
import urllib.request

from .amqp_tools import wait_until


def _post(url, payload):
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return resp.status, json.loads(resp.read())


def test_area_created_over_http_is_published(registry, outside):
    outside.listen("registry.events")
    status, body = _post(registry.base_url + "/areas",
                         {"code": "4401", "level": "city", "name": "广州市"})
    assert status == 201 and body["path"] == ["4401"]
    seen = outside.wait_for("registry.events", lambda ms: len(ms) >= 1)
    assert seen[0]["type"] == "registry.area_registered"
    assert seen[0]["data"]["code"] == "4401"
    assert wait_until(lambda: True)
