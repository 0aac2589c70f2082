"""The accounts commands' own rules, without servers: grants written `ROLE:SCOPE` (a
unit-scoped role's scope is a unit), refusals the CLI makes before asking accounts, and
`wangge token show`, which decodes a token but says it did not verify it. What accounts
answers is tests/integration/system/test_cli_accounts.py's."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from services.cli.accounts_client import grant_text, parse_grant
from services.cli.main import app
from services.common.auth import Grant
from tests.support.tokens import token

UNREACHABLE = "http://127.0.0.1:9"   # nothing listens: a request would fail with exit 3


@pytest.fixture(autouse=True)
def no_session(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("WANGGE_TOKEN", raising=False)


@pytest.mark.parametrize(("text", "grant"), [
    ("grid_worker:4401060101-G01", {"role": "grid_worker", "area": "4401060101-G01"}),
    ("community_admin:4401060101", {"role": "community_admin", "area": "4401060101"}),
    ("unit_coordinator:U1", {"role": "unit_coordinator", "unit": "U1"}),
    ("request_handler:U1", {"role": "request_handler", "unit": "U1"}),
    ("request_handler:4401:housing", {"role": "request_handler", "unit": "4401:housing"}),
    ("volunteer:U1:A-1f2e", {"role": "volunteer", "unit": "U1", "volunteer": "A-1f2e"}),
])
def test_grants_read_and_print_as_role_colon_scope(text, grant):
    assert parse_grant(text) == grant
    assert grant_text(grant) == text


@pytest.mark.parametrize(("text", "says"), [
    ("mayor:4401", "unknown role 'mayor'"),
    ("grid_worker", "write ROLE:SCOPE"),
    ("grid_worker:", "write ROLE:SCOPE"),
    ("grid_worker:G1:A-1", "only a volunteer grant names a volunteer id"),
])
def test_a_malformed_grant_is_refused_before_accounts_is_asked(text, says):
    with pytest.raises(ValueError, match=says):
        parse_grant(text)
    result = CliRunner().invoke(app, ["accounts", "--url", UNREACHABLE, "invite", "--name",
                                      "李伟", "--login", "13800138000", "--grant", text])
    assert result.exit_code == 2 and says in result.stderr


def test_rejecting_needs_a_reason_and_one_id_cannot_be_both(tmp_path):
    def run(*args):
        return CliRunner().invoke(app, ["volunteers", "--url", UNREACHABLE,
                                        "applications", *args])

    no_reason = run("--reject", "a1,a2")
    assert no_reason.exit_code == 2 and "--reason is needed" in no_reason.stderr
    both = run("--approve", "a1", "--reject", "a1", "--reason", "满了")
    assert both.exit_code == 2 and "both approved and rejected: a1" in both.stderr
    # well-formed: only then is accounts asked (and here nobody answers)
    assert run("--approve", "a1,a2", "--approve", "a3").exit_code == 3


def test_token_show_decodes_without_verifying_and_says_so(monkeypatch):
    issued = token(None, "cli-show-key", subject="p-42",
                   grants=[Grant("grid_worker", area="G1"), Grant("volunteer", unit="U1",
                                                                   volunteer="A-9")])
    monkeypatch.setenv("WANGGE_TOKEN", issued)
    shown = CliRunner().invoke(app, ["token", "show"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == "p-42 (person): grid_worker:G1, volunteer:U1:A-9"
    assert "not verified" in shown.stdout
    bad = CliRunner().invoke(app, ["token", "show", "wg1.not.ajwt"])
    assert bad.exit_code == 2 and "not a JWT" in bad.stderr
    monkeypatch.delenv("WANGGE_TOKEN")
    none = CliRunner().invoke(app, ["token", "show"])
    assert none.exit_code == 2 and "wangge login" in none.stderr
