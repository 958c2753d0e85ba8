"""Writing bundles: stable, sorted JSON so the same environment is always the same bytes."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ENV_FILE = "env.json"
TASKS_FILE = "tasks.jsonl"


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def write_env(folder: Path, env: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENV_FILE).write_text(dumps(env) + "\n", encoding="utf-8")


def write_tasks(folder: Path, tasks: Iterable[dict[str, Any]]) -> None:
    (folder / TASKS_FILE).write_text("".join(dumps(t) + "\n" for t in tasks), encoding="utf-8")


def replace_dir(staging: Path, final: Path) -> None:
    """Move a finished bundle into place; a reader never sees half of one."""
    if final.exists():
        trash = final.with_name(f".old-{final.name}-{os.getpid()}")
        final.rename(trash)
        staging.rename(final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        staging.rename(final)
