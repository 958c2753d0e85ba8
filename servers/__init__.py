"""Serving environments: the tool-program interpreter, episodes, MCP over HTTP and stdio, the control plane."""

from servers.app import create_app
from servers.conformance import Problem, check_environment, check_task
from servers.definition import define
from servers.environments import EnvRuntime, ServedEnvironments
from servers.episodes import EpisodeStore, Limits, LiveEpisode, iso
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
from servers.serve import serve_http
from servers.settings import RegistrationSettings, Shard, WorkerSettings
from servers.stdio import serve_stdio
from servers.worker import Worker

__all__ = [
    "BadRequest",
    "EnvRuntime",
    "EnvironmentDefect",
    "EnvironmentUnavailable",
    "EpisodeNotFound",
    "EpisodeStore",
    "InvalidArguments",
    "Limits",
    "LiveEpisode",
    "Problem",
    "RegistrationSettings",
    "RuleViolation",
    "ServedEnvironments",
    "ServerError",
    "Shard",
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
    "define",
    "diff",
    "iso",
    "read_state",
    "run_query",
    "serve_http",
    "serve_stdio",
    "verify",
]
