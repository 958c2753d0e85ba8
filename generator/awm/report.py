"""The import report: per scenario what was made and what the checks found; for the whole run, totals.

Written as ``OUT/report.json`` and ``OUT/report.md``; each bundle keeps its own in ``import.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPORT_JSON = "report.json"
REPORT_MD = "report.md"


@dataclass
class ScenarioReport:
    scenario: str
    env_id: str
    digest: str = ""
    ok: bool = False
    error: str | None = None
    """Why no bundle was written (the app does not start, no table could be created...)."""
    resumed: bool = False
    tables: int = 0
    rows: int = 0
    tools: int = 0
    tasks: int = 0
    refused_statements: list[str] = field(default_factory=list)
    schema_additions: list[str] = field(default_factory=list)
    tool_problems: list[str] = field(default_factory=list)
    failing_endpoints: dict[str, str] = field(default_factory=dict)
    """Tool -> how it fails on its own spec's example."""
    satisfied_at_reset: list[str] = field(default_factory=list)
    verifier_errors: dict[str, str] = field(default_factory=dict)
    verifier_timeouts: list[str] = field(default_factory=list)
    no_verifier: list[str] = field(default_factory=list)
    judge_errors: dict[str, str] = field(default_factory=dict)
    sandbox: dict[str, str] = field(default_factory=dict)
    start_seconds: float = 0.0

    @property
    def flagged(self) -> int:
        return len({*self.satisfied_at_reset, *self.verifier_errors, *self.verifier_timeouts, *self.no_verifier})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScenarioReport:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def write_report(out: Path, reports: list[ScenarioReport], source: Path) -> dict[str, Any]:
    summary = summarize(reports, source)
    (out / REPORT_JSON).write_text(json.dumps(summary, indent=2) + "\n")
    (out / REPORT_MD).write_text(render_markdown(summary))
    return summary


def summarize(reports: list[ScenarioReport], source: Path) -> dict[str, Any]:
    ok = [r for r in reports if r.ok]
    return {
        "source": str(source),
        "scenarios": len(reports),
        "imported": len(ok),
        "failed": len(reports) - len(ok),
        "resumed": sum(r.resumed for r in reports),
        "tools": sum(r.tools for r in ok),
        "tasks": sum(r.tasks for r in ok),
        "flagged_tasks": sum(r.flagged for r in ok),
        "satisfied_at_reset": sum(len(r.satisfied_at_reset) for r in ok),
        "verifier_errors": sum(len(r.verifier_errors) for r in ok),
        "verifier_timeouts": sum(len(r.verifier_timeouts) for r in ok),
        "failing_endpoints": sum(len(r.failing_endpoints) for r in ok),
        "refused_statements": sum(len(r.refused_statements) for r in ok),
        "per_scenario": [r.to_json() for r in sorted(reports, key=lambda r: r.env_id)],
    }


def render_markdown(summary: dict[str, Any]) -> str:
    lines = [
        f"# Agent World Model import of {summary['source']}",
        "",
        f"{summary['imported']} of {summary['scenarios']} scenarios imported ({summary['failed']} failed, "
        f"{summary['resumed']} kept from an earlier run): {summary['tools']} tools, {summary['tasks']} tasks, "
        f"{summary['flagged_tasks']} of them flagged (left out of `worldfarm bench` unless `--include-flagged`).",
        "",
        "| scenario | tables | rows | tools | tasks | satisfied at reset | verifier errors | timeouts | "
        "no verifier | failing endpoints | refused statements |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary["per_scenario"]:
        if not r["ok"]:
            lines.append(f"| {r['env_id']} | failed: {r['error']} |  |  |  |  |  |  |  |  |  |")
            continue
        lines.append(
            f"| {r['env_id']} | {r['tables']} | {r['rows']} | {r['tools']} | {r['tasks']} | "
            f"{len(r['satisfied_at_reset'])} | {len(r['verifier_errors'])} | {len(r['verifier_timeouts'])} | "
            f"{len(r['no_verifier'])} | {len(r['failing_endpoints'])} | {len(r['refused_statements'])} |"
        )
    for r in summary["per_scenario"]:
        lines += _details(r)
    return "\n".join(lines) + "\n"


def _details(r: dict[str, Any]) -> list[str]:
    found = [
        *(f"- task {t}: its verifier already passes at reset" for t in r["satisfied_at_reset"]),
        *(f"- task {t}: its verifier fails: {e}" for t, e in r["verifier_errors"].items()),
        *(f"- task {t}: its verifier runs past its time limit" for t in r["verifier_timeouts"]),
        *(f"- task {t}: no verifier in the release" for t in r["no_verifier"]),
        *(f"- task {t}: its sql-mode verifier fails: {e}" for t, e in r["judge_errors"].items()),
        *(f"- tool {t} fails on its spec's example: {e}" for t, e in r["failing_endpoints"].items()),
        *(f"- {p}" for p in [*r["tool_problems"], *r["schema_additions"], *r["refused_statements"]]),
    ]
    return ["", f"## {r['env_id']}", "", *(found or ["- nothing to report"])] if r["ok"] else []
