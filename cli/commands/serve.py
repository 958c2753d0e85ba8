"""``worldfarm serve PATH``: one worker serving the bundle(s) at PATH over HTTP, or one episode over stdio."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from worldfarm.settings import TOKEN_VARIABLE

if TYPE_CHECKING:
    from fastapi import FastAPI


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve environments over MCP (HTTP), or one episode over stdio",
        description="Serve the bundle at PATH, or every bundle in the folder PATH, as one worker process.",
    )
    parser.add_argument("path", type=Path, help="a bundle folder, or a folder of bundles")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--token", help=f"control-plane bearer token (default: ${TOKEN_VARIABLE}, else generated)")
    parser.add_argument(
        "--public-url",
        metavar="URL|auto",
        help="base URL clients reach this worker at (default: from each request; auto: http://$HOSTNAME:PORT)",
    )
    parser.add_argument(
        "--registry", metavar="URL", help="join the farm whose registry is at URL (register, heartbeat)"
    )
    parser.add_argument(
        "--shard",
        metavar="K/N|auto/N",
        help="with --registry: offer only the share of worker K (from 0) of N (auto: K ends the host name, workers-K)",
    )
    parser.add_argument("--replicas", type=int, default=1, help="with --shard: workers offering each environment")
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="HOST[:PORT|:*]",
        help="a Host header the MCP routes accept besides loopback (repeatable; '*' accepts any)",
    )
    parser.add_argument("--max-episodes", type=int, default=10_000, help="live episodes this worker holds at most")
    parser.add_argument("--ttl", type=float, default=1800.0, help="seconds an idle episode lives (default: 1800)")
    parser.add_argument(
        "--name", default="worker", help="this worker's name in /health and the registry (auto: $HOSTNAME)"
    )
    parser.add_argument(
        "--anonymous-sessions",
        type=int,
        default=0,
        metavar="N",
        help="episodes legacy MCP sessions may open on /envs/ENV/mcp without a token (default: 0, none)",
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a per-episode bound, e.g. max_string_chars=20000 (repeatable; see docs/deploy.md)",
    )
    parser.add_argument(
        "--tracing",
        action="store_true",
        help="export OpenTelemetry spans over OTLP (needs worldfarm[otel]; on if OTEL_EXPORTER_OTLP_ENDPOINT is set)",
    )
    parser.add_argument("--runs", type=Path, metavar="DIR", help="bench runs the web console (/ui) shows")
    parser.add_argument("--stdio", action="store_true", help="serve one episode of the bundle at PATH over stdio")
    parser.add_argument("--task", help="with --stdio: the task the episode is for (its instruction becomes a prompt)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.stdio:
        from servers import serve_stdio

        serve_stdio(args.path, args.task)
        return 0
    from console import WorkerView, mount
    from servers import Worker, serve_http
    from worldfarm import container

    def with_console(app: FastAPI, worker: Worker) -> None:
        mount(
            app,
            WorkerView(worker),
            token=worker.settings.token,
            runs=args.runs,
            title=f"worldfarm {worker.settings.name}",
        )

    serve_http(
        args.path,
        host=args.host,
        port=args.port,
        token=args.token,
        public_url=container.public_url(args.public_url, args.port),
        registry=args.registry,
        shard=container.shard(args.shard),
        replicas=args.replicas,
        fd=args.fd,
        allowed_hosts=args.allowed_host,
        max_episodes=args.max_episodes,
        ttl=args.ttl,
        name=container.name(args.name),
        tracing=args.tracing,
        anonymous_sessions=args.anonymous_sessions,
        limits=args.limit,
        extend=with_console,
    )
    return 0
