"""The plain checks of browser sessions (services/accounts/entrypoints/browser.py): the
refresh cookie's path from the gateway's prefix, the Origin against the host, the CSRF
double submit, and ACCOUNTS_COOKIE_SECURE."""

from __future__ import annotations

import pytest

from services.accounts.entrypoints.browser import cookie_path, csrf_matches, same_origin
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
