"""The Kubernetes farm, without a cluster: the registry and two StatefulSet pods run the commands kustomize
renders for them (``$(POD_NAME)`` and ``$(POD_NAMESPACE)`` expanded as the kubelet does), each pod on a
loopback address of its own, its DNS name in the headless Service (workers-K.workers.NAMESPACE.svc...)
resolving to it. The registry places episodes on the pods by those names, agents reach them directly,
and a sharded StatefulSet offers each environment on the pod whose ordinal holds it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest

from servers import Shard
from tests.conftest import AUTH, make_envs
from tests.deploy.conftest import Network, first_task, seed_examples, solve_over_mcp, workers_up
from tests.deploy.files import container, expand, find, image_entrypoint, render

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them

PODS = ("workers-0", "workers-1")


@dataclass
class Cluster:
    network: Network
    registry_url: str
    namespace: str
    envs: Path

    def dns_name(self, pod: str) -> str:
        return f"{pod}.workers.{self.namespace}.svc.cluster.local"


def pod_argv(spec: dict[str, Any], pod: str, namespace: str) -> list[str]:
    """What the container runs: the image's entrypoint, then its args expanded from the downward API."""
    return [*image_entrypoint(), *expand(spec["args"], {"POD_NAME": pod, "POD_NAMESPACE": namespace})]


def mounts(spec: dict[str, Any], root: Path) -> dict[str, Path]:
    return {m["mountPath"]: root / m["name"] for m in spec["volumeMounts"] if m["name"] != "tmp"}


def start_cluster(objects: list[dict[str, Any]], root: Path, args: list[str] | None = None) -> Cluster:
    """The registry Deployment's pod and two pods of the workers StatefulSet (``args``: the worker's, edited)."""
    statefulset, deployment = find(objects, "StatefulSet", "workers"), find(objects, "Deployment", "registry")
    namespace = statefulset["metadata"]["namespace"]
    worker = container(statefulset["spec"]["template"], "worker")
    worker = {**worker, "args": args or worker["args"]}
    registry = container(deployment["spec"]["template"], "registry")
    addresses = {"registry": "127.0.0.1"}
    for ordinal, pod in enumerate(PODS):
        addresses[pod] = addresses[f"{pod}.workers.{namespace}.svc.cluster.local"] = f"127.0.0.{5 + ordinal}"
    network = Network(addresses)
    try:
        url = network.start(pod_argv(registry, "registry", namespace), "registry", mounts(registry, root)).url
        for pod in PODS:
            network.start(pod_argv(worker, pod, namespace), pod, mounts(worker, root))
        workers_up(url, len(PODS))
    except BaseException:
        network.stop()
        raise
    return Cluster(network, url, namespace, root / "envs" / Path(worker["args"][1]).name)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("k8s")
    objects = render("base")
    served = container(find(objects, "StatefulSet", "workers")["spec"]["template"], "worker")["args"][1]
    seed_examples(root / "envs" / Path(served).name)  # what the init container generates, in small
    started = start_cluster(objects, root)
    yield started
    started.network.stop()


def test_each_pod_registers_the_stable_name_the_headless_service_gives_it(cluster: Cluster) -> None:
    workers = httpx2.get(f"{cluster.registry_url}/v1/workers", headers=AUTH, timeout=10).json()["workers"]
    port = cluster.network.port
    expected = [(pod, f"http://{cluster.dns_name(pod)}:{port}") for pod in PODS]

    assert sorted((w["name"], w["url"]) for w in workers) == expected
    assert cluster.namespace == "worldfarm"


async def test_the_registry_places_episodes_on_the_pods_and_agents_reach_them_by_name(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("socket.getaddrinfo", cluster.network.resolving())  # the cluster's DNS, for this client
    env, task = first_task(cluster.envs)
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:
        episodes = []
        for _ in range(4):
            placed = await http.post(f"{cluster.registry_url}/v1/episodes", json={"env": env, "task": task["id"]})
            assert placed.status_code == 201, placed.text
            episodes.append(placed.json())
        errors = await solve_over_mcp(episodes[0]["mcp_url"], task, http)
        verdict = await http.post(f"{episodes[0]['control_url']}/verify", json={})

    hosts = sorted(urlsplit(e["mcp_url"]).hostname or "" for e in episodes)
    assert hosts == sorted([cluster.dns_name(pod) for pod in PODS] * 2)
    assert all(e["control_url"].startswith(f"{cluster.registry_url}/v1/episodes/") for e in episodes)
    assert errors == [False] * len(task["solution"])
    assert verdict.json()["passed"] is True


def scaled_down(args: list[str]) -> list[str]:
    """The large overlay's worker args for a StatefulSet scaled to 2 pods, each environment on one of them."""
    edits = {"--shard=auto/16": "--shard=auto/2", "--replicas=2": "--replicas=1"}
    assert set(edits) <= set(args), args
    return [edits.get(arg, arg) for arg in args]


def test_a_sharded_statefulset_offers_each_environment_on_the_pod_whose_ordinal_holds_it(tmp_path: Path) -> None:
    objects = render("overlays/large")
    worker = container(find(objects, "StatefulSet", "workers")["spec"]["template"], "worker")
    make_envs(tmp_path / "envs" / Path(worker["args"][1]).name)  # hotel, inn, resort
    cluster = start_cluster(objects, tmp_path, scaled_down(worker["args"]))
    try:
        placed = {}
        for env in ("hotel", "inn", "resort"):
            response = httpx2.post(f"{cluster.registry_url}/v1/episodes", json={"env": env}, headers=AUTH, timeout=30)
            placed[env] = urlsplit(response.json()["mcp_url"]).hostname
    finally:
        cluster.network.stop()
        shutil.rmtree(tmp_path / "envs", ignore_errors=True)

    holders = {env: [pod for k, pod in enumerate(PODS) if Shard(k, 2, 1).holds(env)] for env in placed}
    assert placed == {env: cluster.dns_name(pods[0]) for env, pods in holders.items()}
    assert set(placed.values()) == {cluster.dns_name(pod) for pod in PODS}  # both shards hold something
