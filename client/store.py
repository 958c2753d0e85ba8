"""A bench run's output directory: written as episodes finish, read back to resume and to report.

    DIR/run.json                              the agent, the reward mode, the farm, each session's times
    DIR/results.jsonl                         one EpisodeResult per line, appended as episodes finish
    DIR/trajectories/ENV/TASK/TRIAL.json      one Trajectory per episode, written before its line
    DIR/summary.json                          the latest summary (``client.summary``)

A line is appended only once its trajectory is on disk, and each line is written and flushed whole,
so an interrupted run loses at most the episodes in flight. A line cut short by a crash is dropped
when the directory is opened again. On resume, the last line of a key wins; environment errors are
run again (they said nothing about the agent).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from client.errors import BenchError
from client.runner import EpisodeResult, Trajectory

RESULTS = "results.jsonl"
RUN = "run.json"
SUMMARY = "summary.json"
TRAJECTORIES = "trajectories"

Key = tuple[str, str, int]


class RunStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.results_path = root / RESULTS

    def open(self, run: dict[str, Any]) -> None:
        """Create the directory, or check that it holds a run of the same agent and reward mode."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BenchError(f"cannot create the output directory {self.root}: {exc.strerror}") from None
        previous = self.read_run()
        if previous is not None:
            for field in ("agent", "mode"):
                if previous.get(field) != run.get(field):
                    raise BenchError(
                        f"{self.root} holds a run with {field} {previous.get(field)!r}, not {run.get(field)!r}; "
                        "results of different runs never mix: pass another --out"
                    )
            run = {**previous, "sessions": previous.get("sessions", [])}
        self.write_json(RUN, {**run, "sessions": run.get("sessions", [])})
        self._repair()

    def read_run(self) -> dict[str, Any] | None:
        path = self.root / RUN
        if not path.exists():
            return None
        try:
            data: dict[str, Any] = json.loads(path.read_text())
            return data
        except (OSError, ValueError) as exc:
            raise BenchError(f"{path} is unreadable ({exc}); pass another --out") from None

    def add_session(self, session: dict[str, Any]) -> None:
        run = self.read_run() or {}
        run.setdefault("sessions", []).append(session)
        self.write_json(RUN, run)

    def results(self) -> dict[Key, EpisodeResult]:
        """Every key's latest result (lines that do not parse are skipped)."""
        latest: dict[Key, EpisodeResult] = {}
        if not self.results_path.exists():
            return latest
        with self.results_path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    result = EpisodeResult.model_validate_json(line)
                except ValidationError:
                    continue
                latest[result.key] = result
        return latest

    def done(self) -> set[Key]:
        """The keys a rerun skips: every result that is not an environment error."""
        return {key for key, result in self.results().items() if result.outcome != "environment_error"}

    def append(self, result: EpisodeResult) -> None:
        line = result.model_dump_json() + "\n"
        with self.results_path.open("a", encoding="utf-8") as out:
            out.write(line)
            out.flush()

    def write_trajectory(self, trajectory: Trajectory) -> str:
        """Write one episode's trajectory; its path relative to the run directory."""
        relative = f"{TRAJECTORIES}/{trajectory.env}/{trajectory.task}/{trajectory.trial}.json"
        self._write_atomic(self.root / relative, trajectory.model_dump_json(indent=1))
        return relative

    def write_json(self, name: str, data: Any) -> None:
        self._write_atomic(self.root / name, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def _write_atomic(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)

    def _repair(self) -> None:
        """Drop a last line cut short by a crash, so that appending starts on a line of its own."""
        if not self.results_path.exists():
            return
        data = self.results_path.read_bytes()
        if data and not data.endswith(b"\n"):
            cut = data.rfind(b"\n") + 1
            with self.results_path.open("r+b") as out:
                out.truncate(cut)
