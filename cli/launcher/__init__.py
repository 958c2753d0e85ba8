"""``worldfarm up``'s launcher: the registry and N workers as supervised processes on this machine."""

from cli.launcher.farm import LocalFarm, LocalFarmSettings

__all__ = ["LocalFarm", "LocalFarmSettings"]
