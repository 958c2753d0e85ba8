"""Monitoring, checked without Docker or a cluster: the Compose profile's Prometheus scrapes the registry and
every worker with the token, the provisioned dashboard asks only for metrics the farm exports, the Kubernetes
pods carry scrape annotations, and the monitoring overlay's ServiceMonitor selects both Services."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from registry import telemetry as registry_telemetry
from servers import telemetry as worker_telemetry
from tests.deploy.files import ROOT, find, load_compose, render

MONITORING = ROOT / "deploy" / "monitoring"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "worldfarm.json"
ENVIRON = {"WORLDFARM_TOKEN": "a-token"}
SUFFIXES = ("_bucket", "_count", "_sum", "_total")


def exported_names() -> set[str]:
    """Every metric name a worker and the registry export (as Prometheus stores them)."""
    names: set[str] = set()
    for registry in (worker_telemetry.REGISTRY, registry_telemetry.REGISTRY):
        for family in text_string_to_metric_families(generate_latest(registry).decode()):
            names.add(family.name)
            names.update(family.name + suffix for suffix in SUFFIXES)
    return names


def test_the_monitoring_profile_adds_prometheus_and_grafana_only_when_asked() -> None:
    services = load_compose(ENVIRON)["services"]
    assert services["prometheus"]["profiles"] == services["grafana"]["profiles"] == ["monitoring"]
    assert all("profiles" not in services[name] for name in ("generate", "registry", "worker"))
    assert services["prometheus"]["ports"] == ["127.0.0.1:9090:9090"]
    assert services["grafana"]["ports"] == ["127.0.0.1:3000:3000"]


def test_prometheus_scrapes_the_registry_and_every_worker_with_the_token_it_is_given() -> None:
    prometheus = load_compose(ENVIRON)["services"]["prometheus"]
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    token_file = re.search(r"> (\S+)", prometheus["command"][0])

    assert token_file is not None
    assert prometheus["environment"]["WORLDFARM_TOKEN"] == "a-token"
    assert "./deploy/monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in prometheus["volumes"]
    assert jobs["worldfarm-registry"]["static_configs"] == [{"targets": ["registry:8000"]}]
    assert jobs["worldfarm-workers"]["dns_sd_configs"][0]["names"] == ["worker"]  # every replica
    for job in jobs.values():
        assert job.get("metrics_path", "/metrics") == "/metrics"
        assert job["authorization"] == {"type": "Bearer", "credentials_file": token_file.group(1)}


def test_grafana_is_provisioned_with_prometheus_and_the_dashboard() -> None:
    grafana = load_compose(ENVIRON)["services"]["grafana"]
    source = yaml.safe_load((MONITORING / "grafana/provisioning/datasources/prometheus.yml").read_text())
    provider = yaml.safe_load((MONITORING / "grafana/provisioning/dashboards/worldfarm.yml").read_text())
    [datasource] = source["datasources"]

    assert datasource["url"] == "http://prometheus:9090"
    assert "./deploy/monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro" in grafana["volumes"]
    assert provider["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
    panels = json.loads(DASHBOARD.read_text())["panels"]
    assert {t["datasource"]["uid"] for p in panels for t in p["targets"]} == {datasource["uid"]}


def test_the_dashboard_asks_only_for_metrics_the_farm_exports() -> None:
    exported = exported_names()
    panels = json.loads(DASHBOARD.read_text())["panels"]
    asked = {
        name
        for panel in panels
        for target in panel["targets"]
        for name in re.findall(r"\bworldfarm_[a-z_]+", target["expr"])
    }
    assert len(asked) >= 12
    assert asked <= exported, asked - exported


def pod_templates(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        find(objects, "Deployment", "registry")["spec"]["template"],
        find(objects, "StatefulSet", "workers")["spec"]["template"],
    ]


def test_every_pod_is_annotated_for_prometheus_on_its_http_port() -> None:
    for pod in pod_templates(render("base")):
        annotations = pod["metadata"]["annotations"]
        assert annotations == {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": "8000",
            "prometheus.io/path": "/metrics",
        }
        [port] = pod["spec"]["containers"][0]["ports"]
        assert port == {"name": "http", "containerPort": 8000}


def test_the_monitoring_overlay_adds_a_servicemonitor_for_both_services_with_the_token_secret() -> None:
    objects = render("overlays/monitoring")
    monitor = find(objects, "ServiceMonitor", "worldfarm")
    services = [find(objects, "Service", "registry"), find(objects, "Service", "workers")]
    [endpoint] = monitor["spec"]["endpoints"]
    secret = {"name": "worldfarm-token", "key": "token"}

    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["metadata"]["namespace"] == "worldfarm"
    for service in services:
        labels = service["metadata"]["labels"]
        assert monitor["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert endpoint["port"] in {port["name"] for port in service["spec"]["ports"]}
    assert (endpoint["path"], endpoint["authorization"]) == ("/metrics", {"type": "Bearer", "credentials": secret})
    pods = pod_templates(objects)
    assert all(
        {"secretKeyRef": secret} in [e.get("valueFrom") for e in p["spec"]["containers"][0]["env"]] for p in pods
    )
    for document in objects:  # the rest is what the base makes, valid as before
        if document["kind"] != "ServiceMonitor":
            kubernetes_validate.validate(copy.deepcopy(document), "1.37.0", strict=True)


def test_the_monitoring_files_are_shipped_beside_the_compose_file() -> None:
    for path in (
        "prometheus.yml",
        "grafana/provisioning/datasources/prometheus.yml",
        "grafana/dashboards/worldfarm.json",
    ):
        assert (MONITORING / path).is_file()
    assert Path(ROOT / "docker-compose.yml").read_text().count("deploy/monitoring/") >= 3
