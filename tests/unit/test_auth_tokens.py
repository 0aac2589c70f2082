import pytest

from services.common.auth import (
    AuthError,
    Forbidden,
    from_header,
    issue,
    verify,
)

KEY = b"k" * 32


def test_round_trip_and_scope_checks():
    token = issue("li", "grid_worker", area="4401060101-G01", key=KEY, now=1000)
    who = verify(token, key=KEY, now=1001, revoked=frozenset())
    assert (who.subject, who.role, who.area) == ("li", "grid_worker", "4401060101-G01")
    who.require("capture", area_path=["4401", "440106", "4401060101", "4401060101-G01"])
    with pytest.raises(Forbidden, match="scope"):
        who.require("capture", area_path="4401/440106/4401060101/4401060101-G02")
    with pytest.raises(Forbidden, match="may not"):
        who.require("write", area_path=["4401060101-G01"])


def test_unit_coordinator_is_scoped_to_a_unit():
    who = verify(issue("chen", "unit_coordinator", unit="thd-tax", key=KEY), key=KEY,
                 revoked=frozenset())
    who.require("read", unit_id="thd-tax")
    with pytest.raises(Forbidden):
        who.require("read", unit_id="other-unit")
    with pytest.raises(Forbidden):
        who.require("read", area_path=["4401"])


@pytest.mark.parametrize("mutate, reason", [
    (lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), "signature"),
    (lambda t: "wg0" + t[3:], "malformed"),
    (lambda t: "garbage", "malformed"),
])
def test_bad_tokens_are_refused_with_a_reason(mutate, reason):
    token = issue("li", "city_admin", area="4401", key=KEY)
    with pytest.raises(AuthError, match=reason):
        verify(mutate(token), key=KEY, revoked=frozenset())


def test_expired_revoked_and_other_key():
    token = issue("li", "city_admin", area="4401", key=KEY, ttl_s=10, now=1000)
    with pytest.raises(AuthError, match="expired"):
        verify(token, key=KEY, now=1011, revoked=frozenset())
    jti = verify(token, key=KEY, now=1001, revoked=frozenset()).token_id
    with pytest.raises(AuthError, match="revoked"):
        verify(token, key=KEY, now=1001, revoked=frozenset({jti}))
    with pytest.raises(AuthError, match="signature"):
        verify(token, key=b"x" * 32, now=1001, revoked=frozenset())


def test_issue_checks_role_and_scope():
    with pytest.raises(ValueError, match="role"):
        issue("x", "superuser", area="4401")
    with pytest.raises(ValueError, match="unit"):
        issue("x", "unit_coordinator", area="4401")
    with pytest.raises(ValueError, match="area"):
        issue("x", "report_reader")


def test_header_parsing():
    with pytest.raises(AuthError, match="missing"):
        from_header(None)
    with pytest.raises(AuthError, match="Bearer"):
        from_header("Basic abc")
    assert from_header("Bearer " + issue("a", "report_reader", area="4401")).role == \
        "report_reader"
