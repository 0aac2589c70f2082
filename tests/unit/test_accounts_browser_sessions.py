"""The plain checks of browser sessions (services/accounts/entrypoints/browser.py): the
refresh cookie's path from the gateway's prefix, the Origin against the host, the CSRF
double submit, and ACCOUNTS_COOKIE_SECURE."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import Headers

from services.accounts.entrypoints.browser import (
    cookie_path,
    csrf_matches,
    same_origin,
    site_refusal,
)
from services.accounts.settings import cookie_secure


@pytest.mark.parametrize(("prefix", "path"), [
    ("/accounts", "/accounts/sessions"), ("/accounts/", "/accounts/sessions"),
    ("/a/b", "/a/b/sessions"), (None, "/sessions"), ("", "/sessions"),
    # anything but path segments is dropped: a header cannot add cookie attributes
    ("/x; Domain=evil.example", "/sessions"), ("accounts", "/sessions"),
    ("/acc ounts", "/sessions"), ("/a\r\nSet-Cookie: x=1", "/sessions"),
])
def test_the_refresh_cookie_lives_under_the_gateways_prefix(prefix, path):
    assert cookie_path(prefix) == path


@pytest.mark.parametrize(("origin", "host", "same"), [
    (None, "127.0.0.1:8000", True),                     # no Origin: CSRF decides
    ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
    ("HTTPS://Wangge.Example", "wangge.example", True),
    ("https://wangge.example:443", "wangge.example", True),
    ("http://wangge.example", "wangge.example:80", True),
    ("http://127.0.0.1:8001", "127.0.0.1:8000", False),
    ("https://evil.example", "wangge.example", False),
    ("https://wangge.example.evil.example", "wangge.example", False),
    ("null", "wangge.example", False),
    ("file://", "wangge.example", False),
    ("https://wangge.example", None, False),
])
def test_an_origin_must_name_this_host(origin, host, same):
    assert same_origin(origin, host) is same


GATEWAY = {"X-Forwarded-Prefix": "/accounts", "Host": "127.0.0.1:8005"}
PAGE = "http://127.0.0.1:8000"


@pytest.mark.parametrize(("headers", "refused_by"), [
    # directly: Host is the browser's
    ({"Host": "127.0.0.1:8005", "Origin": "http://127.0.0.1:8005"}, None),
    ({"Host": "127.0.0.1:8005", "Origin": PAGE}, "Origin"),
    ({"Host": "127.0.0.1:8005"}, None),
    # behind a proxy naming the host
    ({**GATEWAY, "X-Forwarded-Host": "127.0.0.1:8000", "Origin": PAGE}, None),
    ({**GATEWAY, "X-Forwarded-Host": "wangge.example", "Origin": PAGE}, "Origin"),
    # behind one that does not: the browser's Sec-Fetch-Site vouches, or nothing does
    ({**GATEWAY, "Origin": PAGE, "Sec-Fetch-Site": "same-origin"}, None),
    ({**GATEWAY, "Origin": PAGE}, "Origin"),
    ({**GATEWAY}, None),
    # the browser says it comes from elsewhere: whatever the rest
    ({**GATEWAY, "Origin": PAGE, "Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site"),
    ({"Host": "127.0.0.1:8005", "Origin": "http://127.0.0.1:8005",
      "sec-fetch-site": "same-site"}, "Sec-Fetch-Site"),
])
def test_the_request_must_come_from_this_site(headers, refused_by):
    refused = site_refusal(Headers(headers))
    assert (refused[0] if refused else None) == refused_by


def test_the_csrf_header_must_equal_the_cookie():
    assert csrf_matches("abc", "abc")
    for header, cookie in (("abc", "abd"), ("", ""), (None, "abc"), ("abc", None),
                           ("abc", "abcd")):
        assert not csrf_matches(header, cookie)


def test_cookies_are_secure_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("ACCOUNTS_COOKIE_SECURE", raising=False)
    assert cookie_secure({}) is True
    assert cookie_secure({"ACCOUNTS_COOKIE_SECURE": "0"}) is False
    monkeypatch.setenv("ACCOUNTS_COOKIE_SECURE", "0")
    assert cookie_secure({}) is False
    with pytest.raises(ValueError, match="ACCOUNTS_COOKIE_SECURE"):
        cookie_secure({"ACCOUNTS_COOKIE_SECURE": "maybe"})
