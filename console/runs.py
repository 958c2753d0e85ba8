"""Bench runs in the folder the operator names (``--runs DIR``): their results, report and trajectories.

A run is any folder under DIR (at most two levels down) holding ``run.json`` and ``results.jsonl``, as
``worldfarm bench --out`` writes them. Names in URLs are paths relative to DIR and never leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from client import (
    RESULTS_FILE,
    RUN_FILE,
    BenchError,
    EpisodeResult,
    RunData,
    RunStore,
    Trajectory,
    load_run,
    render_html,
)

MAX_DEPTH = 2


class RunNotFound(LookupError):
    """No run (or trajectory) of that name under the runs folder."""


@dataclass(frozen=True)
class RunRow:
    name: str
    agent: str
    episodes: int
    success_rate: float | None
    modified: float


class Runs:
    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root is not None else None

    def list(self) -> list[RunRow]:
        """Every run under the folder, most recently changed first."""
        if self.root is None or not self.root.is_dir():
            return []
        rows = [self._row(folder) for folder in _run_folders(self.root, MAX_DEPTH)]
        return sorted(rows, key=lambda r: r.modified, reverse=True)

    def run(self, name: str) -> RunData:
        try:
            return load_run(self.folder(name))
        except BenchError as exc:
            raise RunNotFound(str(exc)) from None

    def report(self, name: str) -> str:
        """The run's self-contained HTML report (``worldfarm report``), with no icon to fetch."""
        return render_html(self.run(name)).replace("<head>", '<head><link rel="icon" href="data:,">', 1)

    def trajectory(self, name: str, result: EpisodeResult) -> Trajectory:
        if result.trajectory is None:
            raise RunNotFound(f"episode {result.env}/{result.task}/{result.trial} of {name} kept no trajectory")
        path = _inside(self.folder(name), result.trajectory)
        try:
            return Trajectory.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise RunNotFound(f"cannot read {path}: {exc.strerror}") from None

    def folder(self, name: str) -> Path:
        if self.root is None:
            raise RunNotFound("no runs folder: start the farm with --runs DIR to browse bench runs")
        folder = _inside(self.root, name)
        if not (folder / RUN_FILE).is_file():
            raise RunNotFound(f"no bench run {name!r} in {self.root}")
        return folder

    def _row(self, folder: Path) -> RunRow:
        assert self.root is not None
        results = list(RunStore(folder).results().values())
        counted = [r for r in results if r.counted]
        agent = (RunStore(folder).read_run() or {}).get("agent", {})
        return RunRow(
            name=folder.relative_to(self.root).as_posix(),
            agent=str(agent.get("agent", "?")) if isinstance(agent, dict) else "?",
            episodes=len(results),
            success_rate=sum(r.outcome == "success" for r in counted) / len(counted) if counted else None,
            modified=(folder / RESULTS_FILE).stat().st_mtime if (folder / RESULTS_FILE).exists() else 0.0,
        )


def _run_folders(root: Path, depth: int) -> list[Path]:
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if (folder / RUN_FILE).is_file():
            found.append(folder)
        elif depth > 1:
            found.extend(_run_folders(folder, depth - 1))
    return found


def _inside(root: Path, relative: str) -> Path:
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise RunNotFound(f"{relative!r} is outside the runs folder")
    return path
