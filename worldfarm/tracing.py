"""OpenTelemetry spans across the farm: one trace per episode, from the harness to the tool program.

Tracing is off unless configured, and off costs nothing: every hook first checks :func:`enabled`
(a module attribute), installs no middleware and adds no header. It is on in a process that calls
:func:`configure` with ``--tracing`` or with ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or its ``_TRACES_``
form) set, and with the ``otel`` extra installed (``pip install 'worldfarm[otel]'``): spans are then
exported over OTLP/HTTP to that endpoint (default ``http://localhost:4318``). Tests call
:func:`enable` with a provider of their own (an in-memory exporter).

The context crosses processes in W3C ``traceparent`` headers on every HTTP request the harness and
the registry make (:func:`instrument` adds them; FastAPI's own OpenTelemetry support reads them into a
server span per request once a tracer provider is set) and, for MCP, in each request's ``_meta`` (the
MCP SDK injects and extracts it itself).

    harness  episode hotel/cancel-farid                       (client.telemetry)
             ├── POST /v1/episodes  ->  registry: POST /v1/episodes, place hotel  ->  worker: POST /v1/episodes
             ├── MCP send tools/call cancel_booking  ->  worker: tools/call cancel_booking
             │                                                   └── tool program cancel_booking
             └── POST .../verify  ->  registry: POST ...  ->  worker: POST ..., verify cancel-farid
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass

import httpx2
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer

from worldfarm.errors import ConfigError

TRACER_NAME = "worldfarm"
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
Attributes = Mapping[str, str | int | float | bool]

_tracer: Tracer | None = None


def enabled() -> bool:
    """Whether spans are recorded in this process."""
    return _tracer is not None


def enable(provider: trace.TracerProvider | None = None) -> None:
    """Record spans with ``provider`` (default: the global one, which the MCP SDK's spans also use)."""
    global _tracer
    _tracer = (provider or trace.get_tracer_provider()).get_tracer(TRACER_NAME)


def disable() -> None:
    global _tracer
    _tracer = None


def wanted(flag: bool) -> bool:
    """Whether this process should trace: ``--tracing``, or an OTLP endpoint in the environment."""
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    return flag or any(os.environ.get(name) for name in ENDPOINT_VARIABLES)


def configure(service: str, flag: bool = False) -> bool:
    """Set up OTLP export for this process if :func:`wanted`; whether spans are now recorded.

    ConfigError if tracing is asked for but the ``otel`` extra is missing.
    """
    if not wanted(flag):
        return False
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:  # an optional extra: absent, tracing cannot be on
        raise ConfigError(
            "tracing needs the OpenTelemetry SDK: pip install 'worldfarm[otel]' (or unset OTEL_EXPORTER_OTLP_ENDPOINT)"
        ) from None
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    enable()
    return True


@contextlib.contextmanager
def span(name: str, attributes: Attributes | None = None, kind: SpanKind = SpanKind.INTERNAL) -> Iterator[None]:
    """A span around the block, current inside it (a no-op when tracing is off)."""
    if _tracer is None:
        yield
        return
    with _tracer.start_as_current_span(name, kind=kind, attributes=attributes):
        yield


def record(name: str, started: float, seconds: float, attributes: Attributes, error: str | None = None) -> None:
    """A span that already happened: from wall-clock ``started`` for ``seconds``, a child of the current span."""
    if _tracer is None:
        return
    start = int(started * 1e9)
    finished = _tracer.start_span(name, start_time=start, attributes=attributes)
    if error is not None:
        finished.set_status(Status(StatusCode.ERROR, error))
    finished.end(end_time=start + int(seconds * 1e9))


@dataclass(frozen=True)
class Opened:
    """A span made current by :func:`start`, until :func:`finish`."""

    span: trace.Span
    token: object


def start(name: str, attributes: Attributes | None = None) -> Opened | None:
    """Start a span and make it current until :func:`finish`: for spans whose ends are in two methods
    (an ``async with`` object's enter and exit, in one task). None when tracing is off."""
    if _tracer is None:
        return None
    opened = _tracer.start_span(name, attributes=attributes)
    return Opened(opened, otel_context.attach(trace.set_span_in_context(opened)))


def finish(opened: Opened | None, error: str | None = None) -> None:
    if opened is None:
        return
    if error is not None:
        opened.span.set_status(Status(StatusCode.ERROR, error))
    opened.span.end()
    with contextlib.suppress(ValueError):  # closed in another context than it was opened in
        otel_context.detach(opened.token)  # type: ignore[arg-type]


def inject(headers: MutableMapping[str, str]) -> None:
    """Add the current span's ``traceparent`` to outgoing ``headers``."""
    propagate.inject(headers)


async def _inject_into(request: httpx2.Request) -> None:
    propagate.inject(request.headers)


def instrument(http: httpx2.AsyncClient) -> None:
    """Make ``http`` carry the trace context on every request (nothing when tracing is off)."""
    if _tracer is not None and _inject_into not in http.event_hooks["request"]:
        http.event_hooks["request"].append(_inject_into)


def now() -> float:
    """Wall-clock seconds, for :func:`record`'s ``started``."""
    return time.time()
