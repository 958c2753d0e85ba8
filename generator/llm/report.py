"""What an LLM run kept, dropped and why, what it corrected, and what it cost: ``report.json`` and ``report.md``.

Stages record into a :class:`Log` as they go (one per environment, one for the scenario stage):
every item that needed correcting (its problems, the rounds, the outcome) and everything dropped
(a rejected scenario, a tool, a task, a whole environment) with the reason, in the checker's words.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.bundle_io import dumps
from generator.llm.correct import Settled
from generator.report import build_report

MAX_REASON = 400


@dataclass
class Correction:
    stage: str
    item: str
    outcome: str
    """``corrected`` (in a later round) or ``given up`` (still failing after the last round)."""
    rounds: int
    """Failing rounds: 1 means the first answer failed and the first correction passed."""
    first_problems: list[str]
    last_problems: list[str]


@dataclass
class Dropped:
    kind: str
    """``scenario``, ``tool``, ``task`` or ``environment``."""
    name: str
    stage: str
    reason: str


@dataclass
class Log:
    """What happened to one environment (or, with ``env="scenarios"``, to the scenario stage)."""

    env: str
    title: str = ""
    domain: str = ""
    ok: bool = False
    tools: int = 0
    tasks: int = 0
    corrections: list[Correction] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    stats: dict[str, Any] | None = None

    def settled(self, stage: str, item: str, settled: Settled[Any]) -> None:
        if not settled.rounds:
            return
        outcome = "corrected" if settled.value is not None else "given up"
        first, last = settled.rounds[0].problems, settled.rounds[-1].problems
        self.corrections.append(Correction(stage, item, outcome, len(settled.rounds), first[:5], last[:5]))

    def drop(self, kind: str, name: str, stage: str, reason: str) -> None:
        short = reason if len(reason) <= MAX_REASON else reason[:MAX_REASON] + "..."
        self.dropped.append(Dropped(kind, name, stage, short))

    def give_up(self, stage: str, reason: str) -> None:
        """The environment is dropped at ``stage``."""
        self.ok = False
        self.drop("environment", self.env, stage, reason)

    @property
    def reason(self) -> str | None:
        return next((d.reason for d in self.dropped if d.kind == "environment"), None)

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k != "stats"}
        out["reason"] = self.reason
        return out


def build(
    head: dict[str, Any], scenarios: Log, envs: list[Log], usage: dict[str, Any], seconds: float
) -> dict[str, Any]:
    """The report of a run: ``head`` (model, options, prompt versions...) and what happened."""
    kept = [log for log in envs if log.ok]
    records: list[dict[str, Any]] = [
        {"env_id": log.env, "ok": log.ok, "stats": log.stats, "problems": []} for log in kept
    ]
    return {
        **head,
        "scenarios": {
            "requested": head["options"]["scenarios"],
            "accepted": [log.env for log in envs],
            "rejected": [asdict(d) for d in scenarios.dropped],
            "corrections": [asdict(c) for c in scenarios.corrections],
        },
        "environments": len(envs),
        "kept": [log.env for log in kept],
        "dropped": [{"env": log.env, "reason": log.reason} for log in envs if not log.ok],
        "per_environment": [log.to_json() for log in envs],
        "usage": usage,
        "set": build_report(records, seed=None, generator_version=head["pipeline_version"]) if records else None,
        "seconds": round(seconds, 1),
    }


def write(out: Path, report: dict[str, Any]) -> tuple[Path, Path]:
    json_path, md_path = out / "report.json", out / "report.md"
    json_path.write_text(json.dumps(json.loads(dumps(report)), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    md_path.write_text(render(report), encoding="utf-8")
    return json_path, md_path


def render(report: dict[str, Any]) -> str:
    sections = (_summary, _usage, _kept, _dropped, _corrections, _scenarios)
    return "\n".join(line for section in sections for line in section(report)) + "\n"


def _table(header: str, rows: list[tuple[Any, ...]]) -> list[str]:
    columns = header.count("|") - 1
    cells = [" | ".join(str(v).replace("|", "\\|").replace("\n", " ") for v in row) for row in rows]
    return [header, "|" + "---|" * columns, *(f"| {c} |" for c in cells)]


def _summary(report: dict[str, Any]) -> list[str]:
    total = report["usage"]["stages"]["total"]
    scenarios = report["scenarios"]
    return [
        f"# LLM-generated environments ({report['model']}, pipeline {report['pipeline_version']})",
        "",
        f"- environments: **{len(report['kept'])} kept of {report['environments']}** "
        f"({len(report['dropped'])} dropped); scenarios: {len(scenarios['accepted'])} accepted of "
        f"{scenarios['requested']} requested, {len(scenarios['rejected'])} rejected",
        f"- requests: {total['requests']} sent, {total['cached']} answered from the cache, "
        f"{total['failed']} failed; tokens: {total['prompt_tokens']} in, {total['completion_tokens']} out; "
        f"cost: ${total['cost_usd']:.4f} (cache saved ${total['saved_usd']:.4f})",
        f"- endpoint: {report['base_url']}; correction rounds at most {report['options']['max_rounds']}; "
        f"wall time {report['seconds']} s",
    ]


def _usage(report: dict[str, Any]) -> list[str]:
    fields = ("requests", "cached", "failed", "retries", "prompt_tokens", "completion_tokens", "cost_usd")
    rows = [(stage, *(row[f] for f in fields)) for stage, row in report["usage"]["stages"].items()]
    header = "| stage | requests | cached | failed | retries | tokens in | tokens out | cost ($) |"
    return ["", "## Requests, tokens and cost per stage", "", *_table(header, rows)]


def _kept(report: dict[str, Any]) -> list[str]:
    rows = [
        (
            e["env"],
            e["domain"],
            e["tools"],
            e["tasks"],
            len(e["corrections"]),
            sum(d["kind"] != "environment" for d in e["dropped"]),
        )
        for e in report["per_environment"]
        if e["ok"]
    ]
    header = "| environment | domain | tools | tasks | corrections | tools and tasks dropped |"
    return ["", "## Kept", "", *(_table(header, rows) if rows else ["None."])]


def _dropped(report: dict[str, Any]) -> list[str]:
    lines = ["", "## Dropped, and why", ""]
    rows = [
        (e["env"], d["kind"], d["name"], d["stage"], d["reason"])
        for e in report["per_environment"]
        for d in e["dropped"]
    ]
    return lines + (_table("| environment | what | name | stage | reason |", rows) if rows else ["Nothing."])


def _corrections(report: dict[str, Any]) -> list[str]:
    rows = [
        (e["env"], c["stage"], c["item"], c["outcome"], c["rounds"], (c["first_problems"] or ["?"])[0][:200])
        for e in report["per_environment"]
        for c in e["corrections"]
    ]
    header = "| environment | stage | item | outcome | failing rounds | first problem |"
    return ["", "## Self-corrections", "", *(_table(header, rows) if rows else ["None needed."])]


def _scenarios(report: dict[str, Any]) -> list[str]:
    rejected = report["scenarios"]["rejected"]
    rows = [(d["name"], d["reason"]) for d in rejected]
    return ["", "## Scenarios rejected", "", *(_table("| scenario | reason |", rows) if rows else ["None."])]
