"""The openai agent end to end: a fake chat-completions server (real HTTP) scripts the model; a real worker serves."""

from __future__ import annotations

import json

from client import ChatSettings, Farm, OpenAIAgent, run_episode
from worldfarm.testing import FakeLLM, Raw, Slow, completion, text, tool_calls


def agent(llm: FakeLLM, **options: object) -> OpenAIAgent:
    settings = ChatSettings(model="fake-model", base_url=llm.base_url, api_key="sk-test", retries=2, backoff=0.01)
    return OpenAIAgent(settings, **options)  # type: ignore[arg-type]


def tool_results(request: dict[str, object]) -> list[str]:
    messages = request["messages"]
    assert isinstance(messages, list)
    return [m["content"] for m in messages if m["role"] == "tool"]


async def test_a_model_that_calls_the_right_tools_solves_the_task(farm: Farm, llm: FakeLLM) -> None:
    llm.script(
        tool_calls(("search_guests", {"query": "Farid"})),
        tool_calls(("list_guest_bookings", {"guest_id": 6})),
        tool_calls(("cancel_booking", {"booking_id": 6})),
        text("I cancelled booking 6 for Farid."),
    )
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    assert run.result.outcome == "success"
    assert run.result.reward == 1.0
    assert run.result.answer == "I cancelled booking 6 for Farid."
    assert (run.result.prompt_tokens, run.result.completion_tokens) == (400, 80)
    assert run.result.turns == 4
    assert [c.tool for c in run.trajectory.tool_calls] == ["search_guests", "list_guest_bookings", "cancel_booking"]
    first = llm.requests[0]
    assert first["model"] == "fake-model"
    assert first["temperature"] == 0.0
    assert {t["function"]["name"] for t in first["tools"]} >= {"cancel_booking", "search_guests"}
    assert llm.headers[0]["authorization"] == "Bearer sk-test"
    assert "cancelled" in tool_results(llm.requests[3])[-1]


async def test_arguments_that_are_not_json_are_fed_back_and_the_model_recovers(farm: Farm, llm: FakeLLM) -> None:
    llm.script(
        tool_calls(("cancel_booking", '{"booking_id": 6')),
        tool_calls(("cancel_booking", {"booking_id": 6})),
        text("Done."),
    )
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    fed_back = tool_results(llm.requests[1])[0]
    assert fed_back.startswith("Error: the arguments are not valid JSON")
    assert run.result.outcome == "success"
    assert run.result.invalid_calls == 1
    assert run.result.tool_calls == 2


async def test_arguments_the_tool_rejects_come_back_as_the_tools_error(farm: Farm, llm: FakeLLM) -> None:
    llm.script(tool_calls(("cancel_booking", {"booking_id": "six"}), ("teleport", {})), text("I could not."))
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    schema_error, unknown = tool_results(llm.requests[1])
    assert "booking_id" in schema_error
    assert "no tool 'teleport'" in unknown
    assert run.result.outcome == "agent_error"  # every call it made was invalid
    assert run.result.reward == 0.0


async def test_a_malformed_reply_and_a_server_error_are_retried(farm: Farm, llm: FakeLLM) -> None:
    llm.script(
        Raw(200, "this is not json"),
        Raw(503, '{"error": {"message": "overloaded"}}'),
        tool_calls(("cancel_booking", {"booking_id": 6})),
        text("Cancelled."),
    )
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    assert run.result.outcome == "success"
    assert len(llm.requests) == 4
    assert run.trajectory.usage["retries"] == 2


async def test_a_reply_slower_than_the_timeout_is_retried(farm: Farm, llm: FakeLLM) -> None:
    llm.script(Slow(3.0, text("too late")), tool_calls(("cancel_booking", {"booking_id": 6})), text("Cancelled."))
    settings = ChatSettings(model="m", base_url=llm.base_url, timeout=0.5, retries=1, backoff=0.01)
    bot = OpenAIAgent(settings)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    assert run.result.outcome == "success"
    assert run.result.answer == "Cancelled."


async def test_an_endpoint_that_keeps_failing_is_an_agent_error_with_its_message(farm: Farm, llm: FakeLLM) -> None:
    llm.script(*[Raw(503, '{"error": {"message": "overloaded"}}')] * 3)
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    assert run.result.outcome == "agent_error"
    assert run.result.counted
    assert run.result.agent_status == "error"
    assert "overloaded" in (run.result.error or "")
    assert len(llm.requests) == 3


async def test_a_request_the_endpoint_refuses_is_not_retried(farm: Farm, llm: FakeLLM) -> None:
    llm.script(Raw(401, '{"error": {"message": "invalid api key"}}'))
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    assert run.result.outcome == "agent_error"
    assert "invalid api key" in (run.result.error or "")
    assert len(llm.requests) == 1


async def test_a_model_that_never_answers_runs_out_of_turns(farm: Farm, llm: FakeLLM) -> None:
    llm.script(*[tool_calls(("list_room_types", {}))] * 3)
    bot = agent(llm, max_turns=3)
    run = await run_episode(farm, bot, "hotel", "suite-rate")
    await bot.aclose()

    assert run.result.outcome == "agent_error"
    assert run.result.agent_status == "max_turns"
    assert run.result.tool_calls == 3


async def test_the_awm_interface_lists_tools_and_calls_them_by_name(farm: Farm, llm: FakeLLM) -> None:
    llm.script(
        tool_calls(("list_tools", {})),
        tool_calls(("call_tool", {"tool_name": "mcp_tool_cancel_booking", "arguments": '{"booking_id": 6}'})),
        text("Cancelled booking 6."),
    )
    bot = agent(llm, tool_format="awm")
    run = await run_episode(farm, bot, "hotel", "cancel-farid")
    await bot.aclose()

    assert "tools" not in llm.requests[0]  # the two functions are in AWM's system prompt, as AWM does it
    assert "call_tool" in llm.requests[0]["messages"][0]["content"]
    listing = tool_results(llm.requests[1])[0]
    assert "mcp_tool_cancel_booking" in listing
    assert "booking_id: integer (required)" in listing
    assert run.result.outcome == "success"


async def test_the_awm_interface_reads_calls_written_in_the_reply_text(farm: Farm, llm: FakeLLM) -> None:
    call = {"name": "call_tool", "arguments": {"tool_name": "list_room_types", "arguments": "{}"}}
    llm.script(text(f"Let me look.\n<tool_call>\n{json.dumps(call)}\n</tool_call>"), text("A Suite is 320 a night."))
    bot = agent(llm, tool_format="awm")
    run = await run_episode(farm, bot, "hotel", "suite-rate")
    await bot.aclose()

    follow_up = llm.requests[1]["messages"][-1]
    assert follow_up["role"] == "user"
    assert follow_up["content"].startswith("Tool response:")
    assert "STE" in follow_up["content"]
    assert run.result.outcome == "success"


async def test_a_reply_in_content_parts_is_read_as_its_text(farm: Farm, llm: FakeLLM) -> None:
    parts = [{"type": "text", "text": "A Suite is "}, {"type": "text", "text": "320 a night."}]
    llm.script(completion({"role": "assistant", "content": parts}))
    bot = agent(llm)
    run = await run_episode(farm, bot, "hotel", "suite-rate")
    await bot.aclose()

    assert run.result.answer == "A Suite is 320 a night."
    assert run.result.outcome == "success"
