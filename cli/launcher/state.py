"""What ``worldfarm up`` keeps on disk: the default environment set it serves, and ``farm.json``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from cli.progress import Progress
from worldfarm.errors import BundleError
from worldfarm.loader import find_bundles
from worldfarm.settings import FARM_FILE, cache_dir

DEFAULT_SET_SIZE = 1000
DEFAULT_SET_SEED = 0


def default_envs() -> Path:
    """The environments ``worldfarm up`` serves when given no ``--envs``: the generator's default set,
    generated on first use (a bar on a terminal, a line every 10 s in a log) and cached for every later run.
    Ctrl-C stops the generation at once; what was finished is kept, and the next run resumes from it."""
    from generator import default_set

    cache = cache_dir() / "envs"
    print(
        f"worldfarm up: the default environment set ({DEFAULT_SET_SIZE:,} environments, cached in {cache})", flush=True
    )
    with Progress(DEFAULT_SET_SIZE, "generating once") as progress:
        try:
            return default_set(cache, count=DEFAULT_SET_SIZE, seed=DEFAULT_SET_SEED, progress=progress.advance)
        except KeyboardInterrupt:
            print(
                f"worldfarm up: interrupted; {progress.done:,} of {DEFAULT_SET_SIZE:,} environments are kept in "
                f"{cache} and the next `worldfarm up` resumes from them",
                file=sys.stderr,
                flush=True,
            )
            raise


def example_env(envs: Path) -> str:
    """An environment id to show in the farm's example command (``hotel`` when there is one)."""
    try:
        ids = [path.name for path in find_bundles(envs)]
    except BundleError:
        return "ENV"
    return "hotel" if "hotel" in ids else (ids[0] if ids else "ENV")


def write_farm_file(state: Path, facts: dict[str, Any]) -> Path:
    """Write ``farm.json`` (readable by this user only: it holds the token), atomically."""
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = state / FARM_FILE
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(facts, out, indent=2)
    temporary.replace(path)
    return path
