"""The floor: a plain FastAPI JSON endpoint doing the same SQLite work as the MCP tool, nothing else.

    python -m bench.floor BUNDLE --port P

``POST /episodes`` makes an in-memory copy of the template; ``POST /episodes/{id}/{tool}`` runs the
tool's SQL statements in order, in one transaction, with the JSON body as parameters (no schema
validation beyond parsing, no tracing, no MCP). It is what the worker's MCP path is measured against.
"""

from __future__ import annotations

import argparse
import secrets
import sqlite3
from typing import Any

from fastapi import FastAPI

from worldfarm import load_bundle
from worldfarm.serving import listen, serve
from worldfarm.template import reserved_values


def create_floor_app(bundle_path: str) -> FastAPI:
    bundle = load_bundle(bundle_path)
    programs = {tool.name: tool.program for tool in bundle.env.tools}
    reserved = reserved_values(bundle.env)
    episodes: dict[str, sqlite3.Connection] = {}
    app = FastAPI()

    @app.post("/episodes")
    async def create() -> dict[str, str]:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.deserialize(bundle.template)
        episode_id = secrets.token_urlsafe(18)
        episodes[episode_id] = conn
        return {"episode_id": episode_id}

    @app.post("/episodes/{episode_id}/{tool}")
    async def call(episode_id: str, tool: str, body: dict[str, Any]) -> dict[str, Any]:
        conn, binds = episodes[episode_id], {**reserved, **body}
        conn.execute("BEGIN")
        result: dict[str, Any] = {}
        for step in programs[tool]:
            cursor = conn.execute(step.sql, binds)
            if step.kind in ("query", "return"):
                row = cursor.fetchone()
                columns = [d[0] for d in cursor.description]
                values = dict(zip(columns, row or (None,) * len(columns), strict=True))
                if step.kind == "query":
                    binds.update({f"{step.name}__{k}": v for k, v in values.items()})
                else:
                    result = values
            elif step.kind == "check":
                cursor.fetchone()
        conn.execute("COMMIT")
        return result

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    serve(create_floor_app(args.bundle), listen("127.0.0.1", args.port))  # the worker's own HTTP stack


if __name__ == "__main__":
    main()
