"""basic.publish frames built by services/common/amqp_frames.py against py-amqp's frame_writer.

py-amqp is the oracle: every message is also serialized the way the publisher did before
the fast path (an `amqp.Message`, `dumps` of the method arguments, `frame_writer`), and the
bytes must be identical.
"""

import random
import struct
from types import SimpleNamespace

import amqp
import pytest
from amqp import spec
from amqp.method_framing import frame_writer
from amqp.serialization import dumps

from services.common import publisher as publisher_module
from services.common.amqp_frames import METHOD_CACHE_MAX, PublishFramer
from services.common.publisher import ConfirmingPublisher, Outgoing

CONTENT_TYPE = "application/cloudevents+json"
FRAME_MAXES = (4096, 131072)


class Capture:
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data) -> None:
        self.data += data


def py_amqp_frames(channel_id, frame_max, exchange, routing_key, message_id, body, *,
                   mandatory=True, headers=None, expiration=None) -> bytes:
    """What the publisher wrote before the fast path, for one message."""
    conn, out = SimpleNamespace(frame_max=frame_max, bytes_sent=0), Capture()
    msg = amqp.Message(body, content_type=CONTENT_TYPE, content_encoding="utf-8",
                       delivery_mode=2, message_id=message_id,
                       application_headers=headers or None,
                       **({"expiration": expiration} if expiration else {}))
    args = dumps("Bssbb", (0, exchange, routing_key, mandatory, False))
    frame_writer(conn, out)(1, channel_id, spec.Basic.Publish, args, msg)
    return bytes(out.data)


def framer(channel_id=1, frame_max=131072) -> PublishFramer:
    return PublishFramer(channel_id, frame_max, content_type=CONTENT_TYPE,
                         content_encoding="utf-8", delivery_mode=2)


def frames_of(data: bytes) -> list[tuple[int, int, bytes]]:
    out, pos = [], 0
    while pos < len(data):
        kind, channel, size = struct.unpack_from(">BHI", data, pos)
        assert data[pos + 7 + size] == 0xCE
        out.append((kind, channel, data[pos + 7:pos + 7 + size]))
        pos += 8 + size
    return out


def assert_same(f: PublishFramer, exchange, routing_key, message_id, body, mandatory=True):
    built = f.publish(exchange, routing_key, message_id, body, mandatory)
    assert built is not None, "the fast path must handle this message"
    expected = py_amqp_frames(f.channel_id, f.frame_max, exchange, routing_key, message_id,
                              body, mandatory=mandatory)
    assert built == expected
    return built


NAMES = ["", "dispatch.events", "integration.events", "事件.交换机", "rk.😀.ключ",
         "lone\udc80surrogate", "x" * 255, "键" * 85]  # the last two: 255 bytes exactly
MESSAGE_IDS = ["", "0b9e3c52-51d1-4a8e-9f0e-8c2c8a7f3a10", "m" * 255, "编号" * 42 + "abc",
               "é" * 127 + "x"]


@pytest.mark.parametrize("exchange", NAMES)
@pytest.mark.parametrize("routing_key", NAMES)
def test_names_and_keys_match_py_amqp(exchange, routing_key):
    assert_same(framer(), exchange, routing_key, "id-1", b'{"a": 1}')


@pytest.mark.parametrize("message_id", MESSAGE_IDS)
def test_message_ids_match_py_amqp(message_id):
    assert_same(framer(3), "dispatch.events", "pairing_ordered", message_id, b"{}" * 350)


@pytest.mark.parametrize("frame_max", FRAME_MAXES)
@pytest.mark.parametrize("channel_id", [1, 2, 300, 65535])
def test_body_sizes_match_py_amqp(frame_max, channel_id):
    f = framer(channel_id, frame_max)
    chunk = frame_max - 8
    # around py-amqp's switch between its one-buffer and its frame-by-frame writer too
    switch = chunk - 40 - 60
    sizes = {0, 1, 700, chunk - 1, chunk, chunk + 1, 2 * chunk, 3 * chunk + 5,
             *range(switch - 80, switch + 80, 7)}
    for size in sorted(sizes):
        body = random.Random(size).randbytes(size)
        built = assert_same(f, "registry.events", "household_registered", f"m{size}", body)
        bodies = [payload for kind, _, payload in frames_of(built) if kind == 3]
        assert b"".join(bodies) == body
        assert len(bodies) == -(-size // chunk)  # no body frame for an empty body
        assert all(len(b) <= chunk for b in bodies)


def test_body_exactly_one_frame_and_several_frames():
    f = framer(frame_max=4096)
    one = frames_of(assert_same(f, "e", "k", "id", b"z" * (4096 - 8)))
    assert [kind for kind, _, _ in one] == [1, 2, 3]
    several = frames_of(assert_same(f, "e", "k", "id", b"z" * (3 * 4088 + 1)))
    assert [kind for kind, _, _ in several] == [1, 2, 3, 3, 3, 3]
    assert [len(p) for k, _, p in several if k == 3] == [4088, 4088, 4088, 1]


def test_str_body_is_encoded_as_py_amqp_does():
    assert_same(framer(), "e", "k", "id", '{"名字": "张三"}')


def test_not_mandatory_matches_py_amqp():
    f = framer()
    assert_same(f, "e", "k", "id", b"x", mandatory=False)
    assert f.method_frame("e", "k", True) != f.method_frame("e", "k", False)


def test_many_random_messages_match_py_amqp():
    rng = random.Random(20240601)
    alphabet = "abcxyz._-#*事件ключ😀é"
    for frame_max in FRAME_MAXES:
        f = framer(rng.randrange(1, 65536), frame_max)
        for _ in range(600):
            name = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
            key = rng.choice(["pairing_ordered", "visit_recorded", name])
            message_id = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
            size = rng.choice([0, rng.randrange(1, 2000), rng.randrange(frame_max - 200,
                                                                        3 * frame_max)])
            assert_same(f, rng.choice(NAMES[:4] + [name]), key, message_id,
                        rng.randbytes(size))


def test_method_frames_are_cached_per_exchange_key_and_mandatory():
    f = framer()
    first = f.method_frame("e", "k")
    assert f.method_frame("e", "k") is first
    assert f.method_frame("e", "k2") is not first
    for i in range(METHOD_CACHE_MAX + 10):  # bounded: arbitrary keys do not pile up
        f.method_frame("e", f"k{i}")
    assert len(f._methods) <= METHOD_CACHE_MAX


@pytest.mark.parametrize("exchange, routing_key, message_id, body", [
    ("x" * 256, "k", "id", b"b"),           # shortstr too long: py-amqp raises, keep that
    ("e", "键" * 86, "id", b"b"),
    ("e", "k", "m" * 256, b"b"),
    ("e", "k", None, b"b"),                 # py-amqp then omits the property
    (b"e", "k", "id", b"b"),
    ("e", "k", "id", bytearray(b"b")),
    ("e", "k", "id", memoryview(b"b")),
])
def test_unhandled_messages_are_left_to_py_amqp(exchange, routing_key, message_id, body):
    assert framer().publish(exchange, routing_key, message_id, body) is None


def test_frame_max_without_room_for_a_body_is_refused():
    with pytest.raises(ValueError):
        framer(frame_max=8)


# -- the publisher's send path --------------------------------------------------------

class FakeConnection:
    def __init__(self, frame_max: int) -> None:
        self.frame_max = frame_max
        self.bytes_sent = 0
        self.connected = True
        self.transport = Capture()
        self.writes = 0

    def close(self):
        self.connected = False


def offline_publisher(frame_max=131072, channel_id=1) -> ConfirmingPublisher:
    """A publisher whose connection is a byte sink: what `_ensure` sets up, minus a broker."""
    p = ConfirmingPublisher("amqp://guest:guest@127.0.0.1:1/none")
    conn = FakeConnection(frame_max)
    p._conn, p._channel = conn, SimpleNamespace(channel_id=channel_id)
    p._buffer = publisher_module._Buffer()
    p._write_frame = frame_writer(conn, p._buffer)
    p._framer = p._new_framer(channel_id, frame_max)
    p._next_tag, p._pending, p._returns, p._generation = 1, {}, {}, 1
    p._declared = {"registry.events", "registry.parking", "事件"}
    return p


def expected_bytes(messages, frame_max=131072, channel_id=1) -> bytes:
    return b"".join(py_amqp_frames(channel_id, frame_max, m.exchange, m.routing_key,
                                   m.message_id, m.body, headers=m.headers,
                                   expiration=m.expiration) for m in messages)


def mixed_batch(n: int) -> list[Outgoing]:
    rng = random.Random(n)
    out = []
    for i in range(n):
        kind = i % 7
        if kind == 3:
            out.append(Outgoing(f"p{i}", "registry.parking", "q.retry", rng.randbytes(300),
                                headers={"x-attempts": i, "x-error": "boom 错误"},
                                expiration="5000"))
        elif kind == 5:
            out.append(Outgoing(f"d{i}", "registry.parking", "q.dead", b"{}",
                                headers={"x-attempts": 5}))
        elif kind == 6:
            out.append(Outgoing(f"x{i}", "registry.parking", "q.retry", b"{}",
                                expiration="100"))
        else:
            out.append(Outgoing(f"事件-{i}", rng.choice(["registry.events", "事件"]),
                                rng.choice(["household_registered", "键.😀"]),
                                rng.randbytes(rng.choice([0, 700, 140000]))))
    return out


@pytest.mark.parametrize("frame_max", FRAME_MAXES)
def test_send_writes_what_py_amqp_wrote(frame_max):
    p = offline_publisher(frame_max, channel_id=1)
    fallbacks = []
    write_frame = p._write_frame
    p._write_frame = lambda *args: (fallbacks.append(args[4]), write_frame(*args))[1]
    messages = mixed_batch(700)  # several FLUSH_BYTES flushes
    p.send(messages)
    assert bytes(p._conn.transport.data) == expected_bytes(messages, frame_max)
    # only headers / expiration went through py-amqp; everything else took the fast path
    assert [m.properties["message_id"] for m in fallbacks] == \
        [m.message_id for m in messages if m.headers or m.expiration]
    assert p._conn.bytes_sent == len(messages)  # heartbeats see the writes either way


def test_send_registers_delivery_tags_in_order():
    p = offline_publisher()
    first, second = mixed_batch(30), mixed_batch(12)
    batch1, batch2 = p.send(first), p.send(second)
    assert list(p._pending) == list(range(1, 43))
    assert [mid for mid, _ in p._pending.values()] == \
        [m.message_id for m in first + second]
    assert batch1.outstanding == 30 and batch2.outstanding == 12
    p._on_ack(30, True)
    assert batch1.outstanding == 0 and batch1.result.confirmed == {m.message_id for m in first}
    assert batch2.outstanding == 12


def test_a_changed_frame_max_is_followed():
    p = offline_publisher(frame_max=131072)
    p._conn.frame_max = 4096
    messages = [Outgoing("a", "registry.events", "k", b"q" * 10000)]
    p.send(messages)
    assert bytes(p._conn.transport.data) == expected_bytes(messages, 4096)


def test_unencodable_message_fails_as_before():
    p = offline_publisher()
    with pytest.raises(struct.error):  # from py-amqp, as before the fast path
        p.send([Outgoing("m" * 256, "registry.events", "k", b"{}")])
    assert p._conn is None  # dropped, so half a batch is never sent
