"""Test doubles shipped with worldfarm: a fake LLM service, a real HTTP server speaking OpenAI chat
completions and answering from a script.

The one fake in the tests (an LLM service cannot run here), shared by the client and generator tests
and the benchmarks; shipped in the package so that nothing outside ``tests/`` imports ``tests``.
Each test scripts the replies in order; the server answers each ``POST /v1/chat/completions`` with
the next one and keeps every request body it got, for the test to read. Callers that send requests
concurrently set a ``responder`` instead: a function from the request body to the reply, so the
answer depends on what was asked, not on arrival order. Replies can be scripted as:

- ``tool_calls(("name", {"arg": 1}), ...)`` / ``text("final answer")``: a chat completion;
- ``Raw(status, body)``: any status and body (a 503, a reply that is not JSON, ...);
- ``Slow(seconds, reply)``: the reply after a delay (for client timeouts).

    async with FakeLLM.running() as llm:
        llm.script(tool_calls(("get_room", {"room_id": 101})), text("Room 101 is free."))
        ... ChatSettings(model="fake", base_url=llm.base_url) ...
        assert llm.requests[1]["messages"][-1]["role"] == "tool"

When the script runs out the server answers 500 with a message that says so. ``FakeLLM.in_thread()``
serves from a thread of its own, for code that runs its own event loop (a command line's ``main``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Raw:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Slow:
    seconds: float
    reply: Any


def completion(message: dict[str, Any], *, prompt_tokens: int = 100, completion_tokens: int = 20) -> dict[str, Any]:
    finish = "tool_calls" if message.get("tool_calls") else "stop"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": "fake",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def tool_calls(*calls: tuple[str, Any], content: str | None = None) -> dict[str, Any]:
    """A reply calling tools; arguments given as a dict are sent as JSON text, a str is sent as is."""
    entries = [
        {
            "id": f"call_{index}",
            "type": "function",
            "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)},
        }
        for index, (name, args) in enumerate(calls)
    ]
    return completion({"role": "assistant", "content": content, "tool_calls": entries})


def text(content: str) -> dict[str, Any]:
    return completion({"role": "assistant", "content": content})


class FakeLLM:
    def __init__(self) -> None:
        self.replies: deque[Any] = deque()
        self.responder: Callable[[dict[str, Any]], Any] | None = None
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.base_url = ""
        self.in_flight = 0
        self.most_in_flight = 0
        """The most requests the server was answering at once."""

    def script(self, *replies: Any) -> None:
        self.replies.extend(replies)

    async def _chat(self, request: Request) -> Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: Request) -> Response:
        self.headers.append(dict(request.headers))
        body = await request.json()
        self.requests.append(body)
        if self.responder is not None:
            reply = self.responder(body)
        elif self.replies:
            reply = self.replies.popleft()
        else:
            return JSONResponse({"error": {"message": "the fake LLM's script ran out"}}, status_code=500)
        if isinstance(reply, Slow):
            await asyncio.sleep(reply.seconds)
            reply = reply.reply
        if isinstance(reply, Raw):
            return Response(reply.body, status_code=reply.status, headers=reply.headers, media_type="application/json")
        return JSONResponse(reply)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls) -> AsyncIterator[FakeLLM]:
        """Serve on a free loopback port in this event loop until the block ends."""
        fake = cls()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
        config = uvicorn.Config(fake.app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            yield fake  # the socket listens already: requests queue until the server accepts them
        finally:
            server.should_exit = True
            async with asyncio.timeout(10):
                await task
            sock.close()

    @classmethod
    @contextlib.contextmanager
    def in_thread(cls) -> Iterator[FakeLLM]:
        """Serve from an event loop in a thread of its own until the block ends."""
        ready, stop = threading.Event(), asyncio.Event()  # an asyncio.Event binds to the loop that awaits it
        holder: list[FakeLLM] = []
        loop = asyncio.new_event_loop()

        async def serve() -> None:
            async with cls.running() as fake:
                holder.append(fake)
                ready.set()
                await stop.wait()

        thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
        thread.start()
        try:
            if not ready.wait(timeout=10) or not holder:
                raise RuntimeError("the fake LLM did not start in 10 s")
            yield holder[0]
        finally:
            loop.call_soon_threadsafe(stop.set)
            thread.join(timeout=15)
            loop.close()
