"""The oracle: replays the task's reference solution through MCP; on every valid task it scores 1.0."""

from __future__ import annotations

from client.agents.base import Agent, AgentContext, AgentResult
from client.errors import AgentFailure
from client.reference import replay
from worldfarm.task import Task


class OracleAgent(Agent):
    """Calls the reference solution's tools in order and answers with the expected values.

    Its final message lists the values the verifier expects (it is the oracle: it knows them). A
    reference step that fails means a defective task, which is an environment error, not a 0.
    """

    name = "oracle"

    async def run(self, ctx: AgentContext) -> AgentResult:
        task = ctx.reference
        if not isinstance(task, Task):
            raise AgentFailure(f"task {task.id} has no reference solution to replay (a code environment's task)")
        await replay(ctx.episode, task)
        return AgentResult(answer="; ".join(task.verifier.answer))
