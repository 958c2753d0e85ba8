"""The Dockerfile, checked without a container engine: hadolint's rules, and the image's own contract
(pinned base, dependencies cached apart from the code, non-root, a health check, the role by command)."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

from tests.deploy.files import (
    DOCKERFILE,
    ROOT,
    Instruction,
    dockerfile_instructions,
    healthcheck_command,
    image_entrypoint,
    tool,
)

PINNED_PYTHON = re.compile(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?")


def instructions(keyword: str) -> list[Instruction]:
    return [i for i in dockerfile_instructions() if i.keyword == keyword]


def base_image() -> str:
    default = next(i.arguments for i in instructions("ARG") if i.arguments.startswith("PYTHON_IMAGE="))
    return default.removeprefix("PYTHON_IMAGE=")


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [tool("hadolint"), "--no-color", "--format", "json", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, json.loads(result.stdout or "[]")) == (0, [])


def test_hadolint_would_catch_an_unpinned_base(tmp_path: Path) -> None:
    unpinned = tmp_path / "Dockerfile"
    unpinned.write_text(DOCKERFILE.read_text().replace("FROM ${PYTHON_IMAGE}", "FROM python", 1))
    result = subprocess.run(
        [tool("hadolint"), "--no-color", "--format", "json", str(unpinned)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "DL3006" in {finding["code"] for finding in json.loads(result.stdout)}


def test_every_stage_is_built_from_one_pinned_python_image() -> None:
    assert PINNED_PYTHON.fullmatch(base_image())
    assert [i.arguments.split()[0] for i in instructions("FROM")] == ["${PYTHON_IMAGE}", "${PYTHON_IMAGE}"]
    assert "latest" not in DOCKERFILE.read_text()


def test_the_base_python_satisfies_the_project() -> None:
    version = tuple(int(part) for part in base_image().split(":")[1].split("-")[0].split(".")[:2])
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert version >= tuple(int(part) for part in requires.removeprefix(">=").split("."))


def test_dependencies_are_installed_before_the_code_is_copied() -> None:
    steps = [f"{i.keyword} {i.arguments}" for i in dockerfile_instructions()]
    dependencies = next(n for n, s in enumerate(steps) if "--requirement requirements.txt" in s)
    assert steps[dependencies - 1] == "COPY pyproject.toml ./"
    first_code = next(n for n, s in enumerate(steps) if s.startswith("COPY worldfarm"))
    assert dependencies < first_code
    assert any("pip install --no-deps ." in s for s in steps[first_code:])


def test_the_image_runs_as_a_numeric_non_root_user() -> None:
    users = instructions("USER")
    assert len(users) == 1
    uid, _, gid = users[0].arguments.partition(":")
    assert uid.isdigit()
    assert int(uid) >= 1000
    assert gid.isdigit()
    keywords = [i.keyword for i in dockerfile_instructions()]
    assert keywords.index("USER") > max(n for n, k in enumerate(keywords) if k in ("RUN", "COPY"))


def test_the_health_check_asks_health_with_the_standard_library() -> None:
    (check,) = instructions("HEALTHCHECK")
    command = healthcheck_command()
    assert command[:2] == ["python", "-c"]
    assert "urllib.request" in command[2]
    assert "/health" in command[2]
    assert "curl" not in check.arguments
    assert "wget" not in check.arguments


def test_the_role_is_chosen_by_the_command() -> None:
    assert image_entrypoint() == ["worldfarm"]
    assert json.loads(instructions("CMD")[-1].arguments) == ["--help"]
    assert [i.arguments for i in instructions("EXPOSE")] == ["8000"]


def test_the_build_context_holds_only_what_the_build_reads() -> None:
    ignore = (ROOT / ".dockerignore").read_text().splitlines()
    allowed = {line.removeprefix("!").rstrip("/") for line in ignore if line.startswith("!")}
    copied = {i.arguments.split()[0] for i in instructions("COPY") if not i.arguments.startswith("--from")}
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "*" in ignore
    assert copied == allowed == {"pyproject.toml", "README.md", *packages["packages"]}
