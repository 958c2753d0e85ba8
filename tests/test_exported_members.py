"""Each package's public API is written down once, in ``__all__``: every name listed exists, is listed
once, and nothing public is left out of it."""

from __future__ import annotations

import importlib
import inspect

import pytest

PACKAGES = [
    "worldfarm",
    "servers",
    "servers.openenv",
    "registry",
    "client",
    "generator",
    "generator.llm",
    "console",
    "cli",
    "cli.launcher",
]
REQUIRED = {
    "registry": {"Registry", "RegistrySettings", "create_app", "serve_registry"},
    "cli": {"main", "build_parser"},
    "cli.launcher": {"LocalFarm", "LocalFarmSettings"},
    "servers.openenv": {"OpenEnvHost", "SessionTable", "mount"},
    "servers": {"Worker", "WorkerSettings", "create_app", "EnvRuntime", "EpisodeStore", "build_server"},
    "worldfarm": {"Environment", "Task", "Bundle", "load_bundle", "find_bundles", "BundleError"},
}


@pytest.mark.parametrize("package", PACKAGES)
def test_the_public_api_is_exactly_what_all_lists(package: str) -> None:
    module = importlib.import_module(package)
    exported: list[str] = module.__all__
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert len(exported) == len(set(exported))
    assert set(exported) == public
    assert REQUIRED.get(package, set()) <= set(exported)
