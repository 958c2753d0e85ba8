from __future__ import annotations

from pathlib import Path

import pytest

from servers import EnvRuntime, EpisodeStore, Limits, LiveEpisode
from tests.servers.tiny import tiny_runtime


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> EnvRuntime:
    return tiny_runtime(Path(tmp_path_factory.mktemp("bundles")))


@pytest.fixture
def store() -> EpisodeStore:
    return EpisodeStore(Limits(call_time_limit=0.2, max_db_bytes=4 * 1024 * 1024))


@pytest.fixture
def bank(store: EpisodeStore, tiny: EnvRuntime) -> LiveEpisode:
    return store.create(tiny)
