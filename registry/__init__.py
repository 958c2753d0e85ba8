"""The registry: the farm's catalog, its workers' health, and where every episode lives.

Also ``worldfarm up`` (:class:`Farm`): the registry and N workers as processes on this machine.
"""

from registry.app import Registry, RegistrySettings, create_app
from registry.catalog import Catalog
from registry.errors import (
    EpisodeLost,
    FarmFailed,
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
from registry.farm import Farm, FarmSettings
from registry.serve import serve_registry
from registry.store import Store
from registry.workers import WorkerPool, WorkerState

__all__ = [
    "Catalog",
    "EpisodeLost",
    "Farm",
    "FarmFailed",
    "FarmSettings",
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
    "serve_registry",
]
