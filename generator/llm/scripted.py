"""A scripted model for the pipeline's tests and benchmark: it answers every stage from blueprint bundles ("worlds").

The fake server's ``responder`` is a :class:`Script`: for each request it finds the stage (the name
of the JSON Schema asked for), the world (``Scenario id: ...`` in the prompt), the item (a tool's
name, a task's id) and the round (how many replies the conversation already holds), and answers
with the world's own part, unless a defect is scripted for that (stage, world, item, round).
Requests are answered by content, not arrival order, so concurrency changes nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worldfarm.testing import Raw, completion

Reply = dict[str, Any] | str | Raw
"""A JSON answer, raw text (e.g. invalid JSON), or a raw HTTP reply."""


@dataclass
class ScriptedWorld:
    """A bundle that passes the gate, as the answers a perfect model would give."""

    env: dict[str, Any]
    tasks: list[dict[str, Any]]

    @classmethod
    def read(cls, path: Path) -> ScriptedWorld:
        tasks = [json.loads(line) for line in (path / "tasks.jsonl").read_text().splitlines() if line.strip()]
        return cls(json.loads((path / "env.json").read_text()), tasks)

    @property
    def id(self) -> str:
        return str(self.env["id"])

    def scenario(self) -> dict[str, Any]:
        return {k: self.env[k] for k in ("id", "title", "description", "domain", "clock")}

    def answer(self, stage: str, item: str) -> dict[str, Any]:
        if stage == "tasks":
            keys = ("id", "instruction", "difficulty", "tags")
            return {"tasks": [{k: t[k] for k in keys} for t in self.tasks]}
        if stage == "schema":
            return dict(self.env["schema"])
        if stage in ("seed", "tools"):
            return {stage: self.env[stage]}
        if stage == "tool":
            return dict(self.tool(item))
        if stage == "solution":
            task = next(t for t in self.tasks if t["id"] == item)
            return {k: task[k] for k in ("instruction", "verifier", "solution")}
        raise AssertionError(f"no world answer for stage {stage}")

    def tool(self, name: str) -> dict[str, Any]:
        return next(t for t in self.env["tools"] if t["name"] == name)

    def unused_tools(self) -> list[str]:
        """Tools no reference solution calls (dropping one costs no task)."""
        used = {call["tool"] for task in self.tasks for call in task["solution"]}
        return [t["name"] for t in self.env["tools"] if t["name"] not in used]


@dataclass
class Script:
    worlds: list[ScriptedWorld]
    scenarios: list[Reply]
    """Answers to the scenario stage, one per request, in order (the stage asks one batch at a time)."""
    defects: dict[tuple[str, str, str], list[Reply | None]] = field(default_factory=dict)
    """(stage, world id, item) -> the answer in each round (None: the world's own); item "" for whole stages."""
    asked: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def __call__(self, body: dict[str, Any]) -> Any:
        stage = body["response_format"]["json_schema"]["name"].removeprefix("worldfarm_")
        if stage == "scenarios":
            batch = self.asked[("scenarios", "", "")]
            self.asked[("scenarios", "", "")] += 1
            return _reply(self.scenarios[batch] if batch < len(self.scenarios) else {"scenarios": []})
        messages = body["messages"]
        world = self._world(messages[1]["content"])
        item = _item(stage, messages)
        key = (stage, world.id, item)
        round_ = self.asked[key] + (1 if stage == "tool" else 0)  # a tool's first answer is in the tool list
        self.asked[key] += 1
        planned = self.defects.get(key, [])
        scripted = planned[round_] if round_ < len(planned) else None
        return _reply(world.answer(stage, item) if scripted is None else scripted)

    def _world(self, prompt: str) -> ScriptedWorld:
        found = re.search(r"^Scenario id: (\S+)$", prompt, re.MULTILINE)
        assert found, prompt[:300]
        return next(w for w in self.worlds if w.id == found.group(1))


def _item(stage: str, messages: list[dict[str, Any]]) -> str:
    if stage == "tool":
        return str(json.loads(messages[2]["content"]).get("name", ""))
    if stage == "solution":
        found = re.search(r"^Task id: (\S+)$", messages[1]["content"], re.MULTILINE)
        assert found
        return found.group(1)
    return ""


def _reply(reply: Reply) -> Any:
    if isinstance(reply, Raw):
        return reply
    text = reply if isinstance(reply, str) else json.dumps(reply)
    return completion({"role": "assistant", "content": text}, prompt_tokens=1000, completion_tokens=200)
