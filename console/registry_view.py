"""The console of the registry: workers and the catalog from its memory, episodes from its workers.

Live episodes are asked of every up worker a page at a time (newest first: each worker sends the first
``page x 50`` of its own, the registry merges them), so a page costs the same with 10,000 live episodes
as with 10; an episode's trace, diff and state come from the worker that holds it.
"""

from __future__ import annotations

import heapq
from typing import Any

import anyio
import httpx2
from pydantic import TypeAdapter

from console.views import PAGE_SIZE, EnvRow, EpisodeDetail, EpisodeRow, Overview, Page, WorkerRow, page_of
from registry import UP, Registry, WorkerState, refusal
from worldfarm.control import Diff, EpisodeInfo, State, Trace
from worldfarm.definition import EnvDefinition

_INFOS = TypeAdapter(list[EpisodeInfo])


class RegistryView:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    async def overview(self) -> Overview:
        pool = self.registry.pool
        rows = [_worker_row(w) for w in sorted(pool.all(), key=lambda w: (w.status != UP, w.name))]
        live = sum(w.episodes for w in pool.all() if w.status == UP)
        return Overview(role="registry", workers=rows, envs=len(pool.envs()), episodes=live)

    async def episodes(self, page: int, env: str | None) -> Page[EpisodeRow]:
        page = max(1, page)
        wanted = {"limit": str(page * PAGE_SIZE), **({"env": env} if env else {})}
        found: list[tuple[list[EpisodeRow], int]] = []

        async def ask(worker: WorkerState) -> None:
            response = await self._get(worker, "/v1/episodes", wanted)
            if response is not None and response.status_code == 200:
                rows = [_episode_row(info, worker.name) for info in _INFOS.validate_json(response.content)]
                found.append((rows, int(response.headers.get("x-total-count", len(rows)))))

        async with anyio.create_task_group() as tg:
            for worker in self.registry.pool.all():
                if worker.status == UP:
                    tg.start_soon(ask, worker)
        newest = list(heapq.merge(*(rows for rows, _ in found), key=lambda r: r.created_at, reverse=True))
        start = (page - 1) * PAGE_SIZE
        return Page(newest[start : start + PAGE_SIZE], page, sum(total for _, total in found))

    async def episode(self, episode_id: str) -> EpisodeDetail:
        _, worker = await self.registry.forwarder.owner(episode_id)
        base = f"/v1/episodes/{episode_id}"
        info, trace, diff, state = await _gather(
            [self._json(worker, base + part) for part in ("", "/trace", "/diff", "/state")]
        )
        episode = EpisodeInfo.model_validate(info)
        return EpisodeDetail(
            row=_episode_row(episode, worker.name),
            instruction=episode.instruction,
            trace=Trace.model_validate(trace),
            diff=Diff.model_validate(diff),
            state=State.model_validate(state),
        )

    async def envs(self, page: int, query: str | None) -> Page[EnvRow]:
        catalog = self.registry.catalog
        chosen = page_of(catalog.search(q=query), page)
        return Page([_env_row(env, catalog.summary(env)) for env in chosen.items], chosen.number, chosen.total)

    async def env(self, env_id: str) -> EnvDefinition:
        response = await self.registry.forwarder.forward_env(env_id, "/definition")
        if response.status_code != 200:
            raise refusal(httpx2.Response(response.status_code, content=bytes(response.body)))
        return EnvDefinition.model_validate_json(bytes(response.body))

    async def _get(self, worker: WorkerState, path: str, params: dict[str, str]) -> httpx2.Response | None:
        try:
            return await self.registry.http.get(worker.url + path, params=params, headers=self.registry.forwarder.auth)
        except httpx2.TransportError:
            await self.registry.liveness.confirm(worker)
            return None

    async def _json(self, worker: WorkerState, path: str) -> Any:
        response = await self._get(worker, path, {})
        if response is None:
            raise refusal(httpx2.Response(502, json={"error": {"code": "worker_unreachable", "message": "no answer"}}))
        if response.status_code != 200:
            raise refusal(response)
        return response.json()


async def _gather(calls: list[Any]) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    async def one(index: int, call: Any) -> None:
        results[index] = await call

    async with anyio.create_task_group() as tg:
        for index, call in enumerate(calls):
            tg.start_soon(one, index, call)
    return results


def _worker_row(worker: WorkerState) -> WorkerRow:
    return WorkerRow(
        name=worker.name,
        url=worker.url,
        status=worker.status,
        episodes=worker.episodes,
        max_episodes=worker.max_episodes,
        envs=len(worker.envs),
        reason=worker.reason,
    )


def _episode_row(info: EpisodeInfo, worker: str) -> EpisodeRow:
    return EpisodeRow(
        episode_id=info.episode_id,
        env=info.env,
        task=info.task,
        created_at=info.created_at,
        calls=info.calls,
        worker=worker,
        origin=info.origin,
    )


def _env_row(env: str, summary: Any) -> EnvRow:
    if summary is None:
        return EnvRow(id=env)
    return EnvRow(
        id=env,
        title=summary.title,
        domain=summary.domain,
        description=summary.description,
        tools=len(summary.tools),
        tasks=len(summary.tasks),
    )
