"""``worldfarm schema``: write (or ``--check``) the published JSON Schemas of the bundle format."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema", help="write the JSON Schemas of env.json and tasks.jsonl lines (or check they are current)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are out of date")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from worldfarm.schemas import HERE, render, schemas

    stale = []
    for name, schema in schemas().items():
        path, text = HERE / name, render(schema)
        current = path.read_text() if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.write_text(text)
            print(f"wrote {path}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run `worldfarm schema` and commit the result", file=sys.stderr)
        return 1
    return 0
