"""Episode ids and tokens are secrets that never look like command-line options."""

from __future__ import annotations

from servers import EnvRuntime, EpisodeStore
from tests.conftest import EXAMPLES
from worldfarm import load_bundle
from worldfarm.ids import random_id


def test_random_ids_never_start_with_a_dash_and_do_not_repeat() -> None:
    ids = [random_id(18) for _ in range(5000)]  # about 78 of them would start with "-" if drawn plainly
    assert not [value for value in ids if value.startswith("-")]
    assert len(set(ids)) == len(ids)
    assert {len(value) for value in ids} == {24}  # 18 bytes: 144 bits


def test_no_episode_id_starts_with_a_dash() -> None:
    runtime = EnvRuntime(load_bundle(EXAMPLES / "hotel"))
    store = EpisodeStore()
    try:
        ids = [store.create(runtime).id for _ in range(2000)]
    finally:
        store.close_all()
    assert not [value for value in ids if value.startswith("-")]
