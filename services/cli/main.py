"""`wangge`: the command-line tool. Each command group lives in its own module."""

from __future__ import annotations

import typer

from services.common.green import quiet_eventlet_notice

# commands import models, and models import nameko (and with it eventlet)
quiet_eventlet_notice()

app = typer.Typer(help="Wangge (网格): community grid operations.", no_args_is_help=True,
                  pretty_exceptions_enable=False)


def _register() -> None:
    # Sub-apps register themselves here; a module per command group keeps this file small.
    from services.cli import accounts_cmds  # noqa: F401, I001 - one line per command group
    from services.cli import deadletter_cmds  # noqa: F401
    from services.cli import dispatch_cmds  # noqa: F401
    from services.cli import event_cmds  # noqa: F401
    from services.cli import login_cmds  # noqa: F401
    from services.cli import registry_cmds  # noqa: F401
    from services.cli import report_cmds  # noqa: F401
    from services.cli import token_cmds  # noqa: F401
    from services.cli import visits_cmds  # noqa: F401
    from services.cli import volunteer_cmds  # noqa: F401


_register()

if __name__ == "__main__":
    app()
