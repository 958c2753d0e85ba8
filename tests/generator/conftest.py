"""A small generated set shared by the generator tests (generated once per test session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import generate

COUNT = 8


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``COUNT`` environments of the standard set (seed 0), made with two worker processes."""
    out = tmp_path_factory.mktemp("generated")
    report = generate(out, COUNT, 0, workers=2)
    assert report["passed"] == COUNT, report["failed"]
    return out


@pytest.fixture
def bundle_copy(generated: Path, tmp_path: Path) -> Path:
    """A private copy of the first generated bundle, free to break."""
    source = sorted(p for p in generated.iterdir() if (p / "env.json").is_file())[0]
    target = tmp_path / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("seed.sqlite*"))
    return target
