"""Rewards: state equivalence ignoring volatile columns, the three reward modes, the breakdown."""

from __future__ import annotations

import pytest

from client import Farm, RewardMode, compare_states
from client.rewards import build
from worldfarm.control import AnswerResult, AssertionResult, State, TableState, VerifyResult


def state(rows: list[list[object]], columns: tuple[str, ...] = ("id", "status", "created_at")) -> State:
    return State(tables={"bookings": TableState(columns=list(columns), rows=rows)})


def test_states_with_the_same_rows_in_another_order_match() -> None:
    a = state([[1, "confirmed", "t1"], [2, "cancelled", "t2"]])
    b = state([[2, "cancelled", "t2"], [1, "confirmed", "t1"]])

    assert compare_states(a, b, {}).matched


def test_a_volatile_column_is_ignored_and_reported_as_ignored() -> None:
    a = state([[1, "confirmed", "2026-03-02T09:00:00"]])
    b = state([[1, "confirmed", "2026-03-02T09:00:07"]])

    strict = compare_states(a, b, {})
    lenient = compare_states(a, b, {"bookings": ["created_at"]})

    assert not strict.matched
    assert lenient.matched
    assert lenient.ignored == {"bookings": ["created_at"]}


def test_a_differing_row_is_named_on_both_sides() -> None:
    check = compare_states(state([[1, "cancelled", "t"]]), state([[1, "confirmed", "t"]]), {})

    assert not check.matched
    assert any("not in the reference" in d and "cancelled" in d for d in check.differences)
    assert any("reference row missing" in d and "confirmed" in d for d in check.differences)


def test_a_duplicated_row_is_a_difference() -> None:
    check = compare_states(state([[1, "a", "t"], [1, "a", "t"]]), state([[1, "a", "t"]]), {})

    assert not check.matched


def test_a_whole_float_equals_the_integer_as_in_sql() -> None:
    assert compare_states(state([[1, 245.0, "t"]]), state([[1, 245, "t"]]), {}).matched


def verify_result(assertions: list[bool], answers: list[bool]) -> VerifyResult:
    return VerifyResult(
        task="t",
        passed=all(assertions) and all(answers),
        assertions=[AssertionResult(message=f"a{i}", passed=p) for i, p in enumerate(assertions)],
        answers=[AnswerResult(expected=f"v{i}", found=f) for i, f in enumerate(answers)],
    )


@pytest.mark.parametrize(
    ("mode", "assertions", "answers", "state_matched", "reward"),
    [
        ("verifier", [True, True], [True], False, 1.0),
        ("verifier", [True, False], [True], True, 0.0),
        ("verifier", [True], [False], True, 0.0),
        ("state", [False], [True], True, 1.0),
        ("state", [True], [True], False, 0.0),
        ("state", [True], [False], True, 0.0),
        ("all", [True], [True], True, 1.0),
        ("all", [True], [True], False, 0.0),
    ],
)
def test_each_reward_mode_requires_its_own_checks(
    mode: RewardMode, assertions: list[bool], answers: list[bool], state_matched: bool, reward: float
) -> None:
    check = compare_states(state([[1, "a", "t"]]), state([[1, "a" if state_matched else "b", "t"]]), {})

    info = build(verify_result(assertions, answers), mode, check)

    assert info.reward == reward
    assert info.passed is (reward == 1.0)


def test_partial_credit_counts_every_check_but_is_not_the_reward() -> None:
    check = compare_states(state([[1, "a", "t"]]), state([[1, "a", "t"]]), {})

    info = build(verify_result([True, False, True], [True]), "verifier", check)

    assert info.reward == 0.0
    assert info.partial == round(5 / 6, 4)  # 3 assertions, 1 answer, "no competing value stated", the state
    assert info.summary() == {"assertions": "2/3", "answers": "1/1", "competing": 0, "state": True}


async def test_an_information_task_needs_its_answer_in_the_final_message(farm: Farm) -> None:
    async with farm.episode("hotel", "suite-rate") as episode:
        await episode.call_tool("list_room_types", {})
        silent = await episode.reward(answer=None)
        told = await episode.reward(answer="A Suite costs $320.00 per night.")

    assert silent.reward == 0.0
    assert silent.answers[0].found is False
    assert told.reward == 1.0
    assert told.answers[0].expected == "320"


async def test_state_mode_scores_against_a_replay_of_the_reference_solution(farm: Farm) -> None:
    async with farm.episode("hotel", "cancel-farid") as episode:
        await episode.call_tool("cancel_booking", {"booking_id": 5})
        wrong = await episode.reward(mode="state")

    assert wrong.reward == 0.0
    assert wrong.state is not None
    assert any("bookings" in d for d in wrong.state.differences)
