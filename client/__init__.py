"""The client harness: open episodes, drive agents through MCP, score the state they leave, benchmark.

    from client import Farm, OracleAgent, run_episode

    async with Farm(url, token) as farm:
        async with farm.episode("hotel", "cancel-farid") as episode:
            await episode.call_tool("cancel_booking", {"booking_id": 6})
            info = await episode.reward()             # RewardInfo: reward 1.0, with its breakdown
        run = await run_episode(farm, OracleAgent(), "hotel", "cancel-farid")

The harness talks to a farm (a worker or the registry) only over HTTP and MCP.
"""

from client.agents import (
    AGENTS,
    Agent,
    AgentContext,
    AgentResult,
    ChatClient,
    ChatSettings,
    CommandAgent,
    NoopAgent,
    OpenAIAgent,
    OracleAgent,
    RandomAgent,
    Usage,
)
from client.episode import Episode, ToolCall
from client.errors import (
    AgentFailure,
    BenchError,
    ClientError,
    EnvironmentFailure,
    EpisodeLost,
    FarmRejected,
    ModelEndpointError,
    ReferenceBroken,
)
from client.farm import Farm, shared_http_client
from client.rewards import REWARD_MODES, RewardInfo, RewardMode, StateCheck, compare_states, compute_reward
from client.runner import OUTCOMES, EpisodeResult, EpisodeRun, Outcome, Trajectory, classify, run_episode
from client.tools import AWM_TOOLS, awm_tool_listing, openai_tool, openai_tools

__all__ = [
    "AGENTS",
    "AWM_TOOLS",
    "OUTCOMES",
    "REWARD_MODES",
    "Agent",
    "AgentContext",
    "AgentFailure",
    "AgentResult",
    "BenchError",
    "ChatClient",
    "ChatSettings",
    "ClientError",
    "CommandAgent",
    "EnvironmentFailure",
    "Episode",
    "EpisodeLost",
    "EpisodeResult",
    "EpisodeRun",
    "Farm",
    "FarmRejected",
    "ModelEndpointError",
    "NoopAgent",
    "OpenAIAgent",
    "OracleAgent",
    "Outcome",
    "RandomAgent",
    "ReferenceBroken",
    "RewardInfo",
    "RewardMode",
    "StateCheck",
    "ToolCall",
    "Trajectory",
    "Usage",
    "awm_tool_listing",
    "classify",
    "compare_states",
    "compute_reward",
    "openai_tool",
    "openai_tools",
    "run_episode",
    "shared_http_client",
]
