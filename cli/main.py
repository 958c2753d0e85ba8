"""The ``worldfarm`` command line: one entry point, one module per command under ``cli.commands``.

Each command module has ``register(subparsers)``, which adds its parser and sets ``run`` (a function
of the parsed arguments returning the exit status). Command modules import the packages they drive
inside ``run``, so that ``worldfarm --help`` does not load the servers, the generator and the harness.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version

from cli.commands import bench, episode, generate, importer, registry, report, schema, serve, up, validate
from worldfarm.errors import WorldfarmError

COMMANDS = (generate, importer, validate, serve, registry, up, episode, bench, report, schema)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="worldfarm",
        description="An MCP server farm of synthetic, database-backed agent environments.",
    )
    parser.add_argument("--version", action="version", version=f"worldfarm {version('worldfarm')}")
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def dashed_values(argv: list[str]) -> list[str]:
    """Words argparse would take for options but that are values: a token after ``--token`` and an
    episode id after ``episode show|close`` may start with ``-`` (the ones made before ids avoided it)."""
    joined: list[str] = []
    for word in argv:
        if joined and joined[-1] == "--token" and word.startswith("-"):
            joined[-1] = f"--token={word}"
        else:
            joined.append(word)
    return episode.dashed_ids(joined)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(dashed_values(list(sys.argv[1:] if argv is None else argv)))
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
