"""marshmallow's `schema.dump`, compiled once per contract for the producers' hot path.

Every event a service writes goes through `dump_payload`; at a thousand visits a second
marshmallow's generic dump (a getter, an accessor and a `_serialize` per field) was about
6% of the visits process's CPU.

`compile_dumper` reads a schema's dump fields once and builds a function that returns
exactly what `schema.dump(data)` returns: the same keys (data_key, attribute), the same
omission of absent keys, the same values. Each value goes through the very call marshmallow
makes for that field kind (`int`, `float`, `ensure_text_type`, `date.isoformat`,
`datetime.isoformat`, `dict`, a nested schema's dump, …), so the result is equal by
construction rather than by imitation.

It is conservative twice over. At compile time, a field kind, an option or a hook it does
not know (Method, Function, Pluck, Raw, as_string, a strftime format, a dotted attribute,
pre/post_dump, an overridden accessor, many=True) makes it answer None: that schema is
always dumped by marshmallow. At run time, input it does not expect (an object rather
than a dict, a tuple of nested objects, a value a conversion chokes on) makes the compiled
dumper answer None, and the caller runs marshmallow, which then gives its own result or
raises its own error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import ensure_text_type

Serializer = Callable[[Any], Any]
Dumper = Callable[[Any], "dict | None"]


class _Unsure(Exception):
    """Raised inside a compiled dumper for input it leaves to marshmallow."""


def _string(value):
    # String._serialize: None stays None, anything else goes through ensure_text_type
    if type(value) is str:
        return value
    return None if value is None else ensure_text_type(value)


def _integer(value):
    # Number._serialize: num_type(value), so an int stays itself and "12" becomes 12
    if type(value) is int:
        return value
    return None if value is None else int(value)


def _float(value):
    if type(value) is float:
        return value
    return None if value is None else float(value)


def _temporal(func: Callable[[Any], Any]) -> Serializer:
    # the very function _TemporalField._serialize picks for the format (date.isoformat
    # called unbound, so a datetime in a Date field dumps its date part, as there)
    def convert(value):
        return None if value is None else func(value)

    return convert


def _plain_dict(value):
    return None if value is None else dict(value)  # Dict without keys/values: a copy


def _mapping(keys: Serializer | None, values: Serializer | None) -> Serializer:
    """Mapping._serialize with key and/or value fields."""
    def convert(value):
        if value is None:
            return None
        if type(value) is not dict:
            raise _Unsure
        out = {}
        for key, item in value.items():
            out[key if keys is None else keys(key)] = item if values is None else values(item)
        return out

    return convert


def _list(inner: Serializer | None) -> Serializer:
    # List._serialize iterates any iterable; lists and tuples are the ones taken here
    def convert(value):
        if value is None:
            return None
        if type(value) is not list and type(value) is not tuple:
            raise _Unsure
        if inner is None:
            return list(value)
        return [inner(item) for item in value]

    return convert


def _nested(dump: Callable[[Any], dict]) -> Serializer:
    def convert(value):
        return None if value is None else dump(value)

    return convert


# the temporal kinds whose _serialize is _TemporalField's own
_TEMPORAL = (fields.Date, fields.DateTime, fields.AwareDateTime, fields.NaiveDateTime,
             fields.Time)
_IDENTITY = object()  # a field whose _serialize returns the value unchanged (Boolean)


def _serializer(field, seen: tuple):
    """The function equal to `field._serialize`; _IDENTITY for a no-op; None when unknown."""
    kind = type(field)
    if kind is fields.String:
        return _string
    if kind is fields.Integer and not field.as_string:
        return _integer
    if kind is fields.Float and not field.as_string:
        return _float
    if kind is fields.Boolean:
        return _IDENTITY  # Boolean dumps with Field._serialize: the value as it is
    if kind in _TEMPORAL:
        func = field.SERIALIZATION_FUNCS.get(field.format or field.DEFAULT_FORMAT)
        # a strftime pattern would be deterministic too, but nothing here uses one
        return None if func is None else _temporal(func)
    if kind is fields.Dict:
        if field.key_field is None and field.value_field is None:
            return _plain_dict
        keys = values = None
        if field.key_field is not None:
            keys = _serializer(field.key_field, seen)
            if keys is None:
                return None
        if field.value_field is not None:
            values = _serializer(field.value_field, seen)
            if values is None:
                return None
        return _mapping(None if keys is _IDENTITY else keys,
                        None if values is _IDENTITY else values)
    if kind is fields.List:
        inner = _serializer(field.inner, seen)
        if inner is None:
            return None
        return _list(None if inner is _IDENTITY else inner)
    if kind is fields.Nested:
        schema = field.schema  # with the field's only/exclude applied, as dump uses it
        if field.many or type(schema) in seen:
            return None
        dump = _compile(schema, (*seen, type(schema)))
        return None if dump is None else _nested(dump)
    return None


def _plain(schema: Schema) -> bool:
    """Whether `schema.dump` is marshmallow's own, with nothing that reshapes its output."""
    cls = type(schema)
    return (not schema.many and not schema._hooks[PRE_DUMP] and not schema._hooks[POST_DUMP]
            and schema.dict_class is dict
            and cls.dump is Schema.dump and cls._serialize is Schema._serialize
            and cls.get_attribute is Schema.get_attribute)


def _compile(schema: Schema, seen: tuple) -> Callable[[Any], dict] | None:
    if not _plain(schema):
        return None
    plan = []
    for name, field in schema.dump_fields.items():
        convert = _serializer(field, seen)
        attribute = field.attribute or name
        if convert is None or "." in attribute:  # a dotted attribute reads a path
            return None
        key = name if field.data_key is None else field.data_key
        # marshmallow reads obj[attr], then getattr(obj, attr): for a dict missing the key,
        # a name like "items" would find the dict's method; those are left to marshmallow
        shadowed = hasattr({}, attribute)
        plan.append((attribute, key, None if convert is _IDENTITY else convert, shadowed,
                     field.dump_default))

    def dump(data) -> dict:
        if type(data) is not dict:
            raise _Unsure  # an object or a mapping of another kind: marshmallow's accessor
        out = {}
        for attribute, key, convert, shadowed, default in plan:
            value = data.get(attribute, missing)
            if value is missing:
                if shadowed:
                    raise _Unsure
                if default is missing:
                    continue
                value = default() if callable(default) else default
                if value is missing:
                    continue
            out[key] = value if convert is None else convert(value)
        return out

    return dump


def compile_dumper(schema: Schema) -> Dumper | None:
    """A fast `schema.dump` (None when the schema uses something not handled here):
    dumper(data) → `schema.dump(data)`'s result, or None for "ask marshmallow"."""
    dump = _compile(schema, (type(schema),))
    if dump is None:
        return None

    def dumper(data) -> dict | None:
        try:
            return dump(data)
        except Exception:  # noqa: BLE001 - never an answer of its own: marshmallow's instead
            # a conversion that fails here fails in marshmallow too, which raises its own
            # error for it (or, for input taken as _Unsure, dumps it its own way)
            return None

    return dumper


__all__ = ["compile_dumper"]
