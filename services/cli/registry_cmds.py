"""`wangge registry …`: registry commands."""

from __future__ import annotations

import typer

from .main import app

registry_app = typer.Typer(help="The resident registry (人口底数).", no_args_is_help=True)
app.add_typer(registry_app, name="registry")


@registry_app.command("migrate")
def migrate() -> None:
    """Bring the registry database to the latest schema."""
    from services.common.migrate import upgrade

    upgrade("registry")
    typer.echo("registry: database at head")
