"""What ``worldfarm up`` keeps on disk: the default environment set it serves, and ``farm.json``."""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from registry.errors import FarmFailed
from worldfarm.errors import BundleError
from worldfarm.loader import find_bundles
from worldfarm.settings import FARM_FILE, cache_dir

DEFAULT_SET_SIZE = 1000
DEFAULT_SET_SEED = 0
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def default_envs() -> Path:
    """The environments ``worldfarm up`` serves when given no ``--envs``.

    The seam for the generator: its default set (generated on first use, then cached) once
    ``generator.default_set(cache_dir, count, seed) -> Path`` exists; until then the repository's
    hand-written ``examples/``.
    """
    default_set = _generator_default_set()
    if default_set is not None:
        print(f"worldfarm up: the default environment set (generated once, cached in {cache_dir()})", flush=True)
        return default_set(cache_dir() / "envs", count=DEFAULT_SET_SIZE, seed=DEFAULT_SET_SEED)
    if EXAMPLES.is_dir():
        return EXAMPLES
    raise FarmFailed("no --envs given and no default environment set here: pass --envs DIR (a folder of bundles)")


def _generator_default_set() -> Callable[..., Path] | None:
    try:
        generator = importlib.import_module("generator")
    except ImportError:
        return None
    made = getattr(generator, "default_set", None)
    return cast("Callable[..., Path]", made) if callable(made) else None


def example_env(envs: Path) -> str:
    """An environment id to show in the farm's example command (``hotel`` when there is one)."""
    try:
        ids = [path.name for path in find_bundles(envs)]
    except BundleError:
        return "ENV"
    return "hotel" if "hotel" in ids else (ids[0] if ids else "ENV")


def write_farm_file(state: Path, facts: dict[str, Any]) -> Path:
    """Write ``farm.json`` (readable by this user only: it holds the token), atomically."""
    state.mkdir(parents=True, exist_ok=True)
    path = state / FARM_FILE
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(facts, out, indent=2)
    temporary.replace(path)
    return path
