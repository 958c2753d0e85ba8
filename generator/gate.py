"""The validation gate: is a bundle fit to serve? Run through the real runtime, never trusted.

A bundle passes when it loads (schema builds, seed loads with foreign keys on, every SQL statement
prepares: :func:`worldfarm.load_bundle`), every tool runs on a valid input and refuses invalid ones
with a tool error, and every task meets the contract (:func:`servers.check_task`: verifier false at
the start, reference solution runs cleanly, verifier true after it, answers findable) and more: a
write task's verifier compares ``main`` with ``initial``, and every verifier notices an unrelated
change (a row deleted from a table, or from the rest of a table, that the solution did not touch).
An environment needs at least ``min_tasks`` good tasks.

The same gate serves the blueprint generator, ``worldfarm validate`` and the LLM pipeline
(:func:`generator.validate_dir` runs it over a folder, in parallel).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from generator.probes import IdSource, candidates, invalid_inputs
from servers import EnvRuntime, EpisodeStore, LiveEpisode, ServerError, ToolCallError, diff, verify
from worldfarm import Bundle, BundleError, SolutionCall, Task, load_bundle

MIN_TASKS = 10


@dataclass
class BundleStats:
    env_id: str
    domain: str
    blueprint: str
    tools: int
    tables: int
    rows: int
    tasks: int
    difficulty: dict[str, int]
    tags: dict[str, int]
    tool_names: list[str]
    schema_hash: str
    tokens: list[str]
    bytes_on_disk: int
    template_bytes: int


@dataclass
class BundleReport:
    path: Path
    env_id: str
    error: str | None = None
    tool_problems: list[str] = field(default_factory=list)
    task_problems: dict[str, list[str]] = field(default_factory=dict)
    tasks_checked: int = 0
    min_tasks: int = MIN_TASKS
    stats: BundleStats | None = None

    @property
    def good_tasks(self) -> int:
        return self.tasks_checked - len(self.task_problems)

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and not self.tool_problems
            and not self.task_problems
            and self.good_tasks >= self.min_tasks
        )

    def problems(self) -> list[str]:
        out = [self.error] if self.error else []
        out += self.tool_problems
        out += [f"task {tid}: {p}" for tid, ps in self.task_problems.items() for p in ps]
        if self.error is None and self.good_tasks < self.min_tasks:
            out.append(f"only {self.good_tasks} good tasks; an environment needs at least {self.min_tasks}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"env": self.env_id, "ok": self.ok, "tasks": self.good_tasks, "problems": self.problems()}


def validate_bundle(path: str | Path, *, min_tasks: int = MIN_TASKS) -> BundleReport:
    """Run the whole gate over the bundle at ``path``."""
    root = Path(path)
    report = BundleReport(path=root, env_id=root.name, min_tasks=min_tasks)
    try:
        bundle = load_bundle(root)
    except BundleError as exc:
        report.error = str(exc)
        return report
    runtime = EnvRuntime(bundle)
    store = EpisodeStore()
    try:
        report.tool_problems = check_tools(store, runtime)
        for task in bundle.tasks:
            problems = check_task_fully(store, runtime, task)
            report.tasks_checked += 1
            if problems:
                report.task_problems[task.id] = problems
    finally:
        store.close_all()
    report.stats = bundle_stats(
        bundle, report.good_tasks, [t for t in bundle.tasks if t.id not in report.task_problems]
    )
    return report


# --- tools ---------------------------------------------------------------------------------------


def check_tools(store: EpisodeStore, runtime: EnvRuntime) -> list[str]:
    """Problems with any tool: no valid input found, or an invalid one not refused.

    Known-good calls are tried before guessed ones: the examples a tool's input schema declares (on
    the initial state), then each call of a reference solution (after the calls before it).
    """
    episode = store.create(runtime)
    seed = sqlite3.connect(":memory:")
    try:
        seed.deserialize(runtime.template)
        source = IdSource(runtime.env, seed)
        today = runtime.env.clock[:10]
        known = _known_calls(runtime)
        problems: list[str] = []
        for tool in runtime.env.tools:
            guessed = (((), args) for args in candidates(tool, source, today))
            valid, tool_problems = _first_valid(episode, runtime, tool.name, [*known.get(tool.name, []), *guessed])
            problems += tool_problems
            problems += _refusals(episode, tool.name, invalid_inputs(tool, valid))
        return problems
    finally:
        seed.close()
        store.close(episode.id)


Call = tuple[tuple[SolutionCall, ...], dict[str, Any]]
"""Calls to make first (a reference solution's earlier calls), then the arguments to try."""


def _known_calls(runtime: EnvRuntime) -> dict[str, list[Call]]:
    known: dict[str, list[Call]] = {}
    for tool in runtime.env.tools:
        examples = tool.input_schema.get("examples", [])
        known[tool.name] = [((), example) for example in examples if isinstance(example, dict)]
    for task in runtime.bundle.tasks:
        for index, call in enumerate(task.solution):
            known.setdefault(call.tool, []).append((tuple(task.solution[:index]), call.arguments))
    for calls in known.values():
        calls.sort(key=lambda call: len(call[0]))
    return known


def _first_valid(
    episode: LiveEpisode, runtime: EnvRuntime, name: str, attempts: Iterable[Call]
) -> tuple[dict[str, Any] | None, list[str]]:
    """The first arguments ``name`` accepts (then the state is reset), and any problem seen."""
    last_error = "no attempt"
    for before, args in attempts:
        try:
            for call in before:
                episode.call(call.tool, call.arguments)
            result = episode.call(name, args)
        except ToolCallError as exc:
            last_error = exc.message
            continue
        except ServerError as exc:
            return None, [f"tool {name} fails on {json.dumps(args)}: {exc.message}"]
        finally:
            if before:  # the solution's earlier calls changed the state, whatever happened after
                episode.replace_state(runtime.template)
        if not before:
            episode.replace_state(runtime.template)
        error = _output_error(runtime, name, result)
        return args, [] if error is None else [f"tool {name} returns {error} against its output schema"]
    return None, [f"tool {name}: no valid call found in the initial state (last refusal: {last_error})"]


def _refusals(episode: LiveEpisode, name: str, cases: list[tuple[str, dict[str, Any]]]) -> list[str]:
    problems = []
    for what, args in cases:
        try:
            episode.call(name, args)
        except ToolCallError as exc:
            if len(exc.message.strip()) < 15:
                problems.append(f"tool {name} refuses {what} with an unclear message: {exc.message!r}")
            continue
        except ServerError as exc:
            problems.append(f"tool {name} given {what} fails as a bug, not a tool error: {exc.message}")
            continue
        problems.append(f"tool {name} accepts {what}: {json.dumps(args)}")
        episode.replace_state(episode.initial)
    return problems


# --- tasks ---------------------------------------------------------------------------------------


def check_task_fully(store: EpisodeStore, runtime: EnvRuntime, task: Task) -> list[str]:
    """The conformance contract of :func:`servers.check_task`, plus the gate's own checks, in one run."""
    episode = store.create(runtime, task)
    try:
        problems = _contract(episode, runtime, task)
        if problems:
            return problems
        problems += _wording(runtime, task)
        writes = [c for c in task.solution if not _read_only(runtime, c.tool)]
        if not any("initial." in a.sql and "main." in a.sql for a in task.verifier.assertions):
            problems.append(
                "the verifier never compares main with initial, so it cannot tell whether anything else changed"
            )
        if not writes and not task.verifier.answer:
            problems.append("a task that changes nothing must expect an answer")
        return problems + _tamper(store, runtime, episode, task)
    finally:
        store.close(episode.id)


def _contract(episode: LiveEpisode, runtime: EnvRuntime, task: Task) -> list[str]:
    """As :func:`servers.check_task`: false at the start, a clean solution, true after, answers findable."""
    before = verify(episode, task, answer=None)
    problems = ["the verifier already passes before anything is done"] if before.passed else []
    problems += [f"assertion {a.message!r} fails to run: {a.error}" for a in before.assertions if a.error]
    outputs = []
    for index, call in enumerate(task.solution):
        try:
            result = episode.call(call.tool, call.arguments)
        except ServerError as exc:
            return [*problems, f"solution[{index}] {call.tool} fails: {exc.message}"]
        error = _output_error(runtime, call.tool, result)
        if error is not None:
            problems.append(f"solution[{index}] {call.tool} returns {error} against its output schema")
        outputs.append(json.dumps(result))
    episode.transcript = "\n".join(outputs)  # type: ignore[attr-defined]
    after = verify(episode, task, answer=episode.transcript)  # type: ignore[attr-defined]
    problems += [f"after the solution, assertion fails: {a.message}" for a in after.assertions if not a.passed]
    problems += [
        f"expected answer {a.expected!r} is not in the solution's results" for a in after.answers if not a.found
    ]
    return problems


_VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}
SAMPLED_ITEMS = 5


def _output_error(runtime: EnvRuntime, name: str, result: dict[str, Any]) -> str | None:
    """Whether a result matches the tool's output schema; long lists are checked on their first items."""
    items = result.get("items")
    if isinstance(items, list) and len(items) > SAMPLED_ITEMS:
        result = {**result, "items": items[:SAMPLED_ITEMS]}
    error = jsonschema.exceptions.best_match(_output_validator(runtime, name).iter_errors(result))
    return None if error is None else error.message


def _output_validator(runtime: EnvRuntime, name: str) -> jsonschema.Draft202012Validator:
    """A compiled validator of the tool's output schema, shared by every tool with the same schema."""
    tool = runtime.env.tool(name)
    key = json.dumps(tool.output_schema if tool else {}, sort_keys=True)
    validator = _VALIDATORS.get(key)
    if validator is None:
        if len(_VALIDATORS) > 4096:
            _VALIDATORS.clear()
        validator = _VALIDATORS[key] = jsonschema.Draft202012Validator(json.loads(key))
    return validator


def _read_only(runtime: EnvRuntime, name: str) -> bool:
    tool = runtime.env.tool(name)
    return tool is not None and tool.annotations.read_only


def _wording(runtime: EnvRuntime, task: Task) -> list[str]:
    names = [t.name for t in runtime.env.tools] + [t.name for t in runtime.env.schema_.tables if "_" in t.name]
    found = [n for n in names if re.search(rf"\b{re.escape(n)}\b", task.instruction)]
    return [f"the instruction names {found[0]!r}; say what the user wants, not how the system does it"] if found else []


def _tamper(store: EpisodeStore, runtime: EnvRuntime, episode: LiveEpisode, task: Task) -> list[str]:
    """The verifier must fail when something the task did not ask for changed too."""
    changed = diff(episode).tables
    targets = [(t, set[str]()) for t in runtime.table_names if t not in changed][:1]
    targets += [(t, {json.dumps(ch.key) for ch in [*c.inserted, *c.updated, *c.deleted]}) for t, c in changed.items()][
        :1
    ]
    problems = []
    for table, keys in targets:
        fork = store.fork(episode)
        try:
            if _delete_one(fork, runtime, table, keys) and _still_passes(fork, task):
                problems.append(
                    f"the verifier still passes when a row of {table} that the task does not touch is deleted"
                )
        finally:
            store.close(fork.id)
    return problems


def _still_passes(episode: LiveEpisode, task: Task) -> bool:
    """Whether every assertion holds, stopping at the first that does not ("nothing else changed"
    assertions come last, so they are tried first). Assertions are read-only: the loader checked them."""
    with episode.with_initial() as conn:
        for assertion in reversed(task.verifier.assertions):
            row = conn.execute(assertion.sql).fetchone()
            if not (row and row[0]):
                return False
    return True


def _delete_one(episode: LiveEpisode, runtime: EnvRuntime, table: str, keep: set[str]) -> bool:
    key = runtime.primary_keys[table]
    cols = ", ".join(f'"{k}"' for k in key)
    conn = episode.conn
    for row in conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY rowid DESC LIMIT 50').fetchall():  # noqa: S608
        if json.dumps(dict(zip(key, row, strict=True))) in keep:
            continue
        conn.execute("PRAGMA foreign_keys = OFF")
        where = " AND ".join(f'"{k}" = ?' for k in key)
        conn.execute(f'DELETE FROM "{table}" WHERE {where}', row)  # noqa: S608
        conn.execute("PRAGMA foreign_keys = ON")
        return True
    return False


# --- figures -------------------------------------------------------------------------------------


def bundle_stats(bundle: Bundle, good: int, tasks: list[Task]) -> BundleStats:
    env = bundle.env
    schema = "\n".join(sorted(t.sql for t in env.schema_.tables))
    tokens = {f"tool:{t.name}" for t in env.tools}
    for table in env.schema_.tables:
        for column in re.findall(r"^\s+(\w+) ", table.sql, re.MULTILINE):
            tokens.add(f"col:{table.name}.{column}")
    size = sum(p.stat().st_size for p in bundle.path.iterdir() if p.is_file() and not p.name.startswith("seed.sqlite"))
    return BundleStats(
        env_id=env.id,
        domain=env.domain,
        blueprint=(env.provenance.blueprint or env.id).split("/")[0],
        tools=len(env.tools),
        tables=len(env.schema_.tables),
        rows=sum(len(s.rows) for s in env.seed),
        tasks=good,
        difficulty=dict(Counter(t.difficulty for t in tasks)),
        tags=dict(Counter(tag for t in tasks for tag in t.tags)),
        tool_names=[t.name for t in env.tools],
        schema_hash=hashlib.sha256(schema.encode()).hexdigest()[:16],
        tokens=sorted(tokens),
        bytes_on_disk=size,
        template_bytes=len(bundle.template),
    )
