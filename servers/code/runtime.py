"""A loaded code bundle made ready to serve: its MCP tool list, argument validators, template and tasks.

Listing tools needs no host: they are in ``env.json``. Calling one needs the scenario's host
(:mod:`servers.code.hosts`), which the worker's pool starts on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jsonschema
import mcp_types as types

from servers.arguments import MAX_NESTING, MAX_STRING_CHARS, longest_declared, value_problem
from servers.code.settings import HostSpec
from servers.errors import InvalidArguments, UnknownTask
from servers.program import find_tool
from servers.runtime import Runtime
from worldfarm.codeenv import CodeEnvironment, CodeTask, CodeTool
from worldfarm.loader import CodeBundle

_FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


@dataclass(frozen=True, eq=False)
class CompiledCodeTool:
    tool: CodeTool
    validator: jsonschema.Draft202012Validator

    @property
    def name(self) -> str:
        return self.tool.name


@dataclass(frozen=True, eq=False)
class CodeRuntime(Runtime):
    bundle: CodeBundle

    @property
    def id(self) -> str:
        return self.bundle.id

    @property
    def env(self) -> CodeEnvironment:
        return self.bundle.env

    @property
    def path(self) -> Path:
        return self.bundle.path

    @property
    def title(self) -> str:
        return self.env.title

    @property
    def description(self) -> str:
        return self.env.description

    @property
    def domain(self) -> str:
        return self.env.domain

    @property
    def version(self) -> str:
        return self.env.version

    @property
    def template(self) -> bytes:
        return self.bundle.template

    @property
    def tasks(self) -> tuple[CodeTask, ...]:
        return self.bundle.tasks

    @property
    def volatile(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def spec(self) -> HostSpec:
        env = self.env
        return HostSpec(env.id, env.app.scenario, env.clock, self.bundle.app, self.template)

    @cached_property
    def tools(self) -> dict[str, CompiledCodeTool]:
        return {
            tool.name: CompiledCodeTool(
                tool, jsonschema.Draft202012Validator(tool.input_schema, format_checker=_FORMAT_CHECKER)
            )
            for tool in self.env.tools
        }

    @cached_property
    def mcp_tools(self) -> list[types.Tool]:
        return [_mcp_tool(tool) for tool in self.env.tools]

    @cached_property
    def table_names(self) -> list[str]:
        return [table.name for table in self.env.schema_.tables]

    def task(self, task_id: str) -> CodeTask:
        task = self.bundle.tasks_by_id.get(task_id)
        if task is None:
            known = ", ".join(list(self.bundle.tasks_by_id)[:20])
            raise UnknownTask(f"environment {self.id} has no task {task_id!r}; its tasks: {known}")
        return task

    def checked(self, name: str, arguments: dict[str, object] | None) -> tuple[CodeTool, dict[str, object]]:
        """The tool called ``name`` and its arguments, validated against its schema before the app sees them."""
        compiled = find_tool(self.tools, name)
        args = dict(arguments or {})
        problem = value_problem(args, max(MAX_STRING_CHARS, longest_declared(compiled.tool.input_schema)), MAX_NESTING)
        if problem is not None:  # values no app should be handed (servers.arguments)
            raise InvalidArguments(f"{name}: {problem}")
        error = jsonschema.exceptions.best_match(compiled.validator.iter_errors(args))
        if error is not None:
            where = ".".join(str(p) for p in error.path)
            what = f"argument {where!r}" if where else "the arguments"
            takes = ", ".join(compiled.tool.input_schema.get("properties", {})) or "no arguments"
            raise InvalidArguments(f"{name}: {what} is invalid: {error.message}. It takes: {takes}")
        return compiled.tool, args


def _mcp_tool(tool: CodeTool) -> types.Tool:
    hints = tool.annotations
    return types.Tool(
        name=tool.name,
        description=tool.description,
        input_schema=tool.input_schema,
        annotations=types.ToolAnnotations(
            read_only_hint=hints.read_only,
            destructive_hint=hints.destructive,
            idempotent_hint=hints.idempotent,
            open_world_hint=hints.open_world,
        ),
    )
