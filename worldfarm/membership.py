"""What a worker and the registry tell each other: registration, heartbeats, environment summaries.

A worker registers when it starts (its URL, the environments it offers, its capacity), sends a
heartbeat every few seconds, uploads summaries of the environments the registry has no facts about
yet, and deregisters when it stops cleanly. Every call carries the farm's bearer token.

    POST   /v1/workers                       WorkerRegistration -> RegistrationAnswer
    PUT    /v1/workers/{instance}/heartbeat  Heartbeat          -> 204 (404: register again)
    PUT    /v1/workers/{instance}/envs       EnvSummaries       -> 204
    DELETE /v1/workers/{instance}                               -> 204

A summary is read from the bundle's files without compiling it (only the key names the design
declares stable), so a worker offering a thousand environments summarises them in about a second.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from worldfarm.control import Body, ToolSummary
from worldfarm.task import PublicTask

logger = logging.getLogger(__name__)


class EnvSummary(BaseModel):
    """What the catalog knows of an environment: never a verifier or a solution."""

    id: str
    title: str = ""
    description: str = ""
    domain: str = ""
    version: str = ""
    tools: list[ToolSummary] = Field(default_factory=list)
    tasks: list[PublicTask] = Field(default_factory=list)
    fingerprint: str = Field(default="", description="of the bundle's files when summarised (see fingerprint())")


class WorkerRegistration(Body):
    instance: str = Field(description="id of this worker process: a restarted worker is a new instance")
    name: str = Field(description="the worker's name (stable across restarts)")
    url: str = Field(description="base URL the registry and harnesses reach the worker at")
    envs: list[str] = Field(description="ids of the environments this worker takes episodes for")
    fingerprints: dict[str, str] = Field(
        default_factory=dict,
        description="environment id -> fingerprint of its files: a changed one is summarised again",
    )
    episodes: int = Field(default=0, ge=0)
    max_episodes: int = Field(ge=1)


class RegistrationAnswer(BaseModel):
    heartbeat_interval: float = Field(description="seconds between heartbeats the registry expects")
    missing_summaries: list[str] = Field(
        description="environments the registry has no summary of yet, or one of files that changed since"
    )


class Heartbeat(Body):
    episodes: int = Field(ge=0)
    max_episodes: int = Field(ge=1)


class EnvSummaries(Body):
    envs: list[EnvSummary]


def fingerprint(bundle_dir: Path) -> str:
    """Size and modification time of the bundle's files: cheap, and changes when they are rewritten."""
    parts = []
    for name in ("env.json", "tasks.jsonl"):
        try:
            stat = (bundle_dir / name).stat()
        except OSError:
            parts.append("-")
            continue
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return "/".join(parts)


def summarize(bundle_dir: Path) -> EnvSummary | None:
    """The summary of the bundle at ``bundle_dir``, or None (logged) if its files cannot be read."""
    try:
        env = json.loads((bundle_dir / "env.json").read_text())
        tasks = _public_tasks(bundle_dir / "tasks.jsonl")
    except (OSError, ValueError) as exc:
        logger.warning("cannot summarise the bundle at %s: %s", bundle_dir, exc)
        return None
    if not isinstance(env, dict):
        return None
    tools = [
        ToolSummary(name=str(tool.get("name", "")), description=str(tool.get("description", "")))
        for tool in env.get("tools", [])
        if isinstance(tool, dict)
    ]
    return EnvSummary(
        id=str(env.get("id", bundle_dir.name)),
        title=str(env.get("title", "")),
        description=str(env.get("description", "")),
        domain=str(env.get("domain", "")),
        version=str(env.get("version", "")),
        tools=tools,
        tasks=tasks,
        fingerprint=fingerprint(bundle_dir),
    )


def _public_tasks(path: Path) -> list[PublicTask]:
    if not path.exists():
        return []
    tasks = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        task: dict[str, Any] = json.loads(line)
        try:
            tasks.append(PublicTask.model_validate({key: task[key] for key in PublicTask.model_fields if key in task}))
        except ValidationError:
            continue
    return tasks
