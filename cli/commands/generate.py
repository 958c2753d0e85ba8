"""``worldfarm generate``: make environments. The blueprint path (offline, deterministic) is the default;
``--llm`` runs the LLM pipeline against an OpenAI-compatible endpoint (:mod:`generator.llm`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.progress import PROGRESS_MODES, Progress


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
    progress_options(parser)
    blueprint_options(parser)
    llm_options(parser)
    parser.set_defaults(run=run)


def progress_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        choices=PROGRESS_MODES,
        default="auto",
        help="a bar, a line every 10 s (for logs), or nothing (default: auto: a bar on a terminal, else lines)",
    )
    parser.add_argument(
        "--no-progress", dest="progress", action="store_const", const="off", help="same as --progress off"
    )


def blueprint_options(parser: argparse.ArgumentParser) -> None:
    """Options only the blueprint path has (none yet beyond the shared ones); a seam for more."""


def llm_options(parser: argparse.ArgumentParser) -> None:
    llm = parser.add_argument_group(
        "LLM pipeline",
        "scenario -> tasks -> schema -> seed -> tools -> verifiers, each answer executed and corrected; "
        "the bundles pass the same gate",
    )
    llm.add_argument(
        "--llm", action="store_true", help="generate with an LLM (OpenAI-compatible endpoint) instead of blueprints"
    )
    llm.add_argument(
        "--base-url", metavar="URL", help="endpoint base URL, e.g. http://127.0.0.1:8000/v1 (default: $OPENAI_BASE_URL)"
    )
    llm.add_argument("--model", metavar="M", help="model name as the endpoint knows it")
    llm.add_argument(
        "--api-key-env",
        default="OPENAI_API_KEY",
        metavar="VAR",
        help="variable holding the API key (default: %(default)s)",
    )
    llm.add_argument(
        "--scenarios", type=int, default=10, metavar="N", help="environments to make (default: %(default)s)"
    )
    llm.add_argument(
        "--tasks", type=int, default=12, metavar="N", help="tasks asked for per environment (default: %(default)s)"
    )
    llm.add_argument(
        "--concurrency",
        type=int,
        default=4,
        metavar="N",
        help="requests (and environments) in flight at once (default: 4)",
    )
    llm.add_argument(
        "--max-rounds", type=int, default=3, metavar="N", help="correction rounds per item (default: %(default)s)"
    )
    llm.add_argument(
        "--seed-scenarios", type=Path, metavar="FILE", help="JSON lines (name, description) or plain lines of examples"
    )
    llm.add_argument(
        "--categories", metavar="LIST", help="comma-separated categories to balance over (default: the blueprint areas)"
    )
    llm.add_argument(
        "--price-in", type=float, default=0.0, metavar="USD", help="dollars per million prompt tokens (for the report)"
    )
    llm.add_argument(
        "--price-out", type=float, default=0.0, metavar="USD", help="dollars per million completion tokens"
    )
    llm.add_argument("--cache", type=Path, metavar="DIR", help="answer cache folder (default: OUT/.llm-cache)")
    llm.add_argument("--no-cache", action="store_true", help="neither read nor write the answer cache")
    llm.add_argument(
        "--structured-output",
        choices=["auto", "json_schema", "text"],
        default="auto",
        help="json_schema response_format, JSON in text, or auto: the first, else the second (default: auto)",
    )
    llm.add_argument("--temperature", type=float, default=0.7, help="sampling temperature (default: %(default)s)")
    llm.add_argument("--max-tokens", type=int, help="completion token limit per request (default: the server's)")
    llm.add_argument("--timeout", type=float, default=600.0, help="seconds one request may take (default: 600)")
    llm.add_argument("--retries", type=int, default=4, help="retries of a failed request (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    if args.llm:
        from cli.commands.generate_llm import run_llm

        return run_llm(args)
    if args.count < 1:
        print("worldfarm generate: --count must be at least 1", file=sys.stderr)
        return 2
    from generator import generate

    with Progress(args.count, "generating", mode=args.progress) as progress:
        try:
            report = generate(
                args.out, args.count, args.seed, workers=args.workers, force=args.force, progress=progress.advance
            )
        except KeyboardInterrupt:
            print(
                f"worldfarm generate: interrupted; the {progress.done:,} environments finished are kept in {args.out} "
                "and the same command resumes from them",
                file=sys.stderr,
            )
            raise
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
