"""Environment summaries a worker sends the registry: read from the bundle's files, never a verifier."""

from __future__ import annotations

from pathlib import Path

from worldfarm.membership import summarize


def test_a_summary_holds_the_catalog_facts_of_a_bundle(examples: Path) -> None:
    summary = summarize(examples / "hotel")
    assert summary is not None
    assert (summary.id, summary.domain) == ("hotel", "hospitality")
    assert "cancel_booking" in {tool.name for tool in summary.tools}
    assert "cancel-farid" in {task.id for task in summary.tasks}
    assert "verifier" not in summary.model_dump_json()
    assert "solution" not in summary.model_dump_json()


def test_a_bundle_that_cannot_be_read_has_no_summary(tmp_path: Path) -> None:
    (tmp_path / "env.json").write_text("{not json")
    assert summarize(tmp_path) is None
