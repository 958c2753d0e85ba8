"""Same seed and version, same bytes: whatever the worker count, the set size or a resumed run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import generate, generate_set


def bundle_bytes(folder: Path) -> dict[str, bytes]:
    return {
        f"{p.parent.name}/{p.name}": p.read_bytes()
        for p in sorted(folder.glob("*/*"))
        if p.name in ("env.json", "tasks.jsonl")
    }


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
def test_generating_twice_gives_byte_identical_bundles(generated: Path, tmp_path: Path) -> None:
    generate(tmp_path, 8, 0, workers=1)

    assert bundle_bytes(tmp_path) == bundle_bytes(generated)
    assert len(bundle_bytes(tmp_path)) == 16


def test_an_environment_is_the_same_in_a_small_set_as_in_a_large_one(generated: Path, tmp_path: Path) -> None:
    generate_set(tmp_path, 3, 0, workers=1)

    small = bundle_bytes(tmp_path)
    large = bundle_bytes(generated)
    assert small
    assert all(large[name] == data for name, data in small.items())


def test_another_seed_gives_other_environments(generated: Path, tmp_path: Path) -> None:
    generate_set(tmp_path, 2, 7, workers=1)

    other = bundle_bytes(tmp_path)
    assert other.keys() <= bundle_bytes(generated).keys()
    assert all(bundle_bytes(generated)[name] != data for name, data in other.items())


def test_a_rerun_keeps_finished_bundles_and_rebuilds_missing_ones(tmp_path: Path) -> None:
    first = generate_set(tmp_path, 2, 0, workers=1)
    kept = tmp_path / first[0].env_id / "env.json"
    stamp = kept.stat().st_mtime_ns
    removed = tmp_path / first[1].env_id
    for file in removed.iterdir():
        file.unlink()
    removed.rmdir()

    again = generate_set(tmp_path, 2, 0, workers=1)

    assert [r.resumed for r in again] == [True, False]
    assert kept.stat().st_mtime_ns == stamp
    assert (removed / "env.json").is_file()
    assert not (tmp_path / ".staging").exists()
