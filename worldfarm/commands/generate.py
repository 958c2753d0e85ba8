"""``worldfarm generate``: make environments. The blueprint path (offline, deterministic) is the default;
``--llm`` is the seam for the LLM pipeline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "generate",
        help="generate validated environment bundles (offline blueprints by default)",
        description="Generate COUNT environments into OUT. Each passes the validation gate before it is written; "
        "the same seed and generator version give byte-identical bundles. Re-running resumes: finished "
        "bundles are kept (unless --force).",
    )
    parser.add_argument("--count", type=int, default=1000, help="how many environments (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the set's seed (default: 0, the standard set)")
    parser.add_argument("--out", type=Path, default=Path("envs"), help="folder to write bundles into (default: ./envs)")
    parser.add_argument("--workers", type=int, default=None, help="processes to use (default: one per core)")
    parser.add_argument("--force", action="store_true", help="regenerate bundles that already exist")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    blueprint_options(parser)
    llm = parser.add_argument_group("LLM pipeline")
    llm.add_argument(
        "--llm", action="store_true", help="generate with an LLM (OpenAI-compatible endpoint) instead of blueprints"
    )
    parser.set_defaults(run=run)


def blueprint_options(parser: argparse.ArgumentParser) -> None:
    """Options only the blueprint path has (none yet beyond the shared ones); a seam for more."""


def run(args: argparse.Namespace) -> int:
    if args.llm:
        print(
            "worldfarm generate: the LLM pipeline is not available yet; run without --llm for blueprint environments",
            file=sys.stderr,
        )
        return 2
    if args.count < 1:
        print("worldfarm generate: --count must be at least 1", file=sys.stderr)
        return 2
    from tqdm import tqdm

    from generator import generate

    def advance(_: object) -> None:
        bar.update()

    bar = tqdm(total=args.count, unit="env", disable=args.no_progress or None, file=sys.stderr)
    try:
        report = generate(args.out, args.count, args.seed, workers=args.workers, force=args.force, progress=advance)
    finally:
        bar.close()
    print(summary(report, args.out))
    return 0 if not report["failed"] else 1


def summary(report: dict[str, Any], out: Path) -> str:
    tools, tasks = report["tools"], report["tasks"]
    lines = [
        f"{report['passed']} of {report['environments']} environments pass the gate, in {out}/ "
        f"({len(report['domains'])} domains, {report.get('seconds', 0)} s)",
        f"tools per environment: {tools['min']}-{tools['max']} (mean {tools['mean']}); "
        f"tables {report['tables']['min']}-{report['tables']['max']} (mean {report['tables']['mean']}); "
        f"tasks {tasks['min']}-{tasks['max']} (mean {tasks['mean']})",
        f"report: {out / 'report.md'}",
    ]
    for failed in report["failed"][:10]:
        lines.append(f"FAILED {failed['env']}: {'; '.join(failed['problems'][:2])}")
    return "\n".join(lines)
