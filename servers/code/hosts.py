"""App hosts: one sandboxed process per loaded code environment, started on first use, stopped when idle.

    pool = HostPool(CodeSettings())
    reply = await pool.host(runtime.spec).call(episode, request)     # starts the host if it is not running

The worker owns every episode's state. A call sends the episode's database only when the host does
not hold that very state already (it served the last call on it, and nothing reset or restored it
since); a call that changed the database sends the new one back, which becomes the episode's state.
Calls to one host run one at a time. A host that runs past the call's time limit, breaks its sandbox,
runs out of memory or dies is killed and reported (:class:`HostFailure`); the next call starts a
fresh one. No episode is lost with it: their states were never in the host alone.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any, Literal

import anyio

from servers.code.host.protocol import Header
from servers.code.process import Child, ChildDied
from servers.code.settings import CodeSettings, HostSpec
from servers.episodes import LiveEpisode

logger = logging.getLogger(__name__)

FailureKind = Literal["start", "timeout", "violation", "memory", "died"]
MAX_SYNCED = 10_000


class HostFailure(Exception):
    """A host failed a call in a way that is the environment's, not the agent's; it has been stopped."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        self.kind = kind
        self.message = message
        super().__init__(message)


@dataclass
class Reply:
    status: int
    body: str
    content_type: str = ""
    error: dict[str, Any] | None = None


@dataclass
class HostEvent:
    at: float
    kind: FailureKind
    message: str


@dataclass
class HostStats:
    starts: int = 0
    calls: int = 0
    start_seconds: float = 0.0
    sandbox: dict[str, str] = field(default_factory=dict)
    failures: deque[HostEvent] = field(default_factory=lambda: deque(maxlen=20))


class AppHost:
    """The host of one code environment (at most one process at a time)."""

    def __init__(self, spec: HostSpec, settings: CodeSettings) -> None:
        self.spec = spec
        self.settings = settings
        self.stats = HostStats()
        self.last_used = time.monotonic()
        self.ready: Header = {}
        self._child: Child | None = None
        self._lock = anyio.Lock()
        self._synced: OrderedDict[str, object] = OrderedDict()
        """Episode id -> the episode connection whose state the host holds (identity says it is current)."""

    @property
    def running(self) -> bool:
        return self._child is not None

    async def call(self, episode: LiveEpisode, request: Header) -> Reply:
        async with self._lock:
            self.last_used = time.monotonic()
            child = self._child or await self._start()
            header = {"op": "call", "episode": episode.id, "time_limit": self.settings.call_time_limit, **request}
            state = b"" if self._synced.get(episode.id) is episode.conn else episode.serialize()
            answer, blob = await self._exchange(child, header, state, self.settings.call_time_limit)
            if answer.get("op") == "need_state":
                answer, blob = await self._exchange(child, header, episode.serialize(), self.settings.call_time_limit)
            self.stats.calls += 1
            try:
                return self._settle(episode, answer, blob)
            except HostFailure:
                await self._stop()
                raise

    async def start(self, *, describe: bool = False) -> Header:
        """Start the host now (if it is not running); its ready message (with the app's OpenAPI if ``describe``)."""
        async with self._lock:
            if self._child is None or describe:
                await self._stop()
                await self._start(describe=describe)
            return self.ready

    async def stop(self) -> None:
        async with self._lock:
            await self._stop()

    async def _start(self, *, describe: bool = False) -> Child:
        started = time.perf_counter()
        child = await Child.start("main", f"host {self.spec.env_id}")
        init = {
            "op": "init",
            "scenario": self.spec.scenario,
            "clock": self.spec.clock,
            "code": self.spec.code,
            "describe": describe,
            "sandbox": child.settings(**self.settings.sandbox(self.settings.memory_mb)),
        }
        self._child = child
        answer, _ = await self._exchange(child, init, self.spec.template, self.settings.start_time_limit, "start")
        if answer.get("op") != "ready":
            problem = answer.get("error") or f"it answered {answer.get('op')!r}"
            await self._fail("start", f"the environment's app did not start: {problem}")
        self.ready = answer
        self.stats.starts += 1
        self.stats.start_seconds = round(time.perf_counter() - started, 3)
        self.stats.sandbox = dict(answer.get("sandbox", {}))
        self._synced.clear()
        logger.info("started the host of %s in %.2f s", self.spec.env_id, self.stats.start_seconds)
        return child

    async def _exchange(
        self, child: Child, header: Header, blob: bytes, limit: float, what: FailureKind = "timeout"
    ) -> tuple[Header, bytes]:
        try:
            with anyio.fail_after(limit):
                await child.send(header, blob)
                return await child.receive()
        except TimeoutError:
            doing = "starting" if what == "start" else "one call"
            await self._fail(
                "timeout", f"the environment's code ran past the {limit:g} s limit ({doing}); it was stopped"
            )
        except ChildDied as exc:
            await self._fail("start" if what == "start" else "died", f"the environment's host died: {exc.detail}")
        raise AssertionError("unreachable")

    def _settle(self, episode: LiveEpisode, answer: Header, blob: bytes) -> Reply:
        violations = [str(v) for v in answer.get("violations", [])]
        error = answer.get("error")
        if violations:
            raise self._failing("violation", f"the environment's code broke its sandbox: {violations[0]}")
        kind = error.get("type") if isinstance(error, dict) else None
        if kind == "MemoryError":
            raise self._failing("memory", f"the environment's code ran out of memory ({self.settings.memory_mb} MiB)")
        if kind == "PermissionError":  # a kernel layer said no (with the audit layer off or bypassed)
            detail = str(error.get("message", "")) if isinstance(error, dict) else ""
            raise self._failing("violation", f"the environment's code was refused by its sandbox: {detail}")
        if answer.get("changed") and blob:
            episode.replace_state(blob)
        if answer.get("status", 500) >= 400 or error is not None:
            self._synced.pop(episode.id, None)
        else:
            self._synced[episode.id] = episode.conn
            self._synced.move_to_end(episode.id)
            while len(self._synced) > MAX_SYNCED:
                self._synced.popitem(last=False)
        return Reply(
            status=int(answer.get("status", 500)),
            body=str(answer.get("body", "")),
            content_type=str(answer.get("content_type", "")),
            error=error if isinstance(error, dict) else None,
        )

    def _failing(self, kind: FailureKind, message: str) -> HostFailure:
        """Record the failure and kill the host now (it is restarted on the next call)."""
        self.stats.failures.append(HostEvent(time.time(), kind, message))
        logger.warning("code environment %s: %s", self.spec.env_id, message)
        if self._child is not None:
            self._child.kill()
        return HostFailure(kind, message)

    async def _fail(self, kind: FailureKind, message: str) -> None:
        failure = self._failing(kind, message)
        await self._stop()
        raise failure

    async def _stop(self) -> None:
        child, self._child = self._child, None
        self._synced.clear()
        if child is not None:
            await child.close()


class HostPool:
    """The hosts of one worker, by environment id."""

    def __init__(self, settings: CodeSettings | None = None) -> None:
        self.settings = settings or CodeSettings()
        self._hosts: dict[str, AppHost] = {}

    def host(self, spec: HostSpec) -> AppHost:
        host = self._hosts.get(spec.env_id)
        if host is None or not host.spec.same_app(spec):
            host = self._hosts[spec.env_id] = AppHost(spec, self.settings)
        return host

    def get(self, env_id: str) -> AppHost | None:
        return self._hosts.get(env_id)

    def running(self) -> list[AppHost]:
        return [host for host in self._hosts.values() if host.running]

    async def stop_idle(self) -> list[str]:
        """Stop every host unused for longer than the idle TTL; the ids of those stopped."""
        now = time.monotonic()
        idle = [h for h in self.running() if now - h.last_used > self.settings.idle_ttl]
        for host in idle:
            await host.stop()
        return [host.spec.env_id for host in idle]

    async def close(self) -> None:
        for host in list(self._hosts.values()):
            await host.stop()
