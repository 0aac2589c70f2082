"""`wangge registry …`: registry commands."""

from __future__ import annotations

from pathlib import Path

import typer

from services.cli.main import app

registry_app = typer.Typer(help="The resident registry (人口底数).", no_args_is_help=True)
app.add_typer(registry_app, name="registry")


@registry_app.command("migrate")
def migrate() -> None:
    """Bring the registry database to the latest schema."""
    from services.common.migrate import upgrade

    upgrade("registry")
    typer.echo("registry: database at head")


@registry_app.command("import")
def import_residents(
    file: Path = typer.Argument(..., help="CSV (UTF-8) or XLSX file in the import template "
                                          "(docs/import-template.md)"),
    errors: Path | None = typer.Option(None, "--errors", help="where to write the error "
                                       "report (default: FILE.errors.csv next to FILE)"),
) -> None:
    """Import residents, with their buildings and households, from a template file."""
    from psycopg2 import Error as DatabaseError
    from rich.console import Console
    from sqlalchemy.exc import SQLAlchemyError

    from services.common import config
    from services.common.db import Database
    from services.common.outbox import Outbox
    from services.registry.adapters.models import MESSAGING, SERVICE
    from services.registry.use_cases.importer import ImportFailed, count_rows, import_file

    console, stderr = Console(), Console(stderr=True)
    db = Database(config.database_url("registry"), pool_size=2)
    try:
        with _progress(console) as progress:
            task = progress.add_task("importing", total=_rows_hint(count_rows, file))
            report = import_file(db, Outbox(SERVICE, MESSAGING), file,
                                 key=config.id_hash_key(), error_report=errors,
                                 progress=lambda done: progress.update(task, completed=done))
            progress.update(task, total=report.rows_total, completed=report.rows_total)
    except ImportFailed as exc:
        stderr.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except (SQLAlchemyError, DatabaseError, OSError) as exc:
        first_line = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        stderr.print(f"[red]error:[/red] {type(exc).__name__}: {first_line}",
                     highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    console.print(_summary(report))
    console.print(f"import id: {report.import_id}")
    if report.ignored_columns:
        console.print(f"ignored columns: {', '.join(report.ignored_columns)}")
    if report.errors_total:
        console.print(f"[yellow]{report.rows_rejected:,} row(s) rejected[/yellow]; "
                      f"error report: {report.error_report}")


def _rows_hint(count_rows, file: Path) -> int | None:
    try:
        return count_rows(file)
    except Exception:  # noqa: BLE001 - only a progress hint; the import reports the error
        return None


def _progress(console):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("rows"), TimeElapsedColumn(), console=console,
                    transient=True)


def _summary(report):
    from rich.table import Table

    table = Table(title=report.file_name)
    table.add_column("", style="bold")
    table.add_column("count", justify="right")
    for label, value in (
        ("rows read", report.rows_total), ("rows imported", report.rows_imported),
        ("rows rejected", report.rows_rejected),
        ("buildings created", report.buildings_created),
        ("households created", report.households_created),
        ("residents created", report.residents_created),
        ("residents moved", report.residents_moved),
        ("residents unchanged", report.residents_unchanged),
        ("grids", len(report.grids)),
    ):
        table.add_row(label, f"{value:,}")
    table.add_row("rows/s", f"{report.rows_per_second:,.0f}")
    return table
