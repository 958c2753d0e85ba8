"""Compile an environment into its template database, checking everything SQLite can check.

The template is the serialized bytes of an in-memory SQLite database holding the schema and the seed
rows; every episode starts as a copy of those bytes. Compiling also proves the bundle is coherent:
the DDL runs, the seed loads with foreign keys on, every program step and verifier prepares and does
only what its place allows, every parameter and message placeholder names something that exists.

``seed.sqlite`` next to ``env.json`` caches the result, keyed on the bytes of ``env.json`` and the
compiler version, and is rebuilt when either changes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jsonschema

from worldfarm.bundle import Environment, QueryStep, SeedTable, Table, Tool
from worldfarm.sqlcheck import SQLProblem, check_statement, parameters
from worldfarm.task import Task

COMPILER_VERSION = "2"
RESERVED_BINDS = ("_now", "_today")
CACHE_FILE = "seed.sqlite"
KEY_FILE = "seed.sqlite.key"
SQLITE_HEADER = b"SQLite format 3\x00"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class TemplateProblem(ValueError):
    """A defect found while compiling; ``location`` is the path inside ``env.json`` or ``tasks.jsonl``."""

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")


def reserved_values(env: Environment) -> dict[str, Any]:
    """The values of the reserved parameters: the environment's fixed clock."""
    return {"_now": env.clock, "_today": env.clock[:10]}


def compile_template(env: Environment) -> bytes:
    """Build the template database for ``env`` and check its tools; raises TemplateProblem."""
    with _memory_db() as conn:
        _create_schema(conn, env.schema_.tables)
        _load_seed(conn, env.seed)
        for index, tool in enumerate(env.tools):
            _check_tool(conn, tool, f"tools[{index}] ({tool.name})", [t.name for t in env.schema_.tables])
        return conn.serialize()


def check_tasks(env: Environment, template: bytes, tasks: Iterable[Task]) -> None:
    """Check each task against the compiled environment; raises TemplateProblem naming the line."""
    validators = {tool.name: jsonschema.Draft202012Validator(tool.input_schema) for tool in env.tools}
    with _memory_db() as conn:
        conn.deserialize(template)
        conn.execute("ATTACH ':memory:' AS initial")
        conn.deserialize(template, name="initial")
        seen: set[str] = set()
        for line, task in enumerate(tasks, start=1):
            where = f"line {line} ({task.id})"
            if task.id in seen:
                raise TemplateProblem(where, f"task id {task.id!r} is used twice")
            seen.add(task.id)
            for index, assertion in enumerate(task.verifier.assertions):
                _check(conn, assertion.sql, f"{where}: verifier.assertions[{index}].sql")
            for index, call in enumerate(task.solution):
                _check_call(validators, call.tool, call.arguments, f"{where}: solution[{index}]")


def load_template(env_file: Path, env: Environment, source: bytes) -> bytes:
    """The template bytes for ``env``, parsed from ``source`` (the bytes of ``env_file``), cached beside it."""
    return cached_template(env_file, source, lambda: compile_template(env))


def cached_template(env_file: Path, source: bytes, build: Callable[[], bytes]) -> bytes:
    """``build()``'s template for the bundle whose ``env.json`` holds ``source``, cached beside ``env_file``."""
    key = f"{hashlib.sha256(source).hexdigest()}:{COMPILER_VERSION}"
    cache, key_file = env_file.with_name(CACHE_FILE), env_file.with_name(KEY_FILE)
    with contextlib.suppress(OSError):
        if key_file.read_text() == key:
            cached = cache.read_bytes()
            if cached.startswith(SQLITE_HEADER):
                return cached
    template = build()
    with contextlib.suppress(OSError):  # a read-only bundle is served uncached
        _write_atomically(cache, template)
        _write_atomically(key_file, key.encode())
    return template


@contextlib.contextmanager
def _memory_db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        yield conn
    finally:
        conn.close()


def _create_schema(conn: sqlite3.Connection, tables: list[Table]) -> None:
    for index, table in enumerate(tables):
        where = f"schema.tables[{index}] ({table.name})"
        before = _table_names(conn)
        try:
            conn.execute(table.sql)
        except sqlite3.Error as exc:
            raise TemplateProblem(f"{where}.sql", f"SQLite rejects it: {exc}") from None
        created = _table_names(conn) - before
        if created != {table.name}:
            raise TemplateProblem(f"{where}.sql", f"creates {sorted(created)}, expected table {table.name!r}")
        columns = _columns(conn, table.name)
        for column in table.volatile:
            if column not in columns:
                raise TemplateProblem(f"{where}.volatile", f"{table.name} has no column {column!r}")
        for i, sql in enumerate(table.indexes):
            try:
                conn.execute(sql)
            except sqlite3.Error as exc:
                raise TemplateProblem(f"{where}.indexes[{i}]", f"SQLite rejects it: {exc}") from None


def _load_seed(conn: sqlite3.Connection, seed: list[SeedTable]) -> None:
    for index, block in enumerate(seed):
        where = f"seed[{index}] ({block.table})"
        missing = [c for c in block.columns if c not in _columns(conn, block.table)]
        if missing:
            raise TemplateProblem(f"{where}.columns", f"{block.table} has no column {missing[0]!r}")
        # identifiers match the model's identifier pattern; the values are bound
        columns, marks = ", ".join(block.columns), ", ".join("?" * len(block.columns))
        sql = f'INSERT INTO "{block.table}" ({columns}) VALUES ({marks})'  # noqa: S608
        for row_index, row in enumerate(block.rows):
            try:
                conn.execute(sql, row)
            except sqlite3.Error as exc:
                raise TemplateProblem(f"{where}.rows[{row_index}]", f"cannot insert {row}: {exc}") from None
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        table, rowid, parent, _ = problems[0]
        raise TemplateProblem("seed", f"{table} row {rowid} points at a missing {parent} row")


def _check_tool(conn: sqlite3.Connection, tool: Tool, where: str, tables: list[str]) -> None:
    _check_input_schema(tool.input_schema, f"{where}.input_schema")
    _check_output_schema(tool.output_schema, f"{where}.output_schema")
    known = [*tool.arguments, *RESERVED_BINDS]
    for index, step in enumerate(tool.program):
        here = f"{where}.program[{index}]"
        writable = tables if step.kind == "exec" else ()
        _check(conn, step.sql, f"{here}.sql", writable=writable, known=known)
        if step.kind != "return" and step.error:
            _check_message(step.error, known, f"{here}.error")
        if isinstance(step, QueryStep):
            try:
                known += _query_binds(conn, step)
            except SQLProblem as exc:
                raise TemplateProblem(f"{here}.sql", str(exc)) from None
    last = tool.program[-1]
    if last.kind == "return":
        try:
            _check_return_shape(conn, last.sql, last.rows, tool.output_schema, f"{where}.program[-1]")
        except SQLProblem as exc:
            raise TemplateProblem(f"{where}.program[-1].sql", str(exc)) from None


def _check_input_schema(schema: dict[str, Any], where: str) -> None:
    _check_json_schema(schema, where)
    if schema.get("additionalProperties") is not False:
        raise TemplateProblem(where, 'must set "additionalProperties": false so unknown arguments are refused')
    for name in schema.get("properties", {}):
        if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name):
            raise TemplateProblem(f"{where}.properties", f"argument {name!r} is not a snake_case identifier")
    undefined = set(schema.get("required", [])) - set(schema.get("properties", {}))
    if undefined:
        raise TemplateProblem(f"{where}.required", f"requires undefined argument {sorted(undefined)[0]!r}")


def _check_output_schema(schema: dict[str, Any], where: str) -> None:
    _check_json_schema(schema, where)


def _check_json_schema(schema: dict[str, Any], where: str) -> None:
    try:
        check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise TemplateProblem(where, f"not a valid JSON Schema: {exc.message}") from None
    if schema.get("type") != "object":
        raise TemplateProblem(where, 'must be {"type": "object", ...}')


def check_schema(schema: Any) -> None:
    """``Draft202012Validator.check_schema``, faster: each subschema under ``properties`` and ``items``
    is checked on its own (the metaschema checks them independently) and in a canonical form (any
    property names, any description text: the metaschema accepts every string there), and every check
    is cached, since the tools of many environments repeat the same shapes.
    """
    if not isinstance(schema, dict):
        _check_schema_text(json.dumps(schema, sort_keys=True))
        return
    shallow = {k: _canonical(k, v) for k, v in schema.items()}
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for sub in properties.values():
            check_schema(sub)
        names = {name: f"p{i}" for i, name in enumerate(properties)}
        shallow["properties"] = dict.fromkeys(names.values(), True)
        required = schema.get("required")
        if isinstance(required, list) and all(isinstance(r, str) for r in required):
            shallow["required"] = [names.get(r, f"r:{r}") for r in required]
    items = schema.get("items")
    if isinstance(items, dict):
        check_schema(items)
        shallow["items"] = True
    _check_schema_text(json.dumps(shallow, sort_keys=True))


_ANY_VALUE = ("default", "const")
_ANY_ARRAY = ("examples", "enum")
_ANY_NUMBER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")


def _canonical(key: str, value: Any) -> Any:
    """A value the metaschema judges exactly as it judges ``value`` under ``key``, shared by many schemas:
    any text for a description, any value for a default, any array for an enum or examples, any number for
    a bound, any non-negative integer for a count (other values are kept, so a wrong one still fails)."""
    if key in ("description", "title") and isinstance(value, str):
        return ""
    if key in _ANY_VALUE:
        return None
    if key in _ANY_ARRAY and isinstance(value, list):
        return []
    if key in _ANY_NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return 0
    if key in _COUNTS and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return 0
    return value


@functools.lru_cache(maxsize=65536)
def _check_schema_text(text: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(text))


def _check(
    conn: sqlite3.Connection, sql: str, where: str, *, writable: Iterable[str] = (), known: Iterable[str] = ()
) -> None:
    try:
        check_statement(conn, sql, writable_tables=writable, known=known)
    except SQLProblem as exc:
        raise TemplateProblem(where, str(exc)) from None


def _check_message(message: str, known: list[str], where: str) -> None:
    for name in _PLACEHOLDER.findall(message):
        if name not in known:
            raise TemplateProblem(where, f"placeholder {{{name}}} names nothing (known here: {', '.join(known)})")


def _query_binds(conn: sqlite3.Connection, step: QueryStep) -> list[str]:
    if step.rows == "all":
        return [step.name]
    return [f"{step.name}__{column}" for column in _result_columns(conn, step.sql)]


def _check_return_shape(
    conn: sqlite3.Connection, sql: str, rows: str, output_schema: dict[str, Any], where: str
) -> None:
    properties = output_schema.get("properties", {})
    if rows == "all":
        if properties.get("items", {}).get("type") != "array":
            raise TemplateProblem(f"{where}", 'returns rows="all": the output schema needs an "items" array')
        return
    columns = _result_columns(conn, sql)
    missing = set(output_schema.get("required", [])) - set(columns)
    if missing:
        raise TemplateProblem(where, f"the output schema requires {sorted(missing)[0]!r}, which it does not select")
    if output_schema.get("additionalProperties") is False:
        extra = [c for c in columns if c not in properties]
        if extra:
            raise TemplateProblem(where, f"selects {extra[0]!r}, which the output schema does not allow")


def _result_columns(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The columns ``sql`` returns, learned without running it (``LIMIT 0``, and a step budget)."""
    conn.set_progress_handler(lambda: 1, 1_000_000)
    try:
        cursor = conn.execute(f"SELECT * FROM ({sql}) LIMIT 0", dict.fromkeys(parameters(sql)))  # noqa: S608
    except sqlite3.Error as exc:
        raise SQLProblem(f"cannot be used as a result: {exc}") from None
    finally:
        conn.set_progress_handler(None, 0)
    return [d[0] for d in cursor.description]


def _check_call(validators: dict[str, jsonschema.Draft202012Validator], tool: str, args: Any, where: str) -> None:
    validator = validators.get(tool)
    if validator is None:
        raise TemplateProblem(where, f"calls unknown tool {tool!r}")
    error = jsonschema.exceptions.best_match(validator.iter_errors(args))
    if error is not None:
        raise TemplateProblem(where, f"arguments for {tool} do not match its input schema: {error.message}")


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
