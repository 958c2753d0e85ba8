"""Importing one scenario: its database, its app's tools, its tasks, and the checks that flag what is wrong.

1. Build the template database (foreign keys on, SQL's 'now' at the bundle's fixed clock).
2. Start the app in its sandboxed host and read its OpenAPI document: the tools.
3. Write the bundle to a staging folder and load it like a worker would.
4. Check it in the real runtime: each tool on its spec's example (on a fresh episode), each task's
   verifier on the untouched state (a verifier that passes there is flagged: AWM issue #16) and for
   crashes and time-outs. Flags go into ``tasks.jsonl``, findings into the report.
5. Move the finished bundle into place, with ``import.json`` (the report and the source's digest).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import anyio

from generator.awm.database import Database, build_database, env_id_of
from generator.awm.report import ScenarioReport
from generator.awm.source import Scenario
from generator.awm.tools import tools_from_openapi
from generator.bundle_io import dumps, replace_dir
from servers import (
    CodeRuntime,
    CodeSettings,
    EpisodeStore,
    HostFailure,
    HostPool,
    HostSpec,
    ServerError,
    call_code_tool,
    run_verifier,
    says_complete,
)
from worldfarm.bundle import Provenance
from worldfarm.code_template import build_template
from worldfarm.codeenv import (
    APP_FILE,
    AppSource,
    CodeEnvironment,
    CodeSchema,
    CodeTable,
    CodeTask,
    CodeTool,
    CodeVerifier,
    TaskSource,
)
from worldfarm.errors import BundleError
from worldfarm.loader import ENV_FILE, TASKS_FILE, CodeBundle, load_code_bundle
from worldfarm.template import TemplateProblem

IMPORTER_VERSION = "1"
IMPORT_FILE = "import.json"
SOURCE_FILE = "source.json"
VERIFIER_CONCURRENCY = 4


@dataclass(frozen=True)
class ImportOptions:
    clock: str = "2026-03-02T09:00:00"
    settings: CodeSettings = field(default_factory=lambda: CodeSettings(call_time_limit=5.0))


def previous_report(out: Path, scenario: Scenario) -> ScenarioReport | None:
    """The report of an earlier import of the same source by this importer, if its bundle is there."""
    try:
        data = json.loads((out / env_id_of(scenario.name) / IMPORT_FILE).read_text())
    except (OSError, ValueError):
        return None
    if data.get("importer") != IMPORTER_VERSION or data.get("report", {}).get("digest") != scenario.digest():
        return None
    report = ScenarioReport.from_json(data["report"])
    report.resumed = True
    return report


async def import_scenario(scenario: Scenario, out: Path, options: ImportOptions) -> ScenarioReport:
    report = ScenarioReport(scenario=scenario.name, env_id=env_id_of(scenario.name), digest=scenario.digest())
    staging = out / f".staging-{report.env_id}"
    shutil.rmtree(staging, ignore_errors=True)
    pool = HostPool(options.settings)
    try:
        bundle_dir = await _build(scenario, staging, report, pool, options)
        if bundle_dir is not None:
            await _check(load_code_bundle(bundle_dir), scenario, report, pool, options.settings)
            _write_import(bundle_dir, report)
            replace_dir(bundle_dir, out / report.env_id)
            report.ok = True
    except (BundleError, TemplateProblem, HostFailure) as exc:
        report.error = getattr(exc, "message", None) or str(exc)
    finally:
        await pool.close()
        shutil.rmtree(staging, ignore_errors=True)
    return report


async def _build(
    scenario: Scenario, staging: Path, report: ScenarioReport, pool: HostPool, options: ImportOptions
) -> Path | None:
    database = build_database(scenario.tables, scenario.inserts, options.clock)
    report.refused_statements = database.problems
    if not database.tables:
        report.error = "no table of its schema could be created"
        return None
    spec = HostSpec(report.env_id, scenario.name, options.clock, scenario.code, _template(options.clock, database))
    ready = await pool.host(spec).start(describe=True)
    report.sandbox = dict(ready.get("sandbox", {}))
    report.start_seconds = pool.host(spec).stats.start_seconds
    _add_tables(database, [str(sql) for sql in ready.get("additions", [])], report)
    tools, problems = tools_from_openapi(ready.get("openapi") or {})
    report.tool_problems = problems + _unserved(scenario, tools)
    if not tools:
        report.error = "its app serves no operation that can be a tool"
        return None
    env = CodeEnvironment(
        kind="code",
        id=report.env_id,
        title=scenario.name.replace("_", " ").title(),
        description=scenario.description or f"The {scenario.name.replace('_', ' ')} environment.",
        domain="awm",
        clock=options.clock,
        provenance=Provenance(generator="awm-import"),
        schema_=CodeSchema(tables=database.tables),
        seed=database.seed,
        tools=tools,
        app=AppSource(sha256=_sha256(scenario.code), scenario=scenario.name),
    )
    folder = staging / report.env_id
    _write_bundle(folder, env, scenario.code, _tasks(scenario), scenario)
    report.tables, report.rows, report.tools = len(database.tables), sum(len(s.rows) for s in database.seed), len(tools)
    return folder


def _template(clock: str, database: Database) -> bytes:
    return build_template(clock, database.tables, database.seed)


def _add_tables(database: Database, additions: list[str], report: ScenarioReport) -> None:
    """Tables the app's models create that the scenario's schema lacks join the schema (AWM's server has them)."""
    for sql in additions:
        match = re.match(r'\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`\[]?(\w+)', sql, re.IGNORECASE)
        if match:
            database.tables.append(CodeTable(name=match.group(1), sql=sql))
            report.schema_additions.append(f"table {match.group(1)} comes from the app's models, not the schema")


def _unserved(scenario: Scenario, tools: list[CodeTool]) -> list[str]:
    served = {tool.name for tool in tools}
    return [
        f"the spec's endpoint {e.get('operation_id')} ({e.get('method')} {e.get('path')}) is not served by the app"
        for e in scenario.endpoints
        if e.get("operation_id") and e.get("operation_id") not in served
    ]


def _tasks(scenario: Scenario) -> list[CodeTask]:
    tasks = []
    for index, instruction in enumerate(scenario.tasks):
        if not instruction.strip():
            continue
        verifier = _verifier(scenario.verifiers.get(index), "code", "verify_task_completion")
        judge = _verifier(scenario.judges.get(index), "sql", "verify_task")
        tasks.append(
            CodeTask(
                id=f"task-{index}",
                instruction=instruction,
                verifier=verifier,
                judge=judge,
                flags=[] if verifier else ["no_verifier"],
                notes=[] if verifier else ["the release has no code-mode verifier for this task"],
                source=TaskSource(scenario=scenario.name, task_idx=index),
            )
        )
    return tasks


def _verifier(code: str | None, mode: Literal["code", "sql"], default: str) -> CodeVerifier | None:
    if code is None:
        return None
    match = re.search(r"^\s*def\s+(verify_\w*)\s*\(", code, re.MULTILINE)
    return CodeVerifier(mode=mode, function=match.group(1) if match else default, code=code)


def _write_bundle(folder: Path, env: CodeEnvironment, code: str, tasks: list[CodeTask], scenario: Scenario) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENV_FILE).write_text(dumps(env.model_dump(mode="json", by_alias=True)) + "\n")
    (folder / APP_FILE).write_text(code)
    (folder / TASKS_FILE).write_text("".join(dumps(t.model_dump(mode="json")) + "\n" for t in tasks))
    source = {"scenario": scenario.name, "description": scenario.description, "endpoints": scenario.endpoints}
    (folder / SOURCE_FILE).write_text(dumps(source) + "\n")


def _write_import(folder: Path, report: ScenarioReport) -> None:
    (folder / IMPORT_FILE).write_text(json.dumps({"importer": IMPORTER_VERSION, "report": report.to_json()}, indent=2))


def _sha256(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def _check(
    bundle: CodeBundle, scenario: Scenario, report: ScenarioReport, pool: HostPool, settings: CodeSettings
) -> None:
    runtime = CodeRuntime(bundle)
    report.failing_endpoints = await check_endpoints(runtime, scenario.endpoints, pool)
    flagged = await check_verifiers(runtime, report, settings)
    failing = report.failing_endpoints
    tools = [_with_problem(tool, failing[tool.name]) if tool.name in failing else tool for tool in runtime.env.tools]
    env = CodeEnvironment(**{**runtime.env.__dict__, "tools": tools})
    _write_bundle(bundle.path, env, bundle.app, flagged, scenario)
    report.tasks = len(flagged)


def _with_problem(tool: CodeTool, problem: str) -> CodeTool:
    return CodeTool(
        name=tool.name,
        description=tool.description,
        input_schema=tool.input_schema,
        annotations=tool.annotations,
        route=tool.route,
        problems=[*tool.problems, f"fails on its spec's example: {problem}"],
    )


async def check_endpoints(runtime: CodeRuntime, endpoints: list[dict[str, Any]], pool: HostPool) -> dict[str, str]:
    """Each tool called with its spec's example on a fresh episode: the ones that fail, and how."""
    examples = {str(e.get("operation_id")): e.get("request_params") or {} for e in endpoints}
    store, failing = EpisodeStore(), {}
    for tool in runtime.env.tools:
        args = _example(tool, examples.get(tool.name))
        if args is None:
            continue
        episode = store.create(runtime)
        try:
            await call_code_tool(pool, runtime, episode, tool.name, args)
        except ServerError as exc:
            failing[tool.name] = exc.message
        finally:
            store.close(episode.id)
    return failing


def _example(tool: CodeTool, params: dict[str, Any] | None) -> dict[str, Any] | None:
    """The arguments of the spec's example for ``tool`` (None when the spec gives no full example)."""
    if params is None:
        return None
    accepted = tool.input_schema.get("properties", {})
    args = {name: p.get("example") for name, p in params.items() if name in accepted and isinstance(p, dict)}
    args = {name: value for name, value in args.items() if value is not None}
    missing = [name for name in tool.input_schema.get("required", []) if name not in args]
    return None if missing else args


async def check_verifiers(
    runtime: CodeRuntime, report: ScenarioReport, settings: CodeSettings, *, fresh: bool = False
) -> list[CodeTask]:
    """Every task's verifier and judge run on the untouched state; the tasks with their flags and notes
    (added to those it has, or, if ``fresh``, instead of the check flags it has)."""
    limiter = anyio.CapacityLimiter(VERIFIER_CONCURRENCY)
    checked: dict[str, CodeTask] = {}

    async def check(task: CodeTask) -> None:
        async with limiter:
            checked[task.id] = await _check_task(
                _unchecked(task) if fresh else task, runtime.template, report, settings
            )

    async with anyio.create_task_group() as group:
        for task in runtime.tasks:
            group.start_soon(check, task)
    return [checked[task.id] for task in runtime.tasks]


def _unchecked(task: CodeTask) -> CodeTask:
    """``task`` without what the checks flag (only ``no_verifier`` is the source's own)."""
    flags = [flag for flag in task.flags if flag == "no_verifier"]
    notes = [note for note in task.notes if "no code-mode verifier" in note]
    return CodeTask(**{**task.__dict__, "flags": flags, "notes": notes})


async def _check_task(task: CodeTask, state: bytes, report: ScenarioReport, settings: CodeSettings) -> CodeTask:
    flags, notes = list(task.flags), list(task.notes)
    if task.verifier is None:
        report.no_verifier.append(task.id)
    else:
        run = await run_verifier(task.verifier, state, state, None, settings)
        if says_complete(run):
            flags.append("satisfied_at_reset")
            notes.append("its verifier passes before anything is done")
            report.satisfied_at_reset.append(task.id)
        elif run.error and "limit" in run.error:
            flags.append("verifier_timeout")
            notes.append(f"its verifier {run.error}")
            report.verifier_timeouts.append(task.id)
        elif run.error:
            flags.append("verifier_error")
            notes.append(f"its verifier fails: {run.error}")
            report.verifier_errors[task.id] = run.error
    if task.judge is not None:
        evidence = await run_verifier(task.judge, state, state, None, settings)
        if evidence.error:
            notes.append(f"its sql-mode verifier fails: {evidence.error}")
            report.judge_errors[task.id] = evidence.error
    return CodeTask(**{**task.__dict__, "flags": flags, "notes": notes})
