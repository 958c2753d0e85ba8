"""The registry's store holds every live episode id (the key to an episode): its owner alone reads it."""

from __future__ import annotations

import stat
from pathlib import Path

from registry.store import Placement, Store


def modes(folder: Path) -> dict[str, int]:
    return {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()}


def test_the_store_and_its_wal_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "state" / "registry.sqlite"
    store = Store(path)
    try:
        store.add_placements([Placement("episode-1", "hotel", None, "instance-1")])
        files = modes(path.parent)
    finally:
        store.close()
    assert files == {"registry.sqlite": 0o600, "registry.sqlite-wal": 0o600, "registry.sqlite-shm": 0o600}
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_store_left_readable_by_others_is_made_owner_only_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite"
    Store(path).close()
    path.chmod(0o644)
    store = Store(path)
    try:
        assert store.placement("episode-1") is None
    finally:
        store.close()
    assert modes(tmp_path)["registry.sqlite"] == 0o600
