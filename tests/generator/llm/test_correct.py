"""Reading a model's JSON and the bounded correction loop."""

from __future__ import annotations

from typing import Any

import pytest

from generator.llm import Answer
from generator.llm.correct import NotJSON, parse_json, settle


@pytest.mark.parametrize(
    "reply",
    [
        '{"a": 1}',
        '```json\n{"a": 1}\n```',
        'Here it is:\n{"a": 1}\nHope this helps.',
        '```\n{"a": 1}',
    ],
)
def test_the_json_object_is_found_in_a_reply_as_models_write_them(reply: str) -> None:
    assert parse_json(reply) == {"a": 1}


def test_a_reply_that_is_not_json_says_where_it_breaks() -> None:
    with pytest.raises(NotJSON, match=r"not valid JSON \(Expecting ',' delimiter at line 1 column 9\)"):
        parse_json('{"a": 1 "b": 2')


def test_json_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(NotJSON, match="not an object"):
        parse_json("[1, 2]")


async def test_an_item_that_never_passes_is_asked_for_again_only_max_rounds_times() -> None:
    asked: list[list[dict[str, Any]]] = []

    async def check(data: Any) -> tuple[int | None, list[str]]:
        return None, [f"value {data['v']} is wrong"]

    async def ask_fix(messages: list[dict[str, Any]]) -> Answer:
        asked.append(messages)
        return Answer(text=f'{{"v": {len(asked)}}}')

    base = [{"role": "user", "content": "give v"}]
    settled = await settle(base, Answer(text='{"v": 0}'), check, ask_fix, what="value", max_rounds=2)

    assert settled.value is None
    assert [r.problems for r in settled.rounds] == [["value 0 is wrong"], ["value 1 is wrong"], ["value 2 is wrong"]]
    assert len(asked) == 2
    assert asked[1][-2] == {"role": "assistant", "content": '{"v": 1}'}
    assert "- value 1 is wrong" in asked[1][-1]["content"]
    assert "(Correction round 2 of at most 2.)" in asked[1][-1]["content"]


async def test_a_reply_cut_off_at_the_token_limit_is_a_problem_to_correct() -> None:
    async def check(data: Any) -> tuple[int | None, list[str]]:
        return 1, []

    async def ask_fix(messages: list[dict[str, Any]]) -> Answer:
        return Answer(text="{}")

    settled = await settle([], Answer(text='{"v": ', finish_reason="length"), check, ask_fix, what="v", max_rounds=1)

    assert settled.value == 1
    assert settled.corrected
    assert "cut off at the token limit" in settled.rounds[0].problems[0]
