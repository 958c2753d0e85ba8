"""What ``worldfarm up`` keeps on disk: the default environment set it serves, and ``farm.json``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from worldfarm.errors import BundleError
from worldfarm.loader import find_bundles
from worldfarm.settings import FARM_FILE, cache_dir

DEFAULT_SET_SIZE = 1000
DEFAULT_SET_SEED = 0


def default_envs() -> Path:
    """The environments ``worldfarm up`` serves when given no ``--envs``: the generator's default set,
    generated on first use (a progress bar on a terminal) and cached for every later run."""
    from tqdm import tqdm

    from generator import default_set

    cache = cache_dir() / "envs"
    print(
        f"worldfarm up: the default environment set ({DEFAULT_SET_SIZE:,} environments, cached in {cache})", flush=True
    )
    bar = tqdm(total=DEFAULT_SET_SIZE, unit="env", desc="generating once", disable=None, delay=1, file=sys.stderr)

    def advance(_: object) -> None:
        bar.update()

    try:
        return default_set(cache, count=DEFAULT_SET_SIZE, seed=DEFAULT_SET_SEED, progress=advance)
    finally:
        bar.close()


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
