"""Errors of the worker: what a tool call, an episode operation or a request can fail with.

    ServerError (worldfarm ServiceError)    code, HTTP status, message
    ├── ToolCallError (also mcp ToolError)  the agent can fix it: the message says how
    │   ├── InvalidArguments                arguments do not match the tool's input schema
    │   ├── UnknownTool                     no tool of that name in this environment
    │   ├── RuleViolation                   a check failed, a constraint refused a write, a limit was hit
    │   └── AppError                        a code environment's app raised on this call (its context said)
    ├── EnvironmentDefect                   the bundle misbehaved at runtime (a bug in the environment)
    ├── UnknownEnvironment                  no environment of that id on this worker (404)
    ├── EnvironmentUnavailable              the bundle exists but fails to load (503)
    ├── UnknownTask                         no task of that id in the environment (404)
    ├── EpisodeNotFound                     unknown, closed or expired episode (404)
    ├── WorkerFull                          the worker holds its maximum of live episodes (503)
    ├── BadRequest                          a control-plane request that cannot be served as asked (400)
    └── Unauthorized                        missing or wrong bearer token (401)

Tool failures become MCP results with ``isError`` (mcp 2.x would hide the text of any exception that
is not a ``ToolError``); the others become JSON ``{"error": {"code", "message"}}`` with ``status``.
"""

from __future__ import annotations

from mcp.server.mcpserver.exceptions import ToolError

from worldfarm.errors import ServiceError


class ServerError(ServiceError):
    code = "server_error"
    status = 500


class ToolCallError(ServerError, ToolError):
    """A failure the agent caused and can fix; nothing was changed."""

    code = "tool_error"
    status = 400


class InvalidArguments(ToolCallError):
    code = "invalid_arguments"


class UnknownTool(ToolCallError):
    code = "unknown_tool"


class RuleViolation(ToolCallError):
    code = "rule_violation"


class AppError(ToolCallError):
    """A code environment's app raised an exception on this call (generated code often fails on bad input)."""

    code = "app_error"


class EnvironmentDefect(ServerError):
    """The environment's own program failed in a way no argument explains: a bug in the bundle."""

    code = "environment_defect"
    status = 500


class UnknownEnvironment(ServerError):
    code = "unknown_environment"
    status = 404


class EnvironmentUnavailable(ServerError):
    code = "environment_unavailable"
    status = 503


class UnknownTask(ServerError):
    code = "unknown_task"
    status = 404


class EpisodeNotFound(ServerError):
    code = "episode_not_found"
    status = 404


class WorkerFull(ServerError):
    code = "worker_full"
    status = 503


class BadRequest(ServerError):
    code = "bad_request"
    status = 400


class Unauthorized(ServerError):
    code = "unauthorized"
    status = 401
