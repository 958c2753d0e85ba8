"""The structured-output client against a real HTTP server: the JSON-in-text fallback, the cache, the limit."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from generator.llm import Cache, Ledger, StructuredClient
from worldfarm import ChatClient, ChatEndpointError, ChatSettings
from worldfarm.testing import FakeLLM, Raw, Slow, text

MESSAGES = [{"role": "system", "content": "You design."}, {"role": "user", "content": "Scenario id: x"}]
SCHEMA = {"tables": [{"name": "items", "sql": "CREATE TABLE items (id INTEGER PRIMARY KEY)"}]}
REFUSAL = Raw(400, '{"error": {"message": "response_format json_schema is not supported"}}')


@contextlib.asynccontextmanager
async def client(llm: FakeLLM, cache: Path | None = None, **kw: Any) -> AsyncIterator[StructuredClient]:
    chat = ChatClient(ChatSettings(model="m", base_url=llm.base_url, retries=0, backoff=0.01))
    try:
        yield StructuredClient(chat, Cache(cache), Ledger(), **kw)
    finally:
        await chat.aclose()


def refuses_response_format(body: dict[str, Any]) -> Any:
    return REFUSAL if "response_format" in body else text(json.dumps(SCHEMA))


async def test_a_server_without_structured_output_is_asked_for_json_in_text_from_then_on() -> None:
    async with FakeLLM.running() as llm:
        llm.responder = refuses_response_format
        async with client(llm) as ai:
            first = await ai.ask("schema", 1, MESSAGES, "schema")
            second = await ai.ask("schema", 1, [*MESSAGES, {"role": "user", "content": "again"}], "schema")

    assert json.loads(first.text) == json.loads(second.text) == SCHEMA
    assert ["response_format" in r for r in llm.requests] == [True, False, False]
    system = llm.requests[1]["messages"][0]["content"]
    assert system.startswith("You design.")
    assert '"title":"Schema"' in system
    assert ai.ledger.stages["schema"].requests == 2


async def test_json_schema_mode_does_not_fall_back() -> None:
    async with FakeLLM.running() as llm:
        llm.responder = refuses_response_format
        async with client(llm, structured="json_schema") as ai:
            with pytest.raises(ChatEndpointError, match="not supported") as caught:
                await ai.ask("schema", 1, MESSAGES, "schema")

    assert caught.value.status == 400
    assert len(llm.requests) == 1


async def test_the_same_request_is_answered_once_and_then_from_the_cache(tmp_path: Path) -> None:
    async with FakeLLM.running() as llm:
        llm.responder = lambda body: text(json.dumps(SCHEMA))
        async with client(llm, tmp_path) as ai:
            answers = [await ai.ask("schema", 1, MESSAGES, "schema") for _ in range(2)]
            await ai.ask("schema", 2, MESSAGES, "schema")  # another prompt version: another key

    assert [a.cached for a in answers] == [False, True]
    assert len(llm.requests) == 2
    assert ai.ledger.stages["schema"].cached == 1


async def test_no_more_requests_are_in_flight_than_the_limit() -> None:
    async with FakeLLM.running() as llm:
        llm.responder = lambda body: Slow(0.05, text(json.dumps(SCHEMA)))
        async with client(llm, concurrency=2) as ai:
            asks = [ai.ask("schema", 1, [*MESSAGES, {"role": "user", "content": str(i)}], "schema") for i in range(6)]
            answers = await asyncio.gather(*asks)

    assert len(answers) == len(llm.requests) == 6
    assert llm.most_in_flight <= 2
