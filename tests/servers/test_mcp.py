"""The MCP face of an environment, through the SDK's own client, in memory, in both protocol eras."""

from __future__ import annotations

from typing import Any

import jsonschema
import mcp_types as types
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from servers import EnvRuntime, EpisodeStore, build_server
from servers.environments import nullable_as_any_of


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_tools_are_listed_with_the_bundles_schemas_and_annotations(hotel: EnvRuntime, mode: str) -> None:
    episode = EpisodeStore().create(hotel)
    async with Client(build_server(hotel, lambda ctx: episode), mode=mode) as client:
        listed = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(listed) == {tool.name for tool in hotel.env.tools}
    cancel = listed["cancel_booking"]
    assert cancel.input_schema == hotel.env.tool("cancel_booking").input_schema  # type: ignore[union-attr]
    assert cancel.annotations is not None
    assert cancel.annotations.destructive_hint is True
    assert all(tool.description and tool.output_schema for tool in listed.values())


async def test_a_tool_call_returns_structured_content_and_the_same_as_text(hotel: EnvRuntime, mode: str) -> None:
    episode = EpisodeStore().create(hotel)
    async with Client(build_server(hotel, lambda ctx: episode), mode=mode) as client:
        result = await client.call_tool("get_guest", {"guest_id": 2})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["name"] == "Ben Carter"
    text = result.content[0]
    assert isinstance(text, types.TextContent)
    assert '"name":"Ben Carter"' in text.text


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("get_guest", {}, "missing required argument 'guest_id'"),
        ("get_guest", {"guest_id": 1, "x": 1}, "unknown argument 'x'"),
        ("get_guest", {"guest_id": "one"}, "'guest_id' must be an integer, got the string 'one'"),
        ("get_gust", {"guest_id": 1}, "unknown tool 'get_gust'; did you mean get_guest"),
        ("get_guest", {"guest_id": 99}, "guest 99 not found; use search_guests"),
    ],
)
async def test_failures_reach_the_model_as_readable_tool_errors(
    hotel: EnvRuntime, tool: str, arguments: dict[str, Any], message: str
) -> None:
    episode = EpisodeStore().create(hotel)
    async with Client(build_server(hotel, lambda ctx: episode)) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error
    text = result.content[0]
    assert isinstance(text, types.TextContent)
    assert message in text.text


async def test_the_episodes_task_is_offered_as_a_prompt(hotel: EnvRuntime, mode: str) -> None:
    task = hotel.task("cancel-farid")
    with_task, without = EpisodeStore().create(hotel, task), EpisodeStore().create(hotel)
    async with Client(build_server(hotel, lambda ctx: with_task), mode=mode) as client:
        assert [p.name for p in (await client.list_prompts()).prompts] == ["task"]
        prompt = await client.get_prompt("task")
    content = prompt.messages[0].content
    assert isinstance(content, types.TextContent)
    assert content.text == task.instruction
    async with Client(build_server(hotel, lambda ctx: without), mode=mode) as client:
        assert (await client.list_prompts()).prompts == []
        with pytest.raises(MCPError, match="no prompt 'task'"):
            await client.get_prompt("task")


def list_types(schema: Any) -> list[Any]:
    """Every ``type`` value in ``schema`` that is a list (what strict MCP clients refuse)."""
    if isinstance(schema, list):
        return [found for item in schema for found in list_types(item)]
    if not isinstance(schema, dict):
        return []
    own = [schema["type"]] if isinstance(schema.get("type"), list) else []
    return own + [found for value in schema.values() for found in list_types(value)]


async def test_output_schemas_are_published_with_any_of_for_nullable_fields(hotel: EnvRuntime) -> None:
    episode = EpisodeStore().create(hotel)
    async with Client(build_server(hotel, lambda ctx: episode)) as client:
        listed = (await client.list_tools()).tools
        result = await client.call_tool("get_guest", {"guest_id": 2})  # the SDK client checks it against the schema

    assert any(list_types(tool.output_schema) for tool in hotel.env.tools)  # the bundle writes [T, "null"]
    assert [tool.name for tool in listed if list_types(tool.output_schema)] == []
    assert not result.is_error


@pytest.mark.parametrize(
    ("instance", "valid"), [({"n": None}, True), ({"n": 3}, True), ({"n": "3"}, False), ({"n": -1}, False)]
)
def test_any_of_accepts_exactly_what_the_list_of_types_accepted(instance: dict[str, Any], valid: bool) -> None:
    schema = {"type": "object", "properties": {"n": {"type": ["integer", "null"], "minimum": 0, "description": "n"}}}
    published = nullable_as_any_of(schema)
    assert published["properties"]["n"]["description"] == "n"
    assert jsonschema.Draft202012Validator(schema).is_valid(instance) is valid
    assert jsonschema.Draft202012Validator(published).is_valid(instance) is valid
