"""Episodes for a bench run: created ahead in batches, closed behind in batches.

A bench run knows its plan, so it need not create and close its episodes one request at a time: the
supply creates the next ``batch`` planned episodes in one request (``POST /v1/episodes/batch``) when
half of those ready are taken, and closes finished ones ``batch`` at a time (``POST /v1/episodes/close``),
the rest when the run ends. An episode is still fresh when its run takes it: nothing acts on it before.

If a batch cannot be created (the farm is full, failing, unreachable, or refuses the batch), its
episodes are created one by one by their runs instead, exactly as without a supply, so every failure
is met by the episode it concerns, with the same message as ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from collections.abc import Iterator

from client.control import ControlPlane
from client.errors import EnvironmentFailure, FarmRejected
from worldfarm.control import MAX_BATCH, EpisodeInfo

Key = tuple[str, str, int]
"""(environment, task, trial)."""


class EpisodeSupply:
    def __init__(self, farm: ControlPlane, keys: Iterator[Key], batch: int) -> None:
        self.farm = farm
        self.batch = max(1, min(batch, MAX_BATCH))
        self._keys = keys
        self._ready: deque[tuple[Key, EpisodeInfo | None]] = deque()
        self._refill: asyncio.Task[None] | None = None
        self._exhausted = False
        self._finished: list[str] = []
        self._closing: set[asyncio.Task[None]] = set()

    async def take(self) -> tuple[Key, EpisodeInfo | None] | None:
        """The next planned key and its created episode (None: create it yourself); None when the plan is done."""
        while not self._ready:
            if self._exhausted and self._refill is None:
                return None
            await asyncio.shield(self._start_refill())
        item = self._ready.popleft()
        if len(self._ready) < self.batch // 2 and not self._exhausted:
            self._start_refill()
        return item

    def finished(self, episode: EpisodeInfo) -> None:
        """``episode``'s run is over: close it (with the next batch of them)."""
        self._finished.append(episode.episode_id)
        if len(self._finished) >= self.batch:
            self._close_finished()

    async def aclose(self) -> None:
        """Close what is finished and what was created but never taken; wait until it is done."""
        if self._refill is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._refill)
        self._finished += [info.episode_id for _, info in self._ready if info is not None]
        self._ready.clear()
        self._close_finished()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    def _start_refill(self) -> asyncio.Task[None]:
        if self._refill is None:
            self._refill = asyncio.ensure_future(self._create_next())
            self._refill.add_done_callback(self._refilled)
        return self._refill

    def _refilled(self, task: asyncio.Task[None]) -> None:
        self._refill = None

    async def _create_next(self) -> None:
        keys = list(itertools.islice(self._keys, self.batch))
        if len(keys) < self.batch:
            self._exhausted = True
        if not keys:
            return
        try:
            infos: list[EpisodeInfo | None] = list(await self.farm.create_episodes([(e, t) for e, t, _ in keys]))
        except (EnvironmentFailure, FarmRejected):  # each run creates its own episode, meets the failure itself
            infos = [None] * len(keys)
        self._ready.extend(zip(keys, infos, strict=True))

    def _close_finished(self) -> None:
        ids, self._finished = self._finished, []
        for start in range(0, len(ids), MAX_BATCH):
            task = asyncio.ensure_future(self._close(ids[start : start + MAX_BATCH]))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def _close(self, ids: list[str]) -> None:
        with contextlib.suppress(EnvironmentFailure):  # gone already, or its worker with it
            await self.farm.close_episodes(ids)
