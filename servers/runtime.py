"""What every kind of loaded environment offers the worker: a data bundle's (:class:`~servers.EnvRuntime`)
or a code bundle's (:class:`~servers.CodeRuntime`). Episodes, the control plane and the MCP routes
use only this; what differs (how a tool call runs, how a task is verified) is the kind's own.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

import mcp_types as types

from servers.errors import UnknownTask
from worldfarm.codeenv import CodeTask
from worldfarm.task import Task


class Runtime(ABC):
    @property
    @abstractmethod
    def id(self) -> str: ...

    @property
    @abstractmethod
    def path(self) -> Path: ...

    @property
    @abstractmethod
    def title(self) -> str: ...

    @property
    @abstractmethod
    def description(self) -> str: ...

    @property
    @abstractmethod
    def domain(self) -> str: ...

    @property
    @abstractmethod
    def version(self) -> str: ...

    @property
    @abstractmethod
    def template(self) -> bytes: ...

    @property
    @abstractmethod
    def mcp_tools(self) -> list[types.Tool]: ...

    @property
    @abstractmethod
    def tools(self) -> Mapping[str, object]:
        """Tool name -> the tool ready to run (its kind's own form)."""

    @property
    @abstractmethod
    def table_names(self) -> list[str]: ...

    @property
    @abstractmethod
    def tasks(self) -> tuple[Task | CodeTask, ...]: ...

    @property
    @abstractmethod
    def volatile(self) -> dict[str, list[str]]:
        """Table -> columns whose values are incidental (ignored when states are compared)."""

    @cached_property
    def tasks_by_id(self) -> dict[str, Task | CodeTask]:
        return {task.id: task for task in self.tasks}

    @cached_property
    def primary_keys(self) -> dict[str, list[str]]:
        """Each table's primary-key columns (``rowid`` for a table without one)."""
        conn = sqlite3.connect(":memory:")
        try:
            conn.deserialize(self.template)
            keys = {}
            for table in self.table_names:
                info = conn.execute("SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", (table,))
                keys[table] = [name for name, _ in info] or ["rowid"]
            return keys
        finally:
            conn.close()

    @cached_property
    def references(self) -> dict[str, dict[str, str]]:
        """Each table's foreign keys: column -> the table it references (tables without any left out)."""
        conn = sqlite3.connect(":memory:")
        try:
            conn.deserialize(self.template)
            links: dict[str, dict[str, str]] = {}
            for table in self.table_names:
                rows = conn.execute('SELECT "from", "table" FROM pragma_foreign_key_list(?)', (table,)).fetchall()
                if rows:
                    links[table] = {column: target for column, target in rows}
            return links
        finally:
            conn.close()

    def task(self, task_id: str) -> Task | CodeTask:
        task = self.tasks_by_id.get(task_id)
        if task is None:
            known = ", ".join(list(self.tasks_by_id)[:20])
            raise UnknownTask(f"environment {self.id} has no task {task_id!r}; its tasks: {known}")
        return task
