"""A client shaped like Agent World Model's ``AWMEnv``: openenv-core's MCPToolClient whose observations
are strict models of AWM's fields (an unknown field is an error, as in AWM's own client)."""

from __future__ import annotations

from typing import Any

from openenv.core.client_types import StepResult
from openenv.core.env_server.mcp_types import ListToolsObservation
from openenv.core.env_server.types import Observation
from openenv.core.mcp_client import MCPToolClient
from pydantic import ConfigDict


class AwmObservation(Observation):  # type: ignore[misc]
    model_config = ConfigDict(extra="forbid")

    reward_type: str | None = None
    scenario: str | None = None
    task: str | None = None
    task_idx: int | None = None
    has_verifier: dict[str, Any] | bool | None = None
    num_tools: int | None = None
    tool_name: str | None = None
    tool_result: Any = None
    error: str | None = None
    warning: str | None = None
    verify_result: dict[str, Any] | None = None
    steps_taken: int | None = None
    scenarios: list[Any] | None = None
    total: int | None = None
    trajectory_path: str | None = None
    session_dir: str | None = None


class AwmToolList(ListToolsObservation):  # type: ignore[misc]
    model_config = ConfigDict(extra="forbid")

    error: str | None = None


class AwmClient(MCPToolClient):  # type: ignore[misc]
    """``AWMEnv``'s contract: every observation parses into AWM's models or the step fails."""

    def _parse_result(self, payload: dict[str, Any]) -> StepResult[Any]:
        data = payload.get("observation", {})
        observation: Observation = AwmToolList(**data) if "tools" in data else AwmObservation(**data)
        return StepResult(observation=observation, reward=payload.get("reward"), done=payload.get("done", False))
