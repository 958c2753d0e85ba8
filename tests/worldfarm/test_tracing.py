"""One trace per episode, from the harness through the registry's placement and the worker's MCP call to the
tool program and the verifier: a registry and a worker served by uvicorn on loopback (in threads of this
process, so that every span reaches one in-memory exporter), the harness's own Farm in front of them."""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import pytest
import uvicorn
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from client import Farm
from registry import Registry, RegistrySettings
from registry import create_app as registry_app
from servers import RegistrationSettings, Worker, WorkerSettings
from servers import create_app as worker_app
from tests.conftest import EXAMPLES, TOKEN
from worldfarm import tracing
from worldfarm.errors import ConfigError
from worldfarm.serving import listen, url_of

EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    """Spans of this process go to memory while the module's tests run (the global provider can be set once)."""
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
        trace.set_tracer_provider(provider)
    tracing.enable()
    try:
        yield EXPORTER
    finally:
        tracing.disable()
        EXPORTER.shutdown()  # later tests' spans (FastAPI still sees a provider) are dropped, not kept


class Served:
    """An app served by uvicorn on a loopback port, from a thread of its own."""

    def __init__(self, app: FastAPI, sock: socket.socket | None = None) -> None:
        self.sock = sock or listen("127.0.0.1", 0)
        self.url = url_of(self.sock)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve([self.sock])), daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


@pytest.fixture
async def farm(exporter: InMemorySpanExporter, tmp_path: Path) -> AsyncIterator[Farm]:
    registry = Registry(RegistrySettings(token=TOKEN, db=tmp_path / "registry.sqlite"))
    with Served(registry_app(registry)) as served_registry:
        worker_sock = listen("127.0.0.1", 0)
        joining = RegistrationSettings(served_registry.url, url_of(worker_sock))
        worker = Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, registration=joining, tracing=True))
        with Served(worker_app(worker), worker_sock):
            with anyio.fail_after(20):
                while not registry.pool.envs():  # noqa: ASYNC110 - the worker registers from its own thread
                    await anyio.sleep(0.02)
            exporter.clear()
            async with Farm(served_registry.url, TOKEN) as client:
                yield client


def by_name(spans: tuple[ReadableSpan, ...], name: str) -> ReadableSpan:
    found = [span for span in spans if span.name == name]
    assert len(found) == 1, (name, sorted(span.name for span in spans))
    return found[0]


EXPECTED = (
    "episode hotel/cancel-farid",
    "place hotel",
    "POST /v1/episodes",
    "MCP send tools/call cancel_booking",
    "tools/call cancel_booking",
    "tool program cancel_booking",
    "POST /v1/episodes/{episode_id}/verify",
    "verify cancel-farid",
)


async def finished(exporter: InMemorySpanExporter, names: tuple[str, ...]) -> tuple[ReadableSpan, ...]:
    """The spans once every one named has ended (a server's span ends just after its answer is sent), and
    both POST /v1/episodes (the registry's and the worker's)."""

    def complete(spans: tuple[ReadableSpan, ...]) -> bool:
        ended = [s.name for s in spans]
        return set(names) <= set(ended) and ended.count("POST /v1/episodes") >= 2

    with anyio.fail_after(10):
        while not complete(exporter.get_finished_spans()):  # noqa: ASYNC110 - spans end in the servers' threads
            await anyio.sleep(0.02)
    return exporter.get_finished_spans()


def descends(span: ReadableSpan, ancestor: ReadableSpan, spans: tuple[ReadableSpan, ...]) -> bool:
    """Whether ``ancestor`` is on ``span``'s path to the root (FastAPI's own operation spans may come between)."""
    by_id = {s.context.span_id: s for s in spans if s.context is not None}
    current: ReadableSpan | None = span
    while current is not None and current.parent is not None:
        current = by_id.get(current.parent.span_id)
        if current is ancestor:
            return True
    return False


async def test_an_episode_is_one_trace_from_the_harness_to_the_tool_program_and_the_verifier(
    farm: Farm, exporter: InMemorySpanExporter
) -> None:
    async with farm.episode("hotel", "cancel-farid") as episode:
        await episode.call_tool("cancel_booking", {"booking_id": 6})
        assert (await episode.verify()).passed
    spans = await finished(exporter, EXPECTED)

    root = by_name(spans, "episode hotel/cancel-farid")
    assert root.parent is None
    assert root.context is not None

    place = by_name(spans, "place hotel")  # the registry's placement, inside its POST /v1/episodes
    registry_create, worker_create = sorted(
        (s for s in spans if s.name == "POST /v1/episodes"), key=lambda s: descends(s, place, spans)
    )
    assert descends(registry_create, root, spans)
    assert descends(place, registry_create, spans)
    assert descends(worker_create, place, spans)

    sent = by_name(spans, "MCP send tools/call cancel_booking")  # the MCP SDK's client span, in the harness
    mcp_call = by_name(spans, "tools/call cancel_booking")  # and its server span, on the worker
    program = by_name(spans, "tool program cancel_booking")
    assert descends(sent, root, spans)
    assert descends(mcp_call, sent, spans)
    assert descends(program, mcp_call, spans)
    assert program.attributes is not None
    assert program.attributes["worldfarm.outcome"] == "ok"

    verify = by_name(spans, "verify cancel-farid")
    answered = by_name(spans, "POST /v1/episodes/{episode_id}/verify")  # the worker's: reads go to it directly
    assert descends(answered, root, spans)
    assert descends(verify, answered, spans)
    assert verify.attributes is not None
    assert verify.attributes["worldfarm.passed"] is True


async def test_a_failing_tool_call_is_an_error_span(farm: Farm, exporter: InMemorySpanExporter) -> None:
    async with farm.episode("hotel") as episode:
        result = await episode.call_tool("cancel_booking", {"booking_id": 2})  # a rule refuses it
    assert result.is_error
    program = by_name(exporter.get_finished_spans(), "tool program cancel_booking")
    assert program.status.status_code == trace.StatusCode.ERROR
    assert program.attributes is not None
    assert program.attributes["worldfarm.outcome"] == "tool_error"


def test_tracing_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*tracing.ENDPOINT_VARIABLES, "OTEL_SDK_DISABLED"):
        monkeypatch.delenv(name, raising=False)
    assert tracing.wanted(False) is False
    assert tracing.configure("test") is False
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    assert tracing.wanted(False) is True
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert tracing.wanted(True) is False


def test_asking_for_tracing_without_the_sdk_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_SDK_DISABLED", raising=False)
    monkeypatch.setitem(sys.modules, "opentelemetry.exporter.otlp.proto.http.trace_exporter", None)
    with pytest.raises(ConfigError, match=r"worldfarm\[otel\]"):
        tracing.configure("test", flag=True)
