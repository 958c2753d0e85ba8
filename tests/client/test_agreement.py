"""One truth across reward modes: a corpus of trajectories (equivalent correct routes and near misses) that
the ``verifier`` and ``state`` modes must score alike, each with the reward it deserves.

The corpus runs on the hand-written examples and on one generated environment (environment 18 of the
standard set, a credit union, built from its task candidates), through a real worker in process and the
harness's own reward code. Correct routes that take a detour (a wrong phone fixed) must score 1 in both
modes; near misses (a wrong memo, a transfer done in two halves, a collateral change, a hedged answer) 0
in both.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from client import Farm
from client.episode import Episode
from generator.assemble import build_world
from generator.build import env_id_for
from generator.tasks_out import derive_tasks, task_json
from servers import Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, lifespan_of
from worldfarm import Task

GENERATED_INDEX = 18
GENERATED = env_id_for(GENERATED_INDEX)
GENERATED_KINDS = ("register-customer", "update-contact", "transfer-to-savings")

Route = Callable[[Episode, Task], Awaitable[str]]


@dataclass(frozen=True)
class Trajectory:
    name: str
    env: str
    task: str
    route: Route
    reward: float


async def call(episode: Episode, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await episode.call_tool(tool, arguments)
    assert not result.is_error, (tool, arguments, result.text)
    return result.structured or {}


async def replay(episode: Episode, task: Task, skip: int = 0) -> str:
    """The reference solution (but its first ``skip`` calls), answering with the expected values."""
    for step in task.solution[skip:]:
        await call(episode, step.tool, **step.arguments)
    return "; ".join(task.verifier.answer)


# --- routes -----------------------------------------------------------------------------------------


async def reference(episode: Episode, task: Task) -> str:
    return await replay(episode, task)


async def ivy_with_a_wrong_phone_fixed(episode: Episode, task: Task) -> str:
    guest = await call(episode, "create_guest", name="Ivy Chen", email="ivy.chen@example.com", phone="+1-555-0143")
    await call(episode, "update_guest_contact", guest_id=guest["id"], phone="+1-555-0142")
    await replay(episode, task, skip=1)
    return "Done."


async def ivy_in_the_wrong_room(episode: Episode, task: Task) -> str:
    guest = await call(episode, "create_guest", name="Ivy Chen", email="ivy.chen@example.com", phone="+1-555-0142")
    args = {"guest_id": guest["id"], "room_id": 104, "check_in": "2026-03-12", "check_out": "2026-03-14"}
    await call(episode, "create_booking", **args, guests_count=2)
    return "Done."


async def farid_and_chloe_cancelled(episode: Episode, task: Task) -> str:
    await replay(episode, task)
    await call(episode, "cancel_booking", booking_id=3)
    return "Done."


async def david_gets_a_wrong_phone(episode: Episode, task: Task) -> str:
    await call(episode, "update_guest_contact", guest_id=4, phone="+1-555-0190")
    return "Done."


async def breakfast_ordered_in_two_goes(episode: Episode, task: Task) -> str:
    await call(episode, "add_service", booking_id=2, service_code="BRK", quantity=1)
    await call(episode, "add_service", booking_id=2, service_code="BRK", quantity=1)
    return "Done."


async def suite_rate_in_words(episode: Episode, task: Task) -> str:
    await replay(episode, task)
    return "A Suite is $320.00 a night."


async def suite_rate_hedged(episode: Episode, task: Task) -> str:
    await replay(episode, task)
    return "A Suite is $320.00 a night, or $190.00 for the Family room."


async def kenji_told_a_wrong_amount(episode: Episode, task: Task) -> str:
    await replay(episode, task)
    return "He owes $2.75."


async def registered_with_a_wrong_phone_then_fixed(episode: Episode, task: Task) -> str:
    """Register the new customer with a wrong phone, then correct it: the same end state as the reference."""
    step = task.solution[-1]
    made = await call(episode, step.tool, **{**step.arguments, "phone": "+1-555-0100"})
    tools = [t["function"] for t in episode.openai_tools()]
    update = next(  # the tool that changes a record's phone, given the record's id
        t
        for t in tools
        if "phone" in t["parameters"]["properties"] and any(k.endswith("_id") for k in t["parameters"]["required"])
    )
    key = next(k for k in update["parameters"]["required"] if k.endswith("_id"))
    await call(episode, update["name"], **{key: made["id"], "phone": step.arguments["phone"]})
    return "Done."


async def contact_with_a_wrong_phone(episode: Episode, task: Task) -> str:
    step = task.solution[-1]
    await call(episode, step.tool, **{**step.arguments, "phone": "+1-555-0190"})
    return "Done."


async def transfer_with_another_memo(episode: Episode, task: Task) -> str:
    for step in task.solution:
        memo = {"memo": "transfer"} if "memo" in step.arguments else {}
        await call(episode, step.tool, **{**step.arguments, **memo})
    return "; ".join(task.verifier.answer)


async def transfer_in_two_halves(episode: Episode, task: Task) -> str:
    for step in task.solution:
        if "memo" in step.arguments:
            half = {**step.arguments, "amount": step.arguments["amount"] / 2}
            await call(episode, step.tool, **half)
            await call(episode, step.tool, **half)
        else:
            await call(episode, step.tool, **step.arguments)
    return "; ".join(task.verifier.answer)


CORPUS = [
    Trajectory("the reference", "hotel", "new-guest-booking", reference, 1.0),
    Trajectory("a wrong phone fixed", "hotel", "new-guest-booking", ivy_with_a_wrong_phone_fixed, 1.0),
    Trajectory("the wrong room", "hotel", "new-guest-booking", ivy_in_the_wrong_room, 0.0),
    Trajectory("the reference", "hotel", "cancel-farid", reference, 1.0),
    Trajectory("another booking cancelled too", "hotel", "cancel-farid", farid_and_chloe_cancelled, 0.0),
    Trajectory("a wrong phone", "hotel", "update-phone", david_gets_a_wrong_phone, 0.0),
    Trajectory("two orders of one", "hotel", "breakfast-ben", breakfast_ordered_in_two_goes, 0.0),
    Trajectory("the rate in a sentence", "hotel", "suite-rate", suite_rate_in_words, 1.0),
    Trajectory("a hedged rate", "hotel", "suite-rate", suite_rate_hedged, 0.0),
    Trajectory("the reference", "library", "kenji-return-late", reference, 1.0),
    Trajectory("a wrong amount told", "library", "kenji-return-late", kenji_told_a_wrong_amount, 0.0),
    Trajectory("the reference", "library", "receive-dispossessed", reference, 1.0),
    Trajectory("the reference", GENERATED, "register-customer", reference, 1.0),
    Trajectory("a wrong phone fixed", GENERATED, "register-customer", registered_with_a_wrong_phone_then_fixed, 1.0),
    Trajectory("the reference", GENERATED, "update-contact", reference, 1.0),
    Trajectory("a wrong phone", GENERATED, "update-contact", contact_with_a_wrong_phone, 0.0),
    Trajectory("the reference", GENERATED, "transfer-to-savings", reference, 1.0),
    Trajectory("another memo", GENERATED, "transfer-to-savings", transfer_with_another_memo, 0.0),
    Trajectory("two halves", GENERATED, "transfer-to-savings", transfer_in_two_halves, 0.0),
]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, and a generated credit union with the task candidates the corpus needs (ids are their kinds)."""
    root = tmp_path_factory.mktemp("agreement")
    for name in ("hotel", "library"):
        shutil.copytree(EXAMPLES / name, root / name, ignore=shutil.ignore_patterns("seed.sqlite*"))
    world = build_world(0, GENERATED_INDEX)
    chosen = {c.kind: c for c in world.tasks if c.kind in GENERATED_KINDS}
    assert set(chosen) == set(GENERATED_KINDS), f"{GENERATED} lost a task kind the corpus needs"
    folder = root / GENERATED
    folder.mkdir()
    tasks, dropped = derive_tasks(folder, world, [chosen[k] for k in GENERATED_KINDS], len(GENERATED_KINDS))
    assert len(tasks) == len(GENERATED_KINDS), dropped
    (folder / "tasks.jsonl").write_text(
        "".join(json.dumps({**task_json(t), "id": t.id.split("-", 1)[1]}) + "\n" for t in tasks)
    )
    return root


@pytest.fixture
async def corpus_farm(bundles: Path) -> AsyncIterator[Farm]:
    app = create_app(Worker(WorkerSettings(bundles=bundles, token=TOKEN)))
    async with lifespan_of(app):
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), timeout=30)
        async with http, Farm("http://127.0.0.1:8000", TOKEN, http=http) as farm:
            yield farm


@pytest.mark.parametrize("trajectory", CORPUS, ids=lambda t: f"{t.env}/{t.task}: {t.name}")
async def test_verifier_and_state_modes_agree_on_the_trajectory(corpus_farm: Farm, trajectory: Trajectory) -> None:
    task = await corpus_farm.task(trajectory.env, trajectory.task)
    assert isinstance(task, Task)  # a data bundle's task (code bundles have no reference solution to replay)
    async with corpus_farm.episode(trajectory.env, trajectory.task) as episode:
        answer = await trajectory.route(episode, task)
        by_verifier = await episode.reward(answer, mode="verifier")
        by_state = await episode.reward(answer, mode="state")

    assert (by_verifier.reward, by_state.reward) == (trajectory.reward, trajectory.reward), (
        by_verifier.summary(),
        by_state.state.differences if by_state.state else None,
        [a.message for a in by_verifier.assertions if not a.passed],
    )
