"""Buffered AMQP reads (services/common/amqp_reads.py) against py-amqp's own TCPTransport.

Both transports read from the same scripted fake socket; py-amqp's is the oracle for the
frames decoded and for the errors raised at each step.
"""

import errno
import random
import socket
from struct import pack
from types import SimpleNamespace

import pytest
from amqp.exceptions import UnexpectedFrame
from amqp.transport import SSLTransport, TCPTransport
from kombu.transport import pyamqp

from services.common.amqp_reads import (
    READ_SIZE,
    BufferedAmqpConnection,
    BufferedConnection,
    BufferedKombuTransport,
    BufferedTCPTransport,
    CheckedSSLKombuTransport,
)
from services.common.consumer import RawQueueConsumer


def frame(frame_type: int, channel: int, payload: bytes, end: bytes = b"\xce") -> bytes:
    return pack(">BHI", frame_type, channel, len(payload)) + payload + end


def message_frames(i: int, body_size: int = 700) -> list[bytes]:
    method = frame(1, 1, b"\x00\x3c\x00\x3c" + b"ctag" + pack(">Q", i))
    header = frame(2, 1, b"\x00\x3c\x00\x00" + pack(">Q", body_size) + b"\x98\x00")
    body = frame(3, 1, bytes([i % 251]) * body_size)
    return [method, header, body]


STREAM = [f for i in range(60) for f in message_frames(i)] + [
    frame(8, 0, b""),                       # heartbeat: empty payload
    frame(3, 2, bytes(range(256)) * 600),   # 150 KiB: larger than one READ_SIZE recv
    frame(1, 3, b"x"),
]
DATA = b"".join(STREAM)
EXPECTED = [(f[0], int.from_bytes(f[1:3], "big"), f[7:-1]) for f in STREAM]


class FakeSocket:
    """Plays a script: bytes are what the peer sent next (handed out at most `n` at a time,
    like recv), an exception instance is raised by the recv that reaches it."""

    def __init__(self, script):
        self.script = list(script)
        self.asked: list[int] = []
        self.timeouts: list = []
        self.timeout = None

    def recv(self, n):
        self.asked.append(n)
        if not self.script:
            return b""  # the peer closed
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        if len(item) > n:
            self.script.insert(0, item[n:])
        return item[:n]

    def gettimeout(self):
        return self.timeout

    def settimeout(self, value):
        self.timeouts.append(value)
        self.timeout = value


def transport(cls, script, *, raise_on_initial_eintr=True):
    t = cls("127.0.0.1:5672", raise_on_initial_eintr=raise_on_initial_eintr)
    t.sock = FakeSocket(script)
    t._quick_recv = t.sock.recv
    t.connected = True
    return t


def outcomes(t, reads: int) -> list:
    """→ each read_frame's frame, or the type of what it raised, and `connected` after."""
    seen = []
    for _ in range(reads):
        try:
            seen.append(t.read_frame())
        except Exception as exc:  # noqa: BLE001 - the type is what we compare
            seen.append(type(exc))
        seen.append(t.connected)
    return seen


def both(script, reads: int, **kwargs) -> list:
    stock = outcomes(transport(TCPTransport, script, **kwargs), reads)
    buffered = outcomes(transport(BufferedTCPTransport, script, **kwargs), reads)
    assert buffered == stock
    return buffered


def chunks(data: bytes, sizes) -> list[bytes]:
    out, i = [], 0
    for size in sizes:
        if i >= len(data):
            break
        out.append(data[i:i + size])
        i += size
    if i < len(data):
        out.append(data[i:])
    return out


@pytest.mark.parametrize("seed", range(8))
def test_frames_arriving_in_odd_chunks_are_decoded_as_py_amqp_does(seed):
    rng = random.Random(seed)
    sizes = [rng.choice([1, 2, 3, 5, 7, 8, 13, 700, 4096, 70000]) for _ in range(4000)]

    frames = both(chunks(DATA, sizes), len(STREAM))

    assert frames[::2] == EXPECTED


def test_everything_at_once_and_byte_by_byte_give_the_same_frames():
    assert both([DATA], len(STREAM))[::2] == EXPECTED
    assert both(chunks(DATA[:5000], [1] * 5000), 6)[::2] == EXPECTED[:6]


def test_whole_buffer_reads_cut_recv_calls():
    stock = transport(TCPTransport, [DATA])
    buffered = transport(BufferedTCPTransport, [DATA])
    for _ in STREAM:
        stock.read_frame(), buffered.read_frame()

    assert len(stock.sock.asked) == 3 * len(STREAM) - 1  # none for the heartbeat's payload
    # 183 frames in ~290 KiB: a handful of recvs, each asking for at least READ_SIZE
    assert len(buffered.sock.asked) <= len(DATA) // READ_SIZE + 2
    assert min(buffered.sock.asked) >= READ_SIZE


@pytest.mark.parametrize("code", [errno.EAGAIN, errno.EINTR])
@pytest.mark.parametrize("cut", [0, 3])  # nothing or part of the frame header arrived
def test_eagain_or_eintr_before_a_header_is_a_timeout_and_loses_nothing(code, cut):
    first, second = STREAM[0], STREAM[1]
    script = [first[:cut], OSError(code, "again"), first[cut:] + second] if cut else \
        [OSError(code, "again"), first + second]

    seen = both(script, 3)

    assert seen == [socket.timeout, True, EXPECTED[0], True, EXPECTED[1], True]


@pytest.mark.parametrize("code", [errno.EAGAIN, errno.EINTR])
def test_eagain_or_eintr_is_retried_when_not_raising_on_initial_eintr(code):
    seen = both([OSError(code, "again"), STREAM[0]], 1, raise_on_initial_eintr=False)

    assert seen == [EXPECTED[0], True]


@pytest.mark.parametrize("code", [errno.EAGAIN, errno.EINTR])
def test_eagain_or_eintr_after_the_header_is_retried(code):
    body = STREAM[2]
    seen = both([body[:9], OSError(code, "again"), body[9:]], 1)

    assert seen == [EXPECTED[2], True]


@pytest.mark.parametrize("cut", [3, 7, 100, 707])  # in the header, at its end, in the body
def test_a_timeout_mid_frame_keeps_the_partial_frame_for_the_next_read(cut):
    body = STREAM[2]
    seen = both([body[:cut], TimeoutError("timed out"), body[cut:] + STREAM[3]], 3)

    assert seen == [socket.timeout, True, EXPECTED[2], True, EXPECTED[3], True]


@pytest.mark.parametrize("cut", [0, 4, 7, 300])
def test_the_peer_closing_is_an_oserror_and_disconnects(cut):
    seen = both([STREAM[0] + STREAM[2][:cut], b""], 2)

    assert seen == [EXPECTED[0], True, OSError, False]


def test_a_connection_reset_is_raised_and_disconnects():
    seen = both([STREAM[0][:5], ConnectionResetError(errno.ECONNRESET, "reset")], 1)

    assert seen == [ConnectionResetError, False]


def test_a_bad_frame_end_is_an_unexpected_frame():
    bad = frame(1, 1, b"abc", end=b"\x00")
    seen = both([bad + STREAM[0]], 2)

    assert seen == [UnexpectedFrame, True, EXPECTED[0], True]


def test_read_returns_exactly_n_bytes_from_the_buffer_first():
    t = transport(BufferedTCPTransport, [DATA[:10], DATA[10:20]])
    assert t._read(3) == DATA[:3]
    assert t._read(12) == DATA[3:15]
    assert t._read(5) == DATA[15:20]


@pytest.mark.parametrize("nxt", [STREAM[1], frame(8, 0, b"")])
def test_a_frame_counts_as_buffered_only_with_its_frame_end(nxt):
    def after_first(script):
        t = transport(BufferedTCPTransport, script)
        assert t.read_frame() == EXPECTED[0]
        return t.frame_buffered()

    assert after_first([STREAM[0] + nxt]) is True
    assert after_first([STREAM[0] + nxt[:-1]]) is False
    assert after_first([STREAM[0] + nxt[:6]]) is False
    assert after_first([STREAM[0]]) is False


def test_a_buffered_frame_is_read_without_setting_the_socket_timeout():
    conn = BufferedAmqpConnection()
    conn._transport = transport(BufferedTCPTransport, [STREAM[0] + STREAM[1][:5], STREAM[1][5:]])
    conn.on_inbound_frame = lambda f: f

    assert conn.blocking_read(timeout=1) == EXPECTED[0]      # must recv: timeout set
    assert conn._transport.sock.timeouts == [1, None]
    assert not conn._transport.frame_buffered()              # half a header left
    assert conn.blocking_read(timeout=1) == EXPECTED[1]
    assert conn._transport.sock.timeouts == [1, None] * 2

    conn._transport = transport(BufferedTCPTransport, [STREAM[0] + STREAM[1]])
    conn.blocking_read(timeout=1)
    assert conn._transport.frame_buffered()
    assert conn.blocking_read(timeout=1) == EXPECTED[1]      # from the buffer
    assert conn._transport.sock.timeouts == [1, None]


def test_only_plain_tcp_py_amqp_connections_get_buffered_reads():
    uri = "amqp://guest:guest@127.0.0.1:5672/x"
    conn = BufferedConnection(uri, heartbeat=30)

    assert conn.get_transport_cls() is BufferedKombuTransport
    assert conn.clone().get_transport_cls() is BufferedKombuTransport  # reconnects
    # TLS keeps py-amqp's reads, checking each node's certificate against its own name
    assert BufferedConnection(uri, ssl=True).get_transport_cls() is CheckedSSLKombuTransport
    assert issubclass(BufferedConnection("amqps://127.0.0.1/x").get_transport_cls(),
                      pyamqp.SSLTransport)
    assert BufferedConnection("memory://").get_transport_cls() is not BufferedKombuTransport
    assert isinstance(BufferedKombuTransport.Connection().Transport("127.0.0.1", 5, True),
                      SSLTransport)


def test_the_consumer_connection_keeps_nameko_settings_and_reads_buffered():
    consumer = RawQueueConsumer()
    consumer.container = SimpleNamespace(config={
        "AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/wangge",
        "HEARTBEAT": 17, "TRANSPORT_OPTIONS": {"max_retries": 3},
    })

    conn = consumer.connection

    assert isinstance(conn, BufferedConnection)
    assert conn.get_transport_cls() is BufferedKombuTransport
    assert (conn.hostname, conn.port, conn.virtual_host) == ("127.0.0.1", 5672, "wangge")
    assert conn.heartbeat == 17 and conn.transport_options == {"max_retries": 3}
