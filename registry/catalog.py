"""The farm's catalog: one entry per environment some worker serves, searchable, in two shapes.

- ``GET /v0/servers`` and ``/v0/servers/{name}``: the read shape of the official MCP registry
  (``{"servers": [{"server": server.json, "_meta": {...}}], "metadata": {...}}``). Each environment is
  a remote server named ``dev.worldfarm/<env>`` whose streamable-http URL is a template over the
  episode id (``{base}/envs/<env>/e/{episode_id}/mcp``, the registry's MCP proxy); worldfarm's facts
  (tools, tasks, domain, capacity) sit under ``_meta["dev.worldfarm/environment"]``.
- ``GET /v1/envs``: ``{"envs": [...], "next_cursor": ...}`` for harnesses, with search and filters.

Summaries come from the workers (:mod:`worldfarm.membership`) and are kept in the store; an
environment whose summary has not arrived yet is listed with its id only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from registry.store import Store
from registry.workers import UP, WorkerPool
from worldfarm.membership import EnvSummary

NAMESPACE = "dev.worldfarm"
META_KEY = f"{NAMESPACE}/environment"
OFFICIAL_KEY = "io.modelcontextprotocol.registry/official"
SERVER_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"


class Catalog:
    def __init__(self, store: Store, pool: WorkerPool) -> None:
        self.store = store
        self.pool = pool
        self._summaries = store.summaries()
        self._published = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

    def missing(self, envs: list[str], fingerprints: dict[str, str]) -> list[str]:
        """Which of ``envs`` have no summary yet, or one made from files that have changed since."""
        stale = []
        for env in envs:
            known = self._summaries.get(env)
            if known is None or (env in fingerprints and fingerprints[env] != known.fingerprint):
                stale.append(env)
        return stale

    def add(self, summaries: list[EnvSummary]) -> None:
        self.store.save_summaries(summaries)
        self._summaries.update({s.id: s for s in summaries})

    def summary(self, env: str) -> EnvSummary | None:
        return self._summaries.get(env)

    def search(
        self, q: str | None = None, domain: str | None = None, tool: str | None = None, after: str | None = None
    ) -> list[str]:
        """Ids of the served environments that match, sorted, after the cursor ``after``."""
        needle = q.lower() if q else None
        found = []
        for env in self.pool.envs():
            if after is not None and env <= after:
                continue
            summary = self._summaries.get(env)
            if needle is not None and needle not in _haystack(env, summary):
                continue
            if domain is not None and (summary is None or summary.domain.lower() != domain.lower()):
                continue
            if tool is not None and (summary is None or all(t.name != tool for t in summary.tools)):
                continue
            found.append(env)
        return found

    def capacity(self, env: str) -> dict[str, int]:
        up = [w for w in self.pool.serving(env) if w.status == UP]
        return {
            "workers": len(up),
            "episodes": sum(w.episodes for w in up),
            "free": sum(max(0, w.max_episodes - w.episodes) for w in up),
        }

    def env_entry(self, env: str) -> dict[str, Any]:
        """One environment in ``GET /v1/envs``."""
        summary = self._summaries.get(env)
        entry: dict[str, Any] = {"id": env}
        if summary is not None:
            entry.update(
                title=summary.title,
                description=summary.description,
                domain=summary.domain,
                version=summary.version,
                tools=[t.name for t in summary.tools],
                tasks=[t.id for t in summary.tasks],
            )
        entry["capacity"] = self.capacity(env)
        return entry

    def server_entry(self, env: str, base: str) -> dict[str, Any]:
        """One environment in the official MCP registry's read shape."""
        summary = self._summaries.get(env) or EnvSummary(id=env)
        server = {
            "$schema": SERVER_SCHEMA,
            "name": f"{NAMESPACE}/{env}",
            "title": summary.title or env,
            "description": _short(summary.description or f"worldfarm environment {env}"),
            "version": summary.version or "0.0.0",
            "remotes": [
                {
                    "type": "streamable-http",
                    "url": f"{base}/envs/{env}/e/{{episode_id}}/mcp",
                    "variables": {
                        "episode_id": {
                            "description": f'an episode of {env}: POST {base}/v1/episodes {{"env": "{env}"}}',
                            "isRequired": True,
                        }
                    },
                }
            ],
            "_meta": {META_KEY: self._facts(env, summary)},
        }
        official = {"status": "active", "publishedAt": self._published, "updatedAt": self._published, "isLatest": True}
        return {"server": server, "_meta": {OFFICIAL_KEY: official}}

    def _facts(self, env: str, summary: EnvSummary) -> dict[str, Any]:
        return {
            "id": env,
            "domain": summary.domain,
            "description": summary.description,
            "tools": [t.model_dump() for t in summary.tools],
            "tasks": [{"id": t.id, "difficulty": t.difficulty, "tags": t.tags} for t in summary.tasks],
            "capacity": self.capacity(env),
        }


def env_of_server_name(name: str) -> str:
    """``dev.worldfarm/hotel`` (or just ``hotel``) -> ``hotel``."""
    prefix = f"{NAMESPACE}/"
    return name[len(prefix) :] if name.startswith(prefix) else name


def _haystack(env: str, summary: EnvSummary | None) -> str:
    if summary is None:
        return env.lower()
    return " ".join((env, summary.title, summary.description, summary.domain)).lower()


def _short(text: str, limit: int = 100) -> str:
    """server.json limits a description to 100 characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
