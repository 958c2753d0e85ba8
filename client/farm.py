"""The farm as the harness sees it: its control plane, plus the episodes it opens and the reference
states their rewards compare against (each replayed once per farm and shared).

    async with Farm("http://127.0.0.1:8000", token) as farm:
        async with farm.episode("hotel", "cancel-farid") as episode:
            await episode.call_tool("cancel_booking", {"booking_id": 6})
            info = await episode.reward()
"""

from __future__ import annotations

from client.control import ControlPlane
from client.episode import Episode
from client.errors import ClientError
from client.reference import check_replay, replay
from worldfarm.control import EpisodeInfo, ReferenceReplay, State
from worldfarm.task import Task


class Farm(ControlPlane):
    """A farm: its control plane (environments, tasks, episodes) and episodes to open with ``async with``."""

    def episode(
        self, env_id: str, task_id: str | None = None, *, keep: bool = False, created: EpisodeInfo | None = None
    ) -> Episode:
        """An episode to open with ``async with``: created on entry (unless ``created`` already), closed on exit
        (unless ``keep``)."""
        return Episode(self, env_id, task_id, keep=keep, reference_state=self.reference_state, created=created)

    async def reference_state(self, env_id: str, task_id: str) -> State:
        """The state the task's reference solution leaves, replayed once on a fresh episode and kept.

        The farm replays it itself (one request) once an episode of the environment has listed its tools,
        which its calls' results are checked against; before that, the harness replays it over MCP.
        """

        async def compute() -> State:
            task = await self.task(env_id, task_id)
            if not isinstance(task, Task):
                raise ClientError(f"{env_id}/{task_id} has no reference solution (a code environment's task)")
            tools = self.known_tools(env_id)
            if tools is None:
                async with self.episode(env_id, task_id) as episode:
                    await replay(episode, task)
                    return await episode.state()
            answer = await self.read(ReferenceReplay, "GET", f"/v1/envs/{env_id}/tasks/{task_id}/reference")
            return check_replay(answer, env_id, task, tools, self.mcp)

        return await self._references.get((env_id, task_id), compute)
