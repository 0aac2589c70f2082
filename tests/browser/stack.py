"""`WANGGE_TEST_NAMESPACE=x .venv/bin/python -m tests.browser.stack`: the browser tests'
private Wangge (the five services, the gateway serving web/dist, a seeded world) serving
until Ctrl-C, for working on the web app; it prints the world as JSON (base URL, zone,
every seeded person's login and password) and writes it to var/browser/x/world.json.
The stack itself is tests/support/browser_stack.py."""

from tests.support.browser_stack import main

if __name__ == "__main__":
    main()
