"""The tool-program interpreter: validated arguments in, one transaction, structured result out.

A call validates its arguments against the tool's input schema before any SQL runs, then runs the
program's steps inside ``BEGIN ... COMMIT`` on the episode's connection. Any failure rolls the whole
call back, so a failed call leaves the database byte-identical. Arguments and earlier results are
only ever bound as parameters.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import jsonschema

from servers.arguments import MAX_NESTING, MAX_STRING_CHARS, escaped, longest_declared, value_problem
from servers.errors import EnvironmentDefect, InvalidArguments, RuleViolation, ToolCallError, UnknownTool
from worldfarm.bundle import CheckStep, ExecStep, QueryStep, ReturnStep, Tool
from worldfarm.fastschema import fast_validator

MAX_RESULT_ROWS = 500
T = TypeVar("T")
MAX_SHOWN_CHARS = 200
"""A value longer than this is cut where a message shows it."""
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


@dataclass(frozen=True, eq=False)
class CompiledTool:
    """A tool ready to run: its model, its argument validators and its argument defaults."""

    tool: Tool
    accepts: Callable[[Any], bool] | None
    """A fast path that says "valid" only when ``validator`` would (see worldfarm.fastschema)."""
    defaults: dict[str, Any]
    longest: int = 0
    """The largest maxLength its input schema declares: strings may be that long even over the farm's bound."""

    @classmethod
    def of(cls, tool: Tool) -> CompiledTool:
        properties: dict[str, Any] = tool.input_schema.get("properties", {})
        defaults = {name: _to_sql(spec.get("default")) for name, spec in properties.items()}
        accepts = fast_validator(tool.input_schema)
        return cls(tool=tool, accepts=accepts, defaults=defaults, longest=longest_declared(tool.input_schema))

    @cached_property
    def validator(self) -> jsonschema.Draft202012Validator:
        """The authority, built on first need: a call the fast path does not accept (its error message)."""
        return jsonschema.Draft202012Validator(self.tool.input_schema, format_checker=_FORMAT_CHECKER)

    @property
    def name(self) -> str:
        return self.tool.name


def find_tool(tools: Mapping[str, T], name: str) -> T:
    """The tool called ``name``, or UnknownTool suggesting the closest names."""
    tool = tools.get(name)
    if tool is None:
        close = difflib.get_close_matches(name, list(tools), n=3) if len(name) <= 100 else []
        hint = f"did you mean {', '.join(close)}?" if close else f"the tools are: {', '.join(sorted(tools))}"
        shown = name if len(name) <= 100 else name[:100] + "..."
        raise UnknownTool(f"unknown tool {shown!r}; {hint}")
    return tool


def validate_arguments(
    tool: CompiledTool,
    arguments: Mapping[str, Any] | None,
    *,
    max_chars: int = MAX_STRING_CHARS,
    max_nesting: int = MAX_NESTING,
) -> dict[str, Any]:
    """The arguments as a dict, or InvalidArguments saying what is wrong and what the tool takes.

    Values SQLite cannot take are refused first (strings over ``max_chars`` or the tool's own
    maxLength, nesting over ``max_nesting``, see servers.arguments), then the schema is checked.
    """
    args = dict(arguments or {})
    problem = value_problem(args, max(max_chars, tool.longest), max_nesting)
    if problem is not None:
        raise InvalidArguments(f"{tool.name}: {problem}")
    if tool.accepts is not None and tool.accepts(args):
        return args
    error = jsonschema.exceptions.best_match(tool.validator.iter_errors(args))
    if error is not None:
        raise InvalidArguments(_describe_argument_error(tool.tool, error))
    return args


def run_program(
    conn: sqlite3.Connection, tool: CompiledTool, arguments: Mapping[str, Any], reserved: Mapping[str, Any]
) -> dict[str, Any]:
    """Run ``tool`` with already-validated ``arguments`` in one transaction; return its structured result.

    Whatever fails, nothing stays written: SQLite itself rolls back a transaction that a time limit
    interrupted (and sometimes one that ran out of room), so the rollback here is only for the rest.
    """
    binds: dict[str, Any] = {**tool.defaults, **reserved}
    for name, value in arguments.items():
        binds[name] = _to_sql(value)
    conn.execute("BEGIN")
    try:
        result = _run_steps(conn, tool.tool, binds)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:  # COMMIT itself can fail (a deferred constraint)
        _undo(conn)
        raise sqlite_failure(tool.name, exc) from exc
    except BaseException:
        _undo(conn)
        raise
    return result


def _undo(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _run_steps(conn: sqlite3.Connection, tool: Tool, binds: dict[str, Any]) -> dict[str, Any]:
    for step in tool.program:
        try:
            if isinstance(step, ReturnStep):
                return _return(conn, tool, step, binds)
            if isinstance(step, CheckStep):
                row = conn.execute(step.sql, binds).fetchone()
                if row is None or not row[0]:
                    raise RuleViolation(render(step.error, binds))
            elif isinstance(step, QueryStep):
                _query(conn, step, binds)
            elif isinstance(step, ExecStep):
                changed = conn.execute(step.sql, binds).rowcount
                if step.error and changed == 0:
                    raise RuleViolation(render(step.error, binds))
        except (OverflowError, UnicodeEncodeError) as exc:  # a value sqlite3 cannot bind (refused earlier)
            raise InvalidArguments(f"{tool.name}: an argument cannot be stored ({exc}); nothing was changed") from exc
    raise EnvironmentDefect(f"tool {tool.name} has no return step")  # the model forbids this


def _query(conn: sqlite3.Connection, step: QueryStep, binds: dict[str, Any]) -> None:
    cursor = conn.execute(step.sql, binds)
    columns = [d[0] for d in cursor.description]
    if step.rows == "all":
        binds[step.name] = json.dumps([dict(zip(columns, row, strict=True)) for row in cursor])
        return
    row = cursor.fetchone()
    cursor.close()
    if row is None and step.error:
        raise RuleViolation(render(step.error, binds))
    for index, column in enumerate(columns):
        binds[f"{step.name}__{column}"] = None if row is None else row[index]


def _return(conn: sqlite3.Connection, tool: Tool, step: ReturnStep, binds: dict[str, Any]) -> dict[str, Any]:
    cursor = conn.execute(step.sql, binds)
    columns = [d[0] for d in cursor.description]
    if step.rows == "one":
        row = cursor.fetchone()
        cursor.close()
        if row is None:
            raise EnvironmentDefect(f"tool {tool.name} found nothing to return; this environment has a bug")
        return dict(zip(columns, row, strict=True))
    rows = cursor.fetchmany(MAX_RESULT_ROWS + 1)
    cursor.close()
    if len(rows) > MAX_RESULT_ROWS:
        raise RuleViolation(f"more than {MAX_RESULT_ROWS} results; narrow the request with the tool's filters")
    return {"items": [dict(zip(columns, row, strict=True)) for row in rows]}


def sqlite_failure(tool: str, exc: sqlite3.Error) -> ServerErrorType:
    """Translate what SQLite refused into an error the agent (or the environment's author) can act on.

    A failure that only values can cause (a LIKE pattern too complex, a string too big, an integer
    overflow, malformed JSON...) is the agent's: the gate proved the tool runs on valid input.
    """
    text = str(exc)
    if isinstance(exc, sqlite3.IntegrityError):
        return RuleViolation(_integrity_message(text))
    if text == "interrupted":
        return RuleViolation("the call ran past the time limit and was undone; ask for less (use filters)")
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return RuleViolation("the episode's database is full; nothing was changed (delete records or start over)")
    if name in _VALUE_ERROR_NAMES or _VALUE_ERRORS.search(text):
        return InvalidArguments(
            f"{tool}: the database cannot take the values passed ({text}); nothing was changed. "
            "Use shorter or simpler values"
        )
    return EnvironmentDefect(f"tool {tool} failed inside its program ({text}); this environment has a bug")


_VALUE_ERROR_NAMES = frozenset({"SQLITE_TOOBIG", "SQLITE_MISMATCH"})
_VALUE_ERRORS = re.compile(
    r"LIKE or GLOB pattern too complex|ESCAPE expression must be a single character|integer overflow"
    r"|too big|malformed JSON|JSON path|JSON cannot hold|must be an? (?:non-negative|positive) integer"
    r"|datatype mismatch",
    re.IGNORECASE,
)


ServerErrorType = ToolCallError | EnvironmentDefect


def _integrity_message(text: str) -> str:
    kind, _, detail = text.partition(" constraint failed")
    detail = detail.removeprefix(": ")
    if kind == "UNIQUE":
        return f"refused: a record with the same {detail} already exists; nothing was changed"
    if kind == "FOREIGN KEY":
        return "refused: it refers to a record that does not exist; check the ids you passed. Nothing was changed"
    if kind == "NOT NULL":
        return f"refused: {detail} needs a value; nothing was changed"
    if kind == "CHECK":
        return f"refused: a value breaks the rule {detail}; nothing was changed"
    return f"refused by the database ({text}); nothing was changed"


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders from ``values`` (unknown names stay as written)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return _show(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(fill, template)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    shown = f"{value:.10g}" if isinstance(value, float) else str(value)
    if len(shown) > MAX_SHOWN_CHARS:
        shown = f"{shown[:MAX_SHOWN_CHARS]}... ({len(shown):,} characters)"
    return escaped(shown)


def _to_sql(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _describe_argument_error(tool: Tool, error: jsonschema.ValidationError) -> str:
    properties: dict[str, Any] = tool.input_schema.get("properties", {})
    takes = ", ".join(f"{name} ({spec.get('type', 'any')})" for name, spec in properties.items()) or "no arguments"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{tool.name}: missing required argument {missing!r}. It takes: {takes}"
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(properties)) if isinstance(error.instance, dict) else []
        return f"{tool.name}: unknown argument {', '.join(map(repr, unknown))}. It takes: {takes}"
    if error.validator == "type" and not error.path:
        return f"{tool.name}: arguments must be an object of named values. It takes: {takes}"
    where = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(error.path))
    if error.validator == "type":
        return (
            f"{tool.name}: argument {where!r} must be {_kinds(error.validator_value)}, got {_kind_of(error.instance)}"
        )
    return f"{tool.name}: argument {where!r} is invalid: {error.message}"


_JSON_KINDS = {"integer": "an integer", "number": "a number", "string": "a string", "boolean": "true or false"}
_JSON_KINDS |= {"array": "a list", "object": "an object", "null": "null"}


def _kinds(expected: object) -> str:
    """A JSON Schema ``type`` (one name or a list of them) as words: "an integer or null"."""
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_JSON_KINDS.get(str(name), str(name)) for name in names)


def _kind_of(value: object) -> str:
    """What a JSON value is, in words, with a short excerpt: "null", "the string 'abc'", "a list"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {json.dumps(value)}"
    if isinstance(value, int | float):
        return f"the number {value!r}"[:60]
    if isinstance(value, str):
        return f"the string {value[:40]!r}" + ("..." if len(value) > 40 else "")
    return "a list" if isinstance(value, list) else "an object"
