"""A client for OpenAI-compatible chat completions (vLLM, Ollama, hosted APIs), over httpx2 directly.

``POST {base_url}/chat/completions`` with the model, messages and tools. Transient failures (no
connection, timeouts, 408/409/429/5xx, a reply that is not a chat completion) are retried with
exponential backoff and jitter, honouring ``Retry-After``; anything else fails at once with the
endpoint's own message. After the last retry the call raises :class:`ModelEndpointError`.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx2

from client.agents.base import Usage
from client.errors import ModelEndpointError
from worldfarm.errors import ConfigError

BASE_URL_VARIABLE = "OPENAI_BASE_URL"
API_KEY_VARIABLE = "OPENAI_API_KEY"
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0


@dataclass(frozen=True)
class ChatSettings:
    model: str
    base_url: str = "https://api.openai.com/v1"
    api_key: str | None = None
    temperature: float | None = 0.0
    max_tokens: int | None = 1024
    max_tokens_field: str = "max_tokens"
    """``max_tokens`` (vLLM, Ollama, most servers) or ``max_completion_tokens`` (OpenAI reasoning models)."""
    retries: int = 4
    backoff: float = 1.0
    """Seconds before the first retry; doubled at each retry, with jitter, at most 30 s."""
    timeout: float = 120.0
    """Seconds one request may take."""
    extra_body: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(
        cls, model: str | None, base_url: str | None = None, api_key: str | None = None, **kw: Any
    ) -> ChatSettings:
        """Settings from flags, then ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``."""
        if not model:
            raise ConfigError("the openai agent needs a model: pass --model (e.g. --model Qwen/Qwen3-8B)")
        url = base_url or os.environ.get(BASE_URL_VARIABLE) or cls.base_url
        return cls(model=model, base_url=url.rstrip("/"), api_key=api_key or os.environ.get(API_KEY_VARIABLE), **kw)

    def describe(self) -> dict[str, Any]:
        """Everything but the key."""
        return {
            "model": self.model,
            "base_url": self.base_url,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "retries": self.retries,
        }


@dataclass
class ChatReply:
    message: dict[str, Any]
    finish_reason: str | None
    usage: Usage


class ChatClient:
    """Chat completions with retries; one client (one connection pool) shared by every episode."""

    def __init__(self, settings: ChatSettings, http: httpx2.AsyncClient | None = None) -> None:
        self.settings = settings
        self._owns_http = http is None
        headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
        limits = httpx2.Limits(max_connections=512, max_keepalive_connections=512)
        self.http = http or httpx2.AsyncClient(
            timeout=httpx2.Timeout(settings.timeout, pool=None), limits=limits, headers=headers
        )

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()

    async def complete(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> ChatReply:
        """One assistant message for ``messages``; ModelEndpointError once every retry failed."""
        body = self._body(messages, tools)
        usage = Usage()
        problem = ""
        for attempt in range(self.settings.retries + 1):
            if attempt:
                usage.retries += 1
            started = time.perf_counter()
            reply, problem, wait = await self._attempt(body)
            usage.model_seconds += time.perf_counter() - started
            if reply is not None:
                reply.usage.retries, reply.usage.model_seconds = usage.retries, usage.model_seconds
                return reply
            if wait is None or attempt == self.settings.retries:
                break
            await asyncio.sleep(wait if wait > 0 else self._backoff(attempt))
        raise ModelEndpointError(f"chat completions at {self.settings.base_url} failed: {problem}")

    def _body(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.settings.model, "messages": messages}
        if tools:
            body["tools"] = tools
        if self.settings.temperature is not None:
            body["temperature"] = self.settings.temperature
        if self.settings.max_tokens is not None:
            body[self.settings.max_tokens_field] = self.settings.max_tokens
        return {**body, **self.settings.extra_body}

    async def _attempt(self, body: dict[str, Any]) -> tuple[ChatReply | None, str, float | None]:
        """(reply, problem, wait): a reply; or a problem and the wait before retrying (None: do not retry)."""
        url = f"{self.settings.base_url}/chat/completions"
        try:
            response = await self.http.post(url, json=body)
        except httpx2.TimeoutException:
            return None, f"no reply in {self.settings.timeout:g} s", 0.0
        except httpx2.TransportError as exc:
            return None, f"cannot connect ({exc or type(exc).__name__})", 0.0
        if response.status_code >= 400:
            problem = f"HTTP {response.status_code}: {response.text[:300]}"
            retry = response.status_code in RETRY_STATUSES
            return None, problem, _retry_after(response) if retry else None
        try:
            return parse_reply(response.json()), "", None
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            return None, f"the reply is not a chat completion ({exc}): {response.text[:300]}", 0.0

    def _backoff(self, attempt: int) -> float:
        ceiling: float = min(MAX_BACKOFF, self.settings.backoff * 2.0**attempt)
        return ceiling * (0.5 + random.random() / 2)


def parse_reply(body: Any) -> ChatReply:
    """The first choice of a chat completion; KeyError/TypeError/IndexError if ``body`` is not one."""
    choice = body["choices"][0]
    message = choice["message"]
    if not isinstance(message, dict):
        raise TypeError("message is not an object")
    usage = body.get("usage") or {}
    return ChatReply(
        message=message,
        finish_reason=choice.get("finish_reason"),
        usage=Usage(
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            requests=1,
        ),
    )


def _retry_after(response: httpx2.Response) -> float:
    try:
        return min(MAX_BACKOFF, max(0.0, float(response.headers.get("retry-after", "0"))))
    except ValueError:
        return 0.0
