"""A worker's membership in a farm: register with the registry, heartbeat, deregister on a clean stop.

Started from the worker app's lifespan (:func:`servers.app.create_app`) when it is given a registry
(``worldfarm serve PATH --registry URL``).
The worker keeps serving whatever the registry does: an unreachable registry is retried with backoff,
a registry that forgot the worker (answers 404 to a heartbeat, e.g. a fresh store) gets a new
registration. Summaries of the environments the registry has not seen yet are uploaded in the
background. With a shard, the worker offers only its share of the environments (see :class:`Shard`);
it still serves any episode created on it directly.
"""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
import httpx2

from servers.settings import RegistrationSettings
from servers.worker import Worker
from worldfarm.errors import WorldfarmError
from worldfarm.loader import find_bundles
from worldfarm.membership import (
    EnvSummaries,
    EnvSummary,
    Heartbeat,
    RegistrationAnswer,
    WorkerRegistration,
    fingerprint,
    summarize,
)

logger = logging.getLogger(__name__)

SUMMARY_CHUNK = 100
MAX_BACKOFF = 5.0
LEAVE_TIMEOUT = 2.0


async def stay_registered(worker: Worker) -> None:
    """Register ``worker``, heartbeat until cancelled, then deregister (bounded in time)."""
    settings = worker.settings.registration
    assert settings is not None
    auth = {"Authorization": f"Bearer {worker.settings.token}"}
    async with httpx2.AsyncClient(base_url=settings.registry_url.rstrip("/"), headers=auth, timeout=5) as http:
        membership = _Membership(worker, settings, http)
        try:
            await membership.run()
        except Exception:  # the worker serves on without a registry rather than die with its membership
            logger.exception(
                "registration with the registry at %s failed; this worker is no longer registered",
                settings.registry_url,
            )
        finally:
            with anyio.CancelScope(shield=True), anyio.move_on_after(LEAVE_TIMEOUT):
                await membership.leave()


class _Membership:
    def __init__(self, worker: Worker, settings: RegistrationSettings, http: httpx2.AsyncClient) -> None:
        self.worker = worker
        self.http = http
        shard = settings.shard
        self.envs = [env for env in worker.catalog.ids() if shard is None or shard.holds(env)]
        self.registration = WorkerRegistration(
            instance=worker.instance,
            name=worker.settings.name,
            url=settings.url.rstrip("/"),
            envs=self.envs,
            fingerprints=_fingerprints(worker.settings.bundles, set(self.envs)),
            max_episodes=worker.settings.limits.max_episodes,
        )
        self.reachable = True

    async def run(self) -> None:
        async with anyio.create_task_group() as tg:
            interval = await self._join(tg)
            while True:
                await anyio.sleep(interval)
                if await self._heartbeat() == 404:
                    interval = await self._join(tg)

    async def leave(self) -> None:
        try:
            await self.http.delete(f"/v1/workers/{self.worker.instance}")
        except httpx2.HTTPError as exc:
            logger.warning("could not deregister from the registry: %s", exc)

    async def _join(self, tg: anyio.abc.TaskGroup) -> float:
        """Register (retrying with backoff until the registry accepts); the heartbeat interval it asks for."""
        delay = 0.2
        while True:
            self.registration.episodes = self.worker.store.counted
            try:
                response = await self.http.post("/v1/workers", json=self.registration.model_dump())
            except httpx2.TransportError as exc:
                self._unreachable(exc)
            else:
                if response.status_code == 201:
                    answer = RegistrationAnswer.model_validate_json(response.content)
                    self._reached(f"registered with the registry at {self.http.base_url} ({len(self.envs)} envs)")
                    if answer.missing_summaries:
                        tg.start_soon(self._upload, answer.missing_summaries)
                    return answer.heartbeat_interval
                logger.error(
                    "the registry refused this worker (HTTP %s): %s", response.status_code, response.text[:300]
                )
            await anyio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    async def _heartbeat(self) -> int | None:
        body = Heartbeat(episodes=self.worker.store.counted, max_episodes=self.worker.settings.limits.max_episodes)
        try:
            response = await self.http.put(f"/v1/workers/{self.worker.instance}/heartbeat", json=body.model_dump())
        except httpx2.TransportError as exc:
            self._unreachable(exc)
            return None
        self._reached("the registry answers again")
        return response.status_code

    async def _upload(self, envs: list[str]) -> None:
        try:
            summaries = await anyio.to_thread.run_sync(_summaries, self.worker.settings.bundles, set(envs))
        except (OSError, WorldfarmError) as exc:
            logger.warning("could not summarise the environments for the registry: %s", exc)
            return
        for start in range(0, len(summaries), SUMMARY_CHUNK):
            body = EnvSummaries(envs=summaries[start : start + SUMMARY_CHUNK])
            try:
                await self.http.put(f"/v1/workers/{self.worker.instance}/envs", json=body.model_dump())
            except httpx2.TransportError as exc:
                logger.warning("could not upload environment summaries: %s", exc)
                return

    def _unreachable(self, exc: Exception) -> None:
        if self.reachable:
            logger.warning("cannot reach the registry at %s (%s); retrying", self.http.base_url, exc)
        self.reachable = False

    def _reached(self, message: str) -> None:
        if not self.reachable:
            logger.warning(message)
        self.reachable = True


def _fingerprints(bundles: Path, wanted: set[str]) -> dict[str, str]:
    try:
        return {path.name: fingerprint(path) for path in find_bundles(bundles) if path.name in wanted}
    except WorldfarmError:
        return {}


def _summaries(bundles: Path, wanted: set[str]) -> list[EnvSummary]:
    paths = [path for path in find_bundles(bundles) if path.name in wanted]
    return [summary for summary in map(summarize, paths) if summary is not None]
