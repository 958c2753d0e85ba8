"""Loading bundles: every defect is an error naming the file, the place inside it and the problem."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.servers.tiny import ENV, TASKS, write_bundle
from worldfarm import BundleError, find_bundles, load_bundle
from worldfarm.template import CACHE_FILE

Env = dict[str, Any]


def program(env: Env, tool: int) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = env["tools"][tool]["program"]
    return steps


ENV_DEFECTS: list[tuple[str, Callable[[Env], None], str, str]] = [
    ("unknown key", lambda e: e.update(colour="blue"), "colour", "Extra inputs are not permitted"),
    ("reserved tool", lambda e: e["tools"][0].update(name="reset"), "tools[0].name", "reserved for the control plane"),
    ("two tools one name", lambda e: e["tools"].append(e["tools"][0]), "", "tool 'get_account' is defined twice"),
    ("no return", lambda e: program(e, 0).__delitem__(-1), "tools[0]", "must end with a return step"),
    (
        "bad DDL",
        lambda e: e["schema"]["tables"][0].update(sql="CREATE TABLE accounts (id INTEGR PRIMARY"),
        "schema.tables[0] (accounts).sql",
        "SQLite rejects it",
    ),
    (
        "seed FK",
        lambda e: e["seed"].append({"table": "notes", "columns": ["id", "account_id"], "rows": [[1, 99]]}),
        "seed[1] (notes).rows[0]",
        "FOREIGN KEY constraint failed",
    ),
    (
        "seed column",
        lambda e: e["seed"][0]["columns"].__setitem__(3, "opened"),
        "seed[0] (accounts).columns",
        "no column 'opened'",
    ),
    (
        "unknown parameter",
        lambda e: program(e, 0)[1].update(sql="SELECT * FROM accounts WHERE id = :acount_id"),
        "tools[0] (get_account).program[1].sql",
        "unknown parameter :acount_id",
    ),
    (
        "positional parameter",
        lambda e: program(e, 0)[1].update(sql="SELECT * FROM accounts WHERE id = ?"),
        "tools[0] (get_account).program[1].sql",
        "parameters are written :name",
    ),
    (
        "check that writes",
        lambda e: program(e, 0)[0].update(sql="DELETE FROM accounts"),
        "tools[0] (get_account).program[0].sql",
        "not allowed here: delete from accounts",
    ),
    (
        "exec that attaches",
        lambda e: program(e, 2)[1].update(sql="ATTACH 'x.db' AS x"),
        "tools[2] (transfer).program[1].sql",
        "not allowed here: attach",
    ),
    (
        "two statements",
        lambda e: program(e, 2)[1].update(sql="UPDATE accounts SET balance = 0; DELETE FROM accounts"),
        "tools[2] (transfer).program[1].sql",
        "one statement at a time",
    ),
    (
        "nondeterministic",
        lambda e: program(e, 4)[0].update(
            sql="INSERT INTO accounts (owner, balance, opened_at) VALUES (:owner, 0, datetime('now'))"
        ),
        "tools[4]",
        "not deterministic; use :_now",
    ),
    (
        "message placeholder",
        lambda e: program(e, 0)[0].update(error="account {acount} not found"),
        "tools[0] (get_account).program[0].error",
        "placeholder {acount} names nothing",
    ),
    (
        "open input schema",
        lambda e: e["tools"][0]["input_schema"].pop("additionalProperties"),
        "tools[0] (get_account).input_schema",
        '"additionalProperties": false',
    ),
    (
        "output schema",
        lambda e: e["tools"][0]["output_schema"].update(required=["iban"]),
        "tools[0] (get_account).program[-1]",
        "requires 'iban', which it does not select",
    ),
    (
        "invalid JSON Schema",
        lambda e: e["tools"][0]["input_schema"].update(type="record"),
        "tools[0] (get_account).input_schema",
        "not a valid JSON Schema",
    ),
]


@pytest.mark.parametrize(("defect", "mutate", "location", "problem"), ENV_DEFECTS, ids=[d[0] for d in ENV_DEFECTS])
def test_a_defect_in_env_json_names_where_and_what(
    tmp_path: Path, defect: str, mutate: Callable[[Env], None], location: str, problem: str
) -> None:
    env = copy.deepcopy(ENV)
    mutate(env)
    folder = write_bundle(tmp_path, env)
    with pytest.raises(BundleError) as caught:
        load_bundle(folder)
    assert caught.value.file == str(folder / "env.json")
    assert caught.value.location.startswith(location), caught.value
    assert problem in caught.value.problem, caught.value


TASK_DEFECTS: list[tuple[str, Callable[[list[dict[str, Any]]], None], str, str]] = [
    (
        "unknown solution tool",
        lambda t: t[0]["solution"][0].update(tool="wire"),
        "line 1 (pay-bob): solution[0]",
        "unknown tool 'wire'",
    ),
    (
        "bad solution arguments",
        lambda t: t[0]["solution"][0]["arguments"].pop("amount"),
        "line 1 (pay-bob): solution[0]",
        "'amount' is a required property",
    ),
    (
        "assertion writes",
        lambda t: t[0]["verifier"]["assertions"][0].update(sql="DELETE FROM main.accounts"),
        "line 1 (pay-bob): verifier.assertions[0].sql",
        "not allowed here",
    ),
    (
        "assertion bad table",
        lambda t: t[0]["verifier"]["assertions"][0].update(sql="SELECT 1 FROM main.acounts"),
        "line 1 (pay-bob): verifier.assertions[0].sql",
        "no such table: main.acounts",
    ),
    ("duplicate id", lambda t: t.append(t[0]), "line 3 (pay-bob)", "task id 'pay-bob' is used twice"),
    (
        "empty verifier",
        lambda t: t[0]["verifier"].update(assertions=[]),
        "line 1: verifier",
        "at least one assertion or one expected answer",
    ),
]


@pytest.mark.parametrize(("defect", "mutate", "location", "problem"), TASK_DEFECTS, ids=[d[0] for d in TASK_DEFECTS])
def test_a_defect_in_tasks_jsonl_names_the_line_and_what(
    tmp_path: Path, defect: str, mutate: Callable[[list[dict[str, Any]]], None], location: str, problem: str
) -> None:
    tasks = copy.deepcopy(TASKS)
    mutate(tasks)
    folder = write_bundle(tmp_path, tasks=tasks)
    with pytest.raises(BundleError) as caught:
        load_bundle(folder)
    assert caught.value.file == str(folder / "tasks.jsonl")
    assert caught.value.location.startswith(location), caught.value
    assert problem in caught.value.problem, caught.value


def test_invalid_json_names_the_line_and_column(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path)
    (folder / "env.json").write_text('{"id": "tiny",\n  "title": }')
    with pytest.raises(BundleError, match=r"env.json: line 2 column 12: invalid JSON"):
        load_bundle(folder)


def test_the_env_id_must_match_its_folder(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path)
    folder.rename(tmp_path / "bank")
    with pytest.raises(BundleError, match="is 'tiny' but the folder is named 'bank'"):
        load_bundle(tmp_path / "bank")


def test_the_template_is_cached_and_rebuilt_when_env_json_changes(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path)
    first = load_bundle(folder).template
    cache = folder / CACHE_FILE
    assert cache.read_bytes() == first
    altered = sqlite3.connect(":memory:")
    altered.deserialize(first)
    altered.execute("UPDATE accounts SET balance = 1")
    cache.write_bytes(altered.serialize())
    assert load_bundle(folder).template == cache.read_bytes()  # trusted while env.json is unchanged

    cache.write_bytes(b"garbage")
    assert load_bundle(folder).template == first

    env = copy.deepcopy(ENV)
    env["seed"][0]["rows"].append([4, "dee", 7, "2025-04-01"])
    (folder / "env.json").write_text(json.dumps(env))
    rebuilt = load_bundle(folder).template
    assert rebuilt != first
    assert cache.read_bytes() == rebuilt


def test_a_read_only_bundle_is_served_without_a_cache(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path)
    folder.chmod(0o555)
    try:
        assert load_bundle(folder).template
    finally:
        folder.chmod(0o755)


def test_find_bundles_takes_a_bundle_or_a_folder_of_them(tmp_path: Path, examples: Path) -> None:
    assert [p.name for p in find_bundles(examples)] == ["hotel", "library"]
    assert find_bundles(examples / "hotel") == [examples / "hotel"]
    with pytest.raises(BundleError, match="holds no bundles"):
        find_bundles(tmp_path)
