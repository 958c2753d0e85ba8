"""Waiting, bounded in time, until a farm started by ``worldfarm up`` serves: every worker is up in
the registry as the very process ``up`` started (matched by its instance id)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import httpx2

from cli.errors import FarmFailed
from cli.launcher.processes import Child

POLL = 0.1


def wait_ready(
    url: str,
    token: str,
    children: Sequence[Child],
    worker_urls: dict[str, str],
    stopping: threading.Event,
    timeout: float,
) -> None:
    """Return once the registry at ``url`` has every worker of ``worker_urls`` up (or on ``stopping``)."""
    deadline = time.monotonic() + timeout
    with httpx2.Client(timeout=2, headers={"Authorization": f"Bearer {token}"}) as http:
        while not stopping.wait(POLL):
            _check_alive(children)
            if _all_up(http, url, worker_urls):
                return
            if time.monotonic() > deadline:
                raise FarmFailed(
                    f"the farm was not ready within {timeout:.0f} s; see the logs:\n"
                    + "\n".join(f"{c.name}: {c.log}" for c in children)
                )


def _check_alive(children: Sequence[Child]) -> None:
    for child in children:
        status = child.exited()
        if status is not None:
            raise FarmFailed(
                f"{child.name} exited with status {status} while starting; its log ({child.log}):\n{child.tail()}"
            )


def _all_up(http: httpx2.Client, url: str, worker_urls: dict[str, str]) -> bool:
    try:
        instances = {name: _instance(http, worker) for name, worker in worker_urls.items()}
        response = http.get(f"{url}/v1/workers")
    except httpx2.TransportError:
        return False
    if response.status_code != 200 or None in instances.values():
        return False
    up = {w["instance"] for w in response.json()["workers"] if w["status"] == "up"}
    return all(instance in up for instance in instances.values())


def _instance(http: httpx2.Client, worker_url: str) -> str | None:
    response = http.get(f"{worker_url}/health")
    instance = response.json().get("instance") if response.status_code == 200 else None
    return instance if isinstance(instance, str) else None
