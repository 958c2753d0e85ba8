"""OpenEnv's wire format as ``openenv-core`` 0.3 speaks it, with Agent World Model's observations.

Shared by the worker (which serves sessions), the registry (which relays them to workers) and any
client. A session is a WebSocket on ``<base>/ws`` carrying JSON messages:

    client -> server   {"type": "reset", "data": {"scenario": ENV, "task_idx": N, ...}}
                       {"type": "step", "data": {"type": "list_tools"}}
                       {"type": "step", "data": {"type": "call_tool", "tool_name": T, "arguments": {...}}}
                       {"type": "state"}    {"type": "close"}    {"type": "mcp", "data": JSON-RPC request}
    server -> client   {"type": "observation", "data": {"observation": {...}, "reward": R, "done": D}}
                       {"type": "state", "data": {"episode_id": ..., "step_count": N}}
                       {"type": "error", "data": {"message": ..., "code": CODE}}
                       {"type": "mcp", "data": JSON-RPC response}

Observations carry Agent World Model's fields and no others (its client refuses unknown ones), only
those that are set; a tool list carries ``tools`` (name, description, input_schema) and ``error``.
Rewards follow AWM's reward classes: a reward type (``complete``, ``incomplete``, ``invalid_args``...)
is worth what the session's reward config says, format errors all count as ``format_error``.

Every OpenEnv route needs the farm's token (``verify`` answers with the reward: open to anyone, it
would be a reward oracle): ``Authorization: Bearer <token>``, or, for OpenEnv's clients, which take
only a base URL and send no headers, in the path: ``/openenv/t/<token>`` serves what ``/openenv``
does (:func:`openenv_url` builds it; :func:`mount` serves a router under every form).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.exceptions import WebSocketException
from starlette.requests import HTTPConnection
from starlette.status import WS_1008_POLICY_VIOLATION
from starlette.websockets import WebSocket

from worldfarm.control import RewardMode
from worldfarm.errors import TokenRefused
from worldfarm.membership import EnvSummary

PROTOCOL = "openenv-core 0.3"
LIST_SCENARIOS = "__list_scenarios__"
VERIFY = "verify"
DONE = "done"
VERIFIER_MODES = ("code", "sql")
"""What AWM's ``verify`` takes as ``verifier_mode``: both run the farm's deterministic verifier."""

DEFAULT_REWARD_CONFIG: dict[str, float] = {"complete": 1.0, "incomplete": 0.1, "format_error": -1.0}
"""AWM's default: any other reward type is worth 0.0."""
FORMAT_ERRORS = frozenset({"tool_not_found", "invalid_args", "invalid_action"})

# error codes of {"type": "error"} messages, as openenv-core names them
INVALID_JSON = "INVALID_JSON"
UNKNOWN_TYPE = "UNKNOWN_TYPE"
VALIDATION_ERROR = "VALIDATION_ERROR"
EXECUTION_ERROR = "EXECUTION_ERROR"
CAPACITY_REACHED = "CAPACITY_REACHED"
SESSION_ERROR = "SESSION_ERROR"

# JSON-RPC error codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_ERROR = -32000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Observation(Strict):
    """An observation: Agent World Model's fields, all optional; only the set ones go on the wire."""

    reward_type: str | None = None
    scenario: str | None = None
    task: str | None = Field(default=None, description="the task's instruction")
    task_idx: int | None = None
    has_verifier: dict[str, bool] | None = None
    num_tools: int | None = None
    tool_name: str | None = None
    tool_result: Any = None
    error: str | None = None
    warning: str | None = None
    verify_result: dict[str, Any] | None = None
    steps_taken: int | None = None
    scenarios: list[dict[str, Any]] | None = None
    total: int | None = None
    trajectory_path: str | None = None
    session_dir: str | None = None


OBSERVATION_FIELDS = frozenset(Observation.model_fields)


class ToolSpec(Strict):
    name: str
    description: str
    input_schema: dict[str, Any]


class ToolList(Strict):
    """The answer to ``list_tools``: the episode's tools (never the hidden ones)."""

    tools: list[ToolSpec]
    error: str | None = None


class StepResult(BaseModel):
    """What reset and step answer: the observation with the reward and whether the episode is over."""

    observation: Observation | ToolList
    reward: float | None = None
    done: bool = False

    def payload(self) -> dict[str, Any]:
        """``{"observation": {...}, "reward": R, "done": D}`` as openenv-core serializes observations."""
        observation = self.observation
        if isinstance(observation, ToolList):
            body = observation.model_dump()
        else:
            body = observation.model_dump(exclude_none=True)
        return {"observation": body, "reward": self.reward, "done": self.done}


class State(BaseModel):
    """``{"type": "state"}``: the session's own episode id (never the farm's) and its step count."""

    episode_id: str | None = None
    step_count: int = Field(default=0, ge=0)


def reward_of(reward_type: str, config: dict[str, float]) -> float:
    """What a reward type is worth under ``config``, as AWM computes it."""
    if reward_type in FORMAT_ERRORS:
        return config.get("format_error", DEFAULT_REWARD_CONFIG["format_error"])
    return config.get(reward_type, 0.0)


# --- actions and messages ---------------------------------------------------------------------


class ListTools(Strict):
    type: Literal["list_tools"] = "list_tools"
    metadata: dict[str, Any] = Field(default_factory=dict)


class CallTool(Strict):
    type: Literal["call_tool"] = "call_tool"
    tool_name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)


Action = Annotated[ListTools | CallTool, Field(discriminator="type")]
ACTION = TypeAdapter[ListTools | CallTool](Action)


class ResetParams(BaseModel):
    """``reset(...)`` keywords: AWM's, plus ``reward_mode``; unknown ones are ignored, as OpenEnv does."""

    model_config = ConfigDict(extra="ignore")

    scenario: str | None = Field(default=None, description="environment id")
    task_idx: int | None = Field(default=None, ge=0, description="index of the task in the environment's tasks")
    task: str | None = Field(default=None, description="task id (instead of task_idx)")
    episode_id: str | None = Field(default=None, max_length=255, description="the session's name for the episode")
    seed: int | None = None
    reward_config: dict[str, float] | None = None
    reward_mode: RewardMode = Field(
        default="verifier",
        description="what verify checks: the task's assertions and answers (verifier), the state against the "
        "reference solution's and the answers (state), or all of them (all), as the harness's reward modes",
    )


class ResetMessage(Strict):
    type: Literal["reset"] = "reset"
    data: dict[str, Any] = Field(default_factory=dict)


class StepMessage(Strict):
    type: Literal["step"] = "step"
    data: dict[str, Any]


class StateMessage(Strict):
    type: Literal["state"] = "state"


class CloseMessage(Strict):
    type: Literal["close"] = "close"


class McpMessage(Strict):
    type: Literal["mcp"] = "mcp"
    data: dict[str, Any]


Message = ResetMessage | StepMessage | StateMessage | CloseMessage | McpMessage
_MESSAGE = TypeAdapter[Message](Annotated[Message, Field(discriminator="type")])
MESSAGE_TYPES = ("reset", "step", "state", "close", "mcp")


class ProtocolError(Exception):
    """A message that cannot be served: answered with ``{"type": "error"}``, the session goes on."""

    def __init__(self, code: str, message: str, errors: list[Any] | None = None) -> None:
        self.code = code
        self.message = message
        self.errors = errors
        super().__init__(message)


def parse_message(text: str) -> Message:
    """One incoming message; ProtocolError (INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR) if it is not one."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ProtocolError(INVALID_JSON, f"Invalid JSON: {exc}") from None
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in MESSAGE_TYPES:
        raise ProtocolError(UNKNOWN_TYPE, f"Unknown message type: {kind}; send one of {', '.join(MESSAGE_TYPES)}")
    try:
        return _MESSAGE.validate_python(raw)
    except ValidationError as exc:
        raise ProtocolError(VALIDATION_ERROR, "Invalid message", _errors(exc)) from None


def parse_action(data: dict[str, Any]) -> ListTools | CallTool:
    """A step's action; ProtocolError VALIDATION_ERROR if it is neither list_tools nor call_tool."""
    try:
        return ACTION.validate_python(data)
    except ValidationError as exc:
        raise ProtocolError(
            VALIDATION_ERROR, 'Invalid action: send {"type": "list_tools"} or {"type": "call_tool", ...}', _errors(exc)
        ) from None


def _errors(exc: ValidationError) -> list[Any]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def observation_message(result: StepResult) -> str:
    return json.dumps({"type": "observation", "data": result.payload()}, ensure_ascii=False, default=str)


def state_message(state: State) -> str:
    return json.dumps({"type": "state", "data": state.model_dump()})


def error_message(code: str, message: str, **extra: Any) -> str:
    return json.dumps({"type": "error", "data": {"message": message, "code": code, **extra}}, default=str)


def mcp_message(response: dict[str, Any]) -> str:
    return json.dumps({"type": "mcp", "data": response}, ensure_ascii=False, default=str)


# --- JSON-RPC (the ``/mcp`` endpoint and ``mcp`` messages) ------------------------------------


CREATE_SESSION, CLOSE_SESSION = "openenv/session/create", "openenv/session/close"
"""The production mode's session methods (besides ``tools/list`` and ``tools/call``)."""


class RpcRequest(Strict):
    jsonrpc: Literal["2.0"]
    method: str
    params: dict[str, Any] = Field(default_factory=dict)
    id: str | int | None = None


def rpc_result(request_id: str | int | None, result: Any) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def rpc_error(request_id: str | int | None, code: int, message: str, data: Any = None) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message, "data": data}}


def read_rpc(text: str) -> RpcRequest | dict[str, Any]:
    """A JSON-RPC request from a socket's text, or the error response that answers unreadable text."""
    try:
        raw = json.loads(text)
    except ValueError:
        return rpc_error(None, PARSE_ERROR, "Parse error")
    return parse_rpc(raw)


def parse_rpc(raw: Any) -> RpcRequest | dict[str, Any]:
    """A JSON-RPC request, or the error response that answers a malformed one."""
    try:
        return RpcRequest.model_validate(raw)
    except ValidationError as exc:
        return rpc_error(None, INVALID_REQUEST, f"Invalid request: {exc.errors()[0]['msg']}")


# --- what an OpenEnv server describes itself with ---------------------------------------------


def health() -> dict[str, str]:
    return {"status": "healthy"}


def metadata(name: str, description: str, version: str | None = None) -> dict[str, Any]:
    """``GET /metadata``, in the shape of openenv-core's EnvironmentMetadata."""
    return {
        "name": name,
        "description": description,
        "readme_content": None,
        "version": version,
        "author": "worldfarm",
        "documentation_url": None,
    }


def schemas() -> dict[str, Any]:
    """``GET /schema``: the JSON Schemas of actions, observations and state."""
    return {
        "action": ACTION.json_schema(),
        "observation": Observation.model_json_schema(),
        "state": State.model_json_schema(),
    }


def scenario_entry(summary: EnvSummary) -> dict[str, Any]:
    """One environment as ``__list_scenarios__`` lists it (AWM's shape: name, description, tasks)."""
    return {
        "name": summary.id,
        "title": summary.title,
        "description": summary.description,
        "num_tasks": len(summary.tasks),
        "tasks": [task.instruction for task in summary.tasks],
        "task_ids": [task.id for task in summary.tasks],
    }


def scenarios_result(summaries: list[EnvSummary]) -> StepResult:
    entries = [scenario_entry(s) for s in sorted(summaries, key=lambda s: s.id)]
    return StepResult(observation=Observation(reward_type="tool_call_ok", scenarios=entries, total=len(entries)))


def not_started(action: ListTools | CallTool) -> StepResult:
    """A step before any reset (or after a failed one): what to do first."""
    message = "no episode in this session: call reset(scenario=<environment id>, task_idx=<n>) first"
    if isinstance(action, ListTools):
        return StepResult(observation=ToolList(tools=[], error=message))
    done = action.tool_name == DONE
    return StepResult(
        observation=Observation(reward_type="server_error", tool_name=action.tool_name, error=message),
        reward=0.0,
        done=done,
    )


def reset_refused(message: str) -> StepResult:
    """A reset that cannot be served, and why."""
    return StepResult(observation=Observation(reward_type="reset_error", error=message))


class AllowedHosts:
    """Host and Origin checks for OpenEnv sockets and requests, as the MCP routes check them."""

    def __init__(self, hosts: Sequence[str] | None) -> None:
        self.hosts = list(hosts) if hosts is not None else None
        """None: no check."""

    def refusal(self, headers: Mapping[str, str]) -> str | None:
        """Why a request with these headers is refused (None: it is not)."""
        if self.hosts is None:
            return None
        host, origin = headers.get("host"), headers.get("origin")
        if not host or not _matches(host, self.hosts):
            return f"Host {host!r} is not one this farm answers to"
        if origin and not any(_matches(origin, [f"{s}://{h}" for h in self.hosts]) for s in ("http", "https")):
            return f"Origin {origin!r} is not allowed"
        return None


def _matches(value: str, allowed: list[str]) -> bool:
    return any(value == a or (a.endswith(":*") and value.startswith(a[:-1])) for a in allowed)


# --- access: the farm's token, in a header or in the path -------------------------------------

PREFIX = "/openenv"
TOKEN_PREFIX = "/openenv/t/{token:path}"
"""``:path``: a token with ``/`` in it (base64) still fits, sent percent-encoded as :func:`openenv_url` does."""
PREFIXES = (f"{TOKEN_PREFIX}/envs/{{env}}", TOKEN_PREFIX, f"{PREFIX}/envs/{{env}}", PREFIX)
"""Where the OpenEnv routes are served, the forms with an environment first (``{token:path}`` would
otherwise take ``<token>/envs/<env>`` for a token)."""
TOKEN_REFUSAL = (
    "missing or wrong token: use <farm>/openenv/t/<token> (worldfarm up prints it) "
    "or send Authorization: Bearer <token>"
)
"""Short enough for a WebSocket close frame's reason (at most 123 bytes)."""


def openenv_url(base_url: str, token: str) -> str:
    """The OpenEnv URL of the farm (or worker) at ``base_url`` for clients that send no headers."""
    return f"{base_url.rstrip('/')}/openenv/t/{quote(token, safe='')}"


class TokenCheck:
    """The dependency of every OpenEnv route: the farm's token (``token_of`` the connection's app),
    compared in constant time. Refused: an HTTP request with 401 and the farm's JSON error; a socket is
    accepted and closed at once with 1008 and what to do (a socket closed before it is accepted reaches
    the client as a bare HTTP 403), before any session is opened."""

    def __init__(self, token_of: Callable[[HTTPConnection], str]) -> None:
        self.token_of = token_of

    async def __call__(self, connection: HTTPConnection) -> None:
        if _presents(connection, self.token_of(connection)):
            return
        if isinstance(connection, WebSocket):
            await connection.accept()
            raise WebSocketException(WS_1008_POLICY_VIOLATION, TOKEN_REFUSAL)
        raise TokenRefused(TOKEN_REFUSAL)


def _presents(connection: HTTPConnection, token: str) -> bool:
    """The path's token on the ``/openenv/t/<token>`` forms, else the bearer header's, is ``token``."""
    given = connection.path_params.get("token")
    if given is None:
        scheme, credentials = get_authorization_scheme_param(connection.headers.get("authorization"))
        given = credentials if scheme.lower() == "bearer" else ""
    return secrets.compare_digest(str(given).encode(), token.encode())


def mount(app: FastAPI, router: APIRouter, token_of: Callable[[HTTPConnection], str]) -> None:
    """Serve ``router``'s OpenEnv routes at every prefix of :data:`PREFIXES`, each behind the token."""
    check = Depends(TokenCheck(token_of))
    for prefix in PREFIXES:
        app.include_router(router, prefix=prefix, dependencies=[check])
