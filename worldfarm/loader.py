"""Load bundles from disk: ``<env_id>/env.json`` and ``<env_id>/tasks.jsonl`` (and a code bundle's ``app.py``).

Two kinds: data bundles (:class:`Bundle`, ``worldfarm.bundle``) and code bundles (:class:`CodeBundle`,
``worldfarm.codeenv``, ``"kind": "code"`` in ``env.json``); :func:`load_any_bundle` loads either.

Every defect becomes a :class:`~worldfarm.errors.BundleError` naming the file, the path inside it
and what is wrong, e.g. ``hotel/env.json: tools[3].program[1].sql: unknown parameter :room``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from worldfarm.bundle import Environment
from worldfarm.code_template import compile_code_template
from worldfarm.codeenv import APP_FILE, CODE_KIND, CodeEnvironment, CodeTask
from worldfarm.errors import BundleError
from worldfarm.task import Task
from worldfarm.template import TemplateProblem, cached_template, check_tasks, load_template

M = TypeVar("M", bound=BaseModel)

ENV_FILE = "env.json"
TASKS_FILE = "tasks.jsonl"


@dataclass(frozen=True, eq=False)
class Bundle:
    """One environment as loaded from disk, with its tasks and its compiled template database."""

    path: Path
    env: Environment
    tasks: tuple[Task, ...]
    template: bytes = field(repr=False)

    @property
    def id(self) -> str:
        return self.env.id

    @cached_property
    def tasks_by_id(self) -> dict[str, Task]:
        return {task.id: task for task in self.tasks}


@dataclass(frozen=True, eq=False)
class CodeBundle:
    """One code environment as loaded from disk: its tasks, its app's code and its template database."""

    path: Path
    env: CodeEnvironment
    tasks: tuple[CodeTask, ...]
    app: str = field(repr=False)
    template: bytes = field(repr=False)

    @property
    def id(self) -> str:
        return self.env.id

    @cached_property
    def tasks_by_id(self) -> dict[str, CodeTask]:
        return {task.id: task for task in self.tasks}


BundleKind = Literal["data", "code"]


def bundle_kind(path: str | Path) -> BundleKind:
    """Which kind of bundle is at ``path`` (``env.json``'s ``kind``; none means data); raises BundleError."""
    env_file = Path(path) / ENV_FILE
    if not env_file.is_file():
        raise BundleError(str(path), "", f"not a bundle: no {ENV_FILE} in it")
    data = _decode_json(_read(env_file), env_file)
    kind = data.get("kind", "data") if isinstance(data, dict) else "data"
    if kind not in ("data", CODE_KIND):
        raise BundleError(str(env_file), "kind", f"is {kind!r}; a bundle is of kind 'data' (the default) or 'code'")
    return "code" if kind == CODE_KIND else "data"


def load_any_bundle(path: str | Path) -> Bundle | CodeBundle:
    """Load the bundle at ``path``, whichever its kind; raises BundleError."""
    return load_code_bundle(path) if bundle_kind(path) == "code" else load_bundle(path)


def load_bundle(path: str | Path) -> Bundle:
    """Load, compile and check the data bundle at ``path``; raises BundleError."""
    root = Path(path)
    env_file, tasks_file = root / ENV_FILE, root / TASKS_FILE
    source, data = _read_env(root)
    if isinstance(data, dict) and data.get("kind") == CODE_KIND:
        raise BundleError(str(env_file), "kind", "is a code environment; load it with load_any_bundle")
    env = _parse(Environment, data, str(env_file), "")
    _check_id(env.id, root, env_file)
    try:
        template = load_template(env_file, env, source)
    except TemplateProblem as exc:
        raise BundleError(str(env_file), exc.location, exc.problem) from None
    tasks = _read_tasks(tasks_file, Task)
    try:
        check_tasks(env, template, tasks)
    except TemplateProblem as exc:
        raise BundleError(str(tasks_file), exc.location, exc.problem) from None
    return Bundle(path=root, env=env, tasks=tuple(tasks), template=template)


def load_code_bundle(path: str | Path) -> CodeBundle:
    """Load and compile the code bundle at ``path`` (its app's code is checked against its hash); BundleError."""
    root = Path(path)
    env_file, tasks_file, app_file = root / ENV_FILE, root / TASKS_FILE, root / APP_FILE
    source, data = _read_env(root)
    env = _parse(CodeEnvironment, data, str(env_file), "")
    _check_id(env.id, root, env_file)
    app = _read(app_file)
    if hashlib.sha256(app).hexdigest() != env.app.sha256:
        raise BundleError(str(app_file), "", "does not match the sha256 in env.json (app.sha256); re-import the bundle")
    try:
        template = cached_template(env_file, source, lambda: compile_code_template(env))
    except TemplateProblem as exc:
        raise BundleError(str(env_file), exc.location, exc.problem) from None
    tasks = _read_tasks(tasks_file, CodeTask)
    seen: set[str] = set()
    for line, task in enumerate(tasks, start=1):
        if task.id in seen:
            raise BundleError(str(tasks_file), f"line {line}", f"task id {task.id!r} is used twice")
        seen.add(task.id)
    try:
        code = app.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(str(app_file), "", f"not UTF-8 text: {exc.reason}") from None
    return CodeBundle(path=root, env=env, tasks=tuple(tasks), app=code, template=template)


def _read_env(root: Path) -> tuple[bytes, Any]:
    env_file = root / ENV_FILE
    if not env_file.is_file():
        raise BundleError(str(root), "", f"not a bundle: no {ENV_FILE} in it")
    source = _read(env_file)
    return source, _decode_json(source, env_file)


def _check_id(env_id: str, root: Path, env_file: Path) -> None:
    if env_id != root.name:
        raise BundleError(str(env_file), "id", f"is {env_id!r} but the folder is named {root.name!r}; make them match")


def find_bundles(path: str | Path) -> list[Path]:
    """The bundle folders at ``path``: ``path`` itself if it is a bundle, else its bundle subfolders."""
    root = Path(path)
    if (root / ENV_FILE).is_file():
        return [root]
    if root.is_file():
        raise BundleError(str(root), "", f"is a file; give a bundle folder (one with {ENV_FILE}) or a folder of them")
    if not root.is_dir():
        raise BundleError(str(root), "", "no such folder")
    found = sorted(p.parent for p in root.glob(f"*/{ENV_FILE}"))
    if not found:
        raise BundleError(str(root), "", f"holds no bundles (no */{ENV_FILE}); generate some with `worldfarm generate`")
    return found


def load_bundles(paths: Sequence[Path]) -> list[Bundle]:
    return [load_bundle(p) for p in paths]


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise BundleError(str(file), "", f"cannot read it: {exc.strerror}") from None


def _decode_json(source: bytes, file: Path) -> Any:
    try:
        return json.loads(source.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise BundleError(str(file), f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise BundleError(str(file), "", f"not UTF-8 text: {exc.reason}") from None


def _read_tasks(file: Path, model: type[M]) -> list[M]:
    if not file.is_file():
        raise BundleError(str(file), "", "missing: every bundle needs its tasks")
    tasks: list[M] = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BundleError(str(file), f"line {number}", f"invalid JSON: {exc.msg}") from None
        tasks.append(_parse(model, data, str(file), f"line {number}"))
    if not tasks:
        raise BundleError(str(file), "", "holds no tasks")
    return tasks


def _parse(model: type[M], data: Any, file: str, prefix: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [(_location(prefix, error["loc"]), error["msg"]) for error in exc.errors()]
        location, problem = problems[0]
        if len(problems) > 1:
            more = "; ".join(f"{where}: {what}" for where, what in problems[1:5])
            problem = f"{problem} (also: {more}{'; ...' if len(problems) > 5 else ''})"
        raise BundleError(file, location, problem) from None


def _location(prefix: str, loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return f"{prefix}: {path}" if prefix and path else prefix or path
