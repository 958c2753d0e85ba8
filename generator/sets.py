"""Whole sets: generate with a report, validate a folder in parallel, and the cached default set."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from generator.awm.validate import validate_code_bundle
from generator.build import EnvRecord, generate_set
from generator.errors import GenerationFailed
from generator.gate import MIN_TASKS, BundleReport, validate_bundle
from generator.parallel import run_unordered
from generator.report import build_report, write_report
from generator.world import GENERATOR_VERSION
from worldfarm import BundleError, bundle_kind, find_bundles

DEFAULT_COUNT = 1000
DEFAULT_SEED = 0


def generate(
    out: str | Path,
    count: int = DEFAULT_COUNT,
    seed: int = DEFAULT_SEED,
    *,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[EnvRecord], None] | None = None,
) -> dict[str, Any]:
    """Generate environments ``0..count-1`` of set ``seed`` into ``out``, write ``report.json`` and
    ``report.md`` there, and return the report."""
    folder = Path(out)
    started = time.perf_counter()
    records = generate_set(folder, count, seed, workers=workers, force=force, progress=progress)
    report = build_report(
        [asdict(r) for r in records],
        seed=seed,
        generator_version=GENERATOR_VERSION,
        seconds=time.perf_counter() - started,
    )
    write_report(folder, report)
    return report


def _validate_one(job: tuple[str, int, bool]) -> BundleReport:
    with contextlib.suppress(BundleError):  # a broken bundle: the data gate says what is wrong with it
        if bundle_kind(job[0]) == "code":
            return validate_code_bundle(Path(job[0]))
    return validate_bundle(job[0], min_tasks=job[1], adversarial=job[2])


def validate_dir(
    path: str | Path,
    *,
    min_tasks: int = MIN_TASKS,
    workers: int | None = 1,
    progress: Callable[[BundleReport], None] | None = None,
    adversarial: bool = True,
) -> list[BundleReport]:
    """The gate over every bundle at ``path`` (a bundle, or a folder of them), in name order;
    ``adversarial=False`` skips the generic strategies (faster, never the default)."""
    try:
        paths = find_bundles(path)
    except BundleError as exc:
        return [BundleReport(path=Path(path), env_id=Path(path).name, error=str(exc))]
    jobs = [(str(p), min_tasks, adversarial) for p in paths]
    reports = []
    for report in _map(jobs, max(1, min(workers or os.cpu_count() or 1, len(jobs)))):
        reports.append(report)
        if progress is not None:
            progress(report)
    return sorted(reports, key=lambda r: r.env_id)


def _map(jobs: list[tuple[str, int, bool]], workers: int) -> Iterator[BundleReport]:
    return run_unordered(_validate_one, jobs, workers)


def default_set(
    cache_dir: str | Path,
    count: int = DEFAULT_COUNT,
    seed: int = DEFAULT_SEED,
    *,
    workers: int | None = None,
    progress: Callable[[EnvRecord], None] | None = None,
) -> Path:
    """The folder of the standard environment set, generating it into ``cache_dir`` the first time.

    Keyed by generator version, count and seed; safe to call from several processes at once (the
    first generates, the others wait); an interrupted generation resumes. Raises GenerationFailed.
    """
    root = Path(cache_dir)
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"blueprint-{GENERATOR_VERSION}-seed{seed}-n{count}"
    with _locked(root / f".{target.name}.lock"):
        if _complete(target, count):
            return target
        report = generate(target, count, seed, workers=workers, progress=progress)
    if report["failed"]:
        raise GenerationFailed([f["env"] for f in report["failed"]], str(target))
    return target


def _complete(target: Path, count: int) -> bool:
    try:
        report = json.loads((target / "report.json").read_text())
    except (OSError, ValueError):
        return False
    return bool(
        report.get("generator_version") == GENERATOR_VERSION
        and report.get("passed") == count == report.get("environments")
    )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
