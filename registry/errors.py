"""Errors of the registry: what placement, forwarding and registration can fail with.

    RegistryError (worldfarm ServiceError)   code, HTTP status, message
    ├── Unauthorized                 missing or wrong bearer token (401)
    ├── UnknownEnvironment           no worker of this farm serves the environment (404)
    ├── UnknownEpisode               no placement of this episode id (never made here, or closed) (404)
    ├── UnknownWorker                a heartbeat or summary from a worker the registry does not know (404)
    ├── UnknownOperation             no such episode operation (404)
    ├── EpisodeLost                  the episode's worker is gone: its state went with it (410)
    ├── WorkerUnreachable            a worker did not answer a forwarded request (502)
    ├── NoWorkerAvailable            every worker serving the environment is down or full (503)
    └── WorkerRefused                a worker's own error answer (say 404 unknown_task), passed through

Each becomes JSON ``{"error": {"code", "message"}}`` with ``status``, as the worker answers.
"""

from __future__ import annotations

from worldfarm.errors import ServiceError


class RegistryError(ServiceError):
    code = "registry_error"
    status = 500


class Unauthorized(RegistryError):
    code = "unauthorized"
    status = 401


class UnknownEnvironment(RegistryError):
    code = "unknown_environment"
    status = 404


class UnknownEpisode(RegistryError):
    code = "episode_not_found"
    status = 404


class UnknownWorker(RegistryError):
    code = "unknown_worker"
    status = 404


class UnknownOperation(RegistryError):
    code = "unknown_operation"
    status = 404


class EpisodeLost(RegistryError):
    code = "episode_lost"
    status = 410


class WorkerUnreachable(RegistryError):
    code = "worker_unreachable"
    status = 502


class NoWorkerAvailable(RegistryError):
    code = "no_worker_available"
    status = 503


class WorkerRefused(RegistryError):
    """A worker answered with an error: its status, code and message are passed on as they are."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
