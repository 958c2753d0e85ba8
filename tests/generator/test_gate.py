"""The validation gate catches each kind of broken bundle, with a message that says what is wrong."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import validate_bundle
from tests.conftest import EXAMPLES

Json = dict[str, Any]


def edit_env(bundle: Path, change: Callable[[Json], None]) -> None:
    env = json.loads((bundle / "env.json").read_text())
    change(env)
    (bundle / "env.json").write_text(json.dumps(env))


def edit_tasks(bundle: Path, change: Callable[[list[Json]], None]) -> None:
    tasks = [json.loads(line) for line in (bundle / "tasks.jsonl").read_text().splitlines()]
    change(tasks)
    (bundle / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks))


def tool(env: Json, prefix: str) -> Json:
    return next(t for t in env["tools"] if t["name"].startswith(prefix))


def first_write_task(tasks: list[Json]) -> Json:
    """The first task that changes something and asks for no answer."""
    return next(t for t in tasks if "write" in t["tags"] and not t["verifier"].get("answer"))


def test_a_generated_bundle_passes_the_gate(bundle_copy: Path) -> None:
    report = validate_bundle(bundle_copy)

    assert report.ok, report.problems()
    assert report.good_tasks >= 10


def break_ddl(env: Json) -> None:
    env["schema"]["tables"][0]["sql"] = env["schema"]["tables"][0]["sql"].replace(
        "INTEGER PRIMARY KEY", "INTEGR PRIMRY KEY,,"
    )


def break_foreign_key(env: Json) -> None:
    block = next(s for s in env["seed"] if any(c.endswith("_id") and c != "id" for c in s["columns"]))
    column = next(i for i, c in enumerate(block["columns"]) if c.endswith("_id") and c != "id")
    block["rows"][0][column] = 999999


def break_bad_sql(env: Json) -> None:
    env["tools"][0]["program"][-1]["sql"] = "SELECT nonexistent_column FROM nowhere"


def accept_missing_record(env: Json) -> None:
    """A write tool that no longer checks the record it is given exists, and says it did the work."""
    write = next(
        t
        for t in env["tools"]
        if not t.get("annotations", {}).get("readOnlyHint")
        and any(s["kind"] == "check" and s["sql"].startswith("SELECT EXISTS") for s in t["program"])
    )
    done = {"kind": "return", "sql": "SELECT 'done' AS status"}
    write["program"] = [s for s in write["program"] if s["kind"] not in ("check", "return")] + [done]
    write["output_schema"] = {"type": "object", "properties": {"status": {"type": "string"}}}


def refuse_everything(env: Json) -> None:
    get = next(t for t in env["tools"] if t["annotations"].get("readOnlyHint") and t["input_schema"]["required"])
    get["program"].insert(0, {"kind": "check", "sql": "SELECT 0", "error": "closed for maintenance, try again later"})


def crash_as_a_bug(env: Json) -> None:
    get = next(t for t in env["tools"] if t["annotations"].get("readOnlyHint") and t["input_schema"]["required"])
    get["program"] = [get["program"][-1]]  # no existence check: a missing id finds nothing to return


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (break_ddl, "SQLite rejects it"),
        (break_foreign_key, "FOREIGN KEY constraint failed"),
        (break_bad_sql, "no such"),
        (accept_missing_record, "which does not exist"),
        (refuse_everything, "no valid call found"),
        (crash_as_a_bug, "fails as a bug, not a tool error"),
    ],
)
def test_a_broken_environment_is_refused_with_a_clear_message(
    bundle_copy: Path, breakage: Callable[[Json], None], expected: str
) -> None:
    edit_env(bundle_copy, breakage)

    report = validate_bundle(bundle_copy)

    assert not report.ok
    assert any(expected in problem for problem in report.problems()), report.problems()


def already_solved(tasks: list[Json]) -> None:
    first_write_task(tasks)["verifier"]["assertions"] = [{"sql": "SELECT 1", "message": "always true"}]


def failing_solution(tasks: list[Json]) -> None:
    """A write task whose calls name a record that does not exist."""
    task = first_write_task(tasks)
    for call in task["solution"]:
        call["arguments"] = {k: (987654 if k.endswith("_id") else v) for k, v in call["arguments"].items()}


def blind_verifier(tasks: list[Json]) -> None:
    task = next(t for t in tasks if any("initial." not in a["sql"] for a in t["verifier"]["assertions"]))
    task["verifier"]["assertions"] = [a for a in task["verifier"]["assertions"] if "initial." not in a["sql"]]


def careless_verifier(tasks: list[Json]) -> None:
    task = next(t for t in tasks if "lookup" in t["tags"])
    task["verifier"]["assertions"] = [
        {
            "sql": "SELECT (SELECT COUNT(*) FROM main.sqlite_master) = (SELECT COUNT(*) FROM initial.sqlite_master)",
            "message": "same tables",
        }
    ]


def wrong_answer(tasks: list[Json]) -> None:
    next(t for t in tasks if t["verifier"].get("answer"))["verifier"]["answer"] = ["no such value anywhere 424242"]


def names_a_tool(tasks: list[Json]) -> None:
    task = first_write_task(tasks)
    task["instruction"] += f" Use {task['solution'][-1]['tool']} for it."


def too_few_tasks(tasks: list[Json]) -> None:
    del tasks[9:]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (already_solved, "already passes before anything is done"),
        (failing_solution, "fails: "),
        (blind_verifier, "never compares main with initial"),
        (wrong_answer, "is not in the solution's results"),
        (names_a_tool, "the instruction names"),
        (too_few_tasks, "only 9 good tasks"),
    ],
)
def test_a_broken_task_is_refused_with_a_clear_message(
    bundle_copy: Path, breakage: Callable[[list[Json]], None], expected: str
) -> None:
    edit_tasks(bundle_copy, breakage)

    report = validate_bundle(bundle_copy)

    assert not report.ok
    assert any(expected in problem for problem in report.problems()), report.problems()


def test_a_verifier_that_does_not_notice_other_rows_change_is_refused(generated: Path, tmp_path: Path) -> None:
    """On the first bundle that has a lookup (a task that must leave everything as it was)."""
    source = next(p for p in sorted(generated.iterdir()) if '"lookup"' in _text(p / "tasks.jsonl"))
    bundle = tmp_path / source.name
    shutil.copytree(source, bundle, ignore=shutil.ignore_patterns("seed.sqlite*"))
    edit_tasks(bundle, careless_verifier)

    report = validate_bundle(bundle)

    assert not report.ok
    assert any("still passes when a row of" in problem for problem in report.problems()), report.problems()


def _text(path: Path) -> str:
    return path.read_text() if path.is_file() else ""


def test_a_folder_that_is_not_a_bundle_is_reported_not_raised(tmp_path: Path) -> None:
    report = validate_bundle(tmp_path)

    assert not report.ok
    assert "not a bundle" in report.problems()[0]


@pytest.mark.parametrize("name", ["hotel", "library"])
def test_the_hand_written_examples_pass_the_gate(name: str) -> None:
    # hotel's check_out only succeeds after a payment (a reference solution's earlier call), and its
    # change_booking_dates is only called through the example its input schema declares
    report = validate_bundle(EXAMPLES / name)
    assert report.problems() == []
    assert report.ok
