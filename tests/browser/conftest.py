"""The browser tests: the real services and gateway started once per session
(tests/support/browser_stack.py), the web app as built in web/dist, Debian's Chromium
driven by playwright-core scripts in web/e2e/ run by node. A missing server, Chromium, node or
build fails the run with what to do; nothing here is skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.browser_stack import ROOT, Stack
from tests.support.servers import NAMESPACE

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def browser_tools() -> dict:
    """Chromium, node and the built app, or the run fails saying how to get them."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
                    "Install it with `make chromium` (apt-get install -y chromium, as root)",
                    pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make web` installs Debian's nodejs and npm",
                    pytrace=False)
    if not (ROOT / "web" / "dist" / "index.html").exists():
        pytest.fail("web/dist is not built: run `make web`", pytrace=False)
    if not (ROOT / "web" / "node_modules" / "playwright-core").exists():
        pytest.fail("web/node_modules has no playwright-core: run `make web` (npm ci)",
                    pytrace=False)
    return {"node": node, "chromium": str(CHROMIUM)}


@pytest.fixture(scope="module")
def stack(browser_tools):
    """The five services, the gateway and the seeded world (stack.world), for the module:
    the scenarios use different volunteers and grids, so they share it. In a vhost and
    databases of its own (<namespace>_browser): the integration tests of the same run
    drop and re-create <namespace>'s, and a running service of the stack must never
    consume their events. Dropped afterwards."""
    running = Stack(namespace=f"{NAMESPACE}_browser")
    try:
        running.start()
        running.seed()
        yield running
    finally:
        running.stop()
        running.forget()
