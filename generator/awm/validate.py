"""``worldfarm validate`` over a code bundle: the import's checks run again, in the real runtime.

A code bundle passes when it loads, its app starts in its sandbox, the checks find what the bundle
records (the same tools failing their spec's examples, the same tasks flagged) and at least one task
is left unflagged; its good tasks are the unflagged ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import anyio

from generator.awm.report import ScenarioReport
from generator.awm.scenario import SOURCE_FILE, check_endpoints, check_verifiers
from generator.gate import BundleReport
from servers import CodeRuntime, CodeSettings, HostFailure, HostPool
from worldfarm.codeenv import CodeTask
from worldfarm.errors import BundleError
from worldfarm.loader import load_code_bundle


def validate_code_bundle(path: Path, settings: CodeSettings | None = None) -> BundleReport:
    report = BundleReport(path=path, env_id=path.name, min_tasks=1)
    try:
        runtime = CodeRuntime(load_code_bundle(path))
    except BundleError as exc:
        report.error = str(exc)
        return report
    try:
        found = anyio.run(_recheck, runtime, settings or CodeSettings(call_time_limit=5.0))
    except HostFailure as exc:
        report.error = exc.message
        return report
    report.tasks_checked = sum(not task.flags for task in found.tasks)  # the good ones: flagged tasks are left out
    recorded = {tool.name for tool in runtime.env.tools if tool.problems}
    failing = set(found.failing_endpoints)
    report.tool_problems = [f"tool {name} now fails on its spec's example, unflagged" for name in failing - recorded]
    report.tool_problems += [f"tool {name} is marked failing but now passes" for name in recorded - failing]
    for task, checked in zip(runtime.tasks, found.tasks, strict=True):
        if sorted(checked.flags) != sorted(task.flags):
            report.tool_problems.append(f"task {task.id}: flagged {task.flags} but the checks say {checked.flags}")
    return report


class _Found:
    def __init__(self) -> None:
        self.failing_endpoints: dict[str, str] = {}
        self.tasks: list[CodeTask] = []


async def _recheck(runtime: CodeRuntime, settings: CodeSettings) -> _Found:
    found, pool = _Found(), HostPool(settings)
    report = ScenarioReport(scenario=runtime.env.app.scenario, env_id=runtime.id)
    endpoints = _endpoints(runtime.path)
    try:
        await pool.host(runtime.spec).start()
        found.failing_endpoints = await check_endpoints(runtime, endpoints, pool)
        found.tasks = await check_verifiers(runtime, report, settings, fresh=True)
    finally:
        await pool.close()
    return found


def _endpoints(folder: Path) -> list[dict[str, object]]:
    try:
        endpoints = json.loads((folder / SOURCE_FILE).read_text()).get("endpoints", [])
    except (OSError, ValueError):
        return []
    return [e for e in endpoints if isinstance(e, dict)]
