"""Errors shared by every worldfarm package.

    WorldfarmError              root: anything worldfarm raises on purpose
    ├── BundleError             a bundle on disk is malformed (file, location inside it, problem)
    ├── ConfigError             a setting, flag or environment variable has a value we cannot use
    ├── FarmError               a farm service (worker or registry) answered with an error
    ├── ServiceError            what a farm service answers a request with: code, HTTP status, message
    │   │                       (the roots of ``servers.errors`` and ``registry.errors``)
    │   └── TokenRefused        an OpenEnv request without the farm's token, or with a wrong one (401)
    └── ChatEndpointError       an OpenAI-compatible chat-completions endpoint failed after every retry

Each package keeps its own tree under this root (``servers.errors``, ``client.errors``...).
"""

from __future__ import annotations


class WorldfarmError(Exception):
    """Root of every error worldfarm raises on purpose."""


class BundleError(WorldfarmError):
    """A bundle is malformed. Names the file, the path inside it and what is wrong."""

    def __init__(self, file: str, location: str, problem: str) -> None:
        self.file = file
        self.location = location
        self.problem = problem
        where = f"{file}: {location}" if location else file
        super().__init__(f"{where}: {problem}")


class ConfigError(WorldfarmError):
    """A setting cannot be used as given; the message says which and how to fix it."""


class ServiceError(WorldfarmError):
    """An error a farm service answers with ``{"error": {"code", "message"}}`` and its HTTP ``status``."""

    code = "service_error"
    status = 500

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TokenRefused(ServiceError):
    """An OpenEnv request without the farm's token, or with a wrong one (``worldfarm.openenv``)."""

    code = "unauthorized"
    status = 401


class FarmError(WorldfarmError):
    """A farm service answered with an error status."""

    def __init__(self, status: int, message: str, url: str = "") -> None:
        self.status = status
        self.message = message
        self.url = url
        where = f" from {url}" if url else ""
        super().__init__(f"{message} (HTTP {status}{where})" if status else message)


class ChatEndpointError(WorldfarmError):
    """A chat-completions endpoint failed after every retry; ``status`` is the last HTTP status (0: none)."""

    def __init__(self, message: str, status: int = 0) -> None:
        self.status = status
        super().__init__(message)
