"""docker-compose.yml, checked without Docker: interpolated as Compose does, valid against the Compose
Specification's JSON Schema, and wired as the farm needs (health, start order, safe defaults)."""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from typing import Any

import jsonschema
import pytest

from cli import build_parser
from tests.deploy.files import COMPOSE_SCHEMA, ROOT, MissingVariable, load_compose, service_argv

ENVIRON = {"WORLDFARM_TOKEN": "a-token"}


def validate(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(json.loads(COMPOSE_SCHEMA.read_text()))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_compose_file_is_valid_against_the_compose_specification() -> None:
    assert validate(load_compose(ENVIRON)) == []


def test_the_schema_would_reject_a_misspelt_setting() -> None:
    document = copy.deepcopy(load_compose(ENVIRON))
    document["services"]["worker"]["helthcheck"] = document["services"]["worker"].pop("healthcheck")
    assert any("helthcheck" in problem for problem in validate(document))


def test_the_schema_is_the_copy_its_readme_names() -> None:
    digest = hashlib.sha256(COMPOSE_SCHEMA.read_bytes()).hexdigest()
    assert digest in (COMPOSE_SCHEMA.parent / "README.md").read_text()


def test_no_variable_is_left_uninterpolated() -> None:
    assert "${" not in json.dumps(load_compose(ENVIRON))


def test_there_is_no_default_token() -> None:
    with pytest.raises(MissingVariable, match="WORLDFARM_TOKEN: set WORLDFARM_TOKEN"):
        load_compose({})


def test_by_default_the_registry_is_published_on_this_host_only_and_two_workers_run() -> None:
    services = load_compose(ENVIRON)["services"]
    assert services["registry"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services["worker"]["deploy"]["replicas"] == "2"
    assert all(
        service["environment"]["WORLDFARM_TOKEN"] == "a-token" for service in (services["registry"], services["worker"])
    )


def test_port_address_workers_and_set_come_from_the_environment() -> None:
    environ = {**ENVIRON, "WORLDFARM_PORT": "9100", "WORLDFARM_BIND": "0.0.0.0", "WORLDFARM_WORKERS": "6"}
    environ |= {"WORLDFARM_ENV_COUNT": "50", "WORLDFARM_ENV_SEED": "7", "WORLDFARM_MAX_EPISODES": "500"}
    compose = load_compose(environ)
    worker = service_argv(compose, "worker")

    assert compose["services"]["registry"]["ports"] == ["0.0.0.0:9100:8000"]
    assert compose["services"]["worker"]["deploy"]["replicas"] == "6"
    assert worker[2] == "/data/envs/seed7-n50"
    assert "--max-episodes=500" in worker
    assert "--count 50 --seed 7 --out /data/envs/seed7-n50 " in service_argv(compose, "generate")[2]


def test_workers_start_after_the_set_is_generated_and_the_registry_is_healthy() -> None:
    services = load_compose(ENVIRON)["services"]
    assert services["worker"]["depends_on"] == {
        "generate": {"condition": "service_completed_successfully"},
        "registry": {"condition": "service_healthy"},
    }
    assert services["generate"]["healthcheck"] == {"disable": True}
    for name in ("registry", "worker"):  # the image's HEALTHCHECK (GET /health), every 5 s
        assert "disable" not in services[name]["healthcheck"]
        assert services[name]["healthcheck"]["interval"] == "5s"
        assert services[name]["restart"] == "unless-stopped"


def test_the_workers_serve_the_folder_the_job_generates_and_mount_it_read_only() -> None:
    compose = load_compose(ENVIRON)
    served = service_argv(compose, "worker")[2]
    assert f"--out {served} " in service_argv(compose, "generate")[2]
    assert compose["services"]["worker"]["volumes"] == ["envs:/data/envs:ro"]
    assert compose["services"]["generate"]["volumes"] == ["envs:/data/envs"]


@pytest.mark.parametrize("service", ["registry", "worker"])
def test_each_server_command_is_a_valid_worldfarm_command_line(service: str) -> None:
    argv = service_argv(load_compose(ENVIRON), service)
    args = build_parser().parse_args(argv[1:])
    assert argv[0] == "worldfarm"
    assert args.command == {"registry": "registry", "worker": "serve"}[service]
    assert args.host == "0.0.0.0"
    assert args.port == 8000


def test_workers_name_themselves_and_their_url_after_their_container_and_the_registry_proxies_mcp() -> None:
    compose = load_compose(ENVIRON)
    worker = build_parser().parse_args(service_argv(compose, "worker")[1:])
    registry = build_parser().parse_args(service_argv(compose, "registry")[1:])
    assert (worker.public_url, worker.name, worker.registry) == ("auto", "auto", "http://registry:8000")
    assert registry.proxy_mcp
    assert registry.db.parent.as_posix() == "/var/lib/worldfarm/state"


def test_the_default_image_is_this_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert load_compose(ENVIRON)["x-worldfarm"]["image"] == f"worldfarm:{version}"
