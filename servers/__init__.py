"""Serving environments: the tool-program interpreter, episodes, MCP over HTTP and stdio, the control plane."""

from servers.conformance import Problem, check_environment, check_task
from servers.environments import Catalog, EnvRuntime
from servers.episodes import Episode, EpisodeStore, Limits
from servers.errors import (
    BadRequest,
    EnvironmentDefect,
    EnvironmentUnavailable,
    EpisodeNotFound,
    InvalidArguments,
    RuleViolation,
    ServerError,
    ToolCallError,
    Unauthorized,
    UnknownEnvironment,
    UnknownTask,
    UnknownTool,
    WorkerFull,
)
from servers.inspection import diff, read_state, run_query, verify
from servers.mcp import build_server
from servers.worker import Worker, WorkerSettings, create_app

__all__ = [
    "BadRequest",
    "Catalog",
    "EnvRuntime",
    "EnvironmentDefect",
    "EnvironmentUnavailable",
    "Episode",
    "EpisodeNotFound",
    "EpisodeStore",
    "InvalidArguments",
    "Limits",
    "Problem",
    "RuleViolation",
    "ServerError",
    "ToolCallError",
    "Unauthorized",
    "UnknownEnvironment",
    "UnknownTask",
    "UnknownTool",
    "Worker",
    "WorkerFull",
    "WorkerSettings",
    "build_server",
    "check_environment",
    "check_task",
    "create_app",
    "diff",
    "read_state",
    "run_query",
    "verify",
]
