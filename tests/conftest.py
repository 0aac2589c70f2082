# Since nameko 2.14 plain pytest no longer monkey-patches: do it before anything imports
# socket, threading or psycopg2 (docs/architecture.md, traps).
from services.common import green

green.patch()

# Every service's fixtures, registered once for the whole suite: a test of any directory
# asks for another service's fixtures by name, with nothing to import (pytest reads
# pytest_plugins only in this top-level conftest). test_suite_layout checks that every
# module of tests/support/fixtures/ is listed.
pytest_plugins = [
    "tests.support.fixtures.broker",
    "tests.support.fixtures.registry",
    "tests.support.fixtures.dispatch",
    "tests.support.fixtures.visits",
    "tests.support.fixtures.reporting",
    "tests.support.fixtures.accounts",
]


import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_cli_session_of_the_machine(monkeypatch):
    """`wangge` keeps its session under XDG_CONFIG_HOME: a test never reads or writes the
    session of whoever runs the suite. Not under pytest's tmp_path, which only this user
    may enter: tools a test starts as another user (rabbitmqctl runs as the broker's) read
    XDG_CONFIG_HOME too and fail on a folder they cannot open."""
    folder = tempfile.mkdtemp(prefix="wangge-test-config-")
    os.chmod(folder, 0o755)
    monkeypatch.setenv("XDG_CONFIG_HOME", folder)
    yield
    shutil.rmtree(folder, ignore_errors=True)
