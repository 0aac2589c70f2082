"""A sender of one-time codes for tests, named by the accounts service's settings
(`ACCOUNTS_SENDER: tests.support.senders:Recording`): it keeps what it was asked to send
where the test reads it (the services under test run in the test's process)."""

from __future__ import annotations

SENDER = "tests.support.senders:Recording"


class Recording:
    # (login, purpose, code), oldest first, for every instance: the test clears it
    sent: list[tuple[str, str, str]] = []

    def __init__(self, settings) -> None:
        self.settings = settings

    def send(self, login: str, purpose: str, code: str) -> None:
        Recording.sent.append((login, purpose, code))

    @classmethod
    def codes_for(cls, login: str) -> list[str]:
        return [code for to, _, code in cls.sent if to == login]
