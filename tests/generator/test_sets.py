"""The report over a set, and the cached default set the farm launcher asks for."""

from __future__ import annotations

import json
from pathlib import Path

from generator import GENERATOR_VERSION, default_set


def test_the_report_counts_what_the_set_holds(generated: Path) -> None:
    report = json.loads((generated / "report.json").read_text())

    assert report["environments"] == report["passed"] == 8
    assert report["failed"] == []
    assert report["tools"]["min"] >= 20
    assert report["tasks"]["min"] >= 10
    assert sum(report["domains"].values()) == 8
    assert set(report["difficulty"]) == {"easy", "medium", "hard"}
    assert report["diversity"]["distinct_schemas"] == 8
    assert report["diversity"]["most_similar_pair"]["jaccard"] < 0.9
    assert report["generator_version"] == GENERATOR_VERSION


def test_the_default_set_is_generated_once_then_reused(tmp_path: Path) -> None:
    first = default_set(tmp_path, count=2, seed=0, workers=1)
    stamp = (first / "report.json").stat().st_mtime_ns

    again = default_set(tmp_path, count=2, seed=0, workers=1)

    assert again == first
    assert first.name == f"blueprint-{GENERATOR_VERSION}-seed0-n2"
    assert (again / "report.json").stat().st_mtime_ns == stamp
    assert len(list(first.glob("*/env.json"))) == 2
