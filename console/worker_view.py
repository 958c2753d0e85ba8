"""The console of a single worker: its own episodes and environments, read from memory."""

from __future__ import annotations

from console.views import EnvRow, EpisodeDetail, EpisodeRow, Overview, Page, WorkerRow, page_of
from servers import LiveEpisode, Worker, define, diff, iso, read_state
from worldfarm.control import Trace
from worldfarm.definition import EnvDefinition


class WorkerView:
    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    async def overview(self) -> Overview:
        worker, health = self.worker, self.worker.health()
        row = WorkerRow(
            name=worker.settings.name,
            url=worker.settings.public_url or "(this process)",
            status="up",
            episodes=health["episodes"],
            max_episodes=health["max_episodes"],
            envs=health["envs"],
        )
        return Overview(role="worker", workers=[row], envs=len(worker.catalog), episodes=len(worker.store))

    async def episodes(self, page: int, env: str | None) -> Page[EpisodeRow]:
        live = [e for e in self.worker.store if env is None or e.env.id == env]
        live.sort(key=lambda e: e.created_at, reverse=True)
        chosen = page_of(live, page)
        return Page([self._row(e) for e in chosen.items], chosen.number, chosen.total)

    async def episode(self, episode_id: str) -> EpisodeDetail:
        episode = self.worker.store.get(episode_id)
        return EpisodeDetail(
            row=self._row(episode),
            instruction=episode.task.instruction if episode.task else None,
            trace=Trace(episode_id=episode.id, calls=list(episode.trace), dropped=episode.trace_dropped),
            diff=diff(episode),
            state=read_state(episode),
        )

    async def envs(self, page: int, query: str | None) -> Page[EnvRow]:
        ids = [i for i in self.worker.catalog.ids() if not query or query.lower() in i.lower()]
        chosen = page_of(ids, page)
        return Page([self._env_row(i) for i in chosen.items], chosen.number, chosen.total)

    async def env(self, env_id: str) -> EnvDefinition:
        return define(self.worker.catalog.get(env_id))

    def _row(self, episode: LiveEpisode) -> EpisodeRow:
        return EpisodeRow(
            episode_id=episode.id,
            env=episode.env.id,
            task=episode.task.id if episode.task else None,
            created_at=iso(episode.created_at),
            calls=episode.calls,
            worker=self.worker.settings.name,
            origin=episode.origin,
        )

    def _env_row(self, env_id: str) -> EnvRow:
        """An environment loaded already shows its facts; one not yet used shows its id (loading costs)."""
        loaded = {runtime.id: runtime for runtime in self.worker.catalog.loaded()}
        runtime = loaded.get(env_id)
        if runtime is None:
            return EnvRow(id=env_id)
        env = runtime.env
        return EnvRow(
            id=env_id,
            title=env.title,
            domain=env.domain,
            description=env.description,
            tools=len(env.tools),
            tasks=len(runtime.bundle.tasks),
        )
