"""The ``command`` agent: any external MCP-capable program, given the episode's MCP URL and the instruction.

The program is started once per episode, in its own process group:

- in its arguments, ``{mcp_url}``, ``{instruction}``, ``{episode_id}``, ``{env}`` and ``{task}`` are
  replaced by the episode's values (each argument is one argv entry: no shell, no quoting problems);
- its environment adds ``WORLDFARM_MCP_URL``, ``WORLDFARM_INSTRUCTION``, ``WORLDFARM_EPISODE_ID``,
  ``WORLDFARM_ENV`` and ``WORLDFARM_TASK``; the farm's token is removed (agents never reach the
  control plane).

Its **final answer** is read from its standard output: the last line that is a JSON object with an
``"answer"`` key (``{"answer": "...", "usage": {"prompt_tokens": 0, "completion_tokens": 0}}``, usage
optional), else the last non-empty line. Exit status 0 means it finished; any other is an agent
error. When the episode's time runs out the whole process group gets SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
from typing import Any

from client.agents.base import Agent, AgentContext, AgentResult, Usage
from worldfarm.settings import TOKEN_VARIABLE

KEEP_OUTPUT = 8192
"""Characters of the program's stdout and stderr kept in the trajectory (the end of each)."""


class CommandAgent(Agent):
    name = "command"

    def __init__(
        self, argv: list[str], *, env: dict[str, str] | None = None, cwd: str | None = None, grace: float = 3.0
    ) -> None:
        if not argv:
            raise ValueError("the command agent needs a program to run")
        self.argv = argv
        self.env = env or {}
        self.cwd = cwd
        self.grace = grace

    def describe(self) -> dict[str, Any]:
        return {"agent": self.name, "command": self.argv}

    async def run(self, ctx: AgentContext) -> AgentResult:
        values = {
            "mcp_url": ctx.episode.mcp_url,
            "instruction": ctx.instruction,
            "episode_id": ctx.episode.id,
            "env": ctx.episode.env_id,
            "task": ctx.reference.id,
        }
        argv = [_substitute(arg, values) for arg in self.argv]
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._environment(values),
            cwd=self.cwd,
            start_new_session=True,
        )
        ctx.notes["pid"] = process.pid
        try:
            stdout, stderr = await process.communicate()
        finally:
            await self._stop(process)
        out, err = stdout.decode(errors="replace"), stderr.decode(errors="replace")
        ctx.notes.update(exit_status=process.returncode, stdout=out[-KEEP_OUTPUT:], stderr=err[-KEEP_OUTPUT:])
        answer, usage = read_answer(out)
        if usage is not None:
            ctx.usage.add(usage)
        if process.returncode != 0:
            why = failure_line(err)
            return AgentResult(answer=answer, status="error", error=f"exit status {process.returncode}: {why}")
        return AgentResult(answer=answer)

    def _environment(self, values: dict[str, str]) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != TOKEN_VARIABLE}
        env.update(self.env)
        env.update({f"WORLDFARM_{key.upper()}": value for key, value in values.items()})
        return env

    async def _stop(self, process: asyncio.subprocess.Process) -> None:
        """Make sure nothing of the program outlives its episode: its whole group, TERM then KILL."""
        if process.returncode is None:  # still running: the episode's time ran out
            for sig in (signal.SIGTERM, signal.SIGKILL):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, sig)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.grace):
                        await process.wait()
                        break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever it left behind in its group


def _substitute(arg: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        arg = arg.replace("{" + key + "}", value)
    return arg


def read_answer(stdout: str) -> tuple[str | None, Usage | None]:
    """The final answer in a program's output: its last ``{"answer": ...}`` line, else its last line."""
    lines = [line.strip() for line in stdout.splitlines() if line.strip()]
    for line in reversed(lines):
        if not line.startswith("{"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and "answer" in data:
            return _text(data["answer"]), _usage(data.get("usage"))
    return (lines[-1] if lines else None), None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _usage(value: Any) -> Usage | None:
    if not isinstance(value, dict):
        return None
    try:
        return Usage(
            prompt_tokens=int(value.get("prompt_tokens") or 0),
            completion_tokens=int(value.get("completion_tokens") or 0),
            requests=int(value.get("requests") or 0),
        )
    except (TypeError, ValueError):
        return None


_DECORATION = re.compile(r"^\s*[|+] ?")
"""What prefixes the lines of an exception group's traceback (``  | ``, ``    | ``, ``  + ``)."""
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*)(?:: (.*))?$")
_GROUPS = frozenset({"ExceptionGroup", "BaseExceptionGroup"})


def failure_line(stderr: str) -> str:
    """Why a program failed, from its stderr: the innermost exception of a Python traceback as ``Type:
    message`` (inside an exception group, the exception it holds, not the group), else the last line."""
    found: str | None = None
    for line in stderr.splitlines():
        text = _DECORATION.sub("", line, count=1) if line.lstrip().startswith(("|", "+")) else line
        match = _EXCEPTION.match(text)
        if match is None or text.startswith(("Traceback", "Exception Group Traceback")):
            continue
        name = match.group(1).rsplit(".", 1)[-1]
        if name[:1].isupper() and name not in _GROUPS:
            found = text
    if found is not None:
        return found
    lines = [line.strip() for line in stderr.splitlines() if line.strip(" |+-\t")]
    return lines[-1] if lines else "no output on stderr"
