"""``worldfarm generate --llm``: the LLM pipeline from the command line (its flags are declared in ``generate``;
this is not a command of its own)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from cli.progress import Progress
from worldfarm.errors import ConfigError, WorldfarmError


def run_llm(args: argparse.Namespace) -> int:
    from generator.llm import LLMOptions, Log, generate_llm

    try:
        options = llm_options(args)
    except ConfigError as exc:
        print(f"worldfarm generate: {exc}", file=sys.stderr)
        return 2
    with Progress(args.scenarios, "generating with the LLM", mode=args.progress) as progress:

        def advance(_: Log) -> None:
            progress.advance()

        try:
            report = generate_llm(LLMOptions(**{**options, "progress": advance}))
        except WorldfarmError as exc:
            print(f"worldfarm generate: {exc}", file=sys.stderr)
            return 1
    print(summary(report, args.out))
    return 0 if report["kept"] else 1


def llm_options(args: argparse.Namespace) -> dict[str, Any]:
    """The pipeline's options from the flags; ConfigError says what is missing or wrong."""
    from generator.llm import DEFAULT_CATEGORIES
    from worldfarm.chat import ChatSettings

    for flag, value, low in (("--scenarios", args.scenarios, 1), ("--concurrency", args.concurrency, 1)):
        if value < low:
            raise ConfigError(f"{flag} must be at least {low}")
    if args.max_rounds < 0 or args.tasks < 1:
        raise ConfigError("--max-rounds must be 0 or more and --tasks at least 1")
    categories = tuple(c.strip().lower() for c in (args.categories or "").split(",") if c.strip())
    chat = ChatSettings.from_env(
        args.model,
        args.base_url,
        os.environ.get(args.api_key_env) or None,
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        timeout=args.timeout,
        retries=args.retries,
    )
    return {
        "out": args.out,
        "chat": chat,
        "scenarios": args.scenarios,
        "tasks_per_env": args.tasks,
        "concurrency": args.concurrency,
        "max_rounds": args.max_rounds,
        "seeds": args.seed_scenarios,
        "categories": categories or DEFAULT_CATEGORIES,
        "price_in": args.price_in,
        "price_out": args.price_out,
        "cache_dir": args.cache,
        "use_cache": not args.no_cache,
        "structured": args.structured_output,
    }


def summary(report: dict[str, Any], out: Path) -> str:
    total = report["usage"]["stages"]["total"]
    lines = [
        f"{len(report['kept'])} of {report['environments']} environments kept in {out}/ "
        f"({len(report['scenarios']['accepted'])} scenarios accepted, {len(report['scenarios']['rejected'])} rejected; "
        f"{report['seconds']} s)",
        f"requests: {total['requests']} sent, {total['cached']} from the cache; tokens {total['prompt_tokens']} in, "
        f"{total['completion_tokens']} out; cost ${total['cost_usd']:.4f}",
    ]
    lines += [f"DROPPED {d['env']}: {d['reason']}" for d in report["dropped"][:10]]
    lines.append(f"report: {out}/report.md")
    return "\n".join(lines)
