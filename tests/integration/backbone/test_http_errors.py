"""Every HTTP answer is JSON, even for routes and methods that do not exist."""

import json
import urllib.error
import urllib.request

import pytest


def _call(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    return err.value.code, err.value.headers, json.loads(err.value.read())


def test_unknown_route_is_json_404(registry):
    status, headers, body = _call(registry.base_url + "/no/such/thing")
    assert status == 404
    assert headers["Content-Type"].startswith("application/json")
    assert "/no/such/thing" in body["error"]


def test_wrong_method_is_json_405_with_allow(registry):
    status, headers, body = _call(registry.base_url + "/health", method="DELETE")
    assert status == 405
    assert "GET" in headers["Allow"]
    assert "DELETE" in body["error"]
