"""``worldfarm import awm DIR --out OUT``: every scenario of a release, in parallel, resumable, reported.

Scenarios are imported on ``workers`` processes (each starts its scenario's sandboxed host and
verifier processes); a bar shows progress. A scenario whose bundle is already in OUT from the same
source by the same importer is kept as it is (so a rerun after an interruption goes on where it
stopped). ``OUT/report.json`` and ``OUT/report.md`` cover every scenario of the run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from tqdm import tqdm

from generator.awm.report import ScenarioReport, write_report
from generator.awm.scenario import ImportOptions, import_scenario, previous_report
from generator.awm.source import Scenario, normalize, read_release
from generator.parallel import run_unordered


@dataclass(frozen=True)
class ImportResult:
    reports: list[ScenarioReport]
    summary: dict[str, Any]


def import_release(
    source: Path,
    out: Path,
    *,
    options: ImportOptions | None = None,
    workers: int | None = None,
    scenarios: list[str] | None = None,
    progress: bool = True,
) -> ImportResult:
    """Import every scenario (or those named) of the release at ``source`` into bundles under ``out``."""
    options = options or ImportOptions()
    release = read_release(source)
    if scenarios:
        wanted = {normalize(name) for name in scenarios}
        release = [s for s in release if s.name in wanted]
    out.mkdir(parents=True, exist_ok=True)
    kept = {s.name: r for s in release if (r := previous_report(out, s)) is not None}
    todo = [s for s in release if s.name not in kept]
    reports = list(kept.values())
    jobs = [_Job(scenario, out, options) for scenario in todo]
    bar = tqdm(total=len(release), initial=len(kept), unit="scenario", desc="import", disable=not progress)
    try:
        for report in run_unordered(_run, jobs, _workers(workers, len(jobs))):
            reports.append(report)
            bar.set_postfix(failed=sum(not r.ok for r in reports), refresh=False)
            bar.update(1)
    finally:
        bar.close()
    summary = write_report(out, reports, source)
    return ImportResult(reports=reports, summary=summary)


@dataclass(frozen=True)
class _Job:
    scenario: Scenario
    out: Path
    options: ImportOptions


def _run(job: _Job) -> ScenarioReport:
    return anyio.run(import_scenario, job.scenario, job.out, job.options)


def _workers(asked: int | None, jobs: int) -> int:
    return max(1, min(asked or (os.cpu_count() or 1), jobs))
