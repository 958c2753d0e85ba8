"""``worldfarm report DIR``: render a bench run as ``DIR/report.md`` and a self-contained ``DIR/report.html``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report", help="render a bench run as Markdown and HTML with charts", description=__doc__
    )
    parser.add_argument("dir", type=Path, help="the --out directory of a worldfarm bench run")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from client import write_report

    md, html = write_report(args.dir)
    print(f"wrote {md}\nwrote {html}")
    return 0
