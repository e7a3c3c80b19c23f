"""The JSON Schema of report.json, made from the types that build it.

``report_schema()`` walks ``contract.ReportJSON`` (the TypedDicts ``json_report`` is held to) and,
wherever a part is a model record turned into plain values, that record's dataclass fields, as
``codec.to_plain`` writes them: tuples and lists become arrays (a fixed tuple a fixed-length one),
enums their values, ``X | None`` a choice with null, nested records references. Every key
``json_report`` writes is always there, so every key is required, and no other key is allowed: a
report that gains or loses a key without the types fails validation.

The schema ships as ``newstrace/report/report.schema.json``::

    python scripts/gen_schema.py           # write it again from the code
    python scripts/gen_schema.py --check   # exit 1 if the shipped file is stale (the tests check it too)
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from importlib import resources
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

from newstrace.report import contract
from newstrace.report.build import REPORT_VERSION

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE = "report.schema.json"


def _description(kind: type) -> str | None:
    doc = kind.__doc__ or ""
    if kind.__doc__ == getattr(dict, "__doc__", None) or doc.startswith(f"{kind.__name__}("):
        return None  # the docstring dataclasses or TypedDict make up, not one written for the type
    first = doc.strip().split("\n\n", 1)[0]
    return " ".join(first.split()) or None


def _either(options: list[dict[str, Any]]) -> dict[str, Any]:
    """One of ``options``: ``{"type": [...]}`` when each is a bare type (``str | None``), else ``anyOf``."""
    if all(set(o) == {"type"} and isinstance(o["type"], str) for o in options):
        return {"type": [o["type"] for o in options]}
    if len(options) == 2 and {"type": "null"} in options:  # a typed value or null: keep its enum, say null too
        value = next(o for o in options if o != {"type": "null"})
        if set(value) == {"type", "enum"}:
            return {"type": [value["type"], "null"], "enum": [*value["enum"], None]}
    return {"anyOf": options}


class _Builder:
    """Schemas of Python types, with one ``$defs`` entry per record or TypedDict met."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, kind: type, extra: type | None = None) -> dict[str, Any]:
        name = kind.__name__ + (f"_{extra.__name__}" if extra else "")
        if name not in self.defs:
            self.defs[name] = {}  # taken before the walk, so a record that holds itself ends
            self.defs[name] = self.record(kind, extra)
        return {"$ref": f"#/$defs/{name}"}

    def record(self, kind: type, extra: type | None = None, tag: str | None = None) -> dict[str, Any]:
        """An object with exactly the keys of a dataclass or TypedDict (and of ``extra``, and ``kind`` = ``tag``)."""
        properties: dict[str, Any] = {}
        if tag is not None:
            properties["kind"] = {"const": tag}
        for part in (kind, extra):
            if part is None:
                continue
            hints = get_type_hints(part, include_extras=True)
            names = [f.name for f in dataclasses.fields(part)] if dataclasses.is_dataclass(part) else list(hints)
            for name in names:
                properties[name] = self.of(hints[name])
        out: dict[str, Any] = {"type": "object"}
        description = _description(kind)
        if description:
            out["description"] = description
        out |= {"properties": properties, "required": list(properties), "additionalProperties": False}
        return out

    def of(self, kind: Any) -> dict[str, Any]:
        """The schema of the plain value of type ``kind``."""
        origin = get_origin(kind)
        if origin is typing.Annotated:
            base, *marks = get_args(kind)
            for mark in marks:
                if isinstance(mark, contract.OneOf):
                    return self._swap(base, {"type": "string", "enum": [m.value for m in mark.values]})
                if isinstance(mark, contract.Plain):
                    return self._swap(base, self.ref(mark.record, mark.extra))
                if isinstance(mark, contract.Tagged):
                    items = [self.record(record, tag=tag) for tag, record in mark.kinds]
                    return self._swap(base, {"oneOf": items})
            return self.of(base)
        if origin in (Union, types.UnionType):
            return _either([self.of(a) for a in get_args(kind)])
        if origin in (tuple, list):
            args = get_args(kind)
            if origin is list or (len(args) == 2 and args[1] is Ellipsis):
                return {"type": "array", "items": self.of(args[0])}
            fixed = [self.of(a) for a in args]
            return {"type": "array", "prefixItems": fixed, "items": False, "minItems": len(args)}
        if origin is dict:
            key, value = get_args(kind)
            if key is not str:
                raise TypeError(f"report.json keys are strings, not {key}")
            return {"type": "object", "additionalProperties": self.of(value)}
        if kind is type(None):
            return {"type": "null"}
        if kind is Any:
            return {}
        if isinstance(kind, type) and issubclass(kind, Enum):
            return {"type": "string", "enum": [m.value for m in kind]}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if kind is float:
            return {"type": "number"}
        if kind is str:
            return {"type": "string"}
        if isinstance(kind, type) and (dataclasses.is_dataclass(kind) or is_typeddict(kind)):
            return self.ref(kind)
        raise TypeError(f"no JSON Schema for {kind!r}")

    def _swap(self, base: Any, item: dict[str, Any]) -> dict[str, Any]:
        """The schema of ``base`` with ``item`` for its one placeholder: ``dict[str, Any]`` or ``str``, alone,
        in a list, or beside None."""
        origin = get_origin(base)
        if origin in (Union, types.UnionType):
            return _either([item if a is not type(None) else {"type": "null"} for a in get_args(base)])
        if origin is list:
            return {"type": "array", "items": item}
        return item


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every report.json of this version validates against."""
    builder = _Builder()
    root = builder.record(contract.ReportJSON)
    root["properties"]["version"] = {"const": REPORT_VERSION}
    head = {
        "$schema": DIALECT,
        "title": f"newstrace report.json, version {REPORT_VERSION}",
    }
    root["description"] = (
        "Made from newstrace.report.contract and the model by newstrace.report.schema (do not edit); "
        "what each key means is in docs/json-contract.md."
    )
    return head | root | {"$defs": dict(sorted(builder.defs.items()))}


def render() -> str:
    return json.dumps(report_schema(), indent=1, ensure_ascii=False) + "\n"


def load() -> dict[str, Any]:
    """The schema as shipped with the package."""
    text = resources.files("newstrace.report").joinpath(FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
