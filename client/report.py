"""``worldfarm report DIR``: a bench run as ``DIR/report.md`` and a self-contained ``DIR/report.html``.

The HTML has its CSS and its SVG charts inline and loads nothing: it opens from disk, mails and
archives as one file. Both are rebuilt from ``results.jsonl`` and ``run.json`` (never from memory),
so a report of a resumed or interrupted run shows everything on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from client.charts import Bar, histogram, rate_bars, rate_columns, stacked_bar
from client.errors import BenchError
from client.runner import EpisodeResult
from client.store import SUMMARY, RunStore
from client.summary import summarize

OUTCOME_COLORS = {
    "success": "#2e9d5b",
    "failure": "#d64545",
    "agent_error": "#e8a33d",
    "timeout": "#8a6fdf",
    "environment_error": "#9aa5b1",
}
MAX_LISTED = 60
DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


@dataclass
class RunData:
    root: Path
    run: dict[str, Any]
    results: list[EpisodeResult]
    summary: dict[str, Any]

    @property
    def title(self) -> str:
        agent = self.run.get("agent", {})
        model = agent.get("model") or (" ".join(agent["command"]) if agent.get("command") else "")
        return f"{agent.get('agent', '?')}" + (f" · {model}" if model else "")


def load_run(root: Path) -> RunData:
    store = RunStore(root)
    run = store.read_run()
    if run is None or not store.results_path.exists():
        raise BenchError(f"{root} holds no bench run (no run.json and results.jsonl); run worldfarm bench --out {root}")
    results = sorted(store.results().values(), key=lambda r: (r.env, r.task, r.trial))
    return RunData(root, run, results, summarize(results))


def write_report(root: Path) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` (and refresh ``summary.json``); their paths."""
    data = load_run(root)
    RunStore(root).write_json(SUMMARY, data.summary)
    md, html = root / "report.md", root / "report.html"
    md.write_text(markdown(data), encoding="utf-8")
    html.write_text(render_html(data), encoding="utf-8")
    return md, html


# -- Markdown ---------------------------------------------------------------------------------


def markdown(data: RunData) -> str:
    s = data.summary
    lines = [f"# worldfarm bench: {data.title}", "", *_md_facts(data), ""]
    lines += ["## By domain", "", *_md_table(s["by_domain"], "domain"), ""]
    lines += ["## By difficulty", "", *_md_table(_by_difficulty(s), "difficulty"), ""]
    lines += ["## By environment", "", *_md_table(s["by_env"], "environment"), ""]
    for title, episodes in _listed(data.results):
        lines += [f"## {title} ({len(episodes)})", ""]
        lines += ["| episode | outcome | checks | error | trajectory |", "|---|---|---|---|---|"]
        for r in episodes[:MAX_LISTED]:
            error = (r.error or "").replace("|", "\\|").replace("\n", " ")[:120]
            link = f"[json]({r.trajectory})" if r.trajectory else ""
            lines.append(f"| {r.env}/{r.task}#{r.trial} | {r.outcome} | {_checks(r)} | {error} | {link} |")
        if len(episodes) > MAX_LISTED:
            lines.append(f"\n{len(episodes) - MAX_LISTED} more in results.jsonl.")
        lines.append("")
    return "\n".join(lines) + "\n"


def _md_facts(data: RunData) -> list[str]:
    s = data.summary
    agent = data.run.get("agent", {})
    lines = [
        f"- agent: `{agent}`",
        f"- farm: {data.run.get('farm', '?')}, reward mode: `{data.run.get('mode', '?')}`",
        f"- episodes: {s['episodes']} ({s['counted']} counted, "
        f"{s['environment_errors']} environment errors not counted)",
        f"- **success rate: {_pct(s['success_rate'])}**, mean reward {_num(s['mean_reward'])}",
        "- outcomes: " + ", ".join(f"{k} {v}" for k, v in s["outcomes"].items() if v),
        "- pass^k: " + (", ".join(f"k={k} {v:.3f}" for k, v in s["pass_k"].items()) or "-"),
        f"- tool calls per episode: mean {_num(s['tool_calls']['mean'])}, p90 {_num(s['tool_calls']['p90'])}",
        f"- episode latency: p50 {_secs(s['latency_s']['p50'])}, p90 {_secs(s['latency_s']['p90'])}",
    ]
    if s["tokens"]["prompt"] or s["tokens"]["completion"]:
        lines.append(f"- tokens: {s['tokens']['prompt']:,} prompt, {s['tokens']['completion']:,} completion")
    return lines


def _md_table(rows: dict[str, dict[str, Any]], name: str) -> list[str]:
    lines = [f"| {name} | episodes | success rate | mean reward | env errors |", "|---|---:|---:|---:|---:|"]
    for key, row in rows.items():
        lines.append(
            f"| {key} | {row['episodes']} | {_pct(row['success_rate'])} | {_num(row['mean_reward'])} | "
            f"{row['environment_errors']} |"
        )
    return lines


# -- HTML -------------------------------------------------------------------------------------


def render_html(data: RunData) -> str:
    s = data.summary
    body = [
        f"<header><p class=kicker>worldfarm bench</p><h1>{escape(data.title)}</h1>"
        f"<p class=sub>{_html_meta(data)}</p></header>",
        _cards(s),
        _section(
            "Outcomes", stacked_bar([(k.replace("_", " "), v, OUTCOME_COLORS[k]) for k, v in s["outcomes"].items()])
        ),
        '<div class="grid">',
        _section(
            "Success by domain",
            rate_bars(_bars(s["by_domain"])),
            "counted episodes per bar; environment errors left out",
        ),
        _section("Success by difficulty", rate_bars(_bars(_by_difficulty(s)))),
        _section(
            "Tool calls per episode",
            histogram([float(r.tool_calls) for r in data.results if r.counted], integer=True),
        ),
        _section("Episode latency", histogram([r.duration_s for r in data.results], unit=" s"), _latency_note(s)),
        "</div>",
        _section("pass^k", rate_columns([Bar(f"k={k}", v) for k, v in s["pass_k"].items()]), _PASS_K_NOTE),
        _section("By environment", _html_table(s["by_env"], "environment")),
        _failures(data.results),
    ]
    return _PAGE.format(title=escape(f"worldfarm bench: {data.title}"), css=_CSS, body="\n".join(body))


def _html_meta(data: RunData) -> str:
    sessions = data.run.get("sessions", [])
    parts = [
        f"farm {escape(str(data.run.get('farm', '?')))}",
        f"reward mode <b>{escape(str(data.run.get('mode')))}</b>",
    ]
    if sessions:
        parts.append(f"started {escape(str(sessions[0].get('started', '')))}")
        parts.append(f"{len(sessions)} session{'s' if len(sessions) > 1 else ''}")
        ran = [session for session in sessions if session.get("ran")]
        if ran and ran[-1].get("episodes_per_s"):
            parts.append(f"{ran[-1]['episodes_per_s']:.1f} episodes/s")
    return " · ".join(parts)


def _cards(s: dict[str, Any]) -> str:
    pass_k = s["pass_k"]
    top_k = max(pass_k, key=int) if pass_k else None
    cards = [
        ("success rate", _pct(s["success_rate"]), f"{s['outcomes']['success']} of {s['counted']} counted"),
        ("mean reward", _num(s["mean_reward"]), "over counted episodes"),
        (f"pass^{top_k}" if top_k else "pass^k", _num(pass_k[top_k]) if top_k else "-", "all k trials succeed"),
        ("environment errors", str(s["environment_errors"]), "not counted"),
        ("tool calls / episode", _num(s["tool_calls"]["mean"]), f"p90 {_num(s['tool_calls']['p90'])}"),
        ("latency p50", _secs(s["latency_s"]["p50"]), f"p90 {_secs(s['latency_s']['p90'])}"),
    ]
    if s["tokens"]["prompt"] or s["tokens"]["completion"]:
        cards.append(("tokens", f"{s['tokens']['prompt'] + s['tokens']['completion']:,}", "prompt + completion"))
    items = "".join(
        f'<div class="card"><div class="k">{escape(k)}</div><div class="v">{escape(v)}</div>'
        f'<div class="n">{escape(n)}</div></div>'
        for k, v, n in cards
    )
    return f'<section class="cards">{items}</section>'


def _section(title: str, content: str, note: str = "") -> str:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return f"<section><h2>{escape(title)}</h2>{content}{note_html}</section>"


def _bars(rows: dict[str, dict[str, Any]]) -> list[Bar]:
    return [Bar(name, row["success_rate"], f"n={row['counted']}") for name, row in rows.items()]


def _html_table(rows: dict[str, dict[str, Any]], name: str) -> str:
    head = f"<tr><th>{escape(name)}</th><th>episodes</th><th>success</th><th>mean reward</th><th>env errors</th></tr>"
    body = "".join(
        f"<tr><td>{escape(key)}</td><td>{row['episodes']}</td><td>{_meter(row['success_rate'])}{_pct(row['success_rate'])}</td>"
        f"<td>{_num(row['mean_reward'])}</td><td>{row['environment_errors']}</td></tr>"
        for key, row in rows.items()
    )
    return f"<table>{head}{body}</table>"


def _listed(results: list[EpisodeResult]) -> list[tuple[str, list[EpisodeResult]]]:
    """The episodes worth a look, in two lists: the farm's errors, then the agent's misses."""
    env_errors = [r for r in results if r.outcome == "environment_error"]
    misses = [r for r in results if r.outcome not in ("success", "environment_error")]
    listed = [("Environment errors, not counted", env_errors)] if env_errors else []
    return [*listed, ("Episodes that did not succeed", misses)] if misses else listed


def _failures(results: list[EpisodeResult]) -> str:
    sections = []
    for title, episodes in _listed(results):
        rows = "".join(_failure_row(r) for r in episodes[:MAX_LISTED])
        more = len(episodes) - MAX_LISTED
        note = f"<p class=note>{more} more in results.jsonl.</p>" if more > 0 else ""
        head = "<tr><th>episode</th><th>outcome</th><th>checks</th><th>error or answer</th><th></th></tr>"
        sections.append(_section(f"{title} ({len(episodes)})", f"<table>{head}{rows}</table>{note}"))
    return "\n".join(sections) or _section("Episodes that did not succeed", "<p>None: every episode succeeded.</p>")


def _failure_row(r: EpisodeResult) -> str:
    label = escape(r.outcome.replace("_", " "))
    pill = f'<span class="pill" style="background:{OUTCOME_COLORS[r.outcome]}">{label}</span>'
    return (
        f"<tr><td>{escape(f'{r.env}/{r.task}#{r.trial}')}</td><td>{pill}</td>"
        f"<td>{escape(_checks(r))}</td><td class=err>{escape((r.error or r.answer or '')[:200])}</td>"
        f"<td>{_link(r)}</td></tr>"
    )


def _meter(rate: float | None) -> str:
    width = 0 if rate is None else round(rate * 100)
    return f'<span class="meter"><i style="width:{width}%"></i></span>'


def _link(r: EpisodeResult) -> str:
    return f'<a href="{escape(r.trajectory)}">trajectory</a>' if r.trajectory else ""


def _checks(r: EpisodeResult) -> str:
    if not r.checks:
        return "-"
    state = {True: "state ok", False: "state differs", None: ""}[r.checks.get("state")]
    return f"assertions {r.checks['assertions']}, answers {r.checks['answers']}" + (f", {state}" if state else "")


def _by_difficulty(s: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = s["by_difficulty"]
    return dict(sorted(rows.items(), key=lambda item: (DIFFICULTY_ORDER.get(item[0], 9), item[0])))


def _latency_note(s: dict[str, Any]) -> str:
    lat = s["latency_s"]
    spread = f"p50 {_secs(lat['p50'])}, p90 {_secs(lat['p90'])}, max {_secs(lat['max'])}"
    return f"whole episode (create, act, score, close): {spread}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def _secs(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


_PASS_K_NOTE = "pass^k: the chance that k trials of a task all succeed, averaged over tasks (tau-bench)."

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{css}</style></head>
<body><main>
{body}
<footer>worldfarm · rebuilt with <code>worldfarm report DIR</code></footer>
</main></body></html>
"""

_CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f7f8fa}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);
font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 24px 40px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:15px;margin:0 0 12px;color:var(--ink)}
.sub{color:var(--muted);margin:0 0 20px}.kicker{color:var(--muted);margin:0;font-size:12px;
text-transform:uppercase;letter-spacing:.08em}
.meter{display:inline-block;width:80px;height:8px;background:#eef1f4;border-radius:4px;margin-right:8px;
vertical-align:middle;overflow:hidden}.meter i{display:block;height:100%;background:#2f6fdf}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 16px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(136px,1fr));gap:12px;background:none;border:0;padding:0}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:26px;font-weight:600;margin:2px 0}.card .n{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}td.err{color:#52606d;max-width:460px;word-break:break-word}
.pill{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;white-space:nowrap}
.note{color:var(--muted);font-size:12px;margin:8px 0 0}
a{color:#2f6fdf}footer{color:var(--muted);font-size:12px;margin-top:20px}
"""
