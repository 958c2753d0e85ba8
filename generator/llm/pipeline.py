"""The driver: scenarios, then for each scenario (concurrently) tasks, schema, seed data, tools, and
verifiers with reference solutions; then the gate, and the bundle is written only if it passes.

Every environment ends up either in ``out/<id>/`` (``env.json``, ``tasks.jsonl``, the same bundle
as the blueprint path's, provenance ``{"generator": "llm", "model": M}``) or in the report as
dropped, with the reason. ``report.json`` and ``report.md`` say what was kept, dropped, corrected,
and what each stage cost. Every answer is cached under ``out/.llm-cache`` (or ``cache_dir``), so a
rerun of the same command resumes without paying twice.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.bundle_io import replace_dir, write_env, write_tasks
from generator.errors import GeneratorError
from generator.gate import MIN_TASKS, validate_bundle
from generator.llm.cache import Cache
from generator.llm.client import StructuredClient, StructuredMode
from generator.llm.diversity import DEFAULT_CATEGORIES, default_seeds, read_seeds
from generator.llm.execute import Draft, runtime_of
from generator.llm.ledger import Ledger
from generator.llm.prompts import versions
from generator.llm.report import Log, build, write
from generator.llm.stages.context import Context
from generator.llm.stages.scenarios import choose_scenarios
from generator.llm.stages.schema import write_schema
from generator.llm.stages.seed import write_seed
from generator.llm.stages.solutions import write_solutions
from generator.llm.stages.tasks import write_tasks as write_task_ideas
from generator.llm.stages.tools import write_tools
from worldfarm import ChatClient, ChatEndpointError, ChatSettings, Environment, Task
from worldfarm.template import TemplateProblem

logger = logging.getLogger(__name__)

PIPELINE_VERSION = "llm-1"
CACHE_DIR = ".llm-cache"
STAGING = ".staging"


@dataclass(frozen=True)
class LLMOptions:
    out: Path
    chat: ChatSettings
    scenarios: int = 10
    tasks_per_env: int = 12
    min_tasks: int = MIN_TASKS
    concurrency: int = 4
    max_rounds: int = 3
    seeds: Path | None = None
    """Seed scenarios (JSON lines with name and description, or plain lines); default: the blueprint domains."""
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    price_in: float = 0.0
    price_out: float = 0.0
    cache_dir: Path | None = None
    """Where answers are cached; default ``out/.llm-cache``."""
    use_cache: bool = True
    structured: StructuredMode = "auto"
    clock: str = str(Environment.model_fields["clock"].default)
    progress: Callable[[Log], None] | None = field(default=None, compare=False)


def generate_llm(options: LLMOptions) -> dict[str, Any]:
    """Run the pipeline (see the module docstring); returns the report. Raises GeneratorError, ConfigError."""
    return asyncio.run(run_pipeline(options))


async def run_pipeline(options: LLMOptions, chat: ChatClient | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    if options.scenarios < 1:
        raise GeneratorError("--scenarios must be at least 1")
    seeds = read_seeds(options.seeds) if options.seeds else default_seeds()
    options.out.mkdir(parents=True, exist_ok=True)
    cache = Cache((options.cache_dir or options.out / CACHE_DIR) if options.use_cache else None)
    ledger = Ledger(options.price_in, options.price_out)
    client = chat or ChatClient(options.chat)
    ai = StructuredClient(client, cache, ledger, concurrency=options.concurrency, structured=options.structured)
    scenario_log = Log("scenarios")
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-checks") as executor:
            ctx = Context(ai, options.max_rounds, executor)
            chosen = await choose_scenarios(
                ctx,
                scenario_log,
                count=options.scenarios,
                seeds=seeds,
                categories=options.categories,
                clock=options.clock,
            )
            slots = asyncio.Semaphore(max(1, options.concurrency))  # environments in flight at once
            logs = await asyncio.gather(*(_environment(ctx, options, scenario, slots) for scenario in chosen))
    finally:
        if chat is None:
            await client.aclose()
    shutil.rmtree(options.out / STAGING, ignore_errors=True)
    report = build(_head(options), scenario_log, list(logs), ledger.to_json(), time.perf_counter() - started)
    write(options.out, report)
    return report


async def _environment(ctx: Context, options: LLMOptions, scenario: dict[str, Any], slots: asyncio.Semaphore) -> Log:
    log = Log(scenario["id"], title=scenario["title"], domain=scenario["domain"])
    try:
        async with slots:
            await _build(ctx, options, Draft(scenario, options.chat.model), log)
    except ChatEndpointError as exc:
        log.give_up("endpoint", str(exc))
    except Exception as exc:  # one environment's failure must not end the run: report it, go on
        logger.exception("environment %s failed", scenario["id"])
        log.give_up("internal", f"{type(exc).__name__}: {exc}")
    if options.progress is not None:
        options.progress(log)
    return log


async def _build(ctx: Context, options: LLMOptions, draft: Draft, log: Log) -> None:
    minimum = options.min_tasks
    count = max(options.tasks_per_env, minimum)
    ideas = await write_task_ideas(ctx, draft, log, count=count, minimum=minimum)
    if ideas is None:
        return
    schema = await write_schema(ctx, draft, ideas, log)
    if schema is None:
        return
    seed = await write_seed(ctx, draft := draft.with_(schema=schema), ideas, log)
    if seed is None:
        return
    tools = await write_tools(ctx, draft := draft.with_(seed=seed), ideas, log)
    if not tools:
        return
    draft = draft.with_(tools=tools)
    try:
        runtime = await ctx.run(runtime_of, draft.environment())
    except TemplateProblem as exc:  # each tool compiled alone; together they should too
        log.give_up("tools", f"env.json: {exc}")
        return
    tasks = await write_solutions(ctx, draft, ideas, runtime, log)
    if len(tasks) < minimum:
        log.give_up("solution", f"only {len(tasks)} tasks pass their checks; an environment needs at least {minimum}")
        return
    await ctx.run(_finish, options.out, draft.environment(), tasks, log, minimum)


def _finish(out: Path, env: Environment, tasks: list[Task], log: Log, minimum: int) -> None:
    """The gate over the whole bundle in a staging folder; moved into ``out`` only if it passes."""
    staging = out / STAGING / env.id
    shutil.rmtree(staging, ignore_errors=True)
    data = env.model_dump(mode="json", by_alias=True)
    data["provenance"] = {k: v for k, v in data["provenance"].items() if v is not None}
    write_env(staging, data)
    write_tasks(staging, [task.model_dump(mode="json") for task in tasks])
    verdict = validate_bundle(staging, min_tasks=minimum)
    if verdict.task_problems and verdict.error is None and not verdict.tool_problems:
        for task_id, problems in verdict.task_problems.items():
            log.drop("task", task_id, "gate", problems[0])
        tasks = [task for task in tasks if task.id not in verdict.task_problems]
        write_tasks(staging, [task.model_dump(mode="json") for task in tasks])
        verdict = validate_bundle(staging, min_tasks=minimum)
    if not verdict.ok or verdict.stats is None:
        log.give_up("gate", "; ".join(verdict.problems()[:3]))
        shutil.rmtree(staging, ignore_errors=True)
        return
    replace_dir(staging, out / env.id)
    log.ok, log.tools, log.tasks, log.stats = True, len(env.tools), len(tasks), asdict(verdict.stats)


def _head(options: LLMOptions) -> dict[str, Any]:
    return {
        "generator": "llm",
        "pipeline_version": PIPELINE_VERSION,
        "model": options.chat.model,
        "base_url": options.chat.base_url,
        "prompt_versions": versions(),
        "options": {
            "scenarios": options.scenarios,
            "tasks_per_env": options.tasks_per_env,
            "min_tasks": options.min_tasks,
            "max_rounds": options.max_rounds,
            "concurrency": options.concurrency,
            "categories": list(options.categories),
            "structured": options.structured,
            "seeds": str(options.seeds) if options.seeds else "blueprint domains",
            "temperature": options.chat.temperature,
        },
    }
