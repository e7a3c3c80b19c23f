"""The typed model to plain JSON values and back, exactly.

``to_plain`` turns dataclasses, enums, tuples and dicts into JSON-ready values; ``from_plain``
rebuilds the typed object from them, guided by the dataclasses' type hints (tuples, unions with
None, enums, nested dataclasses, ``dict[str, X]``). ``from_plain(Document, to_plain(doc)) == doc``
for every model type. The store keeps per-article results this way, never as pickles: a store
handed over by someone else cannot run code when it is read.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from enum import Enum
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """Dataclasses, enums and tuples to JSON-ready dicts, strings and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_plain(kind: Any, data: Any) -> Any:
    """The value of type ``kind`` that ``to_plain`` turned into ``data``."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        if data is None:
            return None
        return from_plain(options[0], data) if len(options) == 1 else _first_fit(options, data)
    if origin is tuple:
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in data)
        return tuple(from_plain(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        key, val = get_args(kind)
        return {from_plain(key, k): from_plain(val, v) for k, v in data.items()}
    if origin is list:
        return [from_plain(get_args(kind)[0], v) for v in data]
    if kind is Any or kind is typing.Any:
        return data
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: from_plain(hints[f.name], data[f.name]) for f in dataclasses.fields(kind) if f.init})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is float and isinstance(data, int):
        return float(data)
    return data


def _first_fit(options: list[Any], data: Any) -> Any:
    for option in options:
        if isinstance(option, type) and isinstance(data, option):
            return data
    return from_plain(options[0], data)


def load(cls: type[T], data: Any) -> T:
    """``from_plain`` for a dataclass, typed for the caller."""
    out: T = from_plain(cls, data)
    return out
