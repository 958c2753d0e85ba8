"""Episode control calls made on the registry, forwarded to the worker that holds the episode.

The registry answers with the worker's own answer, except that an episode's ``control_url`` is
rewritten to point at the registry (so a harness keeps one control address, and the registry sees
closes and forks), and its ``mcp_url`` at the registry's MCP proxy when the registry is configured
to carry MCP traffic. An episode whose worker is down or gone is answered 410 ``episode_lost``.
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
import httpx2
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from registry.errors import EpisodeLost, UnknownEpisode, WorkerRefused, WorkerUnreachable
from registry.liveness import Liveness
from registry.store import Placement, Store
from registry.workers import DOWN, UP, WorkerPool, WorkerState
from worldfarm.control import ClosedEpisodes

logger = logging.getLogger(__name__)

OPERATIONS = {
    "POST": {"fork", "reset", "snapshot", "restore", "query", "verify"},
    "GET": {"state", "diff", "trace"},
}
"""What a harness may do to an episode beyond GET and DELETE of the episode itself."""

EPISODE_ANSWERS = frozenset({"", "/fork", "/reset", "/restore"})
"""The operations answered with an episode (EpisodeInfo), whose URLs the registry rewrites; other answers
(state, trace, verify, ...) are passed on as the worker wrote them."""


def localize(info: dict[str, Any], base: str, proxy: bool) -> dict[str, Any]:
    """An episode's description as the registry gives it: control (and, if ``proxy``, MCP) through ``base``;
    without ``proxy`` its worker's own control URL too, for reads that need no hop through the registry."""
    episode, env = info.get("episode_id"), info.get("env")
    if isinstance(episode, str) and "control_url" in info:
        if not proxy:
            info["direct_control_url"] = info["control_url"]
        info["control_url"] = f"{base}/v1/episodes/{episode}"
        if proxy and isinstance(env, str):
            info["mcp_url"] = f"{base}/envs/{env}/e/{episode}/mcp"
    return info


def refusal(response: httpx2.Response) -> WorkerRefused:
    """A worker's error answer as an exception the registry passes on unchanged."""
    try:
        error = response.json()["error"]
        return WorkerRefused(response.status_code, str(error["code"]), str(error["message"]))
    except (ValueError, KeyError, TypeError):
        text = response.text[:300] or response.reason_phrase
        return WorkerRefused(response.status_code, "worker_error", f"the worker answered: {text}")


def lost(placement: Placement, worker: WorkerState | None) -> EpisodeLost:
    where = f"worker {worker.name} ({worker.url}), which is {worker.status}: {worker.reason}" if worker else "worker"
    return EpisodeLost(
        f"episode {placement.episode_id} of {placement.env} was lost with its {where}. Its state cannot be "
        "recovered; create a new episode (POST /v1/episodes)"
    )


class Forwarder:
    def __init__(
        self, pool: WorkerPool, liveness: Liveness, store: Store, http: httpx2.AsyncClient, token: str
    ) -> None:
        self.pool = pool
        self.liveness = liveness
        self.store = store
        self.http = http
        self.auth = {"authorization": f"Bearer {token}"}

    async def owner(self, episode_id: str) -> tuple[Placement, WorkerState]:
        """Where the episode lives; UnknownEpisode, or EpisodeLost if its worker is down or gone."""
        placement = self.store.placement(episode_id)
        if placement is None:
            raise UnknownEpisode(
                f"no episode {episode_id} on this farm: it was never created here, or it was closed "
                "(create one with POST /v1/episodes)"
            )
        worker = self.pool.get(placement.instance)
        if worker is not None and (
            worker.status == UP or (worker.status == DOWN and await self.liveness.revived(worker))
        ):
            return placement, worker
        raise lost(placement, worker)

    async def forward(self, request: Request, episode_id: str, rest: str, base: str, proxy: bool) -> Response:
        """Forward ``request`` (on ``/v1/episodes/{id}{rest}``) to the episode's worker and pass on its answer."""
        placement, worker = await self.owner(episode_id)
        try:
            response = await self.http.request(
                request.method,
                f"{worker.url}/v1/episodes/{episode_id}{rest}",
                params=str(request.query_params),
                content=await request.body(),
                headers=self._headers(request),
            )
        except httpx2.TransportError:
            if await self.liveness.confirm(worker):
                raise WorkerUnreachable(f"worker {worker.name} did not answer in time; retry") from None
            raise lost(placement, worker) from None
        return self._answer(request.method, rest, placement, worker, response, base, proxy)

    async def close_many(self, episode_ids: list[str]) -> ClosedEpisodes:
        """Close episodes wherever they live, one ``POST /v1/episodes/close`` per worker; say why any was not
        live (unknown here, lost with its worker, or not live on its worker)."""
        shares: dict[WorkerState, list[str]] = {}
        missing: dict[str, str] = {}
        for episode_id in episode_ids:
            try:
                _, worker = await self.owner(episode_id)
            except (UnknownEpisode, EpisodeLost) as exc:
                missing[episode_id] = exc.message
            else:
                shares.setdefault(worker, []).append(episode_id)
        closed: list[str] = []

        async def close(worker: WorkerState, ids: list[str]) -> None:
            answer = await self._close_on(worker, ids)
            if answer is None:  # the worker is dead: its episodes are lost, and stay known as lost
                placements = [p for p in map(self.store.placement, ids) if p is not None]
                missing.update({p.episode_id: lost(p, worker).message for p in placements})
                return
            closed.extend(answer.closed)
            missing.update(answer.missing)
            worker.episodes = max(0, worker.episodes - len(answer.closed))
            self.store.remove_placements([*answer.closed, *answer.missing])

        async with anyio.create_task_group() as tg:
            for worker, ids in shares.items():
                tg.start_soon(close, worker, ids)
        order = {episode_id: index for index, episode_id in enumerate(episode_ids)}
        return ClosedEpisodes(closed=sorted(closed, key=order.__getitem__), missing=missing)

    async def _close_on(self, worker: WorkerState, ids: list[str]) -> ClosedEpisodes:
        try:
            response = await self.http.post(
                f"{worker.url}/v1/episodes/close", json={"episodes": ids}, headers=self.auth
            )
        except httpx2.TransportError:
            if await self.liveness.confirm(worker):
                raise WorkerUnreachable(f"worker {worker.name} did not answer in time; retry") from None
            placements = [self.store.placement(i) for i in ids]
            return ClosedEpisodes(closed=[], missing={p.episode_id: lost(p, worker).message for p in placements if p})
        if response.status_code != 200:
            raise refusal(response)
        return ClosedEpisodes.model_validate_json(response.content)

    async def list_episodes(self, request: Request, base: str, proxy: bool) -> list[dict[str, Any]]:
        """Every up worker's live episodes (``GET /v1/episodes``), with the same filters. Episodes made on
        a worker directly keep the worker's URLs: the registry holds no placement for them."""
        found: list[dict[str, Any]] = []

        async def ask(worker: WorkerState) -> None:
            try:
                response = await self.http.get(
                    f"{worker.url}/v1/episodes", params=str(request.query_params), headers=self.auth
                )
            except httpx2.TransportError:
                await self.liveness.confirm(worker)
                return
            if response.status_code == 200:
                for info in response.json():
                    placed = self.store.placement(info.get("episode_id", "")) is not None
                    found.append(localize(info, base, proxy) if placed else info)

        async with anyio.create_task_group() as tg:
            for worker in self.pool.all():
                if worker.status == UP:
                    tg.start_soon(ask, worker)
        return found

    async def forward_env(self, env: str, rest: str) -> Response:
        """``GET /v1/envs/{env}{rest}`` answered by a worker serving ``env``."""
        tried: set[str] = set()
        while (worker := self.pool.choose(env, tried, allow_full=True)) is not None:
            tried.add(worker.instance)
            try:
                response = await self.http.get(f"{worker.url}/v1/envs/{env}{rest}", headers=self.auth)
            except httpx2.TransportError:
                await self.liveness.confirm(worker)
                continue
            return Response(response.content, response.status_code, media_type=response.headers.get("content-type"))
        raise self.pool.unavailable(env)

    def _headers(self, request: Request) -> dict[str, str]:
        if "content-type" in request.headers:
            return {**self.auth, "content-type": request.headers["content-type"]}
        return self.auth

    def _answer(
        self,
        method: str,
        rest: str,
        placement: Placement,
        worker: WorkerState,
        response: httpx2.Response,
        base: str,
        proxy: bool,
    ) -> Response:
        status = response.status_code
        if status == 404 and _code(response) == "episode_not_found" and not rest:
            self.store.remove_placement(placement.episode_id)
        elif method == "DELETE" and status == 204:
            self.store.remove_placement(placement.episode_id)
            worker.episodes = max(0, worker.episodes - 1)
            return Response(status_code=204)
        if status >= 400 or not response.content or rest not in EPISODE_ANSWERS:
            return Response(response.content, status, media_type=response.headers.get("content-type"))
        body = response.json()
        if isinstance(body, dict) and "control_url" in body:
            if rest == "/fork" and status == 201:
                self.store.add_placements(
                    [Placement(body["episode_id"], placement.env, placement.task, worker.instance)]
                )
                worker.episodes += 1
            body = localize(body, base, proxy)
        return JSONResponse(body, status_code=status)


def _code(response: httpx2.Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None
