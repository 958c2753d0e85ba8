"""A corpus of hostile tool calls: what a careless or malicious agent sends, generated from a seed.

Each call starts from a tool's real input schema and spoils it: wrong types, injections, odd and huge
text, lone surrogates, integers past 64 bits, NaN and infinities, deep nesting, unknown and odd keys,
and malformed envelopes (arguments that are no object, tool names that are no tool).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

TEXTS = [
    "",
    " ",
    "%",
    "_%_",
    "\\",
    "' OR 1=1 --",
    "'; DROP TABLE guests; --",
    '"; DELETE FROM bookings; --',
    ":guest_id",
    "{guest_id}",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\ud83d",
    "é",
    "😀" * 3,
    "\u202eevil",
    "\ufeff",
    "\u0301",
    "NaN",
    "null",
    "1e999",
    "2026-02-30",
    "9999-99-99",
    "a@b",
    "\n\r\t",
]
INTEGERS = [0, -1, 1, 7, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**30, -(10**100)]
FLOATS = [0.5, -0.0, 1.0, 1e308, 1e-320, float("nan"), float("inf"), float("-inf")]
HUGE = [10_000, 10_001, 49_000, 60_000, 250_000]
"""Lengths of the long strings (the default bound is 10,000 characters; SQLite's LIKE takes 50,000 bytes)."""


def nested(levels: int, leaf: Any = 1) -> Any:
    value = leaf
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


@dataclass(frozen=True)
class Call:
    tool: Any
    arguments: Any
    big: bool
    """Carries a value of 10,000 characters or more (what would grow an unbounded trace)."""


class Corpus:
    def __init__(self, tools: dict[str, dict[str, Any]], seed: int) -> None:
        self.tools = tools
        """Tool name -> its input schema."""
        self.random = random.Random(seed)

    def calls(self, count: int) -> list[Call]:
        return [self.call() for _ in range(count)]

    def call(self, big_share: float = 0.1) -> Call:
        pick = self.random.random()
        name = self.random.choice(sorted(self.tools))
        if pick < 0.04:
            return Call(self._odd_name(name), {}, False)
        if pick < 0.08:
            return Call(name, self.random.choice([[], "x", 1, None, [{"a": 1}], True]), False)
        arguments = self._spoiled(self.tools[name])
        big = pick > 1 - big_share
        if big:
            key = self.random.choice([*self.tools[name].get("properties", {}), "x"])
            arguments[key] = self.random.choice(["q", "%", "é", "\ud800"]) * self.random.choice(HUGE)
        return Call(name, arguments, big)

    def _odd_name(self, name: str) -> Any:
        return self.random.choice(
            [name.upper(), name + "\x00", "", "x" * 10_000, f"{name}\ud800", 1, None, ["a"], "tools/list"]
        )

    def _spoiled(self, schema: dict[str, Any]) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        arguments = {name: self._value(spec) for name, spec in properties.items() if self.random.random() < 0.8}
        if self.random.random() < 0.15:
            arguments[self.random.choice(["extra", "\ud800", "x" * 20_000, "", "__proto__", "guest_id "])] = 1
        return arguments

    def _value(self, spec: dict[str, Any]) -> Any:
        roll = self.random.random()
        if roll < 0.3:
            return self._plausible(spec)
        if roll < 0.55:
            return self.random.choice(TEXTS)
        if roll < 0.7:
            return self.random.choice(INTEGERS)
        if roll < 0.8:
            return self.random.choice(FLOATS)
        if roll < 0.85:
            return self.random.choice([True, False, None])
        if roll < 0.95:
            return nested(self.random.choice([1, 3, 20, 33, 60, 300]), self._plausible(spec))
        return [self._plausible(spec)] * self.random.choice([0, 2, 1000])

    def _plausible(self, spec: dict[str, Any]) -> Any:
        if "enum" in spec:
            return self.random.choice(spec["enum"])
        kind = spec.get("type")
        if kind == "integer":
            return self.random.choice([1, 2, 3, spec.get("minimum", 0), spec.get("maximum", 100)])
        if kind == "number":
            return self.random.choice([1.5, 10, spec.get("maximum", 100)])
        if kind == "boolean":
            return self.random.choice([True, False])
        if kind == "array":
            return [1, 2]
        if "date" in json.dumps(spec) or spec.get("format") == "date":
            return "2026-03-04"
        return self.random.choice(["Ana", "ana.souza@example.com", "a", "STD", "card"])
