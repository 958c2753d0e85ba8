"""MCP tools in the shapes language models are given: OpenAI function calling, or AWM's two meta-tools.

- ``openai_tools``: one function per MCP tool, its ``inputSchema`` as the function's parameters.
- AWM's interface, the one Agent World Model trains its models on: ``list_tools`` and
  ``call_tool(tool_name, arguments)``, described in ``AWM_SYSTEM_PROMPT`` (``AWM_TOOLS`` has them in
  function-calling form); ``awm_tool_listing`` is the text ``list_tools`` answers with, in AWM's
  format (tool names prefixed ``mcp_tool_``, which ``call_tool`` accepts with or without).
"""

from __future__ import annotations

import copy
from typing import Any

import mcp_types as types

AWM_PREFIX = "mcp_tool_"

_DROPPED_KEYWORDS = ("$schema", "$id")


def openai_tool(tool: types.Tool) -> dict[str, Any]:
    """One MCP tool as an OpenAI ``tools`` entry (``{"type": "function", "function": {...}}``)."""
    parameters = copy.deepcopy(dict(tool.input_schema or {}))
    for keyword in _DROPPED_KEYWORDS:
        parameters.pop(keyword, None)
    parameters.setdefault("type", "object")
    parameters.setdefault("properties", {})
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description or tool.title or tool.name,
            "parameters": parameters,
        },
    }


def openai_tools(tools: list[types.Tool]) -> list[dict[str, Any]]:
    return [openai_tool(tool) for tool in tools]


AWM_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "list_tools",
            "description": "List all available MCP tools for the current environment to help you finish the user task.",
            "parameters": {"type": "object", "properties": {}},
        },
    },
    {
        "type": "function",
        "function": {
            "name": "call_tool",
            "description": "Call a MCP environment-specific tool.",
            "parameters": {
                "type": "object",
                "properties": {
                    "tool_name": {"type": "string", "description": "the tool name in the list_tools output"},
                    "arguments": {
                        "type": "string",
                        "description": "the arguments for calling <tool_name> as a valid JSON string; '{}' if none",
                    },
                },
                "required": ["tool_name", "arguments"],
            },
        },
    },
]


AWM_SYSTEM_PROMPT = """\
# MCP Tools

You are at a MCP environment. You need to call MCP tools to assist with the user query. At each step, \
you can only call one function.

You are provided with TWO functions:
1. list_tools
    - Description: List all available MCP tools for the current environment to help you finish the user task.
    - Arguments: None
    - Output: A list of MCP environment-specific tools and their descriptions
2. call_tool
    - Description: Call a MCP environment-specific tool
    - Arguments:
        - tool_name: str, required, the tool name in the list_tools output
        - arguments: str, required, the arguments for calling <tool_name>. You must pass a valid JSON string \
without any markdown fences or additional commentary. You can pass an empty JSON str if no arguments are required.
    - Output: The result of the <tool_name> tool call

You should always call list_tools function first to get the available tools, and should only call it once. \
You should always directly output the answer or summary at the final step instead of calling any function.

For each function call, return a json object with function name and arguments within <tool_call></tool_call> \
XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call>
"""


def awm_tool_listing(tools: list[types.Tool]) -> str:
    """The text AWM's ``list_tools`` answers with: every tool, its description and parameters."""
    lines = [f"Available MCP Tools ({len(tools)} tools):", "=" * 80, ""]
    for number, tool in enumerate(tools, 1):
        description = (tool.description or "").strip().splitlines() or ["No description"]
        lines.append(f"{number}. {AWM_PREFIX}{tool.name}")
        lines.append(f"   Description: {description[0].strip()}")
        lines.extend(f"   {line.strip()}" for line in description[1:] if line.strip())
        schema = dict(tool.input_schema or {})
        if schema.get("properties"):
            lines.append("   Parameters:")
            lines.extend(_parameter_lines(schema, 6))
        else:
            lines.append("   Parameters: None")
        lines.append("")
    return "\n".join(lines).strip()


def _parameter_lines(schema: dict[str, Any], indent: int) -> list[str]:
    pad, required = " " * indent, set(schema.get("required", []))
    lines: list[str] = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type", "unknown")
        lines.append(f"{pad}- {name}: {kind} ({'required' if name in required else 'optional'})")
        if prop.get("description"):
            lines.append(f"{pad}  Description: {prop['description']}")
        if prop.get("default") is not None:
            lines.append(f"{pad}  Default: {prop['default']}")
        if prop.get("enum"):
            lines.append(f"{pad}  Allowed values: {prop['enum']}")
        if kind == "object" and prop.get("properties"):
            lines.append(f"{pad}  Properties:")
            lines.extend(_parameter_lines(prop, indent + 4))
    return lines


def strip_awm_prefix(name: str) -> str:
    return name[len(AWM_PREFIX) :] if name.startswith(AWM_PREFIX) else name
