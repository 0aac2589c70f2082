"""`wangge deadletters …`: list and replay messages that failed every attempt."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from services.cli.main import app
from services.common import config

deadletters_app = typer.Typer(
    help="Dead letters (<queue>.dead): messages that failed every attempt.",
    no_args_is_help=True)
app.add_typer(deadletters_app, name="deadletters")

QUEUE = typer.Argument(..., help="the work queue, e.g. registry.integration "
                                 "(its .dead queue is read)")
AMQP = typer.Option(None, "--amqp-uri", envvar="AMQP_URI",
                    help="broker URI; default: AMQP_URI or the local broker")


def _work_queue(queue: str) -> str:
    # accept the dead queue's own name too: it is what people see in the broker
    return queue.removesuffix(".dead")


@deadletters_app.command("list")
def list_(queue: str = QUEUE, amqp_uri: str | None = AMQP,
          limit: int = typer.Option(1000, help="read at most this many"),
          as_json: bool = typer.Option(False, "--json", help="one JSON object a line, "
                                                             "ID numbers and phones masked")
          ) -> None:
    """Show dead letters without changing them (they stay in the queue, in order)."""
    from services.common.deadletters import list_dead_letters

    letters = list_dead_letters(amqp_uri or config.amqp_uri(), _work_queue(queue), limit)
    if as_json:
        for letter in letters:
            typer.echo(json.dumps(letter.to_dict(), ensure_ascii=False, default=str))
        return
    table = Table(title=f"{_work_queue(queue)}.dead: {len(letters)} message(s)")
    for column in ("#", "event id", "type", "attempts", "failed at", "error"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        table.add_row(str(letter.position), letter.event_id or "-", letter.event_type or "-",
                      str(letter.attempts), letter.failed_at or "-", (letter.error or "-")[:200])
    Console(width=200).print(table)


@deadletters_app.command("replay")
def replay(queue: str = QUEUE, amqp_uri: str | None = AMQP,
           event_ids: list[str] = typer.Option(None, "--event-id",
                                               help="replay only these (repeatable); "
                                                    "default: all")) -> None:
    """Move dead letters back to their work queue with a fresh attempt count."""
    from services.common.deadletters import replay_dead_letters

    count = replay_dead_letters(amqp_uri or config.amqp_uri(), _work_queue(queue),
                                set(event_ids) if event_ids else None)
    typer.echo(f"replayed {count} message(s) to {_work_queue(queue)}")
