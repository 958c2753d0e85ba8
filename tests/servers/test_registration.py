"""Sharding environments over workers, as a worker decides what to offer the registry."""

from __future__ import annotations

import pytest

from servers import Shard
from worldfarm.errors import ConfigError

ENVS = [f"env_{n:04d}" for n in range(1000)]


@pytest.mark.parametrize(("count", "replicas"), [(1, 1), (4, 1), (4, 2), (3, 3)])
def test_every_environment_is_offered_by_exactly_replicas_workers(count: int, replicas: int) -> None:
    shards = [Shard(index, count, replicas) for index in range(count)]
    offered = [sum(shard.holds(env) for shard in shards) for env in ENVS]
    assert set(offered) == {replicas}


def test_shards_split_a_thousand_environments_roughly_evenly() -> None:
    sizes = [sum(Shard(index, 4).holds(env) for env in ENVS) for index in range(4)]
    assert min(sizes) > 200


@pytest.mark.parametrize(("text", "replicas"), [("4/4", 1), ("a/b", 1), ("1", 1), ("0/2", 3)])
def test_a_shard_that_cannot_be_is_a_config_error(text: str, replicas: int) -> None:
    with pytest.raises(ConfigError, match="--shard"):
        Shard.parse(text, replicas)
