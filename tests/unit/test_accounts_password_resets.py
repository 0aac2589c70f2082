"""Password reset rules without a server: the code, its expiry and tries, who is sent one
and how often, its keyed hash; and the sender: the log sender in development (login
masked, code in clear), refused in production, a sender named by ACCOUNTS_SENDER."""

from __future__ import annotations

import logging

import pytest

from services.accounts.adapters import password_resets
from services.accounts.adapters.models import PasswordReset
from services.accounts.adapters.senders import (
    LOG_SENDER,
    RESET,
    LogSender,
    SenderNotConfigured,
    load_sender,
)
from services.accounts.domain.reset_codes import (
    CODE_DIGITS,
    CodeState,
    ResetPolicy,
    may_reset,
    new_code,
    sends_another,
    usable,
)

POLICY = ResetPolicy(ttl_s=900, max_attempts=5, window_s=3600, per_login=3)


def test_a_code_is_eight_random_digits():
    codes = {new_code() for _ in range(50)}
    assert all(len(c) == CODE_DIGITS >= 6 and c.isdigit() for c in codes)
    assert len(codes) > 45


def test_a_code_works_for_fifteen_minutes_and_five_wrong_tries():
    made = 1000.0
    fresh = CodeState(made, 0, False)
    assert usable(POLICY, fresh, made + 1) and usable(POLICY, fresh, made + 899)
    assert not usable(POLICY, fresh, made + 900)
    assert usable(POLICY, CodeState(made, 4, False), made + 10)
    assert not usable(POLICY, CodeState(made, 5, False), made + 10)
    assert not usable(POLICY, CodeState(made, 0, True), made + 10)      # used or replaced
    assert not usable(POLICY, None, made)


def test_only_active_or_locked_people_with_a_password_are_sent_a_code():
    assert may_reset("person", "active", True) and may_reset("person", "locked", True)
    assert not may_reset("person", "invited", False)
    assert not may_reset("person", "disabled", True)
    assert not may_reset("service", "active", True)
    assert not may_reset("person", "active", False)


def test_at_most_three_codes_an_hour_go_to_one_login():
    assert [sends_another(POLICY, n) for n in range(5)] == [True, True, True, False, False]
    with pytest.raises(ValueError, match="per_login"):
        ResetPolicy(per_login=0)


def test_a_code_is_kept_as_a_keyed_hash_bound_to_its_reset():
    row = PasswordReset(id="r1", code_hash=password_resets.code_hash(b"k" * 32, "r1",
                                                                     "12345678"))
    assert "12345678" not in row.code_hash
    assert password_resets.matches(b"k" * 32, row, "12345678")
    assert not password_resets.matches(b"k" * 32, row, "12345679")
    assert not password_resets.matches(b"x" * 32, row, "12345678")
    assert password_resets.code_hash(b"k" * 32, "r2", "12345678") != row.code_hash


# -- senders ------------------------------------------------------------------------------
class Recorder:
    def __init__(self, settings):
        self.settings, self.sent = settings, []

    def send(self, login, purpose, code):
        self.sent.append((login, purpose, code))


class NoSend:
    def __init__(self, settings):
        pass


def test_development_logs_the_code_with_the_login_masked(monkeypatch, caplog):
    monkeypatch.delenv("ACCOUNTS_SENDER", raising=False)
    monkeypatch.setenv("WANGGE_ENV", "development")
    sender = load_sender({})
    assert isinstance(sender, LogSender)
    with caplog.at_level(logging.INFO, logger="services.accounts.codes"):
        sender.send("13900139000", RESET, "12345678")
    assert "12345678" in caplog.text and "139****9000" in caplog.text
    assert "13900139000" not in caplog.text


def test_production_refuses_to_start_without_a_sender(monkeypatch):
    monkeypatch.setenv("WANGGE_ENV", "production")
    monkeypatch.delenv("ACCOUNTS_SENDER", raising=False)
    with pytest.raises(SenderNotConfigured, match="ACCOUNTS_SENDER"):
        load_sender({})
    with pytest.raises(SenderNotConfigured):
        load_sender({"ACCOUNTS_SENDER": LOG_SENDER})
    sender = load_sender({"ACCOUNTS_SENDER": f"{__name__}:Recorder", "SMS_KEY": "k"})
    assert isinstance(sender, Recorder) and sender.settings["SMS_KEY"] == "k"


def test_a_sender_is_named_by_its_dotted_path_and_must_send(monkeypatch):
    monkeypatch.setenv("WANGGE_ENV", "development")
    monkeypatch.setenv("ACCOUNTS_SENDER", f"{__name__}.Recorder")
    assert isinstance(load_sender({}), Recorder)
    for bad in (f"{__name__}:NoSend", f"{__name__}:Missing", "no_such_module:X", "X"):
        with pytest.raises(SenderNotConfigured):
            load_sender({"ACCOUNTS_SENDER": bad})
