"""``worldfarm validate`` over code bundles: the import's checks again; a bundle whose flags lie fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.awm.validate import validate_code_bundle
from tests.conftest import AWM_TEST_SETTINGS

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

BOOKSTORE = "online_bookstore_12"


def test_an_imported_bundle_passes_with_its_unflagged_tasks_as_the_good_ones(awm_envs: Path) -> None:
    report = validate_code_bundle(awm_envs / BOOKSTORE, AWM_TEST_SETTINGS)
    assert report.problems() == []
    assert report.ok
    assert report.good_tasks == 7


def test_a_bundle_whose_flags_do_not_match_the_checks_fails(awm_envs: Path, tmp_path: Path) -> None:
    bundle = tmp_path / BOOKSTORE
    shutil.copytree(awm_envs / BOOKSTORE, bundle)
    tasks = [json.loads(line) for line in (bundle / "tasks.jsonl").read_text().splitlines()]
    for task in tasks:
        if task["id"] == "task-5":
            task["flags"], task["notes"] = [], []
    (bundle / "tasks.jsonl").write_text("".join(json.dumps(task) + "\n" for task in tasks))
    report = validate_code_bundle(bundle, AWM_TEST_SETTINGS)
    assert not report.ok
    assert report.problems() == ["task task-5: flagged [] but the checks say ['satisfied_at_reset']"]


def test_a_bundle_whose_app_was_changed_after_import_is_refused(awm_envs: Path, tmp_path: Path) -> None:
    bundle = tmp_path / BOOKSTORE
    shutil.copytree(awm_envs / BOOKSTORE, bundle)
    with (bundle / "app.py").open("a") as app:
        app.write("\nimport os\n")
    report = validate_code_bundle(bundle, AWM_TEST_SETTINGS)
    assert report.error is not None
    assert "does not match the sha256 in env.json" in report.error
