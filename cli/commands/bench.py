"""``worldfarm bench --agent A --out DIR``: run (env, task, trial) episodes of an agent on a farm, score, summarize.

By default every task of every environment the farm serves, once. Results go to ``DIR/results.jsonl``
as episodes finish, one trajectory per episode under ``DIR/trajectories/``; a rerun into the same
``DIR`` skips what is done. The exit status is non-zero only when the harness itself fails (the farm
cannot be reached at the start, bad arguments); agent and environment failures are results.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from worldfarm import tracing
from worldfarm.errors import ConfigError
from worldfarm.settings import TOKEN_VARIABLE, URL_VARIABLE

AGENT_CHOICES = ("oracle", "noop", "random", "openai", "command")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench", help="run episodes of an agent, score them, write results and a summary", description=__doc__
    )
    parser.add_argument("--agent", required=True, choices=AGENT_CHOICES, help="the agent to run")
    parser.add_argument("--out", required=True, type=Path, help="output directory (rerun into it to resume)")
    parser.add_argument("--farm", help=f"farm or worker URL (default: ${URL_VARIABLE}, else http://127.0.0.1:8000)")
    parser.add_argument("--token", help=f"control-plane token (default: ${TOKEN_VARIABLE})")
    parser.add_argument("--envs", nargs="+", metavar="ENV", help="environment ids or globs (default: all)")
    parser.add_argument("--tasks", nargs="+", metavar="TASK", help="task ids or globs, or ENV/TASK (default: all)")
    parser.add_argument("--trials", type=int, default=1, help="episodes per task (default: 1)")
    parser.add_argument(
        "--include-flagged",
        action="store_true",
        help="also run tasks an import flagged (verifier passing at reset, crashing or timing out, missing)",
    )
    parser.add_argument("--concurrency", type=int, default=8, help="episodes at once (default: 8)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds an agent may act per episode")
    parser.add_argument(
        "--reward", choices=("verifier", "state", "all"), default="verifier", help="what decides reward"
    )
    parser.add_argument("--no-state-check", action="store_true", help="skip state equivalence (verifier mode only)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random agent")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--no-report", action="store_true", help="do not write DIR/report.md and report.html")
    _agent_options(parser)
    parser.set_defaults(run=run)


def _agent_options(parser: argparse.ArgumentParser) -> None:
    llm = parser.add_argument_group("openai agent (any OpenAI-compatible chat-completions endpoint)")
    llm.add_argument("--model", help="model name, e.g. Qwen/Qwen3-8B")
    llm.add_argument("--base-url", help="endpoint base URL, e.g. http://127.0.0.1:8001/v1 (default: $OPENAI_BASE_URL)")
    llm.add_argument("--api-key", help="API key (default: $OPENAI_API_KEY)")
    llm.add_argument("--temperature", type=float, default=0.0)
    llm.add_argument("--max-turns", type=int, default=30, help="model replies per episode (default: 30)")
    llm.add_argument("--max-tokens", type=int, default=1024, help="tokens per reply (default: 1024)")
    llm.add_argument("--max-tokens-field", default="max_tokens", choices=("max_tokens", "max_completion_tokens"))
    llm.add_argument("--retries", type=int, default=4, help="retries of a failed request, with backoff (default: 4)")
    llm.add_argument("--tool-format", choices=("native", "awm"), default="native", help="awm: list_tools/call_tool")
    llm.add_argument("--system-prompt", type=Path, metavar="FILE", help="a file with the system prompt to use")
    cmd = parser.add_argument_group("command agent (any MCP-capable program)")
    cmd.add_argument(
        "--command",
        dest="agent_command",
        metavar="COMMAND",
        help='the program and its arguments, e.g. "python my_agent.py {mcp_url} {instruction}"',
    )
    parser.add_argument_group("random agent").add_argument("--random-calls", type=int, default=5)


def run(args: argparse.Namespace) -> int:
    import asyncio

    tracing.configure("worldfarm-harness")  # with OTEL_EXPORTER_OTLP_ENDPOINT set: a trace per episode
    return asyncio.run(_bench(args))


async def _bench(args: argparse.Namespace) -> int:
    from client import BenchOptions, Farm, RunStore, plan_episodes, run_bench

    if args.concurrency < 1 or args.timeout <= 0:
        raise ConfigError("--concurrency must be at least 1 and --timeout positive")
    agent = make_agent(args)
    options = BenchOptions(
        concurrency=args.concurrency,
        timeout=args.timeout,
        mode=args.reward,
        check_state=not args.no_state_check,
        seed=args.seed,
        progress=not args.no_progress,
    )
    try:
        async with Farm(args.farm, args.token, max_connections=max(64, 4 * args.concurrency)) as farm:
            plan = await plan_episodes(
                farm, _split(args.envs), _split(args.tasks), args.trials, include_flagged=args.include_flagged
            )
            summary = await run_bench(farm, agent, plan, RunStore(args.out), options)
    finally:
        await agent.aclose()
    print(format_summary(summary, args.out))
    if not args.no_report:
        from client import write_report

        write_report(args.out)
        print(f"report: {args.out / 'report.html'}")
    return 0


def make_agent(args: argparse.Namespace) -> Any:
    """The agent the flags describe."""
    from client import ChatSettings, CommandAgent, NoopAgent, OpenAIAgent, OracleAgent, RandomAgent

    if args.agent == "oracle":
        return OracleAgent()
    if args.agent == "noop":
        return NoopAgent()
    if args.agent == "random":
        return RandomAgent(calls=args.random_calls, seed=args.seed)
    if args.agent == "command":
        if not args.agent_command:
            raise ConfigError('the command agent needs --command "PROGRAM ARGS..." ({mcp_url} and {instruction} ok)')
        return CommandAgent(shlex.split(args.agent_command))
    settings = ChatSettings.from_env(
        args.model,
        args.base_url,
        args.api_key,
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        max_tokens_field=args.max_tokens_field,
        retries=args.retries,
    )
    prompt = args.system_prompt.read_text() if args.system_prompt else None
    return OpenAIAgent(settings, max_turns=args.max_turns, tool_format=args.tool_format, system_prompt=prompt)


def _split(values: list[str] | None) -> list[str] | None:
    """``--envs a b,c`` -> ``[a, b, c]``."""
    if not values:
        return None
    return [part for value in values for part in value.split(",") if part]


def format_summary(summary: dict[str, Any], out: Path) -> str:
    """The summary as a few lines of text."""
    rate = summary["success_rate"]
    lines = [
        f"episodes: {summary['episodes']}  counted: {summary['counted']}  "
        f"environment errors: {summary['environment_errors']} (not counted)",
        f"success rate: {_percent(rate)}  mean reward: {summary['mean_reward']}",
        "outcomes: " + ", ".join(f"{name} {count}" for name, count in summary["outcomes"].items() if count),
        "pass^k: " + ", ".join(f"k={k}: {v:.3f}" for k, v in _some(summary["pass_k"]).items()),
    ]
    for title, key in (("domain", "by_domain"), ("difficulty", "by_difficulty")):
        parts = [f"{name} {_percent(row['success_rate'])} ({row['counted']})" for name, row in summary[key].items()]
        lines.append(f"by {title}: " + ", ".join(parts))
    lines.append(f"results: {out / 'results.jsonl'}")
    return "\n".join(lines)


def _some(pass_k: dict[str, float]) -> dict[str, float]:
    """pass^k for k = 1 to 4 and the largest k: enough to read the curve on one line."""
    last = max(pass_k, key=int, default=None)
    return {k: v for k, v in pass_k.items() if int(k) <= 4 or k == last}


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
