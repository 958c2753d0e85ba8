"""A minimal external agent: an MCP client driven by any OpenAI-compatible chat-completions model.

It knows nothing of worldfarm: it gets an MCP URL and an instruction, talks to the tools over MCP and
to the model over HTTP, and prints its final answer as a JSON line. Run it by hand:

    OPENAI_BASE_URL=http://127.0.0.1:8001/v1 OPENAI_MODEL=Qwen/Qwen3-8B \\
        python examples/agents/mcp_chat_agent.py MCP_URL "the instruction"

or let the harness run it once per episode (it substitutes ``{mcp_url}`` and ``{instruction}``):

    worldfarm bench --agent command --out runs/mine \\
        --command "python examples/agents/mcp_chat_agent.py {mcp_url} {instruction}"

Output: ``{"answer": "...", "usage": {"prompt_tokens": N, "completion_tokens": M}}`` on the last line.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import httpx2
from mcp import Client

MAX_TURNS = int(os.environ.get("AGENT_MAX_TURNS", "20"))


async def main(mcp_url: str, instruction: str) -> dict[str, Any]:
    base_url = os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8001/v1").rstrip("/")
    key = os.environ.get("OPENAI_API_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    usage = {"prompt_tokens": 0, "completion_tokens": 0}
    async with Client(mcp_url) as mcp, httpx2.AsyncClient(headers=headers, timeout=120) as http:
        listed = (await mcp.list_tools()).tools
        tools = [
            {
                "type": "function",
                "function": {"name": t.name, "description": t.description or "", "parameters": t.input_schema},
            }
            for t in listed
        ]
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": "Use the tools to do what the user asks, then answer them."},
            {"role": "user", "content": instruction},
        ]
        for _ in range(MAX_TURNS):
            body = {"model": os.environ.get("OPENAI_MODEL", "default"), "messages": messages, "tools": tools}
            reply = (await http.post(f"{base_url}/chat/completions", json=body)).raise_for_status().json()
            for name in usage:
                usage[name] += int((reply.get("usage") or {}).get(name) or 0)
            message = reply["choices"][0]["message"]
            calls = message.get("tool_calls") or []
            turn: dict[str, Any] = {"role": "assistant", "content": message.get("content") or ""}
            messages.append({**turn, "tool_calls": calls} if calls else turn)
            if not calls:
                return {"answer": message.get("content") or "", "usage": usage}
            for call in calls:
                messages.append({"role": "tool", "tool_call_id": call["id"], "content": await run(mcp, call)})
    return {"answer": None, "usage": usage}


async def run(mcp: Client, call: dict[str, Any]) -> str:
    """One tool call; a bad one becomes an error text for the model."""
    try:
        arguments = json.loads(call["function"].get("arguments") or "{}")
    except json.JSONDecodeError as exc:
        return f"Error: the arguments are not valid JSON ({exc})"
    result = await mcp.call_tool(call["function"]["name"], arguments)
    return "\n".join(block.text for block in result.content if hasattr(block, "text"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: mcp_chat_agent.py MCP_URL INSTRUCTION")
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
