"""The registry: the farm's catalog, its workers' health, and where every episode lives."""

from registry.app import create_app
from registry.catalog import Catalog
from registry.errors import (
    EpisodeLost,
    NoWorkerAvailable,
    RegistryError,
    Unauthorized,
    UnknownEnvironment,
    UnknownEpisode,
    UnknownOperation,
    UnknownWorker,
    WorkerRefused,
    WorkerUnreachable,
)
from registry.forwarding import refusal
from registry.serve import REGISTRY_DB, serve_registry
from registry.service import DEFAULT_HEARTBEAT_TIMEOUT, Registry, RegistrySettings
from registry.store import Store
from registry.workers import UP, WorkerPool, WorkerState

__all__ = [
    "DEFAULT_HEARTBEAT_TIMEOUT",
    "REGISTRY_DB",
    "UP",
    "Catalog",
    "EpisodeLost",
    "NoWorkerAvailable",
    "Registry",
    "RegistryError",
    "RegistrySettings",
    "Store",
    "Unauthorized",
    "UnknownEnvironment",
    "UnknownEpisode",
    "UnknownOperation",
    "UnknownWorker",
    "WorkerPool",
    "WorkerRefused",
    "WorkerState",
    "WorkerUnreachable",
    "create_app",
    "refusal",
    "serve_registry",
]
