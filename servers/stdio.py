"""``worldfarm serve PATH/ENV --stdio``: one environment, one episode, over stdin/stdout."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
from mcp.server.stdio import stdio_server

from servers.code.calls import code_caller
from servers.code.hosts import HostPool
from servers.environments import runtime_of
from servers.episodes import EpisodeStore, Limits
from servers.mcp import build_server
from worldfarm.errors import ConfigError
from worldfarm.loader import ENV_FILE, load_any_bundle


def serve_stdio(path: Path, task_id: str | None = None) -> None:
    """Serve one fresh episode of the bundle at ``path`` until stdin closes (a code bundle's app in its host)."""
    if not (path / ENV_FILE).is_file():
        raise ConfigError(f"--stdio serves one environment: {path} is not a bundle folder (no {ENV_FILE})")
    runtime = runtime_of(load_any_bundle(path))
    task = runtime.task(task_id) if task_id else None
    store = EpisodeStore(Limits(max_episodes=1, idle_ttl=float("inf")))
    episode = store.create(runtime, task)
    pool = HostPool()
    server = build_server(runtime, lambda ctx: episode, code=code_caller(pool, runtime))
    print(f"worldfarm: serving {runtime.id} over stdio (episode {episode.id})", file=sys.stderr)

    async def main() -> None:
        try:
            async with stdio_server() as (read, write):
                await server.run(read, write, server.create_initialization_options())
        finally:
            await pool.close()

    anyio.run(main)
