"""A fast "valid" for the JSON Schemas tools use: ``jsonschema`` stays the authority.

``fast_validator`` compiles a schema made only of common keywords into a predicate that returns True
only for instances ``jsonschema`` accepts too; anything else (another keyword, a False answer) goes to
``jsonschema``, which also writes every error message. A schema with any keyword outside the subset
gets no fast path at all. The worker checks arguments with it, the generator's gate and the harness
tool outputs (``tests/servers/test_arguments.py`` holds it to ``jsonschema`` on generated values).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema

__all__ = ["Check", "fast_validator"]

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment", "deprecated", "readOnly"})
_KEYWORDS = _ANNOTATIONS | {
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "anyOf",
}
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_conforms: Callable[[Any, str], bool] = jsonschema.Draft202012Validator.FORMAT_CHECKER.conforms


def fast_validator(schema: Any) -> Check | None:
    """A predicate that is True only for instances valid under ``schema``; None if ``schema`` is not in the subset."""
    try:
        return _compile(schema)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def _compile(schema: Any) -> Check:
    if not isinstance(schema, Mapping) or set(schema) - _KEYWORDS:
        raise _Unsupported
    checks = [check for build in _BUILDERS if (check := build(schema)) is not None]

    def valid(value: Any) -> bool:
        return all(check(value) for check in checks)

    return valid


def _type(schema: Mapping[str, Any]) -> Check | None:
    if "type" not in schema:
        return None
    names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if any(name not in _TYPES for name in names):
        raise _Unsupported
    tests = [_TYPES[name] for name in names]
    return lambda v: any(test(v) for test in tests)


def _enum(schema: Mapping[str, Any]) -> Check | None:
    if "enum" not in schema and "const" not in schema:
        return None
    allowed = [*schema.get("enum", []), *([schema["const"]] if "const" in schema else [])]
    if not all(isinstance(a, str | int | float) and not isinstance(a, bool) for a in allowed):
        raise _Unsupported  # only plain scalars: JSON equality of bools, nulls and containers is subtle
    if "enum" in schema and "const" in schema:
        raise _Unsupported
    return lambda v: isinstance(v, str | int | float) and not isinstance(v, bool) and v in allowed


def _numbers(schema: Mapping[str, Any]) -> Check | None:
    bounds = [(k, schema[k]) for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in schema]
    if not bounds:
        return None
    if not all(isinstance(b, int | float) and not isinstance(b, bool) for _, b in bounds):
        raise _Unsupported
    compare: dict[str, Callable[[float, float], bool]] = {
        "minimum": lambda v, b: v >= b,
        "maximum": lambda v, b: v <= b,
        "exclusiveMinimum": lambda v, b: v > b,
        "exclusiveMaximum": lambda v, b: v < b,
    }
    tests = [(compare[k], b) for k, b in bounds]
    return lambda v: not _TYPES["number"](v) or all(test(v, b) for test, b in tests)


def _strings(schema: Mapping[str, Any]) -> Check | None:
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    form = schema.get("format")
    if low == 0 and high is None and pattern is None and form is None:
        return None

    def check(v: Any) -> bool:
        if not isinstance(v, str):
            return True
        if len(v) < low or (high is not None and len(v) > high):
            return False
        if pattern is not None and not pattern.search(v):
            return False
        return form is None or _conforms(v, form)

    return check


def _arrays(schema: Mapping[str, Any]) -> Check | None:
    item = _compile(schema["items"]) if "items" in schema else None
    low, high = schema.get("minItems", 0), schema.get("maxItems")
    if item is None and low == 0 and high is None:
        return None

    def check(v: Any) -> bool:
        if not isinstance(v, list):
            return True
        if len(v) < low or (high is not None and len(v) > high):
            return False
        return item is None or all(item(x) for x in v)

    return check


def _objects(schema: Mapping[str, Any]) -> Check | None:
    properties = {name: _compile(sub) for name, sub in schema.get("properties", {}).items()}
    required = list(schema.get("required", []))
    closed = schema.get("additionalProperties", True)
    if closed not in (True, False):
        raise _Unsupported
    if not properties and not required and closed:
        return None

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        if any(name not in v for name in required):
            return False
        for name, value in v.items():
            test = properties.get(name)
            if test is None:
                if not closed:
                    return False
            elif not test(value):
                return False
        return True

    return check


def _any_of(schema: Mapping[str, Any]) -> Check | None:
    """Valid when some branch is: each branch's predicate says True only where ``jsonschema`` does."""
    if "anyOf" not in schema:
        return None
    branches = schema["anyOf"]
    if not isinstance(branches, list) or not branches:
        raise _Unsupported
    tests = [_compile(branch) for branch in branches]
    return lambda v: any(test(v) for test in tests)


_BUILDERS: list[Callable[[Mapping[str, Any]], Check | None]] = [
    _type,
    _enum,
    _numbers,
    _strings,
    _arrays,
    _objects,
    _any_of,
]
