"""`wangge events …`: publish an event file to `integration.events`, watch a service's events.

Broker: --amqp-uri or AMQP_URI (default: the local broker). A failure is one line on
stderr per problem and a non-zero exit: 1 when the broker refused or could not route an
event, 2 when the input is invalid (nothing is published then), 3 when the broker could not
be reached.
"""

from __future__ import annotations

import json
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import typer

from services.cli.main import app

REFUSED, BAD_INPUT, UNREACHABLE = 1, 2, 3
BATCH = 500
SHOWN_PROBLEMS = 20
SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")

events_app = typer.Typer(help="Events on the broker: publish a file, subscribe to a service.",
                         no_args_is_help=True)
app.add_typer(events_app, name="events")

AMQP = typer.Option(None, "--amqp-uri", envvar="AMQP_URI",
                    help="broker URI; default: AMQP_URI or the local broker")


class BadInput(ValueError):
    pass


def fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def where_broker(uri: str) -> str:
    """The broker as shown in messages: never a password (of any node in a list)."""
    from services.common.brokers import BrokerUriError, parse

    try:
        return ";".join(f"{a.host}/{'' if a.virtual_host == '/' else a.virtual_host}"
                        for a in parse(uri))
    except BrokerUriError as exc:
        return f"(none usable: {exc})"


# -- reading an event file ------------------------------------------------------------------
def read_items(path: Path) -> Iterator[tuple[str, object]]:
    """(where, value) for every event in a JSON document (one object or a list) or a JSON
    Lines file; `where` names the line or list item for error messages."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read ({exc})") from None
    if not text.strip():
        raise BadInput(f"{path}: the file is empty")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None  # several documents: JSON Lines
    else:
        if isinstance(whole, list):
            yield from ((f"item {n}", value) for n, value in enumerate(whole, 1))
        else:
            yield "the file", whole
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except ValueError as exc:
            raise BadInput(f"line {number}: not valid JSON ({exc.args[0].split(':')[0]})") \
                from None


@dataclass(frozen=True)
class Prepared:
    where: str
    event_id: str
    type: str
    routing_key: str
    body: bytes


def prepare(where: str, value: object, *, type_: str | None, routing_key: str | None,
            source: str, validate: bool) -> Prepared:
    """One event, enveloped and checked; raises BadInput naming where, the field and why."""
    from marshmallow import ValidationError

    from services.common.contracts import UnknownEventType, load_payload
    from services.common.envelope import new_envelope, parse_envelope

    if not isinstance(value, dict):
        raise BadInput(f"{where}: an event must be a JSON object")
    if "specversion" not in value:
        if type_ is None:
            raise BadInput(f"{where}: not a CloudEvents envelope (no specversion); give "
                           "--type to wrap bare payloads")
        value = new_envelope(type_, value, source=source).to_dict()
    try:
        env = parse_envelope(value)
    except ValidationError as exc:
        raise BadInput(f"{where}: {_first_error(exc.messages_dict)}") from None
    if type_ is not None and env.type != type_:
        raise BadInput(f"{where}: type: is {env.type}, not the --type given ({type_})")
    if validate:
        try:
            load_payload(env.type, env.data)
        except UnknownEventType:
            raise BadInput(f"{where}: type: {env.type} has no published contract "
                           "(--no-validate to send it anyway)") from None
        except ValidationError as exc:
            raise BadInput(f"{where}: {_first_error(exc.messages_dict, 'data.')}") from None
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return Prepared(where, env.id, env.type, routing_key or env.name, body)


def _first_error(errors: dict, prefix: str = "") -> str:
    """marshmallow's (possibly nested) errors as 'data.field: reason' for the first field,
    plus how many more fields are wrong."""
    flat: list[tuple[str, str]] = []

    def walk(node: dict, path: str) -> None:
        for key, messages in node.items():
            if isinstance(messages, dict):
                walk(messages, f"{path}{key}.")
            else:
                first = messages[0] if isinstance(messages, list) and messages else messages
                flat.append((f"{path}{key}", str(first)))

    walk(errors, prefix)
    field, reason = flat[0]
    more = f" (and {len(flat) - 1} more field(s))" if len(flat) > 1 else ""
    return f"{field}: {reason}{more}"


def prepare_file(path: Path, **options) -> list[Prepared]:
    """Every event of the file, or BadInput listing the invalid ones: all or nothing."""
    events, problems = [], []
    for where, value in read_items(path):
        try:
            events.append(prepare(where, value, **options))
        except BadInput as exc:
            problems.append(str(exc))
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown)} more invalid event(s)")
        shown.append(f"{len(problems)} invalid event(s) in {path}: nothing published")
        raise BadInput("\n".join(shown))
    if not events:
        raise BadInput(f"{path}: no events in the file")
    return events


# -- publish ----------------------------------------------------------------------------
@events_app.command("publish")
def publish(
    file: Path = typer.Argument(..., help="a JSON envelope, a JSON list of envelopes, or "
                                          "JSON Lines (one event a line)"),
    type_: str | None = typer.Option(None, "--type", help="full event type, e.g. "
                                     "integration.test_result_recorded: wraps bare payloads "
                                     "in an envelope, and every event must have it"),
    routing_key: str | None = typer.Option(None, "--routing-key", help="default: the type "
                                           "without its prefix (test_result_recorded)"),
    source: str = typer.Option("wangge-cli", "--source", help="source of wrapped payloads"),
    validate: bool = typer.Option(True, "--validate/--no-validate",
                                  help="check every payload against its published contract "
                                       "before sending anything"),
    amqp_uri: str | None = AMQP,
) -> None:
    """Publish an event file to integration.events.

    Every payload is checked against its contract first: one invalid event and nothing is
    sent. Publishing uses confirms and mandatory routing: an event nobody listens to is an
    error, not silently dropped.
    """
    from services.common import config

    try:
        events = prepare_file(file, type_=type_, routing_key=routing_key, source=source,
                              validate=validate)
    except BadInput as exc:
        for line in str(exc).splitlines():
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(BAD_INPUT) from None
    uri = amqp_uri or config.amqp_uri()
    published = _publish_all(uri, events)
    typer.echo(f"published {published} event(s) to integration.events")


def _publish_all(uri: str, events: list[Prepared]) -> int:
    import amqp
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from services.common.publisher import ConfirmingPublisher, Outgoing, PublishError
    from services.common.topology import INTEGRATION_EXCHANGE

    publisher = ConfirmingPublisher(uri)
    published = 0
    progress = Progress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(),
                        console=Console(stderr=True), transient=True,
                        disable=len(events) < BATCH)
    try:
        with progress:
            task = progress.add_task("publish", total=len(events))
            for start in range(0, len(events), BATCH):
                batch = events[start:start + BATCH]
                result = publisher.publish_batch([
                    Outgoing(e.event_id, INTEGRATION_EXCHANGE, e.routing_key, e.body)
                    for e in batch])
                published += sum(1 for e in batch if e.event_id in result.confirmed)
                unroutable = [e for e in batch if e.event_id in result.returned]
                refused = [e for e in batch if e.event_id in result.nacked]
                if unroutable or refused:
                    _stop(published, len(events), unroutable, refused)
                progress.update(task, advance=len(batch))
    except (OSError, amqp.exceptions.AMQPError) as exc:
        fail(f"the broker at {where_broker(uri)} is not reachable or refused the connection "
             f"({type(exc).__name__}: {exc}); published {published} of {len(events)}; "
             "set AMQP_URI", UNREACHABLE)
    except PublishError as exc:
        fail(f"{exc}; published {published} of {len(events)}", REFUSED)
    finally:
        publisher.close()
    return published


def _stop(published: int, total: int, unroutable: list[Prepared],
          refused: list[Prepared]) -> None:
    if unroutable:
        keys = sorted({e.routing_key for e in unroutable})
        first = unroutable[0]
        fail(f"{first.where}: unroutable: no queue is bound to integration.events for "
             f"{', '.join(keys)} (nobody listens); {len(unroutable)} event(s) not delivered, "
             f"published {published} of {total}", REFUSED)
    fail(f"{refused[0].where}: the broker refused {len(refused)} event(s); published "
         f"{published} of {total}", REFUSED)


# -- subscribe --------------------------------------------------------------------------
@events_app.command("subscribe")
def subscribe(
    service: str = typer.Argument(..., help="whose events: registry, dispatch, visits, "
                                            "reporting, or integration"),
    pattern: str = typer.Option("#", "--type", help="event name or AMQP topic pattern: "
                                "resident_moved (or registry.resident_moved), # for all"),
    count: int | None = typer.Option(None, "--count", min=1, help="stop after N events"),
    as_json: bool = typer.Option(False, "--json", help="print each event as one JSON line"),
    timeout: float | None = typer.Option(None, "--timeout", min=0.1,
                                         help="stop after this many seconds; with --count, "
                                              "fewer events than N is an error"),
    amqp_uri: str | None = AMQP,
) -> None:
    """Print a service's events as they arrive, until Ctrl-C or --count.

    Only events published from now on are shown (a private queue, gone when you stop). ID
    numbers and phones are masked, whichever exchange they came from.
    """
    import amqp

    from services.common import brokers, config
    from services.common.topology import exchange_for

    if not SERVICE_NAME.match(service):
        fail(f"service: {service!r} is not a service name (e.g. registry)", BAD_INPUT)
    uri = amqp_uri or config.amqp_uri()
    exchange = exchange_for(service)
    pattern = pattern.removeprefix(f"{service}.")  # routing keys omit the service prefix
    printer = _Printer(as_json, count)
    # Ctrl-C (or a TERM from a supervisor) ends the loop between events, not inside one
    stop = {"now": False}
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    conn = None
    try:
        conn = brokers.connect(uri, connect_timeout=5,  # any node of a cluster
                               client_properties={"connection_name": "wangge-subscribe"})
        channel = conn.channel()
        channel.exchange_declare(exchange, "topic", durable=True, auto_delete=False)
        queue = channel.queue_declare("", exclusive=True, auto_delete=True).queue
        channel.queue_bind(queue, exchange, pattern)
        channel.basic_consume(queue, callback=printer.on_message, no_ack=True)
        typer.echo(f"listening on {exchange} ({pattern}); Ctrl-C to stop", err=True)
        deadline = None if timeout is None else time.monotonic() + timeout
        while not stop["now"] and (count is None or printer.seen < count):
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            try:
                conn.drain_events(timeout=min(left, 1.0) if left is not None else 1.0)
            except TimeoutError:
                continue
    except KeyboardInterrupt:
        pass
    except (OSError, amqp.exceptions.AMQPError) as exc:
        fail(f"the broker at {where_broker(uri)} is not reachable or refused "
             f"({type(exc).__name__}: {exc}); set AMQP_URI", UNREACHABLE)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - leaving anyway; the queue is auto-delete
                pass
    if count is not None and printer.seen < count:
        fail(f"{printer.seen} of {count} event(s) arrived before stopping", REFUSED)
    typer.echo(f"{printer.seen} event(s)", err=True)


class _Printer:
    """One line per event: a rich table row, or the event as JSON (masked either way)."""

    def __init__(self, as_json: bool, limit: int | None) -> None:
        from rich.console import Console

        self.as_json, self.limit = as_json, limit
        self.console = Console(highlight=False, soft_wrap=False)
        if not self.console.is_terminal:
            self.console.width = 240  # piped into a file or a pager: keep rows whole
        self.seen = 0

    def on_message(self, message) -> None:
        from services.common.free_text import mask_identifiers
        from services.common.pii import scrub

        # one read from the socket can hold several deliveries: --count N prints N
        if self.limit is not None and self.seen >= self.limit:
            return
        self.seen += 1
        body = message.body
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        try:
            raw = json.loads(text)
            event = scrub(raw)
        except ValueError:
            raw = event = None
        # an event id is a UUID, not personal data: the scrubber's digit patterns can match
        # inside one (4280-9926-5823…), so a well-formed one is shown as it came
        if isinstance(event, dict) and isinstance(raw, dict) and _is_uuid(raw.get("id")):
            event["id"] = raw["id"]
        if self.as_json:
            line = (json.dumps(event, ensure_ascii=False, separators=(",", ":"))
                    if event is not None else json.dumps({"unparsed": mask_identifiers(text)},
                                                         ensure_ascii=False))
            typer.echo(line)
            return
        self.console.print(self._row(event, mask_identifiers(text), message.delivery_info))

    @staticmethod
    def _row(event, text: str, delivery: dict):
        from rich.table import Table

        row = Table(show_header=False, box=None, pad_edge=False)
        for width in (25, 34, 36, None):
            row.add_column(width=width, no_wrap=True, overflow="ellipsis")
        if not isinstance(event, dict):
            row.add_row("-", delivery.get("routing_key", "-"), "(not JSON)", text[:120])
            return row
        data = json.dumps(event.get("data"), ensure_ascii=False, separators=(",", ":"))
        row.add_row(_seconds(event.get("time")), str(event.get("type", "-")),
                    str(event.get("id", "-")), data[:160])
        return row


def _is_uuid(value) -> bool:
    import uuid

    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _seconds(value) -> str:
    """An envelope's time to the second, offset kept (fits its column)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(value).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return str(value or "-")[:25]
