"""The ``worldfarm`` command line: one entry point, one module per command under ``worldfarm.commands``.

Each command module has ``register(subparsers)``, which adds its parser and sets ``run`` (a function
of the parsed arguments returning the exit status). Heavy imports happen inside ``run`` so that
``worldfarm --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version

from worldfarm.errors import WorldfarmError

COMMANDS = ("generate", "importer", "validate", "serve", "registry", "up", "episode", "bench", "report", "schema")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="worldfarm",
        description="An MCP server farm of synthetic, database-backed agent environments.",
    )
    parser.add_argument("--version", action="version", version=f"worldfarm {version('worldfarm')}")
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"worldfarm.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"worldfarm.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        status: int = args.run(args)
    except WorldfarmError as exc:
        print(f"worldfarm {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`worldfarm ... | head`): stop quietly, as shell tools do on SIGPIPE
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return status


if __name__ == "__main__":
    sys.exit(main())
