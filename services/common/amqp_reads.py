"""Buffered socket reads for the consumers' AMQP connection.

py-amqp's TCP transport asks the socket for exactly the bytes it still needs: a 7-byte
frame header, then the payload, then the 1-byte frame end, so three `recv` calls (each a
trip through eventlet's green socket) per frame and three frames per message. At
thousands of messages a second that receive path was a quarter of a consumer's CPU. Here
one `recv` takes whatever the socket holds (up to READ_SIZE) and the frames are cut out
of that buffer.

Only the consumer connection uses it (`buffered_connection`), and only over plain TCP:
TLS keeps py-amqp's own transport. What callers can observe is kept as py-amqp has it:
the frames, `socket.timeout` on a timed-out read with the partial frame kept for the
next call, EAGAIN/EINTR before a frame header raising `socket.timeout` (when
`raise_on_initial_eintr`) and retried after it, EOF and socket errors raising `OSError`
and marking the transport disconnected, `UnexpectedFrame` for a bad frame end.
Heartbeats count frames in `method_framing`, after this layer, so they are unchanged.
A frame already buffered is also read without py-amqp's per-read socket timeout
set-and-restore (`BufferedAmqpConnection.blocking_read`): that read cannot block.

One assumption this adds: whoever reads frames does not first wait for the socket to be
readable, as frames may already sit in the buffer. That holds for the blocking
`drain_events` loop nameko and kombu's ConsumerMixin run; kombu's async hub
(`register_with_event_loop`, Celery's worker) waits for readability, so it is not to be
given this transport.
"""

from __future__ import annotations

import errno
import os
from ssl import CERT_NONE
from struct import unpack_from

import kombu
from amqp.exceptions import UnexpectedFrame
from amqp.transport import _UNAVAIL, SIGNED_INT_MAX, TCPTransport
from kombu.transport import pyamqp

# The default socket receive buffer on Linux is 128 KiB; 64 KiB is ~90 of our messages
# (3 frames each) per recv without holding much memory per connection.
READ_SIZE = 65536

_RETRY = (errno.EAGAIN, errno.EINTR)  # as TCPTransport._read
_HEADER = 7  # type (1), channel (2), size (4)
_FRAME_END = 206


class BufferedTCPTransport(TCPTransport):
    """TCPTransport whose reads fill a buffer with what the socket has.

    The unread bytes are `_read_buffer[_read_pos:]`: frames are sliced out by moving
    `_read_pos`, and the consumed prefix is dropped once per `recv`, not once per frame
    (slicing the rest off after every frame would copy up to READ_SIZE three times a
    message).
    """

    read_size = READ_SIZE

    def __init__(self, *args, **kwargs):
        self._read_pos = 0
        super().__init__(*args, **kwargs)

    def _setup_transport(self):
        super()._setup_transport()
        self._read_pos = 0

    def frame_buffered(self) -> bool:
        """Whether the next frame is whole in the buffer (read_frame will not recv)."""
        buf, pos = self._read_buffer, self._read_pos
        return len(buf) - pos > _HEADER and \
            len(buf) - pos > _HEADER + unpack_from(">I", buf, pos + 3)[0]

    def _compact(self) -> bytes:
        buf = self._read_buffer
        if self._read_pos:
            buf = self._read_buffer = buf[self._read_pos:]
            self._read_pos = 0
        return buf

    def _fill(self, need: int, initial: bool) -> bytes:
        """→ the buffer, holding at least `need` unread bytes from position 0.

        Whatever arrived stays in the buffer when this raises, so a timed-out read loses
        nothing (py-amqp puts the partial frame back for the same reason).
        """
        buf = self._compact()
        recv = self._quick_recv
        try:
            while len(buf) < need:
                try:
                    data = recv(max(need - len(buf), self.read_size))
                except OSError as exc:
                    if exc.errno in _RETRY:
                        if initial and self.raise_on_initial_eintr:
                            raise TimeoutError from None
                        continue
                    raise
                if not data:
                    raise OSError("Server unexpectedly closed connection")
                buf += data
        finally:
            self._read_buffer = buf
        return buf

    def _read(self, n, initial=False):
        # Nothing in py-amqp calls _read besides read_frame; kept exact for anyone who does.
        buf = self._fill(n, initial)
        self._read_buffer = buf[n:]
        return buf[:n]

    def read_frame(self, unpack=None):
        buf, pos = self._read_buffer, self._read_pos
        try:
            if len(buf) - pos < _HEADER:
                buf, pos = self._fill(_HEADER, True), 0
            frame_type, channel, size = unpack_from(">BHI", buf, pos)
            end = pos + _HEADER + size  # index of the frame-end octet
            if len(buf) <= end and size <= SIGNED_INT_MAX:
                buf, pos = self._fill(_HEADER + size + 1, False), 0
                end = _HEADER + size
        except TimeoutError:  # socket.timeout
            raise
        except OSError as exc:
            # as _AbstractTransport.read_frame: a Windows read timeout comes as EWOULDBLOCK
            if os.name == "nt" and exc.errno == errno.EWOULDBLOCK:
                raise TimeoutError from None
            if exc.errno not in _UNAVAIL:
                self.connected = False
            raise
        if size > SIGNED_INT_MAX:
            # beyond any frame_max a broker negotiates; py-amqp's path reads it in two
            # parts (our _read serves it from the buffer, header included)
            self._compact()
            return super().read_frame()
        payload = buf[pos + _HEADER:end]
        frame_end = buf[end]
        self._read_pos = end + 1
        if frame_end == _FRAME_END:
            return frame_type, channel, payload
        raise UnexpectedFrame(f"Received frame_end {frame_end:#04x} while expecting 0xce")


class BufferedAmqpConnection(pyamqp.Connection):
    def blocking_read(self, timeout=None):
        # py-amqp wraps every read_frame in transport.having_timeout, which sets the
        # socket timeout and puts it back (two settimeout calls and a generator per frame,
        # ~15% of the receive path): pointless when the frame is already buffered. Not
        # done in having_timeout itself: basic_publish uses that for its write timeout.
        transport = self.transport
        if isinstance(transport, BufferedTCPTransport) and transport.frame_buffered():
            return self.on_inbound_frame(transport.read_frame())
        return super().blocking_read(timeout)

    def Transport(self, host, connect_timeout, ssl=False,  # noqa: N802 - py-amqp's name
                  read_timeout=None, write_timeout=None, socket_settings=None, **kwargs):
        if ssl:
            return super().Transport(host, connect_timeout, _with_hostname(ssl, host),
                                     read_timeout, write_timeout, socket_settings, **kwargs)
        return BufferedTCPTransport(host, connect_timeout=connect_timeout,
                                    read_timeout=read_timeout, write_timeout=write_timeout,
                                    socket_settings=socket_settings, **kwargs)


def _with_hostname(ssl, host: str):
    """TLS options checking the certificate against the node this connection goes to.
    kombu writes the first node's name into its shared options once and keeps it through
    failovers, so the name is set here, per connection, when certificates are verified."""
    if not isinstance(ssl, dict) or ssl.get("cert_reqs") == CERT_NONE:
        return ssl
    return {**ssl, "server_hostname": _hostname(host)}


def _hostname(host: str) -> str:
    """`name` of py-amqp's `name:port`, `[v6]:port` or bare host."""
    if host.startswith("["):
        return host[1:host.index("]")]
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() and ":" not in name else host


class BufferedKombuTransport(pyamqp.Transport):
    Connection = BufferedAmqpConnection


class CheckedSSLKombuTransport(pyamqp.SSLTransport):
    Connection = BufferedAmqpConnection  # TLS keeps py-amqp's reads (Transport above)


class BufferedConnection(kombu.Connection):
    """A kombu Connection that uses buffered reads where it would use plain py-amqp TCP.

    TLS gets py-amqp's own reads, its certificate checked against each node's own name
    (`_with_hostname`); any other transport (librabbitmq, memory) is left as kombu picks.
    `clone()` keeps the class, so the ConsumerMixin's reconnects keep the transport.
    """

    def get_transport_cls(self):
        cls = super().get_transport_cls()
        if cls is pyamqp.SSLTransport or (cls is pyamqp.Transport and self.ssl):
            return CheckedSSLKombuTransport
        if cls is pyamqp.Transport:
            return BufferedKombuTransport
        return cls


def buffered_connection(conn: kombu.Connection) -> kombu.Connection:
    """→ a connection with `conn`'s parameters and buffered reads."""
    return BufferedConnection(**dict(conn._info(resolve=False)))  # what clone() copies
