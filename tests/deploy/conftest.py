"""Fixtures of the deployment tests: a container network simulated on loopback, where each container of a
Compose project or pod of a StatefulSet runs its file's command, unchanged but for where it listens.

There is no container engine and no cluster here, and servers listen on loopback only. So each container
gets an address of its own in 127.0.0.0/8, all of them the same port (as every container listens on
8000), its host name in ``HOSTNAME`` (as Docker and Kubernetes set it), and the network's names resolve
to those addresses (``tests.deploy.pod`` stands in for the network's DNS).
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.conftest import AUTH, EXAMPLES, TOKEN, Process, poll, start_process, stop_process
from tests.deploy.pod import HOSTS_VARIABLE, resolving

CONTAINER_PORT = 8000
_URL_PORT = re.compile(rf"(https?://[^/:\s]+):{CONTAINER_PORT}\b")


def seed_examples(folder: Path) -> Path:
    """Without the generator: the hand-written examples stand in for a generated set."""
    folder.mkdir(parents=True, exist_ok=True)
    for bundle in ("hotel", "library"):
        shutil.copytree(EXAMPLES / bundle, folder / bundle, ignore=shutil.ignore_patterns("seed.sqlite*"))
    return folder


@dataclass
class Network:
    """Containers on loopback: host name -> address, one port for every server."""

    addresses: dict[str, str]
    port: int = 0
    running: list[Process] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.port = self.port or free_port_on(sorted(set(self.addresses.values())))

    def localize(self, argv: list[str], address: str, mounts: dict[str, Path]) -> list[str]:
        """A container's command as its process runs here: on its own address instead of 0.0.0.0, on the
        network's port instead of 8000, with each volume's mount point mapped to a folder here."""
        exact = {"--host=0.0.0.0": f"--host={address}", f"--port={CONTAINER_PORT}": f"--port={self.port}"}
        targets = sorted(mounts, key=len, reverse=True)
        mount_point = re.compile("|".join(re.escape(target) + r"(?=/|\b|$)" for target in targets) or "(?!)")
        localized = []
        for arg in argv:
            arg = _URL_PORT.sub(rf"\g<1>:{self.port}", exact.get(arg, arg))
            localized.append(mount_point.sub(lambda match: str(mounts[match.group(0)]), arg))
        return localized

    def start(self, argv: list[str], hostname: str, mounts: dict[str, Path], token: str = TOKEN) -> Process:
        """Run ``argv`` (``worldfarm ...``) as the container ``hostname`` of this network."""
        args = self.localize(argv, self.addresses[hostname], mounts)
        env = {"HOSTNAME": hostname, HOSTS_VARIABLE: json.dumps(self.addresses)}
        process = start_process(args, token=token, module="tests.deploy.pod", env=env)
        self.running.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.running):
            stop_process(process)
        self.running.clear()

    def resolving(self) -> Callable[..., Any]:
        """A ``getaddrinfo`` that resolves this network's names, for clients in the test process."""
        return resolving(self.addresses)


def free_port_on(addresses: list[str]) -> int:
    """A port free on every one of ``addresses`` (all in 127.0.0.0/8)."""
    for _ in range(20):
        with socket.socket() as first:
            first.bind((addresses[0], 0))
            port: int = first.getsockname()[1]
            if all(_free(address, port) for address in addresses[1:]):
                return port
    raise AssertionError(f"no port free on all of {addresses}")


def _free(address: str, port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
        return True


def workers_up(registry_url: str, count: int) -> list[dict[str, Any]]:
    """Wait (bounded) until the registry has ``count`` workers up; their descriptions."""

    def up() -> list[dict[str, Any]]:
        try:
            workers = httpx2.get(f"{registry_url}/v1/workers", headers=AUTH, timeout=5).json()["workers"]
        except httpx2.TransportError:
            return []
        ready = [w for w in workers if w["status"] == "up"]
        return ready if len(ready) == count else []

    found: list[dict[str, Any]] = poll(up, timeout=60)
    return found


def first_task(envs: Path) -> tuple[str, dict[str, Any]]:
    """The first environment of a set and its first task that changes the state (no expected answer)."""
    bundle = sorted(p.parent for p in envs.glob("*/env.json"))[0]
    tasks = [json.loads(line) for line in (bundle / "tasks.jsonl").read_text().splitlines()]
    return bundle.name, next(task for task in tasks if not task["verifier"].get("answer"))


async def solve_over_mcp(mcp_url: str, task: dict[str, Any], http: httpx2.AsyncClient) -> list[bool]:
    """Run ``task``'s reference solution on an episode over MCP; whether each call was an error."""
    errors = []
    async with Client(streamable_http_client(mcp_url, http_client=http)) as client:
        for step in task["solution"]:
            result = await client.call_tool(step["tool"], step["arguments"])
            errors.append(result.is_error)
    return errors
