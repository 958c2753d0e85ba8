"""Reading Agent World Model's release: the ``gen_*.jsonl`` files of a folder, joined per scenario.

    gen_scenario.jsonl            {name, description}
    gen_tasks.jsonl               {scenario, tasks: [str]}
    gen_db.jsonl                  {scenario, db_schema: {tables: [{name, ddl, indexes}]}}
    gen_sample.jsonl              {scenario, sample_data: {tables: [{table_name, insert_statements}]}}
    gen_spec.jsonl                {scenario, api_spec: {api_groups: [{group_name, endpoints: [...]}]}}
    gen_envs.jsonl                {scenario, full_code}
    gen_verifier.pure_code.jsonl  {scenario, task_idx, verification: {code}}   code mode (optional)
    gen_verifier.jsonl            {scenario, task_idx, verification: {code}}   sql mode (optional)

Names are joined as AWM joins them (lower case, runs of other characters as one ``_``). Verifier
rows repeat in the release: the first per (scenario, task_idx) is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError

REQUIRED = ("scenario", "tasks", "db", "sample", "envs")
OPTIONAL = ("spec", "verifier.pure_code", "verifier")


class SourceError(GeneratorError):
    """The folder is not an Agent World Model release (a file missing, a line that is not JSON)."""


def normalize(name: str) -> str:
    text = re.sub(r"[^a-z0-9_]", "_", name.lower())
    return re.sub(r"_+", "_", text).strip("_")


@dataclass
class Scenario:
    """Everything the release says about one scenario."""

    name: str
    description: str = ""
    tasks: list[str] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    inserts: list[tuple[str, str]] = field(default_factory=list)
    """(table, INSERT statement), in the release's order."""
    endpoints: list[dict[str, Any]] = field(default_factory=list)
    code: str = ""
    verifiers: dict[int, str] = field(default_factory=dict)
    judges: dict[int, str] = field(default_factory=dict)

    def digest(self) -> str:
        """A fingerprint of the scenario's source: an import is redone when it changes."""
        return hashlib.sha256(json.dumps(self.__dict__, sort_keys=True, default=str).encode()).hexdigest()


def read_release(folder: Path) -> list[Scenario]:
    """Every scenario that has an app, in ``gen_envs.jsonl`` order; SourceError if a required file is missing."""
    files = {name: _rows(folder, name, required=name in REQUIRED) for name in (*REQUIRED, *OPTIONAL)}
    scenarios: dict[str, Scenario] = {}
    for row in files["envs"]:
        key = normalize(str(row.get("scenario", "")))
        if key and key not in scenarios and isinstance(row.get("full_code"), str):
            scenarios[key] = Scenario(name=key, code=row["full_code"])
    for row in files["scenario"]:
        _get(scenarios, row.get("name")).description = str(row.get("description", ""))
    for row in files["tasks"]:
        _get(scenarios, row.get("scenario")).tasks = [str(t) for t in row.get("tasks", [])]
    for row in files["db"]:
        _get(scenarios, row.get("scenario")).tables = list(row.get("db_schema", {}).get("tables", []))
    for row in files["sample"]:
        _get(scenarios, row.get("scenario")).inserts = [
            (str(table.get("table_name", "")), str(statement))
            for table in row.get("sample_data", {}).get("tables", [])
            for statement in table.get("insert_statements", [])
        ]
    for row in files["spec"]:
        groups = row.get("api_spec", {}).get("api_groups", [])
        _get(scenarios, row.get("scenario")).endpoints = [e for g in groups for e in g.get("endpoints", [])]
    _read_verifiers(scenarios, files["verifier.pure_code"], "verifiers")
    _read_verifiers(scenarios, files["verifier"], "judges")
    return list(scenarios.values())


_NOWHERE = Scenario(name="")
"""Where rows of scenarios without an app go (they are dropped)."""


def _get(scenarios: dict[str, Scenario], name: object) -> Scenario:
    return scenarios.get(normalize(str(name or "")), _NOWHERE)


def _read_verifiers(scenarios: dict[str, Scenario], rows: list[dict[str, Any]], attribute: str) -> None:
    for row in rows:
        index, code = row.get("task_idx"), (row.get("verification") or {}).get("code")
        kept: dict[int, str] = getattr(_get(scenarios, row.get("scenario")), attribute)
        if isinstance(index, int) and isinstance(code, str) and code.strip() and index not in kept:
            kept[index] = code


def _rows(folder: Path, name: str, *, required: bool) -> list[dict[str, Any]]:
    path = folder / f"gen_{name}.jsonl"
    if not path.is_file():
        if required:
            raise SourceError(f"{folder} has no gen_{name}.jsonl: is it an Agent World Model release?")
        return []
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(f"{path}: line {number} is not JSON ({exc.msg})") from None
            if isinstance(row, dict):
                rows.append(row)
    return rows
