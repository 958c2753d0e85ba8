"""``worldfarm generate --llm`` as a user runs it: flags, the key from a named variable, the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from generator.llm.scripted import Script, ScriptedWorld
from worldfarm.testing import FakeLLM

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them


def test_generate_llm_writes_bundles_that_validate_and_says_what_it_kept(
    worlds: list[ScriptedWorld],
    seeds: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = worlds[2]
    monkeypatch.setenv("SCRIPTED_KEY", "sk-scripted")
    with FakeLLM.in_thread() as llm:
        llm.responder = Script(worlds, scenarios=[{"scenarios": [world.scenario()]}])
        endpoint = ["--base-url", llm.base_url, "--model", "scripted", "--api-key-env", "SCRIPTED_KEY"]
        rest = ["--scenarios", "1", "--seed-scenarios", str(seeds), "--out", str(tmp_path), "--no-progress"]
        status = main(["generate", "--llm", *endpoint, *rest])

    out = capsys.readouterr().out
    assert status == 0
    assert f"1 of 1 environments kept in {tmp_path}/" in out
    assert f"{len(llm.requests)} sent, 0 from the cache" in out
    assert {h["authorization"] for h in llm.headers} == {"Bearer sk-scripted"}
    assert main(["validate", str(tmp_path)]) == 0
    assert (tmp_path / "report.md").read_text().startswith("# LLM-generated environments (scripted")


def test_generate_llm_without_a_model_says_what_to_pass_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["generate", "--llm", "--base-url", "http://127.0.0.1:9/v1", "--out", str(tmp_path / "envs")])

    assert status == 2
    assert "a model is needed: pass --model" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_generate_llm_with_an_unreachable_endpoint_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["generate", "--llm", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--retries", "0"]
    status = main([*args, "--out", str(tmp_path), "--no-progress"])

    assert status == 1
    assert "cannot connect" in capsys.readouterr().err
