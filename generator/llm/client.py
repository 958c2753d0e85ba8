"""Structured-output calls to an OpenAI-compatible endpoint, cached, bounded and accounted.

Each request asks for a JSON object matching a stage model's JSON Schema, with
``response_format: {"type": "json_schema", ...}``. A server that refuses ``response_format`` (HTTP
400/422) is asked again with the schema written into the system message instead ("JSON in text"),
and once that works the client keeps doing so. Retries with backoff (honouring ``Retry-After``) are
the shared :class:`worldfarm.ChatClient`'s; here are the concurrency limit, the cache and the ledger.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Literal

from generator.llm.cache import Answer, Cache, cache_key
from generator.llm.ledger import Ledger
from generator.llm.models import STAGE_MODELS, json_schema, response_format
from worldfarm import ChatClient, ChatEndpointError, ChatReply

logger = logging.getLogger(__name__)

StructuredMode = Literal["auto", "json_schema", "text"]
FALLBACK_STATUSES = frozenset({400, 415, 422})


class StructuredClient:
    """Asks for JSON answers; ``structured`` says how: ``auto`` (json_schema, else text), or one of them."""

    def __init__(
        self,
        chat: ChatClient,
        cache: Cache,
        ledger: Ledger,
        *,
        concurrency: int = 4,
        structured: StructuredMode = "auto",
    ) -> None:
        self.chat = chat
        self.cache = cache
        self.ledger = ledger
        self.structured = structured
        self._slots = asyncio.Semaphore(max(1, concurrency))

    @property
    def model(self) -> str:
        return self.chat.settings.model

    async def ask(self, stage: str, version: int, messages: list[dict[str, Any]], answer: str) -> Answer:
        """The model's answer to ``messages``, asked to match the stage model named ``answer``; from the
        cache when this exact request was answered before. Raises ChatEndpointError."""
        request = {"messages": messages, "answer": answer, "schema": json_schema(STAGE_MODELS[answer])}
        key = cache_key(stage, version, self.model, request)
        hit = self.cache.get(key)
        if hit is not None:
            self.ledger.reused(stage, hit)
            return hit
        async with self._slots:
            try:
                reply = await self._complete(messages, answer)
            except ChatEndpointError:
                self.ledger.failed(stage)
                raise
        self.ledger.paid(stage, reply.usage)
        result = Answer(
            text=_text(reply.message.get("content")),
            finish_reason=reply.finish_reason,
            prompt_tokens=reply.usage.prompt_tokens,
            completion_tokens=reply.usage.completion_tokens,
        )
        self.cache.put(key, result, stage)
        return result

    async def _complete(self, messages: list[dict[str, Any]], answer: str) -> ChatReply:
        if self.structured == "text":
            return await self.chat.complete(_with_schema_in_text(messages, answer))
        try:
            return await self.chat.complete(messages, response_format=response_format(answer))
        except ChatEndpointError as exc:
            if self.structured != "auto" or exc.status not in FALLBACK_STATUSES:
                raise
            reply = await self.chat.complete(_with_schema_in_text(messages, answer))
            logger.warning("the endpoint refuses response_format (%s); asking for JSON in text from now on", exc)
            self.structured = "text"
            return reply


def _with_schema_in_text(messages: list[dict[str, Any]], answer: str) -> list[dict[str, Any]]:
    """The messages with the JSON Schema of the answer appended to the system message."""
    schema = json.dumps(json_schema(STAGE_MODELS[answer]), separators=(",", ":"))
    note = "\n\nReply with only one JSON object (no prose, no code fences) that matches this JSON Schema:\n" + schema
    first, *rest = messages
    if first.get("role") == "system":
        return [{**first, "content": str(first.get("content", "")) + note}, *rest]
    return [{"role": "system", "content": note.strip()}, *messages]


def _text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""
