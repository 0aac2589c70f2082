"""basic.publish frames built directly, for the one message shape the outbox relay sends.

py-amqp serializes every publish generically: a `Message` object, the method arguments
through `serialization.dumps` (a format string interpreted per value, bit flushing), the
properties through `_serialize_properties` (a walk over all fourteen properties), then
`frame_writer` packing each frame with a format string built per frame. At thousands of
messages a second that was a quarter of the relay's CPU, for frames that differ only in
the message id and the body. Here the method frame is built once per (exchange, routing
key, mandatory) on a channel and the content header from a prefix that never changes.

The bytes are those py-amqp's `frame_writer` writes for the same message (the unit tests
compare them); anything this does not handle (`headers`, `expiration`, other properties,
a shortstr over 255 bytes, a body that is neither bytes nor str) gets `None`, and the
caller gives that message to py-amqp instead.

AMQP 0-9-1 layout, for reference: a frame is type (1 octet), channel (2), payload size (4),
payload, 0xCE. basic.publish is class 60 method 40 with ticket (short), exchange and
routing key (shortstr), then mandatory and immediate packed as bits of one octet. The
content header is class 60, weight 0, body size (8 octets), property flags (bit 15 first,
in the order of the property list), then the present properties in that order. Body
frames carry at most frame_max - 8 bytes each.
"""

from __future__ import annotations

from struct import Struct

FRAME_METHOD, FRAME_HEADER, FRAME_BODY = 1, 2, 3
FRAME_END = b"\xce"
BASIC_CLASS, BASIC_PUBLISH = 60, 40
FRAME_OVERHEAD = 8  # type, channel, size, frame end

# Property flag bits, as amqp.basic_message.Message.PROPERTIES orders the properties.
CONTENT_TYPE_FLAG = 1 << 15
CONTENT_ENCODING_FLAG = 1 << 14
DELIVERY_MODE_FLAG = 1 << 12
MESSAGE_ID_FLAG = 1 << 7

# method frames cached per framer (one channel); routing keys are event types, so a
# handful, but a caller publishing to arbitrary keys must not grow it without bound
METHOD_CACHE_MAX = 4096

_FRAME_HEAD = Struct(">BHI")
_END_AND_BODY_HEAD = Struct(">cBHI")  # the header frame's end, then the body frame's head


def shortstr(value) -> bytes | None:
    """→ an AMQP shortstr (length octet + UTF-8), or None where py-amqp must handle it
    (not a str, or too long: py-amqp then raises, as it always has)."""
    if type(value) is not str:
        return None
    raw = value.encode("utf-8", "surrogatepass")  # as amqp.serialization.dumps
    if len(raw) > 255:
        return None
    return bytes((len(raw),)) + raw


class PublishFramer:
    """Frames of basic.publish on one channel, with content type, content encoding,
    delivery mode and a message id as the only properties."""

    def __init__(self, channel_id: int, frame_max: int, *, content_type: str,
                 content_encoding: str, delivery_mode: int) -> None:
        self.channel_id = channel_id
        self.frame_max = frame_max
        self.chunk = frame_max - FRAME_OVERHEAD
        if self.chunk < 1:
            raise ValueError(f"frame_max {frame_max} leaves no room for a body")
        self.content_encoding = content_encoding
        self._methods: dict[tuple, bytes] = {}
        content_type_s, encoding_s = shortstr(content_type), shortstr(content_encoding)
        if content_type_s is None or encoding_s is None or not 0 <= delivery_mode <= 255:
            raise ValueError("fixed properties must fit their AMQP types")
        flags = CONTENT_TYPE_FLAG | CONTENT_ENCODING_FLAG | DELIVERY_MODE_FLAG | \
            MESSAGE_ID_FLAG
        fixed = flags.to_bytes(2, "big") + content_type_s + encoding_s + \
            bytes((delivery_mode,))
        # header frame up to the message id: frame head, class, weight, body size, flags
        # and the fixed properties; the message id (a shortstr) follows
        self._header = Struct(f">BHIHHQ{len(fixed)}s")
        self._fixed = fixed
        self._header_fixed_size = 12 + len(fixed)  # payload bytes before the message id

    def method_frame(self, exchange, routing_key, mandatory: bool = True) -> bytes | None:
        key = (exchange, routing_key, mandatory)
        frame = self._methods.get(key)
        if frame is None:
            exchange_s, routing_key_s = shortstr(exchange), shortstr(routing_key)
            if exchange_s is None or routing_key_s is None:
                return None
            # ticket 0; the bits octet holds mandatory (bit 0) and immediate (bit 1, off)
            payload = b"".join((BASIC_CLASS.to_bytes(2, "big"), BASIC_PUBLISH.to_bytes(2, "big"),
                                b"\x00\x00", exchange_s, routing_key_s,
                                b"\x01" if mandatory else b"\x00"))
            frame = _FRAME_HEAD.pack(FRAME_METHOD, self.channel_id, len(payload)) + \
                payload + FRAME_END
            if len(self._methods) >= METHOD_CACHE_MAX:
                self._methods.clear()
            self._methods[key] = frame
        return frame

    def publish(self, exchange, routing_key, message_id, body,
                mandatory: bool = True) -> bytes | None:
        """→ the method, header and body frames of one publish, or None (use py-amqp)."""
        method = self.method_frame(exchange, routing_key, mandatory)
        message_id_s = shortstr(message_id)
        if method is None or message_id_s is None:
            return None
        if type(body) is str:
            body = body.encode(self.content_encoding)  # as frame_writer does
        elif type(body) is not bytes:
            return None
        size = len(body)
        channel = self.channel_id
        header = self._header.pack(FRAME_HEADER, channel,
                                   self._header_fixed_size + len(message_id_s),
                                   BASIC_CLASS, 0, size, self._fixed)
        if not size:  # no body frame at all, as py-amqp
            return b"".join((method, header, message_id_s, FRAME_END))
        chunk = self.chunk
        if size <= chunk:
            return b"".join((method, header, message_id_s,
                             _END_AND_BODY_HEAD.pack(FRAME_END, FRAME_BODY, channel, size),
                             body, FRAME_END))
        parts = [method, header, message_id_s, FRAME_END]
        for start in range(0, size, chunk):
            piece = body[start:start + chunk]
            parts += (_FRAME_HEAD.pack(FRAME_BODY, channel, len(piece)), piece, FRAME_END)
        return b"".join(parts)
