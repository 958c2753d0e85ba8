"""docs/generator.md's worked examples run: the domain builds a world that passes the gate, the module's
and the task kind's tasks pass the whole gate."""

from __future__ import annotations

import dataclasses
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from generator.assemble import build_world
from generator.build import gate_world
from generator.compose import variant_for
from generator.modules import MODULES
from generator.quality import check_world
from generator.tryout import tryout

DOC = Path(__file__).resolve().parents[2] / "docs" / "generator.md"


def example(name: str) -> dict[str, Any]:
    """The names a worked example of the guide defines, after running it."""
    blocks = re.findall(r"```python\n(# worked example: [^\n]+\n.*?)```", DOC.read_text(), re.DOTALL)
    code = next(b for b in blocks if b.startswith(f"# worked example: {name}\n"))
    module = types.ModuleType(f"worked_example_{name.replace(' ', '_')}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(code, f"{DOC}:{name}", "exec"), module.__dict__)
    return module.__dict__


def passed_everywhere(module: str, kind: str) -> None:
    results = tryout(module, count=4)
    passed = [t for r in results for t in r.passed if t.id.split("-", 1)[1] == kind]
    failed = {k: v for r in results for k, v in r.failed.items() if kind in k.split("__")}
    assert [r.tool_problems for r in results if r.tool_problems] == []
    assert passed, f"no {kind} task was made"
    assert failed == {}


def test_the_domain_example_builds_a_world_that_passes_the_gate(tmp_path: Path) -> None:
    domain = example("a domain")["BIKE_SHOP"]
    world = build_world(0, 0, variant=variant_for(domain))

    record = gate_world(tmp_path / world.env_id(), world)

    assert record is not None
    assert record.ok
    assert check_world(world).problems == []
    assert world.env_id() == "bike-shop-0000"


def test_the_module_example_makes_tasks_that_pass_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    module = example("a module")["LOCKERS"]
    monkeypatch.setitem(MODULES, module.key, module)

    passed_everywhere("lockers", "rent-cheapest-locker")


def test_the_task_kind_example_makes_tasks_that_pass_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = example("a task kind")["LARGEST_UNPAID"]
    billing = MODULES["billing"]
    monkeypatch.setitem(MODULES, "billing", dataclasses.replace(billing, tasks=(*billing.tasks, kind)))

    passed_everywhere("billing", "largest-unpaid-invoice")
