"""The contract every environment must meet, checked by running it through the real runtime.

For each task: the verifier is false on the initial state, the reference solution runs with no tool
error and every result matches its tool's output schema, the verifier is true afterwards, and each
expected answer appears in what the solution's calls returned or in the environment's description (so
an agent can find it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import jsonschema

from servers.environments import EnvRuntime
from servers.episodes import EpisodeStore
from servers.errors import ServerError
from servers.inspection import verify
from worldfarm.task import Task


@dataclass(frozen=True)
class Problem:
    env: str
    task: str | None
    problem: str

    def __str__(self) -> str:
        return f"{self.env}/{self.task}: {self.problem}" if self.task else f"{self.env}: {self.problem}"


def check_environment(runtime: EnvRuntime) -> list[Problem]:
    """Every problem with ``runtime``'s tasks; an empty list means it meets the contract."""
    store = EpisodeStore()
    problems: list[Problem] = []
    for task in runtime.bundle.tasks:
        problems += [Problem(runtime.id, task.id, p) for p in check_task(store, runtime, task)]
    store.close_all()
    return problems


def check_task(store: EpisodeStore, runtime: EnvRuntime, task: Task) -> list[str]:
    episode = store.create(runtime, task)
    try:
        before = verify(episode, task, answer=None)
        problems = [] if not before.passed else ["the verifier already passes before anything is done"]
        problems += [f"assertion {a.message!r} fails to run: {a.error}" for a in before.assertions if a.error]
        outputs: list[str] = []
        for index, call in enumerate(task.solution):
            try:
                result = episode.call(call.tool, call.arguments)
            except ServerError as exc:
                return [*problems, f"solution[{index}] {call.tool} fails: {exc.message}"]
            schema = runtime.env.tool(call.tool).output_schema  # type: ignore[union-attr]
            error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(result))
            if error is not None:
                problems.append(f"solution[{index}] {call.tool} returns {error.message} against its output schema")
            outputs.append(json.dumps(result))
        transcript = "\n".join([*outputs, runtime.env.description])  # agents are given the description too
        after = verify(episode, task, answer=transcript)
        problems += [f"after the solution, assertion fails: {a.message}" for a in after.assertions if not a.passed]
        problems += [
            f"expected answer {a.expected!r} is not in the solution's results" for a in after.answers if not a.found
        ]
        return problems
    finally:
        store.close(episode.id)
