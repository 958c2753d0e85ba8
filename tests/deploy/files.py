"""Reading the deployment files the way their engines do, without the engines: the Dockerfile's
instructions, the Compose file after variable interpolation, and the Kubernetes objects kustomize renders."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE_SCHEMA = ROOT / "deploy" / "schemas" / "compose-spec.json"
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("base", "overlays/large", "overlays/large-shared-envs")


# --- Dockerfile --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """The instructions in order: continuation lines joined, comments and blank lines dropped."""
    instructions: list[Instruction] = []
    pending: list[str] = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        keyword, _, arguments = " ".join([*pending, stripped]).partition(" ")
        instructions.append(Instruction(keyword.upper(), " ".join(arguments.split())))
        pending = []
    return instructions


def image_entrypoint(path: Path = DOCKERFILE) -> list[str]:
    """The ENTRYPOINT of the final stage, in its exec (JSON) form."""
    entrypoints = [i.arguments for i in dockerfile_instructions(path) if i.keyword == "ENTRYPOINT"]
    entrypoint: list[str] = json.loads(entrypoints[-1])
    return entrypoint


def healthcheck_command(path: Path = DOCKERFILE) -> list[str]:
    """The command of the image's HEALTHCHECK (its exec form)."""
    (check,) = [i.arguments for i in dockerfile_instructions(path) if i.keyword == "HEALTHCHECK"]
    command: list[str] = json.loads(check.split(" CMD ", 1)[1])
    return command


# --- Compose -----------------------------------------------------------------------------------------

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}$]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariable(Exception):
    pass


def interpolate(value: Any, environ: Mapping[str, str]) -> Any:
    """Compose's variable interpolation (``$$``, ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
    ``${VAR:?error}``, ``${VAR?error}``, ``${VAR:+other}``, ``${VAR+other}``) over every string value."""
    if isinstance(value, dict):
        return {key: interpolate(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environ) for item in value]
    if isinstance(value, str):
        return _VARIABLE.sub(lambda match: _substitute(match, environ), value)
    return value


def _substitute(match: re.Match[str], environ: Mapping[str, str]) -> str:
    if match.group("escaped"):
        return "$"
    name = match.group("braced") or match.group("named")
    op, arg = match.group("op"), match.group("arg") or ""
    value = environ.get(name)
    unset_or_empty = not value if op and op.startswith(":") else value is None
    if op in (":-", "-"):
        return arg if unset_or_empty else str(value)
    if op in (":?", "?"):
        if unset_or_empty:
            raise MissingVariable(f"{name}: {arg}")
        return str(value)
    if op in (":+", "+"):
        return "" if unset_or_empty else arg
    return value or ""


def load_compose(environ: Mapping[str, str], path: Path = COMPOSE_FILE) -> dict[str, Any]:
    """The Compose file as the engine sees it: YAML (anchors and merge keys resolved), then interpolated."""
    document: dict[str, Any] = interpolate(yaml.safe_load(path.read_text()), environ)
    return document


def service_argv(compose: dict[str, Any], service: str) -> list[str]:
    """The process a service's container runs: its entrypoint (else the image's) followed by its command."""
    spec = compose["services"][service]
    entrypoint = _words(spec["entrypoint"]) if "entrypoint" in spec else image_entrypoint()
    return [*entrypoint, *_words(spec.get("command", []))]


def _words(value: str | list[str]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else [str(word) for word in value]


def volume_mounts(compose: dict[str, Any], service: str) -> dict[str, str]:
    """A service's volumes in short syntax, as {path in the container: volume name}."""
    mounts = {}
    for entry in compose["services"][service].get("volumes", []):
        source, target = entry.split(":")[:2]
        mounts[target] = source
    return mounts


# --- tools and Kubernetes --------------------------------------------------------------------------------------


def tool(name: str) -> str:
    """A command-line tool from the development dependencies (beside this Python), else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        raise AssertionError(f"no {name}: run scripts/install (the dev dependencies bring it) or put it on PATH")
    return found


def render(overlay: str) -> list[dict[str, Any]]:
    """``kubectl kustomize deploy/k8s/OVERLAY``: the objects the overlay makes."""
    result = subprocess.run(
        [tool("kubectl"), "kustomize", str(K8S / overlay)], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"kubectl kustomize {overlay} failed:\n{result.stderr}")
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def find(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    if len(matches) != 1:
        raise AssertionError(f"expected one {kind} {name}, found {len(matches)}")
    return matches[0]


def container(pod_template: dict[str, Any], name: str, init: bool = False) -> dict[str, Any]:
    containers = pod_template["spec"]["initContainers" if init else "containers"]
    matches = [c for c in containers if c["name"] == name]
    if len(matches) != 1:
        raise AssertionError(f"expected one container {name}, found {len(matches)}")
    found: dict[str, Any] = matches[0]
    return found


def expand(args: list[str], variables: Mapping[str, str]) -> list[str]:
    """Kubernetes' ``$(VAR)`` expansion of a container's args from its environment (``$$`` escapes)."""
    pattern = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)")

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        return variables.get(match.group(1), match.group(0))

    return [pattern.sub(replace, arg) for arg in args]
