"""The top layer: the ``worldfarm`` command line and (in :mod:`cli.launcher`) the ``worldfarm up`` launcher.

It may use every other package; no other package imports it. Importing it stays cheap: each command
loads what it drives when it runs, so ``worldfarm --help`` and short commands start quickly.
"""

from cli.errors import CliError, FarmFailed
from cli.main import build_parser, main

__all__ = ["CliError", "FarmFailed", "build_parser", "main"]
