"""The LLM pipeline end to end against a real HTTP server speaking chat completions with scripted answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import validate_dir
from generator.llm import LLMOptions, run_pipeline
from generator.llm.scripted import Script, ScriptedWorld
from worldfarm import ChatSettings, load_bundle
from worldfarm.testing import FakeLLM

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them


def options(llm: FakeLLM, out: Path, scenarios: int, seeds: Path, **kw: object) -> LLMOptions:
    chat = ChatSettings(model="scripted", base_url=llm.base_url, max_tokens=None, retries=1, backoff=0.01)
    return LLMOptions(out=out, chat=chat, scenarios=scenarios, seeds=seeds, **kw)  # type: ignore[arg-type]


async def test_a_good_run_writes_bundles_that_pass_the_gate(
    worlds: list[ScriptedWorld], seeds: Path, tmp_path: Path
) -> None:
    a, b = worlds[:2]
    script = Script(worlds, scenarios=[{"scenarios": [a.scenario(), b.scenario()]}])
    async with FakeLLM.running() as llm:
        llm.responder = script
        report = await run_pipeline(options(llm, tmp_path, 2, seeds))

    assert report["kept"] == [a.id, b.id], report["dropped"]
    assert [r.ok for r in validate_dir(tmp_path)] == [True, True]
    bundle = load_bundle(tmp_path / a.id)
    assert bundle.env.provenance.generator == "llm"
    assert bundle.env.provenance.model == "scripted"
    assert len(bundle.tasks) == len(a.tasks)
