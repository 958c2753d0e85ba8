"""The code bundle kind: its models refuse what cannot be served, its loader checks the app, its clock is fixed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from worldfarm import BundleError, CodeTask, CodeTool, bundle_kind, fix_clock, load_any_bundle, load_bundle
from worldfarm.codeenv import parse_task
from worldfarm.task import Task

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

TOOL: dict[str, Any] = {
    "name": "get_book",
    "description": "Get a book.",
    "input_schema": {"type": "object", "properties": {"book_id": {"type": "integer"}}, "required": ["book_id"]},
    "route": {"method": "GET", "path": "/api/books/{book_id}", "params": {"book_id": "path"}},
}


def test_a_tool_must_say_where_each_argument_goes() -> None:
    CodeTool.model_validate(TOOL)
    unrouted = {**TOOL, "route": {**TOOL["route"], "params": {}}}
    with pytest.raises(ValidationError, match="the path names \\{book_id\\}, which no argument fills"):
        CodeTool.model_validate(unrouted)
    extra = {**TOOL, "input_schema": {"type": "object", "properties": {"book_id": {}, "x": {}}}}
    with pytest.raises(ValidationError, match=r"argument 'x' has no place in route\.params"):
        CodeTool.model_validate(extra)


def test_a_tool_named_like_a_control_operation_is_refused() -> None:
    with pytest.raises(ValidationError, match="'reset' is reserved"):
        CodeTool.model_validate({**TOOL, "name": "reset"})


def test_a_task_without_a_verifier_must_be_flagged() -> None:
    task = {"id": "task-0", "instruction": "Do it.", "verifier": None, "source": {"scenario": "s", "task_idx": 0}}
    with pytest.raises(ValidationError, match="must be flagged no_verifier"):
        CodeTask.model_validate(task)
    assert CodeTask.model_validate({**task, "flags": ["no_verifier"]}).flags == ["no_verifier"]


def test_task_lines_of_either_kind_parse_to_their_model(examples: Path) -> None:
    data_line = json.loads((examples / "hotel" / "tasks.jsonl").read_text().splitlines()[0])
    assert isinstance(parse_task(data_line), Task)
    code_line = {
        "id": "t",
        "instruction": "x",
        "verifier": None,
        "flags": ["no_verifier"],
        "source": {"scenario": "s", "task_idx": 0},
    }
    assert isinstance(parse_task(code_line), CodeTask)


def test_the_kind_is_read_from_env_json_and_each_loader_keeps_to_its_kind(awm_envs: Path, examples: Path) -> None:
    assert bundle_kind(examples / "hotel") == "data"
    assert bundle_kind(awm_envs / "photo_gallery_3") == "code"
    with pytest.raises(BundleError, match="is a code environment; load it with load_any_bundle"):
        load_bundle(awm_envs / "photo_gallery_3")
    assert load_any_bundle(examples / "hotel").id == "hotel"


def test_a_code_bundle_whose_app_does_not_match_its_hash_is_refused(awm_envs: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "photo_gallery_3"
    shutil.copytree(awm_envs / "photo_gallery_3", bundle)
    (bundle / "app.py").write_text("app = None\n")
    with pytest.raises(BundleError, match=r"app\.py: does not match the sha256 in env\.json"):
        load_any_bundle(bundle)


def test_every_way_sql_reads_the_clock_gives_the_fixed_time() -> None:
    conn = sqlite3.connect(":memory:")
    fix_clock(conn, "2026-03-02T09:00:00")
    row = conn.execute(
        "SELECT datetime('now', '-1 day'), date('now'), datetime(), strftime('%Y-%m', 'now'), unixepoch('now'), "
        "CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, datetime('2020-01-01', '+1 day')"
    ).fetchone()
    assert row == (
        "2026-03-01 09:00:00",
        "2026-03-02",
        "2026-03-02 09:00:00",
        "2026-03",
        1772442000,
        "2026-03-02 09:00:00",
        "2026-03-02",
        "09:00:00",
        "2020-01-02 00:00:00",
    )
    conn.execute("CREATE TABLE t (a, b DEFAULT CURRENT_TIMESTAMP)")
    conn.execute("INSERT INTO t (a) VALUES (1)")
    assert conn.execute("SELECT b FROM t").fetchone() == ("2026-03-02 09:00:00",)
