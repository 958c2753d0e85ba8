"""deploy/k8s, checked without a cluster: every overlay renders with kubectl's kustomize, every object is
valid against the Kubernetes schemas (strict: no unknown field), and the farm is wired as it needs."""

from __future__ import annotations

import copy
import shutil
import subprocess
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from cli import build_parser
from tests.deploy.files import K8S, OVERLAYS, ROOT, container, find, render

KUBERNETES_VERSIONS = ("1.32.0", "1.37.0")
"""The oldest and newest minor versions kubernetes-validate carries schemas for."""
SELECTOR = {"app.kubernetes.io/name": "worldfarm", "app.kubernetes.io/component": "worker"}


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(render(overlay))


def workers(overlay: str) -> dict[str, Any]:
    return find(list(rendered(overlay)), "StatefulSet", "workers")


def worker_args(overlay: str) -> list[str]:
    args: list[str] = container(workers(overlay)["spec"]["template"], "worker")["args"]
    return args


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid_against_the_kubernetes_schemas(overlay: str, version: str) -> None:
    objects = rendered(overlay)
    for document in objects:
        kubernetes_validate.validate(copy.deepcopy(document), version, strict=True)
    kinds = {"Namespace", "Service", "PersistentVolumeClaim", "Deployment", "StatefulSet", "PodDisruptionBudget"}
    assert {o["kind"] for o in objects} == kinds | ({"Job"} if "shared-envs" in overlay else set())


def test_strict_validation_would_reject_a_misspelt_field() -> None:
    statefulset = copy.deepcopy(workers("base"))
    statefulset["spec"]["servicename"] = statefulset["spec"].pop("serviceName")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(statefulset, KUBERNETES_VERSIONS[-1], strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_workers_are_a_statefulset_behind_a_headless_service_with_stable_urls(overlay: str) -> None:
    objects = list(rendered(overlay))
    statefulset, service = workers(overlay), find(objects, "Service", "workers")
    args = build_parser().parse_args(worker_args(overlay))

    assert statefulset["spec"]["serviceName"] == service["metadata"]["name"] == "workers"
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["publishNotReadyAddresses"] is True
    assert service["spec"]["selector"] == statefulset["spec"]["selector"]["matchLabels"] == SELECTOR
    assert args.public_url == "http://$(POD_NAME).workers.$(POD_NAMESPACE).svc.cluster.local:8000"
    assert (args.host, args.port, args.registry) == ("0.0.0.0", 8000, "http://registry:8000")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_pod_learns_its_name_and_namespace_and_the_token_from_a_secret(overlay: str) -> None:
    env = {e["name"]: e["valueFrom"] for e in container(workers(overlay)["spec"]["template"], "worker")["env"]}
    registry = find(list(rendered(overlay)), "Deployment", "registry")
    registry_env = {e["name"]: e["valueFrom"] for e in container(registry["spec"]["template"], "registry")["env"]}
    secret = {"secretKeyRef": {"name": "worldfarm-token", "key": "token"}}

    assert env["POD_NAME"] == {"fieldRef": {"fieldPath": "metadata.name"}}
    assert env["POD_NAMESPACE"] == {"fieldRef": {"fieldPath": "metadata.namespace"}}
    assert env["WORLDFARM_TOKEN"] == registry_env["WORLDFARM_TOKEN"] == secret
    assert "Secret" not in {o["kind"] for o in rendered(overlay)}  # no token is kept in the repository


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_server_is_probed_on_health_and_has_requests_and_limits(overlay: str) -> None:
    objects = list(rendered(overlay))
    pods = [workers(overlay)["spec"]["template"], find(objects, "Deployment", "registry")["spec"]["template"]]
    for pod in pods:
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
        for spec in pod["spec"]["containers"]:
            assert (
                spec["readinessProbe"]["httpGet"]
                == spec["livenessProbe"]["httpGet"]
                == {"path": "/health", "port": "http"}
            )
        for spec in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            assert set(spec["resources"]) == {"requests", "limits"}
            assert all(set(spec["resources"][k]) == {"cpu", "memory"} for k in ("requests", "limits"))
            assert spec["securityContext"]["readOnlyRootFilesystem"] is True


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_disruption_budget_keeps_all_but_one_worker(overlay: str) -> None:
    budget = find(list(rendered(overlay)), "PodDisruptionBudget", "workers")
    assert budget["spec"] == {"maxUnavailable": 1, "selector": {"matchLabels": SELECTOR}}


@pytest.mark.parametrize("overlay", ["base", "overlays/large"])
def test_each_pod_generates_the_set_it_serves(overlay: str) -> None:
    pod = workers(overlay)["spec"]["template"]
    generate = container(pod, "generate", init=True)
    serve = container(pod, "worker")
    out = next(a.removeprefix("--out=") for a in generate["args"] if a.startswith("--out="))

    assert generate["args"][0] == "generate"
    assert "--workers=2" in generate["args"]
    assert serve["args"][1] == out
    assert {m["name"] for m in generate["volumeMounts"]} >= {"envs"}
    assert {"name": "envs", "mountPath": "/data/envs", "readOnly": True} in serve["volumeMounts"]


def test_the_large_farm_shards_the_environments_over_all_its_workers() -> None:
    args = build_parser().parse_args(worker_args("overlays/large"))
    replicas = workers("overlays/large")["spec"]["replicas"]

    assert args.shard == f"auto/{replicas}"
    assert replicas >= 8
    assert 1 < args.replicas < replicas
    assert build_parser().parse_args(worker_args("base")).shard is None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_workers_have_the_memory_their_environments_and_episodes_need(overlay: str) -> None:
    worker = container(workers(overlay)["spec"]["template"], "worker")
    args = build_parser().parse_args(worker["args"])
    limit_mib = int(worker["resources"]["limits"]["memory"].removesuffix("Gi")) * 1024
    shards = int(args.shard.split("/")[1]) if args.shard else 1
    envs = 1000 * min(args.replicas, shards) / shards
    # docs/deploy.md: 110 MiB idle, 1.9 MiB per environment in use, 467 KiB per live episode (default set)
    needed_mib = 110 + envs * 1.9 + args.max_episodes * 467 / 1024

    assert 0.7 * limit_mib < needed_mib < 0.9 * limit_mib


def test_large_farm_workers_are_guaranteed_their_memory() -> None:
    resources = container(workers("overlays/large")["spec"]["template"], "worker")["resources"]
    assert resources["requests"] == resources["limits"]


def test_the_generate_commands_are_valid_worldfarm_command_lines() -> None:
    init = container(workers("base")["spec"]["template"], "generate", init=True)["args"]
    job = container(
        find(list(rendered("overlays/large-shared-envs")), "Job", "generate-envs")["spec"]["template"], "generate"
    )
    for args in (init, job["args"]):
        parsed = build_parser().parse_args(args)
        assert (parsed.command, parsed.count, parsed.seed, parsed.progress) == ("generate", 1000, 0, "lines")


def test_with_shared_envs_a_job_generates_the_set_once_and_the_workers_wait_for_it(tmp_path: Path) -> None:
    objects = list(rendered("overlays/large-shared-envs"))
    job = find(objects, "Job", "generate-envs")["spec"]["template"]
    claim = find(objects, "PersistentVolumeClaim", "envs")
    pod = workers("overlays/large-shared-envs")["spec"]["template"]
    (wait,) = pod["spec"]["initContainers"]
    generate = container(job, "generate")["args"]
    out = next(a.removeprefix("--out=") for a in generate if a.startswith("--out="))
    per_pod = container(workers("overlays/large")["spec"]["template"], "generate", init=True)["args"]

    assert [a for a in generate if not a.startswith("--workers")] == [
        a for a in per_pod if not a.startswith("--workers")
    ]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert {"name": "envs", "persistentVolumeClaim": {"claimName": "envs", "readOnly": True}} in pod["spec"]["volumes"]
    assert container(pod, "worker")["args"][1] == out
    assert wait["command"] == ["sh", "-c"]
    assert f"until test -f {out}/report.json;" in wait["args"][0]
    assert job["spec"]["securityContext"]["runAsNonRoot"] is True

    (tmp_path / "report.json").write_text("{}")  # the Job is done: the wait ends at once
    done = subprocess.run(["sh", "-c", wait["args"][0].replace(out, str(tmp_path))], timeout=30, check=False)
    assert done.returncode == 0


def test_an_overlay_of_ones_own_points_every_container_at_ones_image(tmp_path: Path) -> None:
    shutil.copytree(K8S, tmp_path / "deploy" / "k8s")
    mine = tmp_path / "my-farm"
    mine.mkdir()
    (mine / "kustomization.yaml").write_text(  # as docs/deploy.md writes it
        "resources:\n  - ../deploy/k8s/overlays/large-shared-envs\n"
        'images:\n  - name: worldfarm\n    newName: registry.example.org/worldfarm\n    newTag: "0.1.0"\n'
    )
    pods = [o["spec"]["template"]["spec"] for o in render(str(mine)) if "template" in o.get("spec", {})]
    images = {c["image"] for pod in pods for c in pod["containers"] + pod.get("initContainers", [])}
    assert images == {"registry.example.org/worldfarm:0.1.0"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_image_is_this_version(overlay: str) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    pods = [o["spec"]["template"]["spec"] for o in rendered(overlay) if "template" in o.get("spec", {})]
    images = {c["image"] for pod in pods for c in pod["containers"] + pod.get("initContainers", [])}
    assert images == {f"worldfarm:{version}"}
