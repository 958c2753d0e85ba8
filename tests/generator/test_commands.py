"""``worldfarm generate`` and ``worldfarm validate`` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli import main


def test_generate_writes_bundles_and_a_report_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["generate", "--count", "2", "--seed", "0", "--out", str(tmp_path), "--workers", "1", "--no-progress"]
    )

    out = capsys.readouterr().out
    assert status == 0
    assert "2 of 2 environments pass the gate" in out
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["passed"] == 2
    assert (tmp_path / "report.md").read_text().startswith("# Generated environments")
    assert len(list(tmp_path.glob("*/env.json"))) == 2


def test_validate_passes_good_bundles_and_writes_nothing_unless_asked(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "envs"
    shutil.copytree(generated, copy)
    before = sorted(p.name for p in copy.iterdir())

    status = main(["validate", str(copy), "--workers", "1"])

    assert status == 0
    assert "8 of 8 bundles pass the gate" in capsys.readouterr().out
    assert sorted(p.name for p in copy.iterdir()) == before


def test_validate_fails_a_broken_bundle_and_names_the_problem(
    bundle_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = (bundle_copy / "tasks.jsonl").read_text().splitlines()
    (bundle_copy / "tasks.jsonl").write_text("\n".join(tasks[:5]) + "\n")

    status = main(["validate", str(bundle_copy), "--json", str(bundle_copy.parent / "verdicts.json")])

    out = capsys.readouterr().out
    assert status == 1
    assert f"FAILED  {bundle_copy.name}" in out
    assert "only 5 good tasks" in out
    verdicts = json.loads((bundle_copy.parent / "verdicts.json").read_text())
    assert verdicts[0]["ok"] is False


def test_validate_of_a_folder_without_bundles_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["validate", str(tmp_path)])

    assert status == 1
    assert "holds no bundles" in capsys.readouterr().out


def weaken_a_lookup(bundle: Path) -> str:
    """Drop every competing value of the first lookup: a dump of every value now wins it."""
    tasks = [json.loads(line) for line in (bundle / "tasks.jsonl").read_text().splitlines()]
    lookup = next(t for t in tasks if t["verifier"].get("answer"))
    lookup["verifier"]["competing"] = []
    (bundle / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks))
    return str(lookup["id"])


def test_validate_runs_the_adversarial_strategies_unless_told_not_to(
    bundle_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    task = weaken_a_lookup(bundle_copy)

    strict = main(["validate", str(bundle_copy), "--min-tasks", "1", "--report", str(tmp_path / "strict")])
    strict_out = capsys.readouterr().out
    lenient = main(["validate", str(bundle_copy), "--min-tasks", "1", "--no-adversary"])

    assert strict == 1
    assert f"task {task}: an expected answer needs competing values" in strict_out
    assert lenient == 1  # the shape check still wants competing values: the flag skips only the strategies
    report = json.loads((tmp_path / "strict" / "report.json").read_text())
    assert report["adversary"]["dump"]["attempts"] > 0
    assert "## Adversarial gate" in (tmp_path / "strict" / "report.md").read_text()


def test_validate_without_the_strategies_still_passes_a_good_bundle_and_reports_none(
    bundle_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", str(bundle_copy), "--no-adversary", "--report", str(tmp_path / "plain")])

    assert status == 0
    report = json.loads((tmp_path / "plain" / "report.json").read_text())
    assert report["adversary"] == {}
    assert "The adversarial strategies were not run." in (tmp_path / "plain" / "report.md").read_text()
