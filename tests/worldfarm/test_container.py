"""A worker in a container or pod learns its URL, name and shard from the host name the engine gives it."""

from __future__ import annotations

import socket

import pytest

from worldfarm import container
from worldfarm.errors import ConfigError

POD = {"HOSTNAME": "workers-3"}


def test_auto_public_url_is_the_host_name_and_port() -> None:
    assert container.public_url("auto", 8000, {"HOSTNAME": "4f2a9c1b7d3e"}) == "http://4f2a9c1b7d3e:8000"


def test_a_given_public_url_is_kept() -> None:
    assert container.public_url("http://w.example:9", 8000, POD) == "http://w.example:9"
    assert container.public_url(None, 8000, POD) is None


def test_auto_public_url_needs_a_fixed_port() -> None:
    with pytest.raises(ConfigError, match="fixed --port"):
        container.public_url("auto", 0, POD)


def test_without_hostname_in_the_environment_the_system_host_name_is_used() -> None:
    assert container.host_name({}) == socket.gethostname()


def test_auto_name_is_the_host_name() -> None:
    assert (container.name("auto", POD), container.name("worker-a", POD)) == ("workers-3", "worker-a")


def test_auto_shard_takes_its_index_from_the_pod_ordinal() -> None:
    assert container.shard("auto/16", POD) == "3/16"
    assert container.shard("auto/4", {"HOSTNAME": "workers-0.workers.farm.svc.cluster.local"}) == "0/4"


def test_an_explicit_shard_is_kept() -> None:
    assert (container.shard("2/4", POD), container.shard(None, POD)) == ("2/4", None)


def test_an_ordinal_beyond_the_shard_count_says_to_match_the_replicas() -> None:
    with pytest.raises(ConfigError, match="worker 3 counting from 0, but N is 3; make N the StatefulSet's replicas"):
        container.shard("auto/3", POD)


@pytest.mark.parametrize("hostname", ["4f2a9c1b7d3e", "workers", "-3", "workers-3a"])
def test_a_host_name_without_an_ordinal_cannot_pick_a_shard(hostname: str) -> None:
    with pytest.raises(ConfigError, match="does not end in -K"):
        container.shard("auto/4", {"HOSTNAME": hostname})


@pytest.mark.parametrize("value", ["auto/", "auto/0", "auto/x", "auto/-1"])
def test_auto_shard_needs_a_positive_count(value: str) -> None:
    with pytest.raises(ConfigError, match="auto/N"):
        container.shard(value, POD)
