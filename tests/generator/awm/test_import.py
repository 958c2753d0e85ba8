"""``worldfarm import awm`` over the fixture: bundles of kind code, fixed-clock templates, flags and the report."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from generator.awm import ImportOptions, import_release, read_release
from tests.conftest import AWM_FIXTURE, AWM_TEST_SETTINGS
from tests.fixtures.awm.build import render
from worldfarm import CodeBundle, load_any_bundle, load_code_bundle

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

SCENARIOS = {"online_bookstore_12", "clinic_scheduler_7", "photo_gallery_3"}


def _report(out: Path) -> dict[str, dict[str, object]]:
    summary = json.loads((out / "report.json").read_text())
    return {entry["env_id"]: entry for entry in summary["per_scenario"]}


def test_the_fixture_files_are_what_their_sources_make() -> None:
    for name, text in render().items():
        assert (AWM_FIXTURE / name).read_text() == text, "run `python -m tests.fixtures.awm.build` and commit"


def test_the_release_is_joined_per_scenario_with_the_first_verifier_row_kept() -> None:
    scenarios = {s.name: s for s in read_release(AWM_FIXTURE)}
    assert set(scenarios) == SCENARIOS
    clinic = scenarios["clinic_scheduler_7"]  # named "Clinic Scheduler 7" in gen_scenario.jsonl
    assert clinic.description.startswith("A clinic scheduling portal")
    bookstore = scenarios["online_bookstore_12"]
    assert len(bookstore.tasks) == 10
    assert "def verify_task_completion" in bookstore.verifiers[1]  # the repeated row's broken code is dropped
    assert set(bookstore.judges) == {1, 2, 4}


def test_every_scenario_becomes_a_code_bundle_of_8_tables_and_12_tools_or_more(awm_envs: Path) -> None:
    for env_id in SCENARIOS:
        bundle = load_any_bundle(awm_envs / env_id)
        assert isinstance(bundle, CodeBundle)
        assert bundle.env.kind == "code"
        assert len(bundle.env.schema_.tables) >= 8
        assert len(bundle.env.tools) >= 12
        assert len(bundle.tasks) == 10


def test_tools_carry_the_apps_operation_ids_descriptions_and_parameter_schemas(awm_envs: Path) -> None:
    bundle = load_code_bundle(awm_envs / "online_bookstore_12")
    review = bundle.env.tool("create_review")
    assert review is not None
    assert review.description.startswith("Review a book. Write a review of a book as the current user")
    assert review.input_schema["properties"]["book_id"]["type"] == "integer"
    assert set(review.input_schema["required"]) == {"book_id", "rating"}
    assert review.input_schema["additionalProperties"] is False
    assert review.route.params == {"book_id": "path", "rating": "body", "comment": "body"}
    listing = bundle.env.tool("list_books")
    assert listing is not None
    assert listing.annotations.read_only
    assert listing.route.params == {"q": "query", "category_id": "query", "max_price": "query"}


def test_seed_times_are_resolved_against_the_bundles_clock_and_every_load_gives_the_same_bytes(awm_envs: Path) -> None:
    first = load_code_bundle(awm_envs / "clinic_scheduler_7")
    (awm_envs / "clinic_scheduler_7" / "seed.sqlite").unlink()
    second = load_code_bundle(awm_envs / "clinic_scheduler_7")
    assert first.template == second.template
    conn = sqlite3.connect(":memory:")
    conn.deserialize(first.template)
    assert first.env.clock == "2026-03-02T09:00:00"
    starts = conn.execute("SELECT starts_at, created_at FROM appointments WHERE id = 1").fetchone()
    assert starts == ("2026-03-04 10:00:00", "2026-02-25 09:00:00")


def test_a_statement_refused_with_foreign_keys_on_is_left_out_and_reported(awm_envs: Path) -> None:
    report = _report(awm_envs)["online_bookstore_12"]
    assert len(report["refused_statements"]) == 1  # type: ignore[arg-type]
    assert "FOREIGN KEY constraint failed" in str(report["refused_statements"])
    conn = sqlite3.connect(":memory:")
    conn.deserialize(load_code_bundle(awm_envs / "online_bookstore_12").template)
    assert conn.execute("SELECT id FROM reviews ORDER BY id").fetchall() == [(1,), (2,)]


def test_tasks_whose_verifier_passes_at_reset_crashes_times_out_or_is_missing_are_flagged(awm_envs: Path) -> None:
    bookstore = load_code_bundle(awm_envs / "online_bookstore_12").tasks_by_id
    assert bookstore["task-5"].flags == ["satisfied_at_reset"]
    assert bookstore["task-7"].flags == ["verifier_error"]
    assert "no such table: cart" in bookstore["task-7"].notes[0]
    assert bookstore["task-8"].flags == ["no_verifier"]
    assert bookstore["task-1"].flags == []
    gallery = load_code_bundle(awm_envs / "photo_gallery_3").tasks_by_id
    assert gallery["task-5"].flags == ["verifier_timeout"]
    assert any("sql-mode verifier fails" in note and "/etc/hostname" in note for note in gallery["task-3"].notes)


def test_endpoints_failing_their_own_specs_example_are_reported_and_marked(awm_envs: Path) -> None:
    reports = _report(awm_envs)
    assert list(reports["online_bookstore_12"]["failing_endpoints"]) == ["get_invoice"]  # type: ignore[call-overload]
    assert "KeyError" in str(reports["online_bookstore_12"]["failing_endpoints"])
    failing = reports["photo_gallery_3"]["failing_endpoints"]
    assert set(failing) == {  # type: ignore[call-overload]
        "get_exif",
        "export_album",
        "recompute_stats",
        "make_thumbnail",
        "backup_gallery",
        "notify_followers",
    }
    assert reports["clinic_scheduler_7"]["failing_endpoints"] == {}
    invoice = load_code_bundle(awm_envs / "online_bookstore_12").env.tool("get_invoice")
    assert invoice is not None
    assert "fails on its spec's example" in invoice.problems[0]


def test_the_report_counts_what_the_checks_found(awm_envs: Path) -> None:
    summary = json.loads((awm_envs / "report.json").read_text())
    assert (summary["imported"], summary["failed"], summary["tasks"]) == (3, 0, 30)
    assert (summary["satisfied_at_reset"], summary["verifier_errors"], summary["verifier_timeouts"]) == (1, 1, 1)
    assert summary["failing_endpoints"] == 7
    markdown = (awm_envs / "report.md").read_text()
    assert "task task-5: its verifier already passes at reset" in markdown
    assert all(layer in str(summary["per_scenario"][0]["sandbox"]) for layer in ("landlock", "seccomp", "audit"))


def test_a_second_run_keeps_the_finished_bundles_and_redoes_a_changed_one(awm_envs: Path, tmp_path: Path) -> None:
    out = tmp_path / "envs"
    shutil.copytree(awm_envs, out)
    before = (out / "clinic_scheduler_7" / "env.json").read_bytes()
    result = import_release(AWM_FIXTURE, out, options=ImportOptions(settings=AWM_TEST_SETTINGS), progress=False)
    assert result.summary["resumed"] == 3
    assert (out / "clinic_scheduler_7" / "env.json").read_bytes() == before
    source = tmp_path / "release"
    shutil.copytree(AWM_FIXTURE, source)
    tasks = source / "gen_tasks.jsonl"
    tasks.write_text(tasks.read_text().replace("List the clinics in Leeds.", "List the clinics in York."))
    again = import_release(
        source, out, options=ImportOptions(settings=AWM_TEST_SETTINGS), scenarios=["clinic_scheduler_7"], progress=False
    )
    assert again.summary["resumed"] == 0
    assert again.summary["imported"] == 1
    assert load_code_bundle(out / "clinic_scheduler_7").tasks_by_id["task-7"].instruction == "List the clinics in York."
