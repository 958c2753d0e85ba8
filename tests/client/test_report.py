"""Summaries and reports: pass^k, breakdowns that leave environment errors out, a self-contained HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from client import BenchError, EpisodeResult
from client.report import write_report
from client.store import RunStore
from client.summary import pass_hat_k, summarize


def result(task: str, trial: int, outcome: str, **fields: object) -> EpisodeResult:
    return EpisodeResult.model_validate(
        {
            "env": "hotel",
            "task": task,
            "trial": trial,
            "agent": "openai",
            "reward": 1.0 if outcome == "success" else 0.0,
            "outcome": outcome,
            "counted": outcome != "environment_error",
            "domain": "hospitality",
            "difficulty": "easy",
            **fields,
        }
    )


def test_pass_hat_k_is_the_chance_that_k_trials_of_a_task_all_succeed() -> None:
    results = [result("a", t, "success") for t in range(4)]
    results += [result("b", t, "success" if t < 2 else "failure") for t in range(4)]

    values = pass_hat_k(results)

    # task a: always 1; task b: C(2,k)/C(4,k) = 2/4, 1/6, 0, 0
    assert values == {"1": 0.75, "2": round((1 + 1 / 6) / 2, 4), "3": 0.5, "4": 0.5}


def test_environment_errors_are_left_out_of_rates_and_counted_apart() -> None:
    results = [result("a", 0, "success"), result("a", 1, "environment_error"), result("b", 0, "failure")]

    summary = summarize(results)

    assert summary["success_rate"] == 0.5
    assert summary["environment_errors"] == 1
    assert summary["by_domain"]["hospitality"] == {
        "episodes": 3,
        "counted": 2,
        "successes": 1,
        "success_rate": 0.5,
        "mean_reward": 0.5,
        "environment_errors": 1,
    }


def run_dir(tmp_path: Path, results: list[EpisodeResult]) -> Path:
    store = RunStore(tmp_path)
    store.open({"agent": {"agent": "openai", "model": "m"}, "mode": "verifier", "farm": "http://127.0.0.1:8000"})
    for r in results:
        store.append(r)
    return tmp_path


def test_the_html_report_is_one_self_contained_page_with_its_charts(tmp_path: Path) -> None:
    results = [result("a", t, o) for t, o in enumerate(["success", "failure", "timeout", "agent_error"])]
    results.append(result("b", 0, "environment_error", error="the farm failed: worker_full (HTTP 503)"))

    md, html = write_report(run_dir(tmp_path, results))

    page = html.read_text()
    assert page.count("<svg") >= 6
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing loaded from anywhere
    assert "<script" not in page
    assert "Environment errors, not counted (1)" in page
    assert "worker_full" in page
    assert "Episodes that did not succeed (3)" in page
    text = md.read_text()
    assert "**success rate: 25.0%**" in text


def test_text_from_agents_is_escaped_in_the_html(tmp_path: Path) -> None:
    results = [result("a", 0, "failure", answer="<script>alert(1)</script>")]

    _, html = write_report(run_dir(tmp_path, results))

    page = html.read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_directory_without_a_run_has_no_report(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="holds no bench run"):
        write_report(tmp_path)
