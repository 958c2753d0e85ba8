"""Baselines: ``noop`` (does nothing: scores 0 on every valid task) and ``random`` (random valid-looking calls)."""

from __future__ import annotations

import hashlib
import random
import string
from typing import Any

from client.agents.base import Agent, AgentContext, AgentResult

_WORDS = ("alpha", "smith", "room", "gold", "north", "blue", "test", "garcia", "lee", "order")


class NoopAgent(Agent):
    """Calls no tool and answers with an empty message: the floor every reward must respect."""

    name = "noop"

    async def run(self, ctx: AgentContext) -> AgentResult:
        return AgentResult(answer="")


class RandomAgent(Agent):
    """Makes ``calls`` calls of random tools with arguments drawn from their input schemas, then answers "".

    Deterministic for a given (seed, env, task, trial).
    """

    name = "random"

    def __init__(self, calls: int = 5, seed: int = 0) -> None:
        self.calls = calls
        self.seed = seed

    def describe(self) -> dict[str, Any]:
        return {"agent": self.name, "calls": self.calls, "seed": self.seed}

    async def run(self, ctx: AgentContext) -> AgentResult:
        key = f"{self.seed}/{ctx.episode.env_id}/{ctx.reference.id}/{ctx.trial}"
        rng = random.Random(hashlib.sha256(key.encode()).digest())
        tools = ctx.episode.tools
        for _ in range(self.calls if tools else 0):
            tool = rng.choice(tools)
            await ctx.episode.call_tool(tool.name, random_arguments(dict(tool.input_schema or {}), rng))
        return AgentResult(answer="")


def random_arguments(schema: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """An object for ``schema``: every required property, each optional one with probability 0.3."""
    required = set(schema.get("required", []))
    return {
        name: random_value(prop, rng)
        for name, prop in schema.get("properties", {}).items()
        if name in required or rng.random() < 0.3
    }


def random_value(schema: dict[str, Any], rng: random.Random) -> Any:
    if "enum" in schema:
        return rng.choice(schema["enum"])
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kind = rng.choice([k for k in kind if k != "null"] or ["string"])
    if kind == "integer":
        low = int(schema.get("minimum", 1))
        return rng.randint(low, int(schema.get("maximum", low + 20)))
    if kind == "number":
        floor = float(schema.get("minimum", 0))
        return round(rng.uniform(floor, float(schema.get("maximum", floor + 500))), 2)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "object":
        return random_arguments(schema, rng)
    if kind == "array":
        return [random_value(schema.get("items", {}), rng) for _ in range(rng.randint(0, 2))]
    return _random_string(schema, rng)


def _random_string(schema: dict[str, Any], rng: random.Random) -> str:
    text = f"{schema.get('format', '')} {schema.get('pattern', '')}"
    if "date" in text or r"\d{4}-\d{2}-\d{2}" in text:
        return f"2026-03-{rng.randint(1, 28):02d}"
    if "email" in text or "@" in text:
        return f"{rng.choice(_WORDS)}{rng.randint(1, 99)}@example.com"
    if "[0-9" in text:
        return "+1-555-" + "".join(rng.choices(string.digits, k=4))
    return rng.choice(_WORDS)
