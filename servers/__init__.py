"""Serving environments: the tool-program interpreter, episodes, MCP over HTTP and stdio, the control plane,
and code environments' sandboxed app hosts and verifiers (``servers.code``)."""

from servers.code.calls import CodeResult, call_code_tool
from servers.code.hosts import AppHost, HostFailure, HostPool
from servers.code.runtime import CodeRuntime
from servers.code.settings import CodeSettings, HostSpec
from servers.code.verifiers import run_verifier, verify_code_task
from servers.conformance import Problem, check_environment, check_task
from servers.environments import Catalog, EnvRuntime, runtime_of
from servers.episodes import Episode, EpisodeStore, Limits
from servers.errors import (
    AppError,
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
from servers.runtime import Runtime
from servers.worker import Worker, WorkerSettings, create_app

__all__ = [
    "AppError",
    "AppHost",
    "BadRequest",
    "Catalog",
    "CodeResult",
    "CodeRuntime",
    "CodeSettings",
    "EnvRuntime",
    "EnvironmentDefect",
    "EnvironmentUnavailable",
    "Episode",
    "EpisodeNotFound",
    "EpisodeStore",
    "HostFailure",
    "HostPool",
    "HostSpec",
    "InvalidArguments",
    "Limits",
    "Problem",
    "RuleViolation",
    "Runtime",
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
    "call_code_tool",
    "check_environment",
    "check_task",
    "create_app",
    "diff",
    "read_state",
    "run_query",
    "run_verifier",
    "runtime_of",
    "verify",
    "verify_code_task",
]
