"""A client for OpenAI-compatible chat completions (vLLM, Ollama, hosted APIs), over httpx2 directly.

Shared by the harness's ``openai`` agent and the generator's LLM pipeline.

``POST {base_url}/chat/completions`` with the model, messages, and optionally tools or a
``response_format``. Transient failures (no connection, timeouts, 408/409/429/5xx, a reply that is
not a chat completion) are retried with exponential backoff and jitter, honouring ``Retry-After``;
anything else fails at once with the endpoint's own message. After the last retry the call raises
:class:`~worldfarm.errors.ChatEndpointError` (or the subclass a caller sets as ``ChatClient.error``).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx2

from worldfarm.errors import ChatEndpointError, ConfigError

BASE_URL_VARIABLE = "OPENAI_BASE_URL"
API_KEY_VARIABLE = "OPENAI_API_KEY"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0


@dataclass
class ChatUsage:
    """What a model consumed."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    retries: int = 0
    model_seconds: float = 0.0

    def add(self, other: ChatUsage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.requests += other.requests
        self.retries += other.retries
        self.model_seconds += other.model_seconds

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class ChatSettings:
    model: str
    base_url: str = DEFAULT_BASE_URL
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
            raise ConfigError("a model is needed: pass --model (e.g. --model Qwen/Qwen3-8B)")
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
    usage: ChatUsage


@dataclass
class _Failure:
    problem: str
    wait: float | None
    """Seconds to wait before retrying (0: the usual backoff); None: do not retry."""
    status: int = 0


class ChatClient:
    """Chat completions with retries; one client (one connection pool) shared by every caller."""

    error: ClassVar[type[ChatEndpointError]] = ChatEndpointError
    """What a call raises once every retry failed."""

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

    async def complete(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]] | None = None,
        *,
        response_format: dict[str, Any] | None = None,
    ) -> ChatReply:
        """One assistant message for ``messages``; ``self.error`` once every retry failed."""
        body = self._body(messages, tools, response_format)
        usage = ChatUsage()
        failure = _Failure("no attempt", None)
        for attempt in range(self.settings.retries + 1):
            if attempt:
                usage.retries += 1
            started = time.perf_counter()
            outcome = await self._attempt(body)
            usage.model_seconds += time.perf_counter() - started
            if isinstance(outcome, ChatReply):
                outcome.usage.retries, outcome.usage.model_seconds = usage.retries, usage.model_seconds
                return outcome
            failure = outcome
            if failure.wait is None or attempt == self.settings.retries:
                break
            await asyncio.sleep(failure.wait if failure.wait > 0 else self._backoff(attempt))
        raise self.error(f"chat completions at {self.settings.base_url} failed: {failure.problem}", failure.status)

    def _body(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]] | None,
        response_format: dict[str, Any] | None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.settings.model, "messages": messages}
        if tools:
            body["tools"] = tools
        if response_format is not None:
            body["response_format"] = response_format
        if self.settings.temperature is not None:
            body["temperature"] = self.settings.temperature
        if self.settings.max_tokens is not None:
            body[self.settings.max_tokens_field] = self.settings.max_tokens
        return {**body, **self.settings.extra_body}

    async def _attempt(self, body: dict[str, Any]) -> ChatReply | _Failure:
        url = f"{self.settings.base_url}/chat/completions"
        try:
            response = await self.http.post(url, json=body)
        except httpx2.TimeoutException:
            return _Failure(f"no reply in {self.settings.timeout:g} s", 0.0)
        except httpx2.TransportError as exc:
            return _Failure(f"cannot connect ({exc or type(exc).__name__})", 0.0)
        status = response.status_code
        if status >= 400:
            retry = status in RETRY_STATUSES
            return _Failure(f"HTTP {status}: {response.text[:300]}", _retry_after(response) if retry else None, status)
        try:
            return parse_reply(response.json())
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            return _Failure(f"the reply is not a chat completion ({exc}): {response.text[:300]}", 0.0, status)

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
        usage=ChatUsage(
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
