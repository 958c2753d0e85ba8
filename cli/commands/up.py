"""``worldfarm up``: the whole farm on this machine: the registry and N workers, until Ctrl-C."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from worldfarm.settings import STATE_VARIABLE, TOKEN_VARIABLE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "up",
        help="run the farm on this machine: registry + workers; prints the URL and token",
        description="Start the registry and N workers, wait until they serve, print how to connect; Ctrl-C stops all.",
    )
    parser.add_argument("--envs", type=Path, help="folder of bundles (default: the default set, generated once)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the registry's port (default: 8000; 0: a free one)")
    parser.add_argument("--token", help=f"the farm's bearer token (default: ${TOKEN_VARIABLE}, else generated)")
    parser.add_argument(
        "--state-dir",
        type=Path,
        help=f"farm.json, the registry's store, logs (default: ${STATE_VARIABLE}, else ~/.local/state/worldfarm)",
    )
    parser.add_argument("--max-episodes", type=int, default=10_000, help="live episodes per worker at most")
    parser.add_argument("--ttl", type=float, default=1800.0, help="seconds an idle episode lives (default: 1800)")
    parser.add_argument(
        "--replicas", type=int, help="shard the environments: workers offering each one (default: all of them)"
    )
    parser.add_argument(
        "--proxy-mcp",
        action="store_true",
        help="hand out MCP URLs on the registry (for agents that cannot reach workers)",
    )
    parser.add_argument(
        "--anonymous-sessions",
        type=int,
        default=0,
        metavar="N",
        help="per worker: episodes legacy MCP sessions may open on /envs/ENV/mcp without a token (default: 0)",
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a per-episode bound for every worker, e.g. max_string_chars=20000 (repeatable; see docs/deploy.md)",
    )
    parser.add_argument("--heartbeat-timeout", type=float, default=6.0, help="seconds until a silent worker is down")
    parser.add_argument("--no-restart", action="store_true", help="do not restart workers that die")
    parser.add_argument("--runs", type=Path, metavar="DIR", help="bench runs the web console (/ui) shows")
    parser.add_argument(
        "--tracing",
        action="store_true",
        help="export OpenTelemetry spans over OTLP (needs worldfarm[otel]; on if OTEL_EXPORTER_OTLP_ENDPOINT is set)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cli.launcher import LocalFarm, LocalFarmSettings
    from worldfarm.settings import farm_token_from_environment

    settings = LocalFarmSettings(
        envs=args.envs,
        workers=args.workers,
        host=args.host,
        port=args.port,
        token=args.token or farm_token_from_environment(),
        state=args.state_dir,
        heartbeat_timeout=args.heartbeat_timeout,
        proxy_mcp=args.proxy_mcp,
        max_episodes=args.max_episodes,
        ttl=args.ttl,
        replicas=args.replicas,
        restart_workers=not args.no_restart,
        runs=args.runs,
        tracing=args.tracing,
        anonymous_sessions=args.anonymous_sessions,
        limits=tuple(args.limit),
    )
    return LocalFarm(settings).run()
