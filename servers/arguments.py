"""Argument checks on the hot path: values SQLite cannot take, and a fast "valid" for common schemas.

``value_problem`` runs on every call before anything else: it refuses what no schema should let
through to SQLite or to the JSON a trace is served as (lone surrogates, integers outside 64 bits,
NaN and infinities, strings over a bound, nesting over a bound), naming where the value is.

``jsonschema`` stays the authority on the schema: ``fast_validator`` compiles a schema made only of
common keywords into a predicate that returns True only for instances ``jsonschema`` accepts too;
anything else (another keyword, a False answer) goes to ``jsonschema``, which also writes every
error message. A schema with any keyword outside the subset gets no fast path at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema

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

MAX_STRING_CHARS = 10_000
"""Default bound on any one string in a call's arguments (a tool's schema may declare a larger maxLength)."""
MAX_NESTING = 32
"""Default bound on how deep arrays and objects may nest inside a call's arguments."""
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")


def value_problem(arguments: Mapping[str, Any], max_chars: int, max_nesting: int) -> str | None:
    """What in ``arguments`` SQLite cannot take, as "argument 'where' <problem>"; None if nothing.

    A flat loop over plain values: a call's usual arguments cost about a microsecond.
    """
    found = _in_object(arguments, max_chars, max_nesting)
    if found is None:
        return None
    path, problem = found
    if problem is _TOO_DEEP:
        problem = f"is nested too deeply: at most {max_nesting} levels of arrays and objects are allowed"
    path = path.removeprefix(".")
    return f"argument '{path}' {problem}" if path else f"arguments {problem}"


def longest_declared(schema: Any) -> int:
    """The largest ``maxLength`` anywhere in ``schema`` (0 if none): a tool's own bound on strings."""
    if isinstance(schema, Mapping):
        own = schema.get("maxLength")
        here = own if isinstance(own, int) and not isinstance(own, bool) else 0
        return max([here, *(longest_declared(v) for v in schema.values())])
    if isinstance(schema, list):
        return max([0, *(longest_declared(v) for v in schema)])
    return 0


_Found = tuple[str, str]
_TOO_DEEP = "is nested too deeply"


def _problem(value: Any, chars: int, depth: int) -> _Found | None:
    kind = type(value)
    if kind is str:
        text = _text_problem(value, chars)
        return None if text is None else ("", text)
    if kind is int:
        if INT64_MIN <= value <= INT64_MAX:
            return None
        return "", f"is outside the 64-bit integer range ({INT64_MIN} to {INT64_MAX})"
    if kind is float:
        return None if math.isfinite(value) else ("", f"is {value!r}; numbers must be finite")
    if kind is dict:
        return _in_object(value, chars, depth - 1)
    if kind is list:
        return _in_array(value, chars, depth - 1)
    return None  # bool, None: JSON has nothing else


def _in_object(value: Mapping[str, Any], chars: int, depth: int) -> _Found | None:
    if depth < 0:
        return "", _TOO_DEEP
    for key, item in value.items():
        problem = _text_problem(key, chars)
        if problem is not None:
            return _key(key), f"has a name that {problem}"
        kind = type(item)
        if kind is bool or item is None or (kind is int and INT64_MIN <= item <= INT64_MAX):
            continue  # the common cases, without a call
        found = _problem(item, chars, depth)
        if found is not None:
            return _key(key) + found[0], found[1]
    return None


def _in_array(value: list[Any], chars: int, depth: int) -> _Found | None:
    if depth < 0:
        return "", _TOO_DEEP
    for index, item in enumerate(value):
        found = _problem(item, chars, depth)
        if found is not None:
            return f"[{index}]{found[0]}", found[1]
    return None


def _text_problem(text: str, chars: int) -> str | None:
    if len(text) > chars:
        return f"is {len(text):,} characters long; the limit is {chars:,}"
    if not text.isascii() and (match := _SURROGATE.search(text)) is not None:
        return f"contains a lone surrogate ({escaped(match.group())}), which is not text; send valid Unicode"
    return None


def escaped(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udxxx`` escapes: safe to encode as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _key(name: str) -> str:
    shown = name if len(name) <= 40 else name[:40] + "..."
    return "." + escaped(shown)


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


_BUILDERS: list[Callable[[Mapping[str, Any]], Check | None]] = [_type, _enum, _numbers, _strings, _arrays, _objects]
