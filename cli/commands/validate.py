"""``worldfarm validate PATH``: the validation gate over bundles; non-zero exit if any fails."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="run the validation gate over bundles",
        description="Check the bundle at PATH, or every bundle in the folder PATH: it loads, its tools accept a valid "
        "input and refuse invalid ones, and its tasks are verified (false at the start, true after the reference "
        "solution, blind to nothing else changing) and no generic strategy (doing nothing, dumping every value, "
        "hedging, collateral or mutated writes, skipped steps, the other branch) wins any of them. Exits 1 if any "
        "bundle fails.",
    )
    parser.add_argument("path", type=Path, help="a bundle folder, or a folder of bundles")
    parser.add_argument("--workers", type=int, default=None, help="processes to use (default: one per core)")
    parser.add_argument("--min-tasks", type=int, default=10, help="good tasks a bundle needs (default: 10)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every bundle's verdict to FILE")
    parser.add_argument("--report", type=Path, metavar="DIR", help="also write report.json and report.md to DIR")
    parser.add_argument("--verbose", action="store_true", help="list passing bundles too")
    parser.add_argument(
        "--no-adversary",
        dest="adversarial",
        action="store_false",
        help="skip the adversarial strategies (faster; a bundle that passes this way may still be gameable)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator import GENERATOR_VERSION, build_report, validate_dir, write_report

    reports = validate_dir(args.path, min_tasks=args.min_tasks, workers=args.workers, adversarial=args.adversarial)
    failed = [r for r in reports if not r.ok]
    for report in reports:
        if report.ok and args.verbose:
            print(f"ok      {report.env_id} ({report.good_tasks} tasks)")
        elif not report.ok:
            print(f"FAILED  {report.env_id}")
            for problem in report.problems()[:20]:
                print(f"        - {problem}")
    print(f"{len(reports) - len(failed)} of {len(reports)} bundles pass the gate")
    if args.json:
        args.json.write_text(json.dumps([r.to_json() for r in reports], indent=2) + "\n")
    if args.report:
        args.report.mkdir(parents=True, exist_ok=True)
        records = [
            {
                "env_id": r.env_id,
                "ok": r.ok,
                "problems": r.problems(),
                "stats": asdict(r.stats) if r.stats else None,
                "strategies": {name: asdict(tally) for name, tally in r.strategies.items()},
                "adversary_seconds": r.adversary_seconds,
            }
            for r in reports
        ]
        write_report(args.report, build_report(records, seed=None, generator_version=GENERATOR_VERSION))
    if failed:
        print(f"{len(failed)} bundle(s) fail; see the problems above", file=sys.stderr)
    return 1 if failed else 0
