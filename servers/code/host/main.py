"""A scenario's app host: one process per loaded scenario, serving every episode's requests one at a time.

    worker -> {"op": "init", "scenario", "clock", "code", "sandbox": {...}, "describe"} + template bytes
    host   -> {"op": "ready", "sandbox": {layer: status}, "additions": [...], "openapi"?} | {"op": "failed", ...}
    worker -> {"op": "call", "episode", "method", "path", "query", "body", "time_limit"} [+ the episode's state]
    host   -> {"op": "result", "status", "body", "error", "violations", "changed"} [+ the new state]
              | {"op": "need_state"} when it holds no copy of that episode (the worker sends it again)

A call that fails (an exception, a status >= 400, a sandbox violation) leaves no trace: the host drops
its copy and the worker keeps the state from before the call. The channel is the process's stdin and
stdout, moved aside at start: what the app prints goes to stderr.
"""

from __future__ import annotations

import asyncio
import os
import resource
import time
from typing import Any, BinaryIO

from servers.code.host.app import AppLoadError, load_app
from servers.code.host.asgi import Request, call
from servers.code.host.databases import Databases
from servers.code.host.protocol import Header, read_message, write_message
from servers.code.host.sandbox import Sandbox, SandboxSettings

PRELOAD = (
    "fastapi",
    "fastapi.routing",
    "pydantic",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.pool",
    "starlette.middleware.errors",
    "decimal",
    "uuid",
    "enum",
    "datetime",
    "json",
)


def take_channel() -> tuple[BinaryIO, BinaryIO]:
    """The worker's channel (this process's stdin/stdout), moved off fds 0 and 1 so prints cannot corrupt it."""
    channel_in = os.fdopen(os.dup(0), "rb")
    channel_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    os.close(devnull)
    return channel_in, channel_out


def sandbox_settings(header: Header) -> SandboxSettings:
    fields = dict(header.get("sandbox", {}))
    fields["read_roots"] = tuple(fields.get("read_roots", ()))
    fields["layers"] = tuple(fields.get("layers", ()))
    return SandboxSettings(**fields)


def main() -> None:
    channel_in, channel_out = take_channel()
    first = read_message(channel_in)
    if first is None:
        return
    init, template = first
    loop = asyncio.new_event_loop()  # before seccomp: the loop's self-pipe is a socket pair
    for module in PRELOAD:
        __import__(module)
    sandbox = Sandbox(sandbox_settings(init))
    os.chdir(sandbox.settings.temp_dir)
    status = sandbox.apply()
    databases = Databases(str(init["clock"]))
    try:
        loaded = load_app(str(init["code"]), str(init["scenario"]), databases, template)
    except AppLoadError as exc:
        write_message(channel_out, {"op": "failed", "error": str(exc), "sandbox": status, "violations": _seen(sandbox)})
        return
    ready: Header = {"op": "ready", "sandbox": status, "additions": loaded.additions, "pid": os.getpid()}
    if init.get("describe"):
        ready["openapi"] = loaded.app.openapi()
    write_message(channel_out, ready)
    host = _Host(loaded.app, loaded.filename, databases, sandbox, loop)
    while (message := read_message(channel_in)) is not None:
        header, blob = message
        reply, state = host.handle(header, blob)
        write_message(channel_out, reply, state)


class _Host:
    def __init__(
        self, app: Any, filename: str, databases: Databases, sandbox: Sandbox, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.app, self.filename, self.databases, self.sandbox, self.loop = app, filename, databases, sandbox, loop

    def handle(self, header: Header, blob: bytes) -> tuple[Header, bytes]:
        if header.get("op") == "stats":
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            return {"op": "stats", "episodes": len(self.databases), "peak_rss_kb": peak}, b""
        if header.get("op") != "call":
            return {"op": "error", "error": f"unknown op {header.get('op')!r}"}, b""
        episode = str(header["episode"])
        conn = self.databases.put(episode, blob) if blob else self.databases.get(episode)
        if conn is None:
            return {"op": "need_state"}, b""
        return self._call(header, episode, conn)

    def _call(self, header: Header, episode: str, conn: Any) -> tuple[Header, bytes]:
        request = Request(
            method=str(header["method"]),
            path=str(header["path"]),
            query=[(str(k), str(v)) for k, v in header.get("query", [])],
            body=header.get("body"),
        )
        before = conn.total_changes
        if self.sandbox.guard is not None:
            self.sandbox.guard.violations.clear()
        self.databases.deadline = time.monotonic() + float(header.get("time_limit", 5.0))
        self.databases.use(conn)
        try:
            response = self.loop.run_until_complete(call(self.app, request, self.filename))
        finally:
            self.databases.use(None)
            self.databases.deadline = float("inf")
            if conn.in_transaction:
                conn.rollback()
        violations = _seen(self.sandbox)
        failed = response.status >= 400 or response.error is not None or bool(violations)
        changed = not failed and conn.total_changes != before
        if failed:
            self.databases.drop(episode)
        reply: Header = {
            "op": "result",
            "status": response.status,
            "content_type": response.content_type,
            "body": response.body.decode("utf-8", errors="replace"),
            "error": response.error,
            "violations": violations,
            "changed": changed,
        }
        return reply, (conn.serialize() if changed else b"")


def _seen(sandbox: Sandbox) -> list[str]:
    return list(dict.fromkeys(sandbox.guard.violations)) if sandbox.guard is not None else []


if __name__ == "__main__":
    main()
