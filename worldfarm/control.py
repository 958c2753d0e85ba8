"""The control plane's JSON bodies, shared by the worker, the registry and the client harness.

The control plane is for harnesses, never for agents: it creates episodes, reads and verifies their
state. Every route is under ``/v1/`` and needs ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RewardMode = Literal["verifier", "state", "all"]
"""What decides an episode's reward: the task's assertions and answers (``verifier``), the state against
the reference solution's and the answers (``state``), or all three (``all``). The harness
(``worldfarm bench --reward``) and the OpenEnv endpoint (``reset(reward_mode=...)``) read it alike."""
REWARD_MODES: tuple[RewardMode, ...] = ("verifier", "state", "all")


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateEpisode(Body):
    env: str = Field(description="environment id")
    task: str | None = Field(default=None, description="task id: the episode is for this task")


class EpisodeInfo(BaseModel):
    episode_id: str
    env: str
    task: str | None = None
    instruction: str | None = Field(default=None, description="the task's instruction, when there is a task")
    mcp_url: str
    control_url: str
    direct_control_url: str | None = Field(
        default=None,
        description="the episode's control plane on its worker, when a registry hands out direct URLs: reads "
        "(state, diff, trace, query, verify) may go there without a hop; close, fork and reset go to control_url",
    )
    created_at: str
    last_used_at: str
    calls: int = Field(description="tool calls so far")
    origin: str = Field(default="control", description="'control', 'fork' or 'mcp-session'")


MAX_BATCH = 1000


class CreateEpisodes(Body):
    """``POST /v1/episodes/batch`` (worker and registry): many episodes at once, all or none (e.g. the
    rollouts of an RL step)."""

    episodes: list[CreateEpisode] = Field(min_length=1, max_length=MAX_BATCH)


class EpisodeBatch(BaseModel):
    """The episodes of a batch, in the order they were asked for."""

    episodes: list[EpisodeInfo]


class CloseEpisodes(Body):
    """``POST /v1/episodes/close`` (worker and registry): close many episodes in one request."""

    episodes: list[str] = Field(min_length=1, max_length=MAX_BATCH, description="episode ids")


class ClosedEpisodes(BaseModel):
    """What a batch close did: which episodes it closed, and why each of the others was not live."""

    closed: list[str]
    missing: dict[str, str] = Field(default_factory=dict, description="episode id -> why it was not live")


class QueryRequest(Body):
    sql: str = Field(description="one read-only SELECT over the schemas main (now) and initial (at start)")
    params: dict[str, Any] = Field(default_factory=dict, description="values for :name parameters")


class QueryResult(BaseModel):
    """Rows of SQLite values; a BLOB comes as its base64 text."""

    columns: list[str]
    rows: list[list[Any]]


class TableState(BaseModel):
    """Rows of SQLite values; a BLOB comes as its base64 text."""

    columns: list[str]
    rows: list[list[Any]]


class State(BaseModel):
    tables: dict[str, TableState]


class RowChange(BaseModel):
    key: dict[str, Any]
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class TableDiff(BaseModel):
    inserted: list[RowChange] = Field(default_factory=list)
    updated: list[RowChange] = Field(default_factory=list)
    deleted: list[RowChange] = Field(default_factory=list)


class Diff(BaseModel):
    tables: dict[str, TableDiff] = Field(description="only tables with changes")


class TraceEntry(BaseModel):
    index: int
    tool: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None = None
    error: str | None = None
    error_code: str | None = None
    started_at: str
    duration_ms: float
    truncated: bool = Field(
        default=False,
        description="values in this entry were cut to keep the trace bounded (each cut says how much it left out)",
    )


class Trace(BaseModel):
    episode_id: str
    calls: list[TraceEntry]
    dropped: int = Field(
        default=0, description="oldest calls left out once the trace reached its cap (in calls or in bytes)"
    )


class Snapshot(BaseModel):
    snapshot_id: str


class RestoreRequest(Body):
    snapshot_id: str


class ReferenceCall(BaseModel):
    """One call of a reference solution as an MCP client receives it: a ``tools/call`` result, or an error."""

    result: dict[str, Any] | None = Field(default=None, description="the CallToolResult as MCP carries it")
    error: dict[str, Any] | None = Field(default=None, description="the JSON-RPC error the call was answered with")


class ReferenceReplay(BaseModel):
    """``GET /v1/envs/{env}/tasks/{task}/reference``: a task's reference solution replayed on a fresh episode."""

    calls: list[ReferenceCall] = Field(description="each call in order, up to the first that fails")
    state: State | None = Field(description="the state the solution leaves; null when a call failed")


class VerifyRequest(Body):
    task: str | None = Field(default=None, description="task id; default: the episode's own task")
    answer: str | None = Field(default=None, description="the agent's final message, for answer checks")
    with_state: bool = Field(default=False, description="answer with the episode's state too (as GET .../state)")
    with_trace: bool = Field(default=False, description="answer with the episode's trace too (as GET .../trace)")


class AssertionResult(BaseModel):
    message: str
    passed: bool
    error: str | None = None


class AnswerResult(BaseModel):
    expected: str
    found: bool


class VerifierRun(BaseModel):
    """One run of a code bundle's Python verifier (in its sandbox, on copies of the initial and final state)."""

    mode: str = Field(description="'code': the verdict; 'sql': evidence for a judge")
    function: str
    returned: Any = Field(default=None, description="what the function returned (JSON), if it returned")
    error: str | None = Field(default=None, description="why it did not return: an exception, the time limit")
    duration_ms: float = 0.0


class VerifyResult(BaseModel):
    task: str
    passed: bool
    assertions: list[AssertionResult]
    answers: list[AnswerResult]
    competing: list[str] = Field(
        default_factory=list, description="competing values the final message stated: any one fails the answer"
    )
    verifier: VerifierRun | None = Field(default=None, description="code bundles: the verifier's run")
    evidence: VerifierRun | None = Field(
        default=None, description="code bundles: the sql-mode verifier's output, for an optional judge"
    )
    state: State | None = Field(default=None, description="the state verified, when asked for (with_state)")
    trace: Trace | None = Field(default=None, description="the episode's trace, when asked for (with_trace)")


class ToolSummary(BaseModel):
    name: str
    description: str


class TaskSummary(BaseModel):
    id: str
    instruction: str
    difficulty: str = "medium"
    tags: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list, description="why a harness leaves the task out by default")


class EnvInfo(BaseModel):
    """``GET /v1/envs/{env}``: an environment's description, tools and public tasks (no verifiers)."""

    id: str
    title: str = ""
    description: str = ""
    domain: str = ""
    version: str = ""
    tools: list[ToolSummary] = Field(default_factory=list)
    tasks: list[TaskSummary] = Field(default_factory=list)
    volatile: dict[str, list[str]] = Field(
        default_factory=dict,
        description="table -> columns whose values are incidental (generated ids, timestamps): ignored when "
        "comparing an episode's state with a replay of the reference solution",
    )
    references: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="table -> column -> referenced table (foreign keys): a reference to a table whose id is "
        "volatile is compared by the content of the row it points to",
    )


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody
