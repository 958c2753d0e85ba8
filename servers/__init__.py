"""Serving environments: the tool-program interpreter, episodes, MCP over HTTP and stdio, the control plane,
and code environments' sandboxed app hosts and verifiers (``servers.code``)."""

from servers.app import create_app
from servers.code.calls import CodeResult, call_code_tool
from servers.code.hosts import AppHost, HostFailure, HostPool
from servers.code.runtime import CodeRuntime
from servers.code.settings import CodeSettings, HostSpec
from servers.code.verifiers import run_verifier, says_complete, verify_code_task
from servers.conformance import Problem, check_environment, check_task
from servers.definition import define
from servers.environments import EnvRuntime, ServedEnvironments, runtime_of
from servers.episodes import EpisodeStore, Limits, LiveEpisode, iso
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
from servers.serve import serve_http
from servers.settings import RegistrationSettings, Shard, WorkerSettings
from servers.stdio import serve_stdio
from servers.worker import Worker

__all__ = [
    "AppError",
    "AppHost",
    "BadRequest",
    "CodeResult",
    "CodeRuntime",
    "CodeSettings",
    "EnvRuntime",
    "EnvironmentDefect",
    "EnvironmentUnavailable",
    "EpisodeNotFound",
    "EpisodeStore",
    "HostFailure",
    "HostPool",
    "HostSpec",
    "InvalidArguments",
    "Limits",
    "LiveEpisode",
    "Problem",
    "RegistrationSettings",
    "RuleViolation",
    "Runtime",
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
    "call_code_tool",
    "check_environment",
    "check_task",
    "create_app",
    "define",
    "diff",
    "iso",
    "read_state",
    "run_query",
    "run_verifier",
    "runtime_of",
    "says_complete",
    "serve_http",
    "serve_stdio",
    "verify",
    "verify_code_task",
]
