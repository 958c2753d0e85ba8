"""The client harness: open episodes, drive agents through MCP, score the state they leave, benchmark.

    from client import Farm, OracleAgent, run_episode

    async with Farm(url, token) as farm:
        async with farm.episode("hotel", "cancel-farid") as episode:
            await episode.call_tool("cancel_booking", {"booking_id": 6})
            info = await episode.reward()             # RewardInfo: reward 1.0, with its breakdown
        run = await run_episode(farm, OracleAgent(), "hotel", "cancel-farid")
        plan = await plan_episodes(farm, trials=4)    # or a benchmark, resumable, into a directory
        summary = await run_bench(farm, OracleAgent(), plan, RunStore(Path("runs/oracle")), BenchOptions())

The harness talks to a farm (a worker or the registry) only over HTTP and MCP. docs/harness.md has the tour.
"""

from client.agents import (
    AGENTS,
    Agent,
    AgentChatClient,
    AgentContext,
    AgentResult,
    ChatSettings,
    CommandAgent,
    NoopAgent,
    OpenAIAgent,
    OracleAgent,
    RandomAgent,
    Usage,
)
from client.bench import BenchOptions, plan_episodes, run_bench
from client.control import ControlPlane, shared_http_client
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
from client.farm import Farm
from client.report import RunData, load_run, render_html, write_report
from client.rewards import RewardInfo, StateCheck, compare_states, score
from client.runner import OUTCOMES, EpisodeResult, EpisodeRun, Outcome, Trajectory, classify, run_episode
from client.store import RESULTS as RESULTS_FILE
from client.store import RUN as RUN_FILE
from client.store import RunStore
from client.summary import pass_hat_k, summarize
from client.tools import AWM_TOOLS, awm_tool_listing, openai_tool, openai_tools
from worldfarm.control import REWARD_MODES, RewardMode

__all__ = [
    "AGENTS",
    "AWM_TOOLS",
    "OUTCOMES",
    "RESULTS_FILE",
    "REWARD_MODES",
    "RUN_FILE",
    "Agent",
    "AgentChatClient",
    "AgentContext",
    "AgentFailure",
    "AgentResult",
    "BenchError",
    "BenchOptions",
    "ChatSettings",
    "ClientError",
    "CommandAgent",
    "ControlPlane",
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
    "RunData",
    "RunStore",
    "StateCheck",
    "ToolCall",
    "Trajectory",
    "Usage",
    "awm_tool_listing",
    "classify",
    "compare_states",
    "load_run",
    "openai_tool",
    "openai_tools",
    "pass_hat_k",
    "plan_episodes",
    "render_html",
    "run_bench",
    "run_episode",
    "score",
    "shared_http_client",
    "summarize",
    "write_report",
]
