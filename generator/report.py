"""The generation report: what a set of environments holds, as JSON and as Markdown.

Counts per domain and area, tools / tables / rows / tasks (min, mean, max), the difficulty and tag
mix, refusals and the branches of conditional tasks, the adversarial gate's record per strategy
(attempts, wins, task candidates it got dropped), diversity (distinct schemas, distinct tool names,
the most similar pair of environments by Jaccard similarity of their tool names and table columns),
and sizes on disk.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from generator.bundle_io import dumps
from generator.targets import targets

Record = dict[str, Any]


def build_report(
    records: list[Record], *, seed: int | None, generator_version: str, seconds: float | None = None
) -> dict[str, Any]:
    """``records``: one per environment, each with ``env_id``, ``ok`` and (when ok) ``stats``."""
    good = [r for r in records if r.get("ok") and r.get("stats")]
    stats = [r["stats"] for r in good]
    report: dict[str, Any] = {
        "generator_version": generator_version,
        "seed": seed,
        "environments": len(records),
        "passed": len(good),
        "failed": [{"env": r["env_id"], "problems": r.get("problems", [])[:5]} for r in records if not r.get("ok")],
        "replaced": sum(1 for r in good if r.get("attempts", 1) > 1),
        "replaced_why": [
            {"env": r["env_id"], "attempts": r["attempts"], "problem": (r.get("problems") or ["?"])[0]}
            for r in good
            if r.get("attempts", 1) > 1
        ],
        "resumed": sum(1 for r in good if r.get("resumed")),
        "resumed_on_proof": sum(1 for r in good if r.get("proven")),
        "dropped_task_candidates": sum(r.get("dropped_tasks", 0) for r in good),
        "dropped_why": [
            {"env": r["env_id"], "problem": p}
            for r in good
            if r.get("dropped_tasks")
            for p in r.get("problems", [])
            if ": task " in p
        ][:50],
        "domains": dict(sorted(Counter(s["blueprint"] for s in stats).items())),
        "areas": dict(sorted(Counter(s["domain"] for s in stats).items())),
        "tools": _spread([s["tools"] for s in stats]),
        "tables": _spread([s["tables"] for s in stats]),
        "rows": _spread([s["rows"] for s in stats]),
        "tasks": _spread([s["tasks"] for s in stats]),
        "difficulty": dict(sorted(sum((Counter(s["difficulty"]) for s in stats), Counter()).items())),
        "environments_with_every_difficulty": sum(
            1 for s in stats if {"easy", "medium", "hard"} <= set(s["difficulty"])
        ),
        "tags": dict(sorted(sum((Counter(s["tags"]) for s in stats), Counter()).items())),
        **gate_figures(records, stats),
        "diversity": diversity(stats),
        "bundle_bytes": _spread([s["bytes_on_disk"] for s in stats], median=True),
        "template_bytes": _spread([s["template_bytes"] for s in stats], median=True),
    }
    report["targets"] = [t.to_json() for t in targets(records)]
    report["quality_problems"] = [
        {"env": r["env_id"], "problem": p} for r in good if r.get("quality") for p in r["quality"]["problems"]
    ][:50]
    if seconds is not None:
        report["seconds"] = round(seconds, 1)
    return report


def gate_figures(records: list[Record], stats: list[dict[str, Any]]) -> dict[str, Any]:
    """Refusals, the branches of conditional tasks per condition kind, and each strategy's record."""
    return {
        "refusals": sum(s.get("refusals", 0) for s in stats),
        "branches": _branches(stats),
        "adversary": adversary(records),
        "adversary_ms_per_environment": round(
            1000 * sum(r.get("adversary_seconds", 0.0) for r in records) / max(1, len(records)), 1
        ),
    }


def _branches(stats: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per condition kind, tasks where the condition holds and where it does not."""
    out: dict[str, dict[str, int]] = {}
    for s in stats:
        for kind, counts in s.get("branches", {}).items():
            mine = out.setdefault(kind, {"holds": 0, "does_not_hold": 0})
            for side, n in counts.items():
                mine[side] += n
    return dict(sorted(out.items()))


def adversary(records: list[Record]) -> dict[str, dict[str, int]]:
    """Per strategy: attempts, wins, tasks won, attempts not applicable, task candidates dropped for a win."""
    out: dict[str, dict[str, int]] = {}
    for record in records:
        for name, tally in record.get("strategies", {}).items():
            mine = out.setdefault(name, {"attempts": 0, "wins": 0, "tasks_won": 0, "not_applicable": 0, "dropped": 0})
            for key, value in tally.items():
                mine[key] += value
        for name, count in record.get("dropped_by", {}).items():
            out.setdefault(name, {"attempts": 0, "wins": 0, "tasks_won": 0, "not_applicable": 0, "dropped": 0})
            out[name]["dropped"] += count
    return out


def _spread(values: list[int], median: bool = False) -> dict[str, float]:
    if not values:
        return {"min": 0, "mean": 0, "max": 0, "total": 0, **({"median": 0} if median else {})}
    out = {"min": min(values), "mean": round(statistics.fmean(values), 1), "max": max(values), "total": sum(values)}
    if median:
        out["median"] = statistics.median(values)
    return out


def diversity(stats: list[dict[str, Any]]) -> dict[str, Any]:
    """Distinct schemas and tool names, and the most similar pair (Jaccard over tool names and columns)."""
    index: dict[str, int] = {}
    masks = []
    for s in stats:
        mask = 0
        for token in s["tokens"]:
            mask |= 1 << index.setdefault(token, len(index))
        masks.append(mask)
    best, pair = -1.0, ("", "")
    sizes = [m.bit_count() for m in masks]
    for i in range(len(masks)):
        for j in range(i + 1, len(masks)):
            inter = (masks[i] & masks[j]).bit_count()
            score = inter / (sizes[i] + sizes[j] - inter or 1)
            if score > best:
                best, pair = score, (stats[i]["env_id"], stats[j]["env_id"])
    return {
        "distinct_schemas": len({s["schema_hash"] for s in stats}),
        "distinct_tool_names": len({n for s in stats for n in s["tool_names"]}),
        "most_similar_pair": {"envs": list(pair), "jaccard": round(max(best, 0.0), 3)} if len(stats) > 1 else None,
    }


def render_markdown(report: dict[str, Any]) -> str:
    sections = (_summary, _targets, _diversity, _tasks, _adversary, _sizes, _domains, _problems)
    return "\n".join(line for section in sections for line in section(report)) + "\n"


def _table(header: str, rows: list[tuple[Any, ...]]) -> list[str]:
    columns = header.count("|") - 1
    return [header, "|" + "---|" * columns, *("| " + " | ".join(str(v) for v in row) + " |" for row in rows)]


def _summary(report: dict[str, Any]) -> list[str]:
    failed = f" ({len(report['failed'])} failed)" if report["failed"] else ""
    lines = [
        f"# Generated environments (generator {report['generator_version']}, seed {report['seed']})",
        "",
        f"- environments: **{report['passed']} of {report['environments']} pass the gate**{failed}",
        f"- replaced after a failed first attempt: {report['replaced']}; kept from an earlier run: "
        f"{report['resumed']}; task candidates dropped by the gate: {report['dropped_task_candidates']}",
        f"- domains: {len(report['domains'])}, areas: {len(report['areas'])}",
    ]
    if "seconds" in report:
        lines.append(f"- wall time: {report['seconds']} s")
    rows = [(k, *(report[k][f] for f in ("min", "mean", "max", "total"))) for k in ("tools", "tables", "rows", "tasks")]
    return [*lines, "", *_table("| per environment | min | mean | max | total |", rows)]


def _targets(report: dict[str, Any]) -> list[str]:
    rows = [
        (t["name"], t["bound"], t["value"], "met" if t["met"] else "**not met**") for t in report.get("targets", [])
    ]
    if not rows:
        return []
    return ["", "## Targets", "", *_table("| target | bound | value | |", rows)]


def _diversity(report: dict[str, Any]) -> list[str]:
    d = report["diversity"]
    pair = d["most_similar_pair"]
    similar = (
        f"- most similar pair: {' and '.join(pair['envs'])} (Jaccard {pair['jaccard']} over tool names and table"
        " columns)"
        if pair
        else "- most similar pair: n/a"
    )
    return [
        "",
        "## Diversity",
        "",
        f"- distinct schemas: {d['distinct_schemas']}",
        f"- distinct tool names: {d['distinct_tool_names']}",
        similar,
    ]


def _tasks(report: dict[str, Any]) -> list[str]:
    count = report["environments_with_every_difficulty"]
    every = f"Environments with easy, medium and hard tasks: {count} of {report['passed']}."
    return [
        "",
        "## Tasks",
        "",
        every,
        "",
        *_table("| difficulty | tasks |", list(report["difficulty"].items())),
        "",
        *_table("| tag | tasks |", list(report["tags"].items())),
    ]


def _adversary(report: dict[str, Any]) -> list[str]:
    tasks = report["tasks"]["total"]
    refusals = report.get("refusals", 0)
    share = f"{100 * refusals / tasks:.1f}%" if tasks else "n/a"
    lines = ["", "## Refusals and conditions", "", f"Refusal tasks: {refusals} of {tasks} ({share})."]
    branches = [(kind, c["holds"], c["does_not_hold"]) for kind, c in report.get("branches", {}).items()]
    if branches:
        lines += ["", *_table("| condition | holds | does not hold |", branches)]
    strategies = report.get("adversary", {})
    if not strategies:
        return [*lines, "", "The adversarial strategies were not run."]
    rows = [
        (name, t["attempts"], t["wins"], t["tasks_won"], t["not_applicable"], t["dropped"])
        for name, t in strategies.items()
    ]
    header = "| strategy | attempts | wins | tasks won | not applicable | candidates dropped |"
    cost = report.get("adversary_ms_per_environment", 0)
    intro = (
        "Every task gated, against each generic strategy (a win drops the candidate; shipped tasks have none); "
        f"the strategies cost {cost} ms of CPU per environment."
    )
    return [*lines, "", "## Adversarial gate", "", intro, "", *_table(header, rows)]


def _sizes(report: dict[str, Any]) -> list[str]:
    keys = ("bundle_bytes", "template_bytes")
    rows = [(k.replace("_bytes", ""), *(report[k][f] for f in ("min", "median", "max", "total"))) for k in keys]
    return ["", "## Sizes", "", *_table("| bytes | min | median | max | total |", rows)]


def _domains(report: dict[str, Any]) -> list[str]:
    return [
        "",
        "## Domains",
        "",
        *_table("| area | environments |", list(report["areas"].items())),
        "",
        *_table("| domain | environments |", list(report["domains"].items())),
    ]


def _problems(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if report.get("dropped_why"):
        lines += ["", "## Task candidates the gate dropped", ""]
        lines += [f"- {d['env']}: {d['problem']}" for d in report["dropped_why"]]
    if report.get("replaced_why"):
        lines += ["", "## Replaced after a failed attempt", ""]
        lines += [f"- {r['env']} (attempt {r['attempts']}): {r['problem']}" for r in report["replaced_why"]]
    if report.get("quality_problems"):
        lines += ["", "## Data-quality problems", ""]
        lines += [f"- {q['env']}: {q['problem']}" for q in report["quality_problems"]]
    if report["failed"]:
        lines += ["", "## Failed", ""] + [f"- {f['env']}: {'; '.join(f['problems'])}" for f in report["failed"]]
    return lines


def write_report(out: Path, report: dict[str, Any]) -> tuple[Path, Path]:
    json_path, md_path = out / "report.json", out / "report.md"
    json_path.write_text(json.dumps(json.loads(dumps(report)), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return json_path, md_path
