"""What every stage works with: the model client, the bound on correction rounds, and one thread for
running checks (SQLite work) off the event loop, one at a time."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.llm.cache import Answer
from generator.llm.client import StructuredClient
from generator.llm.correct import Check, Settled, settle
from generator.llm.prompts import prompt
from generator.llm.report import Log

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Context:
    ai: StructuredClient
    max_rounds: int
    executor: Executor

    async def run(self, fn: Callable[..., R], *args: Any) -> R:
        """``fn(*args)`` in the checking thread."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, functools.partial(fn, *args))

    async def produce(
        self,
        stage: str,
        messages: list[dict[str, Any]],
        answer: str,
        check: Check[T],
        *,
        what: str,
        log: Log,
        item: str,
    ) -> Settled[T]:
        """Ask ``stage``'s question, then check and correct the answer; the outcome goes into ``log``."""
        first = await self.ai.ask(stage, prompt(stage).version, messages, answer)
        return await self.correct(stage, messages, first, answer, check, what=what, log=log, item=item)

    async def correct(
        self,
        stage: str,
        base: list[dict[str, Any]],
        first: Answer,
        answer: str,
        check: Check[T],
        *,
        what: str,
        log: Log,
        item: str,
    ) -> Settled[T]:
        """Check ``first`` (an answer to ``base``, or one item of it) and correct it in bounded rounds."""
        version = prompt(stage).version

        async def ask_fix(messages: list[dict[str, Any]]) -> Answer:
            return await self.ai.ask(stage, version, messages, answer)

        settled = await settle(base, first, check, ask_fix, what=what, max_rounds=self.max_rounds)
        log.settled(stage, item, settled)
        return settled


async def all_of(coroutines: Iterable[Awaitable[T]]) -> list[T]:
    """Every result, in order; if one fails, the others are cancelled (not left running) and it is raised."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def item_answer(item: Any) -> Answer:
    """One item of a larger answer, as if the model had answered it alone (for per-item corrections)."""
    return Answer(text=json.dumps(item, ensure_ascii=False), cached=True)
