"""A farm's control plane as the harness sees it: HTTP to a worker or the registry, with the token.

One :class:`ControlPlane` (a :class:`~client.farm.Farm` is one) holds one shared ``httpx2.AsyncClient``
for every episode it opens (the control plane and every episode's MCP requests): making a client
costs ~20 ms, and thousands of concurrent episodes need one raised connection pool, not thousands of
small ones. Environment descriptions, tool lists and tasks are fetched once per farm and shared by
every episode.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Hashable
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx2
import mcp_types
from pydantic import BaseModel, ValidationError

from client.calls import McpCaller
from client.errors import ClientError, EnvironmentFailure, EpisodeLost, FarmRejected
from worldfarm import tracing
from worldfarm.codeenv import AnyTask, parse_task
from worldfarm.control import (
    ClosedEpisodes,
    CloseEpisodes,
    CreateEpisode,
    CreateEpisodes,
    EnvInfo,
    EpisodeInfo,
    State,
)
from worldfarm.settings import farm_token, farm_url, missing_token
from worldfarm.text import some_of

DEFAULT_TIMEOUT = httpx2.Timeout(60.0, connect=10.0, pool=None)
"""Per request; no pool timeout: with thousands of episodes in flight a request may wait for a connection,
and the episode's own time limit bounds that wait."""

KEEPALIVE_EXPIRY = 2.0
LOST_CODES = frozenset({"episode_not_found", "episode_lost", "worker_lost"})
RETRY_CREATE_STATUSES = frozenset({502, 503, 504})

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
M = TypeVar("M", bound=BaseModel)


def shared_http_client(max_connections: int = 1024, timeout: httpx2.Timeout = DEFAULT_TIMEOUT) -> httpx2.AsyncClient:
    """The one HTTP client a harness needs: a pool raised for many concurrent episodes.

    Idle connections are dropped after ``KEEPALIVE_EXPIRY`` s, before a server's own keep-alive
    timeout (uvicorn's is 5 s) can close one just as a request goes out on it (seen as a ReadError
    once in 1,000 episodes held open at once with the default of 5 s on both sides).
    """
    limits = httpx2.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections, keepalive_expiry=KEEPALIVE_EXPIRY
    )
    return httpx2.AsyncClient(timeout=timeout, limits=limits)


class Memo(Generic[K, V]):
    """Async memoization: concurrent callers of one key share one computation; a failure is not kept.

    The computation runs as its own task, so a caller that is cancelled (its episode timed out) does
    not cancel it for the others.
    """

    def __init__(self) -> None:
        self._tasks: dict[K, asyncio.Task[V]] = {}

    async def get(self, key: K, compute: Callable[[], Awaitable[V]]) -> V:
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.ensure_future(compute())
            self._tasks[key] = task
            task.add_done_callback(lambda done: self._forget_failure(key, done))
        return await asyncio.shield(task)

    def peek(self, key: K) -> V | None:
        """The value of ``key`` if it has been computed (and did not fail), else None."""
        task = self._tasks.get(key)
        if task is None or not task.done() or task.cancelled() or task.exception() is not None:
            return None
        return task.result()

    def _forget_failure(self, key: K, task: asyncio.Task[V]) -> None:
        if task.cancelled() or task.exception() is not None:
            self._tasks.pop(key, None)


class ControlPlane:
    """A farm's control plane over HTTP: environments, tasks, episodes. Use as an async context manager."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        http: httpx2.AsyncClient | None = None,
        max_connections: int = 1024,
        create_retries: int = 3,
    ) -> None:
        self.url = farm_url(url)
        resolved = farm_token(token)
        if resolved is None:
            raise missing_token(self.url)
        self._auth = {"Authorization": f"Bearer {resolved}"}
        self._owns_http = http is None
        self.http = http if http is not None else shared_http_client(max_connections)
        tracing.instrument(self.http)
        self.create_retries = create_retries
        self._envs: Memo[str, EnvInfo] = Memo()
        self._tasks: Memo[str, dict[str, AnyTask]] = Memo()
        self._references: Memo[tuple[str, str], State] = Memo()
        """Reference states by (environment, task), kept by :meth:`client.farm.Farm.reference_state`."""
        self._tools: Memo[str, list[mcp_types.Tool]] = Memo()
        self.mcp = McpCaller(self.http)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()

    async def request(self, method: str, url: str, *, json: Any = None, params: dict[str, str] | None = None) -> Any:
        """One control-plane request (``url`` absolute, or a path on the farm); its JSON body, or None."""
        response = await self._send(method, url, json, params)
        return response.json() if response.content else None

    async def read(
        self, model: type[M], method: str, url: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> M:
        """One control-plane request answered with a ``model``, read straight from the JSON of the answer."""
        response = await self._send(method, url, json, params)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise EnvironmentFailure(f"the farm answered {method} {url} with no {model.__name__}: {exc}") from None

    async def _send(self, method: str, url: str, json: Any, params: dict[str, str] | None) -> httpx2.Response:
        if not url.startswith(("http://", "https://")):
            url = self.url + url
        try:
            response = await self.http.request(method, url, json=json, params=params, headers=self._auth)
        except httpx2.TimeoutException:
            raise EnvironmentFailure(f"the farm did not answer {method} {url} in time", url=url) from None
        except httpx2.TransportError as exc:
            raise EnvironmentFailure(f"cannot reach the farm at {url}: {exc or type(exc).__name__}", url=url) from None
        if response.status_code >= 400:
            raise _failure(response, url)
        return response

    async def env_ids(self) -> list[str]:
        """Every environment the farm serves."""
        body = await self.request("GET", "/v1/envs")
        return [entry["id"] for entry in body["envs"]]

    async def env(self, env_id: str) -> EnvInfo:
        """An environment's description, tools, public tasks and volatile columns (fetched once)."""

        async def fetch() -> EnvInfo:
            return EnvInfo.model_validate(await self.request("GET", f"/v1/envs/{env_id}"))

        return await self._envs.get(env_id, fetch)

    async def tools(self, env_id: str, mcp_url: str) -> list[mcp_types.Tool]:
        """An environment's MCP tools, as its server lists them at ``mcp_url`` (any episode of it): fetched once.

        The tools are part of the environment, the same in every episode of it; raises what
        :meth:`McpCaller.list_tools` raises.
        """
        return await self._tools.get(env_id, lambda: self.mcp.list_tools(mcp_url))

    def known_tools(self, env_id: str) -> list[mcp_types.Tool] | None:
        """An environment's MCP tools if an episode of it has listed them already, else None."""
        return self._tools.peek(env_id)

    async def tasks(self, env_id: str) -> dict[str, AnyTask]:
        """An environment's tasks in full, verifiers and reference solutions included (fetched once)."""

        async def fetch() -> dict[str, AnyTask]:
            body = await self.request("GET", f"/v1/envs/{env_id}/tasks")
            try:
                tasks = [parse_task(entry) for entry in body]
            except (ValidationError, TypeError) as exc:
                raise ClientError(
                    f"the farm's tasks of {env_id} do not fit this harness's task model ({exc}); "
                    "run the same worldfarm version on both sides"
                ) from None
            return {task.id: task for task in tasks}

        return await self._tasks.get(env_id, fetch)

    async def task(self, env_id: str, task_id: str) -> AnyTask:
        tasks = await self.tasks(env_id)
        if task_id not in tasks:
            known = some_of(list(tasks))
            raise FarmRejected(404, f"environment {env_id} has no task {task_id!r}; its tasks: {known}")
        return tasks[task_id]

    async def create_episode(self, env_id: str, task_id: str | None = None) -> EpisodeInfo:
        """A new episode; a full or briefly unavailable farm (502/503/504) is retried with backoff."""
        body = CreateEpisode(env=env_id, task=task_id).model_dump(exclude_none=True)
        answer = await self._create_with_retries("/v1/episodes", body)
        return _episode_info(answer, env_id, task_id)

    async def create_episodes(self, wanted: list[tuple[str, str | None]]) -> list[EpisodeInfo]:
        """New episodes of these (environment, task) pairs in one request, in order: all of them, or an error
        and none (``POST /v1/episodes/batch``); retried like :meth:`create_episode`."""
        asks = [CreateEpisode(env=env_id, task=task_id) for env_id, task_id in wanted]
        body = CreateEpisodes(episodes=asks).model_dump(exclude_none=True)
        answer = await self._create_with_retries("/v1/episodes/batch", body)
        try:
            episodes = answer["episodes"]
        except (KeyError, TypeError):
            raise EnvironmentFailure(
                f"the farm answered a batch of episodes with no episodes: {answer!r:.300}"
            ) from None
        if not isinstance(episodes, list) or len(episodes) != len(wanted):
            raise EnvironmentFailure(f"the farm answered a batch of {len(wanted)} episodes with another number of them")
        return [_episode_info(e, env_id, task_id) for e, (env_id, task_id) in zip(episodes, wanted, strict=True)]

    async def close_episodes(self, episode_ids: list[str]) -> ClosedEpisodes:
        """Close these episodes in one request (``POST /v1/episodes/close``); which were not live, and why."""
        answer = await self.request("POST", "/v1/episodes/close", json=CloseEpisodes(episodes=episode_ids).model_dump())
        try:
            return ClosedEpisodes.model_validate(answer)
        except ValidationError as exc:
            raise EnvironmentFailure(f"the farm answered closing episodes with {answer!r:.300}: {exc}") from None

    async def _create_with_retries(self, path: str, body: dict[str, Any]) -> Any:
        for attempt in range(self.create_retries + 1):
            try:
                return await self.request("POST", path, json=body)
            except EnvironmentFailure as exc:
                if exc.status not in RETRY_CREATE_STATUSES or attempt == self.create_retries:
                    raise
            await asyncio.sleep(min(5.0, 0.25 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")


def _episode_info(body: Any, env_id: str, task_id: str | None) -> EpisodeInfo:
    """The created episode; only ``episode_id``, ``mcp_url`` and ``control_url`` are required of a farm."""
    defaults = {"env": env_id, "task": task_id, "created_at": "", "last_used_at": "", "calls": 0}
    try:
        return EpisodeInfo.model_validate({**defaults, **body})
    except (ValidationError, TypeError) as exc:
        raise EnvironmentFailure(f"the farm answered POST /v1/episodes with no usable episode: {exc}") from None


def _failure(response: httpx2.Response, url: str) -> Exception:
    code, message = _error_of(response)
    status = response.status_code
    if code in LOST_CODES or status == 410:
        return EpisodeLost(f"the episode is gone: {message}", status=status, url=url)
    if status >= 500 or status == 429:
        return EnvironmentFailure(f"the farm failed: {message} (HTTP {status})", status=status, url=url)
    return FarmRejected(status, message, url, code)


def _error_of(response: httpx2.Response) -> tuple[str, str]:
    try:
        error = response.json()["error"]
        return str(error.get("code", "")), str(error["message"])
    except (ValueError, KeyError, TypeError):
        return "", response.text[:500] or response.reason_phrase
