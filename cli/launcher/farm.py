"""``worldfarm up``: the whole farm on this machine, the registry and N workers as processes.

    up = LocalFarm(LocalFarmSettings(workers=2, port=8000)); sys.exit(up.run())

The farm binds the registry's port itself and hands the listening socket to the registry process, so
a registry that dies is restarted on the same address without refusing a connection (its store keeps
the placements). Workers get a socket each on a free port (``up`` keeps no copy: a dead worker's port
refuses at once). Each worker registers with the registry; the farm is ready when every worker is up
there. Then it writes ``farm.json`` (URL, token) to the state directory for the command line and
prints how to use it. A worker that dies is restarted (at most 3 times a minute) unless
``restart_workers`` is off; its episodes are lost either way and reported so. Ctrl-C or SIGTERM stops
the workers (they deregister), then the registry, each with SIGTERM then SIGKILL after a bounded wait.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from cli.errors import FarmFailed
from cli.launcher.processes import Child, start_server, stop_all
from cli.launcher.readiness import wait_ready
from cli.launcher.state import default_envs, example_env, write_farm_file
from registry import DEFAULT_HEARTBEAT_TIMEOUT, REGISTRY_DB
from worldfarm.ids import random_id
from worldfarm.loader import find_bundles
from worldfarm.openenv import openenv_url
from worldfarm.serving import listen, url_of
from worldfarm.settings import FARM_FILE, TOKEN_VARIABLE, running_farm, state_dir

RESTARTS_PER_MINUTE = 3
POLL = 0.25


@dataclass(frozen=True)
class LocalFarmSettings:
    envs: Path | None = None
    """Bundles to serve; default: the default environment set (generated once, cached)."""
    workers: int = 2
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    state: Path | None = None
    """Where farm.json, the registry's store and the logs go; default: worldfarm.settings.state_dir()."""
    heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT
    proxy_mcp: bool = False
    max_episodes: int = 10_000
    ttl: float = 1800.0
    replicas: int | None = None
    """Workers offering each environment; default: every worker offers every environment."""
    restart_workers: bool = True
    ready_timeout: float = 120.0
    runs: Path | None = None
    """Bench runs the web console shows."""
    tracing: bool = False
    """Every process exports OpenTelemetry spans (worldfarm.tracing)."""
    anonymous_sessions: int = 0
    """Each worker's share of episodes for anonymous legacy MCP sessions (``worldfarm serve --anonymous-sessions``)."""
    limits: tuple[str, ...] = ()
    """``NAME=VALUE`` bounds every worker gets (``worldfarm serve --limit``)."""


class LocalFarm:
    def __init__(self, settings: LocalFarmSettings) -> None:
        if settings.workers < 1:
            raise FarmFailed("--workers must be at least 1")
        if settings.replicas is not None and not 1 <= settings.replicas <= settings.workers:
            raise FarmFailed(f"--replicas must be between 1 and the number of workers ({settings.workers})")
        self.settings = settings
        self.state = settings.state or state_dir()
        self.token = settings.token or random_id(24)
        self.stopping = threading.Event()
        self.registry: Child | None = None
        self.workers: list[Child] = []
        self.worker_urls: dict[str, str] = {}
        self.url = ""
        self.envs = Path()

    def run(self) -> int:
        """Start the farm, keep it running until Ctrl-C or SIGTERM, then stop it; the exit status."""
        running = running_farm(self.state)
        if running:
            raise FarmFailed(
                f"a farm is already running from {self.state} (process {running.get('pid')}, {running.get('url')}); "
                "stop it first, or give this one another --state-dir"
            )
        self._forget_earlier_runs()
        self.envs = (self.settings.envs or default_envs()).resolve()
        find_bundles(self.envs)  # a folder without bundles fails here, clearly, before any process starts
        sock = listen(self.settings.host, self.settings.port)
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.url = url_of(sock)
            print(f"worldfarm up: starting the registry and {self.settings.workers} workers ...", flush=True)
            self._start_registry(sock.fileno())
            for index in range(self.settings.workers):
                self._start_worker(index)
            children = [self.registry, *self.workers] if self.registry else self.workers
            wait_ready(self.url, self.token, children, self.worker_urls, self.stopping, self.settings.ready_timeout)
            if self.stopping.is_set():
                return 130
            self._announce()
            self._supervise(sock.fileno())
            return 0
        finally:
            self._shutdown()
            sock.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _forget_earlier_runs(self) -> None:
        """A farm starts with only its own workers: an earlier run's registry store (its workers, gone
        with it, and their placements) is removed; within this run the store outlives a registry restart."""
        for suffix in ("", "-wal", "-shm"):
            (self.state / f"{REGISTRY_DB}{suffix}").unlink(missing_ok=True)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping.set()

    def _child_env(self) -> dict[str, str]:
        return {**os.environ, TOKEN_VARIABLE: self.token, "PYTHONUNBUFFERED": "1"}

    def _start_registry(self, fd: int) -> None:
        args = ["registry", "--fd", str(fd), "--db", str(self.state / REGISTRY_DB)]
        args += ["--heartbeat-timeout", str(self.settings.heartbeat_timeout)]
        args += ["--proxy-mcp"] if self.settings.proxy_mcp else []
        args += ["--runs", str(self.settings.runs.resolve())] if self.settings.runs else []
        args += ["--tracing"] if self.settings.tracing else []
        self.registry = Child("registry", args, self.state / "logs" / "registry.log", self._child_env())
        self.registry.start(pass_fds=[fd])

    def _start_worker(self, index: int) -> None:
        name = f"worker-{index + 1}"
        args = ["serve", str(self.envs), "--host", self.settings.host, "--name", name, "--registry", self.url]
        args += ["--max-episodes", str(self.settings.max_episodes), "--ttl", str(self.settings.ttl)]
        args += ["--tracing"] if self.settings.tracing else []
        args += ["--anonymous-sessions", str(self.settings.anonymous_sessions)]
        args += [f"--limit={limit}" for limit in self.settings.limits]
        if self.settings.replicas is not None:
            args += ["--shard", f"{index}/{self.settings.workers}", "--replicas", str(self.settings.replicas)]
        child = Child(name, args, self.state / "logs" / f"{name}.log", self._child_env())
        self.workers.append(child)
        self._launch_worker(child)

    def _launch_worker(self, child: Child) -> None:
        """Start (or restart) a worker; its port stays the same when it can. Until it serves, its port
        refuses connections (an MCP call to a worker being restarted fails at once, see start_server)."""
        port = int(self.worker_urls.get(child.name, ":0").rsplit(":", 1)[1])
        self.worker_urls[child.name] = start_server(child, self.settings.host, port)

    def _announce(self) -> None:
        farm_file = write_farm_file(self.state, self._farm_facts())
        url = self.url
        lines = [
            f"worldfarm farm listening on {url}",
            f"  registry {url} with {len(self.workers)} workers, environments from {self.envs}",
            f"  token: {self.token}",
            f"  saved in {farm_file} (the worldfarm command line reads it while the farm runs)",
            f"  console: {url}/ui?token={self.token}",
            f"  metrics: {url}/metrics (and each worker's /metrics), with the token as a bearer header",
            f"  catalog: {url}/v0/servers    logs: {self.state / 'logs'}",
            f"  OpenEnv (AWM's client, TRL; the token is in the URL): {openenv_url(url, self.token)}",
            f"  new episode: worldfarm episode new {example_env(self.envs)}",
            "  press Ctrl-C to stop the farm",
        ]
        print("\n".join(lines), flush=True)

    def _farm_facts(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "token": self.token,
            "pid": os.getpid(),
            "envs": str(self.envs),
            "registry": {"pid": self.registry.pid if self.registry else None},
            "workers": [{"name": w.name, "pid": w.pid, "url": self.worker_urls.get(w.name)} for w in self.workers],
        }

    def _supervise(self, fd: int) -> None:
        assert self.registry is not None
        while not self.stopping.wait(POLL):
            changed = False
            status = self.registry.exited()
            if status is not None:
                if _recent_starts(self.registry) > RESTARTS_PER_MINUTE:
                    raise FarmFailed(
                        f"the registry keeps exiting (status {status}); its log ({self.registry.log}):\n"
                        + self.registry.tail()
                    )
                print(f"worldfarm up: the registry exited (status {status}); restarting it", flush=True)
                self.registry.start(pass_fds=[fd])
                changed = True
            for worker in self.workers:
                changed = self._check_worker(worker) or changed
            if changed:
                write_farm_file(self.state, self._farm_facts())

    def _check_worker(self, worker: Child) -> bool:
        status = worker.exited()
        if status is None or worker.process is None:
            return False
        if not self.settings.restart_workers or _recent_starts(worker) > RESTARTS_PER_MINUTE:
            print(
                f"worldfarm up: {worker.name} exited (status {status}); its episodes are lost; not restarting it "
                f"(log: {worker.log})",
                flush=True,
            )
            worker.process = None
            return True
        print(f"worldfarm up: {worker.name} exited (status {status}); its episodes are lost; restarting it", flush=True)
        self._launch_worker(worker)
        return True

    def _shutdown(self) -> None:
        if self.url:
            print("worldfarm up: stopping the workers, then the registry", flush=True)
        stop_all(self.workers)
        if self.registry is not None:
            stop_all([self.registry])
        if self.url:
            print("worldfarm up: stopped", flush=True)
        farm_file = self.state / FARM_FILE
        try:
            if json.loads(farm_file.read_text()).get("pid") == os.getpid():
                farm_file.unlink()
        except (OSError, ValueError):
            pass


def _recent_starts(child: Child) -> int:
    """How many times ``child`` was started in the last minute."""
    return sum(time.monotonic() - started < 60 for started in child.starts)
