"""Self-correction: execute what the model wrote, send the failures back, a bounded number of rounds.

An item (a stage's whole answer, or one tool or task of it) is checked by running it: parsed as
JSON, validated against the contract's models, then executed (DDL compiled, rows inserted with
foreign keys on, tools probed, verifiers run before and after the reference solution). Its problems
are the loader's and the gate's own messages. While problems remain and rounds are left, the model
is shown the failing item (as its own last reply) and the problems, and asked for a corrected one.
What still fails after the last round is given up on: the caller drops it and reports why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from generator.llm.cache import Answer
from generator.llm.prompts import prompt

T = TypeVar("T")

MAX_PROBLEMS = 8
MAX_PROBLEM_CHARS = 600
_OPENING_FENCE = re.compile(r"^```[a-zA-Z0-9]*[ \t]*\n?")

Check = Callable[[Any], Awaitable[tuple[T | None, list[str]]]]
"""Given the parsed JSON, the item (or None) and its problems (empty when it is good)."""
AskFix = Callable[[list[dict[str, Any]]], Awaitable[Answer]]
"""Sends a correction request (the conversation so far, ending with the problems) and returns the answer."""


class NotJSON(ValueError):
    """The reply holds no JSON object; the message says why, for the model."""


@dataclass
class Round:
    number: int
    problems: list[str]


@dataclass
class Settled(Generic[T]):
    """How an item ended: its value (None if given up on) and the problems of each failing round."""

    value: T | None
    rounds: list[Round] = field(default_factory=list)

    @property
    def corrected(self) -> bool:
        return self.value is not None and bool(self.rounds)

    @property
    def last_problems(self) -> list[str]:
        return self.rounds[-1].problems if self.rounds else []


async def settle(
    base: list[dict[str, Any]],
    first: Answer,
    check: Check[T],
    ask_fix: AskFix,
    *,
    what: str,
    max_rounds: int,
) -> Settled[T]:
    """Check ``first`` (the answer to ``base``); correct it up to ``max_rounds`` times."""
    answer, history = first, list[Round]()
    for number in range(max_rounds + 1):
        value, problems = await evaluate(answer, check)
        if not problems:
            return Settled(value, history)
        history.append(Round(number, problems))
        if number == max_rounds:
            break
        answer = await ask_fix(fix_messages(base, answer.text, problems, what, (number + 1, max_rounds)))
    return Settled(None, history)


async def evaluate(answer: Answer, check: Check[T]) -> tuple[T | None, list[str]]:
    if answer.finish_reason == "length":
        return None, ["your reply was cut off at the token limit before the JSON ended; reply with a shorter one"]
    try:
        data = parse_json(answer.text)
    except NotJSON as exc:
        return None, [str(exc)]
    return await check(data)


def parse_json(text: str) -> Any:
    """The JSON object in a reply: the whole text, inside a code fence, or from its first ``{`` to its last ``}``."""
    body = text.strip()
    if body.startswith("```"):  # a code fence, even one left open
        body = _OPENING_FENCE.sub("", body, count=1).removesuffix("```").strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        start, end = body.find("{"), body.rfind("}")
        try:
            data = json.loads(body[start : end + 1]) if 0 <= start < end else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            raise NotJSON(
                f"the reply is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
                "reply with one JSON object and nothing else"
            ) from None
    if not isinstance(data, dict):
        raise NotJSON(f"the reply is JSON but not an object (it is a {type(data).__name__}); reply with one object")
    return data


def fix_messages(
    base: list[dict[str, Any]], failing: str, problems: list[str], what: str, round_of: tuple[int, int]
) -> list[dict[str, Any]]:
    """``base``, the failing item as the model's reply, and the problems with a request to correct it.

    The round number is part of the request, so a model that repeats a failing answer is asked
    afresh in the next round rather than answered from the cache with the same failure."""
    shown = [p if len(p) <= MAX_PROBLEM_CHARS else p[:MAX_PROBLEM_CHARS] + "..." for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"(and {len(problems) - MAX_PROBLEMS} more)")
    listed = "\n".join(f"- {p}" for p in shown)
    values = {"what": what, "problems": listed, "round": round_of[0], "rounds": round_of[1]}
    request = prompt("correct").fill(prompt("correct").user, values)
    return [*base, {"role": "assistant", "content": failing}, {"role": "user", "content": request}]
