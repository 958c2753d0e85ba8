"""The top layer: the ``worldfarm`` command line and the ``worldfarm up`` launcher.

It may use every other package; no other package imports it.
"""

from cli.errors import CliError, FarmFailed
from cli.launcher import LocalFarm, LocalFarmSettings
from cli.main import build_parser, main

__all__ = ["CliError", "FarmFailed", "LocalFarm", "LocalFarmSettings", "build_parser", "main"]
