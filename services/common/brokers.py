"""Broker addresses: `AMQP_URI` names one broker, or the nodes of a cluster.

Several addresses are separated by `;`, as kombu accepts them:

    amqp://wangge:secret@rabbit-1:5672/wangge;amqp://rabbit-2:5672;amqp://rabbit-3

An address after the first that leaves out the user, password or virtual host takes the
first one's (a cluster's nodes share them); a different virtual host is refused, as it
would silently split the services between two sets of queues. A `;` inside a password
must be written `%3B`, like any reserved character in a URI.

`amqps://` is TLS (port 5671 unless given), verified against the system's CAs and the
address's host name. The query parameters of RabbitMQ's URI spec change that:
`cacertfile`, `certfile`, `keyfile` (paths) and `verify` (`verify_peer`, the default, or
`verify_none`). Every address uses the same scheme and the same TLS parameters, because
kombu (the consumers' connection) takes one TLS setting for all of them.

Connections try the addresses in order, starting from the one that worked last: a
publisher whose node died reconnects to the next node at once, instead of first waiting
on the dead one every time.
"""

from __future__ import annotations

import logging
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlparse

import amqp

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"amqp": 5672, "amqps": 5671}
TLS_PARAMETERS = ("cacertfile", "certfile", "keyfile", "verify")
VERIFY = ("verify_peer", "verify_none")


class BrokerUriError(ValueError):
    """AMQP_URI cannot be used; the message names the address and what is wrong."""


class BrokersUnreachable(ConnectionError):
    """No address answered (a ConnectionError, as a single broker's refusal is)."""


@dataclass(frozen=True)
class BrokerAddress:
    scheme: str
    hostname: str
    port: int
    userid: str
    password: str
    virtual_host: str
    tls: tuple[tuple[str, str], ...] = ()

    @property
    def host(self) -> str:
        name = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        return f"{name}:{self.port}"

    def ssl_options(self, *, with_hostname: bool = True) -> dict | bool:
        """py-amqp's `ssl` argument: False for amqp://. kombu fills no host name in per
        node, so it gets the options without it (amqp_reads adds it per connection)."""
        if self.scheme != "amqps":
            return False
        given = dict(self.tls)
        verify = given.get("verify", "verify_peer") == "verify_peer"
        options: dict = {"cert_reqs": ssl.CERT_REQUIRED if verify else ssl.CERT_NONE}
        for key, option in (("cacertfile", "ca_certs"), ("certfile", "certfile"),
                            ("keyfile", "keyfile")):
            if given.get(key):
                options[option] = given[key]
        # the host name turns on its check, which cannot go with CERT_NONE
        if verify and with_hostname:
            options["server_hostname"] = self.hostname
        return options

    def params(self) -> dict:
        """Keyword arguments of amqp.Connection for this address."""
        return {"host": self.host, "userid": self.userid, "password": self.password,
                "virtual_host": self.virtual_host, "ssl": self.ssl_options()}

    def url(self) -> str:
        """The address as kombu parses it (credentials and virtual host escaped)."""
        return (f"{self.scheme}://{quote(self.userid, safe='')}:"
                f"{quote(self.password, safe='')}@{self.host}/"
                f"{quote(self.virtual_host, safe='')}")

    def __str__(self) -> str:  # for logs: never the password
        return f"{self.scheme}://{self.host}/{quote(self.virtual_host, safe='')}"


def _address(text: str, number: int, first: BrokerAddress | None) -> BrokerAddress:
    where = f"AMQP_URI address {number}"
    try:
        parts = urlparse(text)
        port = parts.port
    except ValueError as exc:
        raise BrokerUriError(f"{where}: {exc}") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise BrokerUriError(f"{where}: scheme {parts.scheme or '(none)'!r} is not amqp "
                             "or amqps")
    if not parts.hostname:
        raise BrokerUriError(f"{where}: names no host")
    if parts.path and parts.path != "/" and "/" in parts.path[1:]:
        raise BrokerUriError(f"{where}: virtual host {parts.path[1:]!r} has a '/'; "
                             "write it %2F")
    query = parse_qsl(parts.query, keep_blank_values=True)
    unknown = sorted({key for key, _ in query} - set(TLS_PARAMETERS))
    if unknown:
        raise BrokerUriError(f"{where}: unknown parameter(s) {', '.join(unknown)} "
                             f"(known: {', '.join(TLS_PARAMETERS)})")
    tls = tuple(sorted(query))
    if tls and parts.scheme != "amqps":
        raise BrokerUriError(f"{where}: TLS parameters need amqps://")
    if dict(tls).get("verify", "verify_peer") not in VERIFY:
        raise BrokerUriError(f"{where}: verify must be verify_peer or verify_none")
    if parts.path in ("", None):
        vhost = first.virtual_host if first else "/"
    else:
        vhost = unquote(parts.path[1:]) or "/"
    address = BrokerAddress(
        scheme=parts.scheme, hostname=parts.hostname,
        port=port or DEFAULT_PORTS[parts.scheme],
        userid=unquote(parts.username) if parts.username is not None
        else (first.userid if first else "guest"),
        password=unquote(parts.password) if parts.password is not None
        else (first.password if first else "guest"),
        virtual_host=vhost, tls=tls or (first.tls if first else ()))
    if first is not None:
        if address.scheme != first.scheme:
            raise BrokerUriError(f"{where}: {address.scheme}:// where address 1 is "
                                 f"{first.scheme}:// (all addresses use one scheme)")
        if address.virtual_host != first.virtual_host:
            raise BrokerUriError(f"{where}: virtual host {address.virtual_host!r} differs "
                                 f"from address 1's {first.virtual_host!r}")
        if address.tls != first.tls:
            raise BrokerUriError(f"{where}: TLS parameters differ from address 1's")
    return address


def parse(uri: str) -> list[BrokerAddress]:
    """The addresses of AMQP_URI, in order; BrokerUriError (a ValueError) if unusable."""
    texts = [part.strip() for part in (uri or "").split(";")]
    if not any(texts):
        raise BrokerUriError("AMQP_URI is empty")
    addresses: list[BrokerAddress] = []
    for number, text in enumerate(texts, 1):
        if not text:
            raise BrokerUriError(f"AMQP_URI address {number} is empty (a ';' too many)")
        addresses.append(_address(text, number, addresses[0] if addresses else None))
    return addresses


def kombu_uri(addresses: list[BrokerAddress]) -> str:
    """The `;` list kombu fails over along (full addresses: kombu inherits nothing)."""
    return ";".join(address.url() for address in addresses)


def describe(uri: str) -> str:
    """AMQP_URI for logs and errors, without passwords."""
    try:
        return ";".join(str(a) for a in parse(uri))
    except BrokerUriError:
        return "(unparsable AMQP_URI)"


class Brokers:
    """Connects to the first address that answers, starting from the last that did."""

    def __init__(self, uri: str) -> None:
        self.addresses = parse(uri)
        self._start = 0
        self._lock = threading.Lock()

    def connect(self, connection_cls=amqp.Connection, **kwargs) -> amqp.Connection:
        """A connected `connection_cls`. With one address its error is raised as it is;
        with several, BrokersUnreachable names each address's error."""
        count = len(self.addresses)
        start = self._start
        errors: list[str] = []
        for step in range(count):
            index = (start + step) % count
            address = self.addresses[index]
            conn = connection_cls(**address.params(), **kwargs)
            try:
                conn.connect()
            except BaseException as exc:
                # the socket goes whatever ended the attempt: an eventlet.Timeout (a
                # BaseException: a caller's bound on the whole probe) left it open
                discard(conn)
                if count == 1 or not isinstance(exc, Exception):
                    raise
                errors.append(f"{address}: {type(exc).__name__}: {exc}")
                continue
            if index != start:
                log.warning("broker %s did not answer; connected to %s",
                            self.addresses[start], address)
            with self._lock:
                self._start = index
            return conn
        raise BrokersUnreachable("no broker answered: " + "; ".join(errors))


# One Brokers per AMQP_URI for the module-level `connect`, so that it starts from the node
# that answered last: a new Brokers per call started at address 1 every time, and a
# node 1 that drops packets cost its whole connect timeout on each call.
_SHARED: dict[str, Brokers] = {}
_SHARED_LOCK = threading.Lock()


def shared(uri: str) -> Brokers:
    """The process's Brokers for `uri` (BrokerUriError if it is unusable)."""
    with _SHARED_LOCK:
        found = _SHARED.get(uri)
        if found is None:
            found = _SHARED[uri] = Brokers(uri)
        return found


def connect(uri: str, connection_cls=amqp.Connection, **kwargs) -> amqp.Connection:
    """One connection to the first address of `uri` that answers, starting from the one
    that answered last in this process."""
    return shared(uri).connect(connection_cls, **kwargs)


def discard(conn) -> None:
    """Drop a connection's socket without the closing handshake (a broker that does not
    answer would never finish it)."""
    try:
        conn.collect()
    except Exception:  # noqa: BLE001 - nothing else to free
        pass
