"""The environments a worker serves: found on disk at start, loaded on first use.

An :class:`EnvRuntime` is a loaded data bundle made ready to serve: compiled tools, the MCP tool
list, the template bytes every episode copies. A code bundle loads as a
:class:`~servers.code.runtime.CodeRuntime`; both are :class:`~servers.runtime.Runtime`.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import mcp_types as types

from servers.code.runtime import CodeRuntime
from servers.errors import EnvironmentUnavailable, UnknownEnvironment, UnknownTask
from servers.program import CompiledTool
from servers.runtime import Runtime
from worldfarm.bundle import Environment, Tool
from worldfarm.errors import BundleError
from worldfarm.loader import Bundle, CodeBundle, find_bundles, load_any_bundle
from worldfarm.task import Task
from worldfarm.template import reserved_values
from worldfarm.text import some_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class EnvRuntime(Runtime):
    bundle: Bundle

    @classmethod
    def serving(cls, bundle: Bundle) -> EnvRuntime:
        """A runtime that keeps only what serving needs: the seed rows live in the template, not twice."""
        return cls(dataclasses.replace(bundle, env=bundle.env.model_copy(update={"seed": []})))

    @property
    def id(self) -> str:
        return self.bundle.id

    @property
    def env(self) -> Environment:
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
    def tasks(self) -> tuple[Task, ...]:
        return self.bundle.tasks

    @cached_property
    def volatile(self) -> dict[str, list[str]]:
        return {table.name: list(table.volatile) for table in self.env.schema_.tables if table.volatile}

    @cached_property
    def tools(self) -> dict[str, CompiledTool]:
        return {tool.name: CompiledTool.of(tool) for tool in self.env.tools}

    @cached_property
    def reserved(self) -> dict[str, Any]:
        return reserved_values(self.env)

    @cached_property
    def mcp_tools(self) -> list[types.Tool]:
        return [_mcp_tool(tool) for tool in self.env.tools]

    @cached_property
    def table_names(self) -> list[str]:
        return [table.name for table in self.env.schema_.tables]

    def task(self, task_id: str) -> Task:
        task = self.bundle.tasks_by_id.get(task_id)
        if task is None:
            known = some_of(list(self.bundle.tasks_by_id))
            raise UnknownTask(f"environment {self.id} has no task {task_id!r}; its tasks: {known}")
        return task


def _mcp_tool(tool: Tool) -> types.Tool:
    hints = tool.annotations
    return types.Tool(
        name=tool.name,
        description=tool.description,
        input_schema=tool.input_schema,
        output_schema=nullable_as_any_of(tool.output_schema),
        annotations=types.ToolAnnotations(
            read_only_hint=hints.read_only,
            destructive_hint=hints.destructive,
            idempotent_hint=hints.idempotent,
            open_world_hint=hints.open_world,
        ),
    )


def runtime_of(bundle: Bundle | CodeBundle) -> EnvRuntime | CodeRuntime:
    """The runtime serving ``bundle``, by its kind."""
    if isinstance(bundle, CodeBundle):
        return CodeRuntime(bundle)
    return EnvRuntime.serving(bundle)


class ServedEnvironments:
    """Environment ids to bundle folders; each bundle is loaded the first time it is asked for."""

    def __init__(self, bundle_dirs: list[Path]) -> None:
        self._dirs = {path.name: path for path in bundle_dirs}
        self._loaded: dict[str, EnvRuntime | CodeRuntime] = {}

    @classmethod
    def at(cls, path: str | Path) -> ServedEnvironments:
        """The bundles at ``path``: one bundle folder, or a folder of them. Raises BundleError."""
        return cls(find_bundles(path))

    @classmethod
    def of(cls, *runtimes: EnvRuntime | CodeRuntime) -> ServedEnvironments:
        catalog = cls([rt.path for rt in runtimes])
        catalog._loaded.update({rt.id: rt for rt in runtimes})
        return catalog

    def ids(self) -> list[str]:
        return sorted(self._dirs)

    def __contains__(self, env_id: str) -> bool:
        return env_id in self._dirs

    def __len__(self) -> int:
        return len(self._dirs)

    def bundle_dir(self, env_id: str) -> Path | None:
        """The folder of ``env_id``'s bundle, if this catalog has it."""
        return self._dirs.get(env_id)

    def loaded(self) -> list[EnvRuntime | CodeRuntime]:
        return list(self._loaded.values())

    def get(self, env_id: str) -> EnvRuntime | CodeRuntime:
        runtime = self._loaded.get(env_id)
        if runtime is not None:
            return runtime
        path = self._dirs.get(env_id)
        if path is None:
            raise UnknownEnvironment(f"no environment {env_id!r} on this worker; it serves: {some_of(self.ids(), 10)}")
        try:
            runtime = runtime_of(load_any_bundle(path))
        except BundleError as exc:
            logger.error("environment %s failed to load: %s", env_id, exc)
            raise EnvironmentUnavailable(
                f"environment {env_id} cannot be served, its bundle is broken: {exc}"
            ) from None
        self._loaded[env_id] = runtime
        return runtime


ANNOTATIONS = frozenset({"title", "description", "examples", "default"})


def nullable_as_any_of(schema: Any) -> Any:
    """``schema`` with every ``"type": [T, "null"]`` written as ``"anyOf": [{"type": T, ...}, {"type": "null"}]``:
    the same instances valid, in the form strict MCP clients (the Inspector's strict mode) accept."""
    if isinstance(schema, list):
        return [nullable_as_any_of(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    node = {key: nullable_as_any_of(value) for key, value in schema.items()}
    kinds = node.get("type")
    if not isinstance(kinds, list) or "null" not in kinds or len(kinds) < 2:
        return node
    others = [kind for kind in kinds if kind != "null"]
    inner = {key: value for key, value in node.items() if key not in ANNOTATIONS and key != "type"}
    inner["type"] = others[0] if len(others) == 1 else others
    outer = {key: value for key, value in node.items() if key in ANNOTATIONS}
    return {**outer, "anyOf": [inner, {"type": "null"}]}
