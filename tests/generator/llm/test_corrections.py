"""Broken answers, as a model gives them: corrected in a later round with the checker's own words, or
dropped and reported; what survives passes the gate, serves over MCP, and a rerun costs nothing."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator import validate_dir
from generator.llm import LLMOptions, generate_llm
from generator.llm.scripted import Script, ScriptedWorld
from servers import Worker, WorkerSettings, create_app
from tests.conftest import TOKEN, running
from tests.generator.test_runtime import play
from worldfarm import ChatSettings, load_bundle
from worldfarm.testing import FakeLLM

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

ROUNDS = 3


@dataclass
class Run:
    out: Path
    report: dict[str, Any]
    requests: list[dict[str, Any]]
    a: ScriptedWorld
    b: ScriptedWorld
    never: str
    """The tool whose checks never pass."""
    fixed: str
    """The tool that fails once and is corrected."""
    write_tasks: list[str]
    """Two write tasks: the first's verifier is corrected, the second's never."""


def scripted_options(out: Path, llm: FakeLLM, seeds: Path, scenarios: int = 2) -> LLMOptions:
    chat = ChatSettings(model="scripted", base_url=llm.base_url, max_tokens=None, retries=1, backoff=0.01)
    return LLMOptions(out=out, chat=chat, scenarios=scenarios, seeds=seeds, max_rounds=ROUNDS, price_in=2, price_out=8)


def broken_schema(world: ScriptedWorld) -> dict[str, Any]:
    schema = copy.deepcopy(world.env["schema"])
    table = schema["tables"][1]
    table["sql"] = table["sql"].rstrip().removesuffix(")") + ",\n)"  # a trailing comma: a syntax error
    return dict(schema)


def fk_violating_seed(world: ScriptedWorld) -> dict[str, Any]:
    seed = copy.deepcopy(world.env["seed"])
    for table in world.env["schema"]["tables"]:
        found = re.search(r"^\s+(\w+) INTEGER[^,\n]* REFERENCES ", table["sql"], re.MULTILINE)
        block = next((b for b in seed if b["table"] == table["name"] and b["rows"]), None)
        if found and block:
            block["rows"][0][block["columns"].index(found.group(1))] = 9999
            return {"seed": seed}
    raise AssertionError("no table with a foreign key and rows")


def tools_with_defects(world: ScriptedWorld, never: str, fixed: str) -> dict[str, Any]:
    tools = copy.deepcopy(world.env["tools"])
    for tool in tools:
        if tool["name"] == never:
            tool["program"].insert(0, {"kind": "check", "sql": "SELECT 0", "error": "closed for maintenance today"})
        if tool["name"] == fixed:
            tool["program"][-1]["sql"] = "SELECT no_such_column"
    return {"tools": tools}


def never_passing_tool(world: ScriptedWorld, name: str) -> dict[str, Any]:
    return next(t for t in tools_with_defects(world, name, "")["tools"] if t["name"] == name)


ALREADY_TRUE = {"assertions": [{"sql": "SELECT 1", "message": "always true"}], "answer": []}


def already_true(world: ScriptedWorld, task_id: str) -> dict[str, Any]:
    return {**world.answer("solution", task_id), "verifier": ALREADY_TRUE}


def script_for(worlds: list[ScriptedWorld]) -> tuple[Script, dict[str, Any]]:
    a, b = worlds[0], worlds[1]
    never, fixed = a.unused_tools()[:2]
    writers = [t["id"] for t in a.tasks if "write" in t["tags"]][:2]
    near_duplicate = {**a.scenario(), "id": "outdoor-gear-store", "title": a.env["title"] + " Store"}
    invalid = {"id": "Not An Id!", "title": "x", "description": "y", "domain": "commerce"}
    script = Script(worlds, scenarios=[{"scenarios": [a.scenario(), near_duplicate, invalid, b.scenario()]}])
    script.defects = {
        ("tasks", a.id, ""): ['```json\n{"tasks": [{"id": "t01", "instruction": '],
        ("schema", a.id, ""): [broken_schema(a)],
        ("seed", a.id, ""): [fk_violating_seed(a)],
        ("tools", a.id, ""): [tools_with_defects(a, never, fixed)],
        ("tool", a.id, never): [None, *[never_passing_tool(a, never)] * ROUNDS],
        ("solution", a.id, writers[0]): [already_true(a, writers[0])],
        ("solution", a.id, writers[1]): [already_true(a, writers[1])] * (ROUNDS + 1),
        ("schema", b.id, ""): [broken_schema(b)] * (ROUNDS + 1),
    }
    return script, {"never": never, "fixed": fixed, "write_tasks": writers}


@pytest.fixture(scope="module")
def run(worlds: list[ScriptedWorld], seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One run of ``generate_llm`` (the synchronous API, its own event loop) against the scripted model."""
    out = tmp_path_factory.mktemp("llm-envs")
    script, picked = script_for(worlds)
    with FakeLLM.in_thread() as llm:
        llm.responder = script
        report = generate_llm(scripted_options(out, llm, seeds))
    return Run(out, report, llm.requests, worlds[0], worlds[1], **picked)


def corrections(run: Run, env: str) -> dict[tuple[str, str], dict[str, Any]]:
    entry = next(e for e in run.report["per_environment"] if e["env"] == env)
    return {(c["stage"], c["item"]): c for c in entry["corrections"]}


def dropped(run: Run, env: str) -> dict[tuple[str, str], str]:
    entry = next(e for e in run.report["per_environment"] if e["env"] == env)
    return {(d["kind"], d["name"]): d["reason"] for d in entry["dropped"]}


def test_invalid_json_a_ddl_error_and_a_foreign_key_violation_are_corrected_in_the_next_round(run: Run) -> None:
    fixed = corrections(run, run.a.id)

    assert fixed[("tasks", "task list")]["outcome"] == "corrected"
    assert "not valid JSON" in fixed[("tasks", "task list")]["first_problems"][0]
    assert fixed[("schema", "schema")]["rounds"] == 1
    assert "SQLite rejects it" in fixed[("schema", "schema")]["first_problems"][0]
    assert fixed[("seed", "seed data")]["outcome"] == "corrected"
    assert "FOREIGN KEY constraint failed" in fixed[("seed", "seed data")]["first_problems"][0]
    assert fixed[("tools", run.fixed)]["outcome"] == "corrected"
    assert "no such column" in fixed[("tools", run.fixed)]["first_problems"][0]
    assert fixed[("solution", run.write_tasks[0])]["outcome"] == "corrected"


def test_a_correction_request_carries_the_failing_item_and_the_checkers_message(run: Run) -> None:
    schema_requests = [
        r
        for r in run.requests
        if r["response_format"]["json_schema"]["name"] == "worldfarm_schema"
        and f"Scenario id: {run.a.id}" in r["messages"][1]["content"]
    ]

    assert len(schema_requests) == 2
    fix = schema_requests[1]["messages"]
    assert json.loads(fix[-2]["content"]) == broken_schema(run.a)
    assert fix[-2]["role"] == "assistant"
    assert (
        f"env.json: schema.tables[1] ({run.a.env['schema']['tables'][1]['name']}).sql: SQLite rejects it"
        in (fix[-1]["content"])
    )


def test_what_still_fails_after_the_last_round_is_dropped_with_the_reason(run: Run) -> None:
    gone = dropped(run, run.a.id)

    assert "no valid call found in the initial state" in gone[("tool", run.never)]
    assert "the verifier already passes before anything is done" in gone[("task", run.write_tasks[1])]
    assert corrections(run, run.a.id)[("tools", run.never)]["rounds"] == ROUNDS + 1
    assert {d["env"]: d["reason"] for d in run.report["dropped"]}[run.b.id].startswith(
        f"the schema still fails after {ROUNDS} correction rounds: env.json: schema.tables[1]"
    )
    assert not (run.out / run.b.id).exists()
    rejected = {d["name"]: d["reason"] for d in run.report["scenarios"]["rejected"]}
    assert rejected["outdoor-gear-store"].startswith(f"near-duplicate of {run.a.id!r}")
    assert "id: String should match pattern" in rejected["Not An Id!"]


def test_the_kept_bundle_passes_validate_without_what_was_dropped(run: Run) -> None:
    verdicts = validate_dir(run.out)

    assert [(v.env_id, v.ok) for v in verdicts] == [(run.a.id, True)]
    bundle = load_bundle(run.out / run.a.id)
    assert run.never not in {t.name for t in bundle.env.tools}
    assert len(bundle.env.tools) == len(run.a.env["tools"]) - 1
    assert [t.id for t in bundle.tasks] == [t["id"] for t in run.a.tasks if t["id"] != run.write_tasks[1]]


def test_the_report_counts_requests_tokens_and_cost_per_stage(run: Run) -> None:
    stages = run.report["usage"]["stages"]

    assert stages["total"]["requests"] == len(run.requests)
    assert stages["schema"]["requests"] == 2 + ROUNDS + 1  # a: one correction; b: every round
    assert stages["total"]["prompt_tokens"] == 1000 * len(run.requests)
    assert stages["total"]["cost_usd"] == pytest.approx(len(run.requests) * (1000 * 2 + 200 * 8) / 1e6)
    markdown = (run.out / "report.md").read_text()
    assert f"| {run.a.id} | tool | {run.never} | tools |" in markdown
    assert "| schema |" in markdown


async def test_the_kept_bundle_serves_over_mcp_and_its_tasks_are_solved_by_their_reference(run: Run) -> None:
    async with running(create_app(Worker(WorkerSettings(bundles=run.out, token=TOKEN)))) as http:
        listed = await http.get("/v1/envs")
        tasks = load_bundle(run.out / run.a.id).tasks
        verdicts = [await play(http, run.a.id, task.model_dump(mode="json")) for task in tasks]

    assert listed.json()["envs"] == [{"id": run.a.id}]
    assert len(verdicts) == len(run.a.tasks) - 1
    assert all(v["passed"] for v in verdicts)


def test_a_rerun_answers_every_request_from_the_cache_and_sends_none(run: Run, seeds: Path) -> None:
    before = (run.out / run.a.id / "env.json").read_bytes()
    with FakeLLM.in_thread() as llm:
        report = generate_llm(scripted_options(run.out, llm, seeds))

    assert llm.requests == []
    assert report["kept"] == run.report["kept"]
    assert report["usage"]["stages"]["total"]["cached"] == len(run.requests)
    assert report["usage"]["stages"]["total"]["saved_usd"] == run.report["usage"]["stages"]["total"]["cost_usd"]
    assert (run.out / run.a.id / "env.json").read_bytes() == before
