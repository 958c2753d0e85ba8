"""Each package's public API is written down once, in ``__all__``, and every name in it exists."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["worldfarm", "servers"]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_exists_and_is_listed_once(package: str) -> None:
    module = importlib.import_module(package)
    exported: list[str] = module.__all__
    assert len(exported) == len(set(exported))
    assert [name for name in exported if not hasattr(module, name)] == []
