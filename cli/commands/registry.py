"""``worldfarm registry``: the registry service alone (``worldfarm up`` starts it with workers for you)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from worldfarm.settings import STATE_VARIABLE, TOKEN_VARIABLE

if TYPE_CHECKING:
    from fastapi import FastAPI


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "registry",
        help="run the registry alone: catalog, worker health, episode placement",
        description="Run the registry; start workers with `worldfarm serve PATH --registry URL` to join it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--token", help=f"the farm's bearer token (default: ${TOKEN_VARIABLE}, else generated)")
    parser.add_argument("--db", type=Path, help=f"the registry's SQLite file (default: in ${STATE_VARIABLE})")
    parser.add_argument("--public-url", help="base URL clients reach the registry at (default: from each request)")
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="HOST[:PORT|:*]",
        help="a Host header the MCP proxy accepts besides loopback (repeatable; '*' accepts any)",
    )
    parser.add_argument(
        "--heartbeat-timeout",
        type=float,
        default=6.0,
        help="seconds without a heartbeat after which a worker is down (default: 6)",
    )
    parser.add_argument(
        "--proxy-mcp", action="store_true", help="hand out MCP URLs on the registry's proxy, not on the workers"
    )
    parser.add_argument(
        "--tracing",
        action="store_true",
        help="export OpenTelemetry spans over OTLP (needs worldfarm[otel]; on if OTEL_EXPORTER_OTLP_ENDPOINT is set)",
    )
    parser.add_argument("--runs", type=Path, metavar="DIR", help="bench runs the web console (/ui) shows")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from console import RegistryView, mount
    from registry import Registry, serve_registry

    def with_console(app: FastAPI, registry: Registry) -> None:
        mount(app, RegistryView(registry), token=registry.settings.token, runs=args.runs)

    serve_registry(
        host=args.host,
        port=args.port,
        fd=args.fd,
        token=args.token,
        db=args.db,
        public_url=args.public_url,
        allowed_hosts=args.allowed_host,
        heartbeat_timeout=args.heartbeat_timeout,
        proxy_mcp=args.proxy_mcp,
        tracing=args.tracing,
        extend=with_console,
    )
    return 0
