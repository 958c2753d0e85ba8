"""Argument checks on the hot path: values SQLite cannot take, and a fast "valid" for common schemas.

``value_problem`` runs on every call before anything else: it refuses what no schema should let
through to SQLite or to the JSON a trace is served as (lone surrogates, integers outside 64 bits,
NaN and infinities, strings over a bound, nesting over a bound), naming where the value is.

``jsonschema`` stays the authority on the schema; ``fast_validator`` (from ``worldfarm.fastschema``,
shared with the harness) says "valid" faster for the common schemas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

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
