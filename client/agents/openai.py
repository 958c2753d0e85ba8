"""The ``openai`` agent: any OpenAI-compatible chat-completions model driving the episode's tools.

Two ways to present tools:

- ``native`` (default): every MCP tool as a function in ``tools``; the model calls them natively.
- ``awm``: Agent World Model's interface, for models trained on it: two functions, ``list_tools``
  and ``call_tool(tool_name, arguments)``, described in AWM's system prompt (no ``tools`` field is
  sent, as AWM's own agent does); one call per turn, taken from ``<tool_call>{...}</tool_call>``
  in the reply's text, or from native ``tool_calls`` when a server's tool parser made them.

The loop ends when the model replies without a tool call (its text is the final answer), or after
``max_turns`` replies. A tool call the model gets wrong (unknown tool, arguments that are not a
JSON object) is answered with an error message the model can act on, never a crash.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from client.agents.base import Agent, AgentContext, AgentResult
from client.agents.chat import AgentChatClient, ChatSettings
from client.errors import ModelEndpointError
from client.tools import AWM_SYSTEM_PROMPT, awm_tool_listing, strip_awm_prefix

ToolFormat = Literal["native", "awm"]

SYSTEM_PROMPT = """\
You are an assistant operating {title}. {description}

Use the tools to do what the user asks; they act on the system's real records. Look things up \
instead of guessing ids. When you are done, reply to the user without calling a tool: say what you \
did and give every value they asked for."""

_XML_CALL = re.compile(r"<tool_call>\s*(.*?)\s*</tool_call>", re.DOTALL)


@dataclass
class PendingCall:
    """A tool call as the model wrote it."""

    id: str
    name: str
    arguments: Any
    """A JSON string (as the protocol has it), or already an object (some servers send one)."""
    native: bool = True
    """Made through the protocol's ``tool_calls``; else written in the reply's text (AWM style)."""


class OpenAIAgent(Agent):
    name = "openai"

    def __init__(
        self,
        settings: ChatSettings,
        *,
        max_turns: int = 30,
        tool_format: ToolFormat = "native",
        system_prompt: str | None = None,
        chat: AgentChatClient | None = None,
    ) -> None:
        self.settings = settings
        self.max_turns = max_turns
        self.tool_format = tool_format
        self.system_prompt = system_prompt
        self.chat = chat or AgentChatClient(settings)

    def describe(self) -> dict[str, Any]:
        return {"agent": self.name, **self.settings.describe(), "max_turns": self.max_turns, "tools": self.tool_format}

    async def aclose(self) -> None:
        await self.chat.aclose()

    async def run(self, ctx: AgentContext) -> AgentResult:
        awm = self.tool_format == "awm"
        tools = None if awm else ctx.episode.openai_tools()
        ctx.messages[:] = [
            {"role": "system", "content": await self._system_prompt(ctx)},
            {"role": "user", "content": ctx.instruction},
        ]
        ctx.notes.update(turns=0, malformed_calls=0)
        for turn in range(1, self.max_turns + 1):
            ctx.notes["turns"] = turn
            try:
                reply = await self.chat.complete(ctx.messages, tools)
            except ModelEndpointError as exc:
                return AgentResult(status="error", error=str(exc))
            ctx.usage.add(reply.usage)
            content = content_text(reply.message.get("content"))
            calls = awm_calls(reply.message) if awm else native_calls(reply.message)
            ctx.messages.append(assistant_message(content, calls))
            if not calls:
                return AgentResult(answer=content)
            for call in calls:
                text = await (self._execute_awm(ctx, call) if awm else self._execute(ctx, call.name, call.arguments))
                ctx.messages.append(tool_message(call, text))
        return AgentResult(status="max_turns", error=f"no final answer after {self.max_turns} turns")

    async def _system_prompt(self, ctx: AgentContext) -> str:
        if self.system_prompt is not None:
            return self.system_prompt
        if self.tool_format == "awm":
            return AWM_SYSTEM_PROMPT
        env = await ctx.episode.env()
        return SYSTEM_PROMPT.format(title=env.title or env.id, description=env.description)

    async def _execute(self, ctx: AgentContext, name: str, raw: Any) -> str:
        """Run one call; what the model got wrong comes back as a message for it to act on."""
        names = [tool.name for tool in ctx.episode.tools]
        arguments, problem = parse_arguments(raw)
        if name not in names:
            problem = f"there is no tool {name!r}; the tools are: {', '.join(names)}"
        if problem is not None:
            ctx.notes["malformed_calls"] += 1
            return f"Error: {problem}"
        return (await ctx.episode.call_tool(name, arguments)).text

    async def _execute_awm(self, ctx: AgentContext, call: PendingCall) -> str:
        if call.name == "list_tools":
            return awm_tool_listing(ctx.episode.tools)
        if call.name != "call_tool":
            ctx.notes["malformed_calls"] += 1
            return f"Error: Unknown tool {call.name!r}. Only 'list_tools' and 'call_tool' are available."
        outer, problem = parse_arguments(call.arguments)
        if problem is not None:
            ctx.notes["malformed_calls"] += 1
            return f"Error: {problem}"
        name = strip_awm_prefix(str(outer.get("tool_name", "")))
        inner = outer.get("arguments", {})
        return await self._execute(ctx, name, inner if inner != "" else {})


def content_text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def native_calls(message: dict[str, Any]) -> list[PendingCall]:
    calls = []
    for entry in message.get("tool_calls") or []:
        function = entry.get("function") or {}
        call_id = entry.get("id") or f"call_{secrets.token_hex(6)}"
        calls.append(PendingCall(call_id, str(function.get("name", "")), function.get("arguments")))
    return calls


def awm_calls(message: dict[str, Any]) -> list[PendingCall]:
    """The first call of the reply (AWM runs one per turn): native, else a ``<tool_call>`` block in the text."""
    calls = native_calls(message)
    if not calls:
        for block in _XML_CALL.findall(content_text(message.get("content"))):
            try:
                data = json.loads(block)
            except json.JSONDecodeError:
                calls.append(PendingCall("", "call_tool", block, native=False))  # reported back as malformed
                continue
            data = data[0] if isinstance(data, list) and data else data
            if isinstance(data, dict):
                calls.append(_awm_call(data))
    return calls[:1]


def _awm_call(data: dict[str, Any]) -> PendingCall:
    name, arguments = str(data.get("name", "")), data.get("arguments") or {}
    if name.startswith("mcp_tool_"):  # a model that calls a listed tool directly
        return PendingCall("", "call_tool", {"tool_name": name, "arguments": arguments}, native=False)
    return PendingCall("", name, arguments, native=False)


def parse_arguments(raw: Any) -> tuple[dict[str, Any], str | None]:
    """(arguments, problem): a JSON object given as text or as an object; an empty string is ``{}``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}, None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            return {}, f"the arguments are not valid JSON ({exc.msg} at position {exc.pos}); send a JSON object"
    if not isinstance(raw, dict):
        return {}, f"the arguments must be a JSON object, not {type(raw).__name__}"
    return raw, None


def assistant_message(content: str, calls: list[PendingCall]) -> dict[str, Any]:
    """The assistant turn as it goes back to the model: its text and the native calls it made."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    native = [call for call in calls if call.native]
    if native:
        message["tool_calls"] = [
            {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": _as_text(call.arguments)}}
            for call in native
        ]
    return message


def tool_message(call: PendingCall, text: str) -> dict[str, Any]:
    if not call.native:  # a call written in the text: its result comes back as text
        return {"role": "user", "content": f"Tool response:\n{text}"}
    return {"role": "tool", "tool_call_id": call.id, "content": text}


def _as_text(arguments: Any) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
