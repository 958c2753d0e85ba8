"""MCP requests written by hand, for what an SDK client refuses to send (lone surrogates, NaN, huge
integers, malformed envelopes): in either protocol era, over any httpx2 client (in process or real)."""

from __future__ import annotations

import json
from typing import Any, Literal

import httpx2

Era = Literal["modern", "legacy"]
MODERN = "2026-07-28"
LEGACY = "2025-11-25"
ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
META = {
    "io.modelcontextprotocol/protocolVersion": MODERN,
    "io.modelcontextprotocol/clientInfo": {"name": "hostile", "version": "1"},
    "io.modelcontextprotocol/clientCapabilities": {},
}
INTERNAL_ERRORS = (-32603, 0)
"""JSON-RPC codes of a request the server failed on (0: the legacy path's raw exception text)."""


def encode(message: Any) -> bytes:
    """JSON as Python writes it: lone surrogates as \\u escapes, NaN and Infinity as bare words."""
    return json.dumps(message).encode()


class RawSession:
    """One MCP endpoint spoken to by hand in one era (a legacy session is opened on first use)."""

    def __init__(self, http: httpx2.AsyncClient, url: str, era: Era) -> None:
        self.http = http
        self.url = url
        self.era = era
        self.headers: dict[str, str] | None = None
        self.ids = 0

    async def call(self, tool: Any, arguments: Any) -> httpx2.Response:
        """A ``tools/call`` request with whatever ``tool`` and ``arguments`` are."""
        return await self.request("tools/call", {"name": tool, "arguments": arguments}, name=tool)

    async def request(self, method: str, params: Any, name: Any = None) -> httpx2.Response:
        self.ids += 1
        headers = await self._headers(method, name)
        if self.era == "modern" and isinstance(params, dict):
            params = {**params, "_meta": META}
        body = encode({"jsonrpc": "2.0", "id": self.ids, "method": method, "params": params})
        return await self.http.post(self.url, content=body, headers=headers)

    async def _headers(self, method: str, name: Any) -> dict[str, str]:
        if self.era == "modern":
            named = {"Mcp-Name": name} if isinstance(name, str) and name.isascii() and name.isprintable() else {}
            return {**ACCEPT, "MCP-Protocol-Version": MODERN, "Mcp-Method": method, **named}
        if self.headers is None:
            self.headers = await self._open()
        return self.headers

    async def _open(self) -> dict[str, str]:
        initialize = {
            "jsonrpc": "2.0",
            "id": 0,
            "method": "initialize",
            "params": {
                "protocolVersion": LEGACY,
                "capabilities": {},
                "clientInfo": {"name": "hostile", "version": "1"},
            },
        }
        opened = await self.http.post(self.url, content=encode(initialize), headers=ACCEPT)
        opened.raise_for_status()
        headers = {**ACCEPT, "MCP-Protocol-Version": LEGACY, "Mcp-Session-Id": opened.headers["mcp-session-id"]}
        initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        await self.http.post(self.url, content=encode(initialized), headers=headers)
        return headers


def tool_error(response: httpx2.Response) -> str | None:
    """The text of a tool error result (``isError``); None if the response is anything else."""
    if response.status_code != 200:
        return None
    body = response.json()
    result = body.get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or not result.get("isError"):
        return None
    return str(result["content"][0]["text"])


def rpc_error(response: httpx2.Response) -> int | None:
    """The JSON-RPC error code of a response, if it is one."""
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return int(error["code"]) if isinstance(error, dict) and "code" in error else None
