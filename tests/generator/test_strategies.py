"""Each generic strategy of the adversarial gate wins a task made deliberately weak for it, and no strategy
wins the sound tasks it was made from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator import validate_bundle
from generator.adversary import Adversary
from generator.strategies import STRATEGY_NAMES, StrategyName
from generator.workbench import Workbench
from servers import EnvRuntime
from tests.conftest import EXAMPLES
from worldfarm import Task, load_bundle

Json = dict[str, Any]


@pytest.fixture(scope="module")
def hotel() -> Iterator[tuple[Adversary, dict[str, Task]]]:
    bundle = load_bundle(EXAMPLES / "hotel")
    bench = Workbench(EnvRuntime(bundle))
    try:
        yield Adversary(bench, {"list_room_types": {}, "search_guests": {}}), {t.id: t for t in bundle.tasks}
    finally:
        bench.close()


def weakened(task: Task, **changes: Any) -> Task:
    """``task`` with some of its fields replaced (validated like any task)."""
    data = task.model_dump(mode="json")
    for key, value in changes.items():
        target, _, field = key.partition("__")
        if field:
            data[target][field] = value
        else:
            data[target] = value
    return Task.model_validate(data)


def assertions(task: Task, *keep: str) -> list[Json]:
    return [a.model_dump() for a in task.verifier.assertions if any(k in a.message for k in keep)]


def winners(adversary: Adversary, task: Task) -> set[StrategyName]:
    return {win.strategy for win in adversary.check(task).wins}


def call(tool: str, **arguments: Any) -> Json:
    return {"tool": tool, "arguments": arguments}


def test_doing_nothing_wins_a_task_whose_verifier_already_holds(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    task = weakened(tasks["cancel-farid"], verifier__assertions=assertions(tasks["cancel-farid"], "no other"))

    assert "no-op" in winners(adversary, task)


def test_dumping_every_value_wins_when_no_competing_value_is_shown(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    task = weakened(tasks["suite-rate"], verifier__competing=["999999.99"])

    assert "dump" in winners(adversary, task)


def test_hedging_wins_when_the_competing_value_cannot_be_stated(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    task = weakened(tasks["suite-rate"], verifier__competing=["\u2014"])  # a dash: no answer ever "states" it

    assert "hedge" in winners(adversary, task)


def test_collateral_writes_win_when_only_the_target_is_checked(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    task = weakened(tasks["cancel-farid"], verifier__assertions=assertions(tasks["cancel-farid"], "Farid", "$50"))

    assert {"siblings", "all-records"} <= winners(adversary, task)


def test_a_mutated_argument_wins_when_the_verifier_does_not_check_it(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    loose = [
        {
            "sql": "SELECT COUNT(*) = 2 FROM main.service_orders WHERE booking_id = 2 AND service_code = 'BRK'",
            "message": "a second breakfast order",
        },
        *assertions(tasks["breakfast-ben"], "exactly one", "no other table"),
    ]
    task = weakened(tasks["breakfast-ben"], verifier__assertions=loose)

    assert "mutated" in winners(adversary, task)


def test_a_skipped_step_wins_when_the_verifier_does_not_need_it(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    phone = tasks["update-phone"]
    solution = [*phone.model_dump(mode="json")["solution"], call("set_room_status", room_id=301, status="maintenance")]
    task = weakened(phone, solution=solution, verifier__assertions=assertions(phone, "phone is"))

    assert "skipped" in winners(adversary, task)


def test_the_other_branch_wins_when_the_verifier_accepts_both(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    phone = tasks["update-phone"]
    branch = {
        "condition": "phone-known",
        "holds": True,
        "otherwise": [call("update_guest_contact", guest_id=4, phone="+1-555-0198")],
    }
    loose = [{"sql": "SELECT phone LIKE '+1-555-019%' FROM main.guests WHERE id = 4", "message": "a new phone"}]
    task = weakened(phone, branch=branch, verifier__assertions=loose)

    assert "other-branch" in winners(adversary, task)


def test_echoing_the_instruction_never_counts_so_a_copied_answer_is_refused(tmp_path: Any) -> None:
    report = validate_bundle(EXAMPLES / "hotel")
    assert report.ok, report.problems()

    bundle = load_bundle(EXAMPLES / "hotel")
    bench = Workbench(EnvRuntime(bundle))
    try:
        adversary = Adversary(bench, {})
        suite = next(t for t in bundle.tasks if t.id == "suite-rate")
        copied = weakened(suite, instruction="Is it true that a Suite costs 320 a night?")
        assert "echo" not in winners(adversary, copied)
    finally:
        bench.close()


def test_no_strategy_wins_a_sound_task(hotel: tuple[Adversary, dict[str, Task]]) -> None:
    adversary, tasks = hotel
    won = {task_id: winners(adversary, task) for task_id, task in tasks.items()}

    assert {task_id: names for task_id, names in won.items() if names} == {}


def test_every_strategy_is_tried_on_the_examples() -> None:
    report = validate_bundle(EXAMPLES / "library")

    assert report.ok, report.problems()
    tried = {name for name, tally in report.strategies.items() if tally.attempts + tally.not_applicable}
    assert tried == set(STRATEGY_NAMES)
    assert all(tally.wins == 0 for tally in report.strategies.values())
