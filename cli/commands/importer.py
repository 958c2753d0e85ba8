"""``worldfarm import awm DIR --out OUT``: Agent World Model's released environments as code bundles."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path
from typing import Any

from worldfarm.errors import ConfigError


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="import environments made elsewhere (Agent World Model's release)"
    )
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    awm: argparse.ArgumentParser = sources.add_parser(
        "awm",
        help="Agent World Model's gen_*.jsonl files -> one code bundle per scenario",
        description="Import every scenario of an Agent World Model release (a folder of gen_*.jsonl files, e.g. "
        "AgentWorldModel-1K) into OUT, one bundle of kind 'code' per scenario. Each is checked as it is made: "
        "the app starts in its sandbox, each tool runs its spec's example, each verifier runs on the untouched "
        "state; what fails is flagged and reported in OUT/report.md. Re-running resumes.",
    )
    awm.add_argument("source_dir", type=Path, metavar="DIR", help="the folder of gen_*.jsonl files")
    awm.add_argument("--out", type=Path, required=True, help="folder to write bundles into")
    awm.add_argument("--workers", type=int, default=None, help="scenarios imported at once (default: one per core)")
    awm.add_argument("--scenario", action="append", help="import only this scenario (repeatable)")
    awm.add_argument(
        "--clock", default="2026-03-02T09:00:00", help="the fixed 'now' seed data is resolved against (ISO 8601)"
    )
    awm.add_argument("--call-time-limit", type=float, default=5.0, help="seconds a checked call may take (default: 5)")
    awm.add_argument("--verify-time-limit", type=float, default=10.0, help="seconds a verifier may take (default: 10)")
    awm.add_argument("--no-progress", action="store_true", help="no progress bar")
    awm.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.awm import ImportOptions, import_release
    from servers import CodeSettings

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", args.clock):
        raise ConfigError(f"--clock {args.clock!r}: write it as YYYY-MM-DDTHH:MM:SS, e.g. 2026-03-02T09:00:00")
    settings = CodeSettings(call_time_limit=args.call_time_limit, verify_time_limit=args.verify_time_limit)
    logging.getLogger("servers.code").setLevel(logging.ERROR)  # what the checks find goes into the report
    result = import_release(
        args.source_dir,
        args.out,
        options=ImportOptions(clock=args.clock, settings=settings),
        workers=args.workers,
        scenarios=args.scenario,
        progress=not args.no_progress,
    )
    summary = result.summary
    print(
        f"{summary['imported']} of {summary['scenarios']} scenarios imported into {args.out} "
        f"({summary['tools']} tools, {summary['tasks']} tasks, {summary['flagged_tasks']} flagged: "
        f"{summary['satisfied_at_reset']} satisfied at reset, {summary['verifier_errors']} verifier errors, "
        f"{summary['verifier_timeouts']} verifier time-outs; {summary['failing_endpoints']} tools fail their "
        f"spec's example); report: {args.out / 'report.md'}"
    )
    for report in result.reports:
        if not report.ok:
            print(f"FAILED  {report.env_id}: {report.error}", file=sys.stderr)
    return 0 if summary["failed"] == 0 else 1
