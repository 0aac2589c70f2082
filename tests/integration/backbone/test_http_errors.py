"""Every HTTP answer is JSON, even for routes and methods that do not exist."""

from tests.support.http import Client


def test_unknown_route_is_json_404(registry):
    client = Client(registry.base_url)
    status, body = client.get("/no/such/thing")
    assert status == 404
    assert client.last_headers["Content-Type"].startswith("application/json")
    assert "/no/such/thing" in body["error"]


def test_wrong_method_is_json_405_with_allow(registry):
    client = Client(registry.base_url)
    status, body = client.call("DELETE", "/health")
    assert status == 405
    assert client.last_headers["Content-Type"].startswith("application/json")
    assert "GET" in client.last_headers["Allow"]
    assert "DELETE" in body["error"]
