"""Reading an episode for the harness: its state, read-only queries, the diff since start, verifiers.

Everything here reads. Queries run under an authorizer that allows reads only, with the episode's
starting state attached as ``initial`` next to ``main``.
"""

from __future__ import annotations

import base64
import marshal
import sqlite3
import time
from collections.abc import Mapping
from typing import Any

from servers import telemetry
from servers.episodes import LiveEpisode
from servers.errors import BadRequest
from worldfarm.answers import judge
from worldfarm.control import (
    AnswerResult,
    AssertionResult,
    Diff,
    QueryResult,
    RowChange,
    State,
    TableDiff,
    TableState,
    VerifyResult,
)
from worldfarm.sqlcheck import QUERY_FUNCTIONS, SQLProblem, is_read, parameters
from worldfarm.task import Task

MAX_QUERY_ROWS = 10_000
MAX_QUERY_BYTES = 16 * 1024 * 1024
"""Size a query's result may have (any one value, and all rows together, estimated)."""


def read_state(episode: LiveEpisode, tables: list[str] | None = None) -> State:
    names = episode.env.table_names
    unknown = [t for t in tables or [] if t not in names]
    if unknown:
        raise BadRequest(f"no table {unknown[0]!r} in {episode.env.id}; its tables: {', '.join(names)}")
    state: dict[str, TableState] = {}
    for table in tables or names:
        cursor = episode.conn.execute(f'SELECT * FROM main."{table}" ORDER BY rowid')  # noqa: S608 (schema name)
        state[table] = TableState(columns=[d[0] for d in cursor.description], rows=[plain(r) for r in cursor])
    return State(tables=state)


def run_query(episode: LiveEpisode, sql: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """One read-only statement over ``main`` and ``initial``, calling only ``QUERY_FUNCTIONS``, its result
    at most ``MAX_QUERY_ROWS`` rows and ``MAX_QUERY_BYTES``; BadRequest if it is anything else."""
    with episode.with_initial() as conn:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_QUERY_BYTES)
        columns, rows = _read_only(episode, conn, sql, params or {}, MAX_QUERY_ROWS + 1, QUERY_FUNCTIONS)
    if len(rows) > MAX_QUERY_ROWS:
        raise BadRequest(f"the query returns more than {MAX_QUERY_ROWS} rows; add a LIMIT or a WHERE clause")
    return QueryResult(columns=columns, rows=[plain(r) for r in rows])


def verify(episode: LiveEpisode, task: Task, answer: str | None) -> VerifyResult:
    """Run ``task``'s verifier over the episode: every assertion, every expected answer."""
    wall, started = time.time(), time.perf_counter()
    results: list[AssertionResult] = []
    with episode.with_initial() as conn:
        for assertion in task.verifier.assertions:
            try:
                _, rows = _read_only(episode, conn, assertion.sql, {}, 1)
                results.append(AssertionResult(message=assertion.message, passed=bool(rows and rows[0][0])))
            except BadRequest as exc:
                results.append(AssertionResult(message=assertion.message, passed=False, error=exc.message))
    expected, competing = task.verifier.answer, task.verifier.competing
    verdict = judge(answer or "", expected, competing, task.instruction)
    answers = [AnswerResult(expected=value, found=found) for value, found in zip(expected, verdict.found, strict=True)]
    passed = all(r.passed for r in results) and verdict.passed
    telemetry.verified(episode.env.id, task.id, passed, wall, time.perf_counter() - started)
    return VerifyResult(
        task=task.id, passed=passed, assertions=results, answers=answers, competing=list(verdict.stated_competing)
    )


def diff(episode: LiveEpisode) -> Diff:
    """Rows inserted, updated and deleted since the episode started, by primary key."""
    tables: dict[str, TableDiff] = {}
    with episode.with_initial() as conn:
        for table in episode.env.table_names:
            changes = _table_diff(conn, table, episode.env.primary_keys[table])
            if changes.inserted or changes.updated or changes.deleted:
                tables[table] = changes
    return Diff(tables=tables)


def _table_diff(conn: sqlite3.Connection, table: str, key: list[str]) -> TableDiff:
    columns = "rowid AS rowid, *" if key == ["rowid"] else "*"
    now = _rows(conn, f'SELECT {columns} FROM main."{table}" EXCEPT SELECT {columns} FROM initial."{table}"')  # noqa: S608
    before = _rows(conn, f'SELECT {columns} FROM initial."{table}" EXCEPT SELECT {columns} FROM main."{table}"')  # noqa: S608
    old = {tuple(row[k] for k in key): row for row in before}
    changes = TableDiff()
    for row in now:
        row_key = tuple(row[k] for k in key)
        previous = old.pop(row_key, None)
        change = RowChange(key=dict(zip(key, row_key, strict=True)), before=previous, after=row)
        (changes.updated if previous is not None else changes.inserted).append(change)
    changes.deleted = [RowChange(key=dict(zip(key, k, strict=True)), before=row) for k, row in old.items()]
    return changes


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, plain(row), strict=True)) for row in cursor]


def plain(row: tuple[Any, ...]) -> list[Any]:
    """A row's values as JSON can carry them: a BLOB as its base64 text."""
    if not any(type(value) is bytes for value in row):
        return list(row)
    return [base64.b64encode(value).decode("ascii") if type(value) is bytes else value for value in row]


def _read_only(
    episode: LiveEpisode,
    conn: sqlite3.Connection,
    sql: str,
    params: Mapping[str, Any],
    limit: int,
    functions: frozenset[str] | None = None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and up to ``limit`` rows of one read-only statement, within the episode's time limit
    (and, given ``functions``, calling no other function and returning at most ``MAX_QUERY_BYTES``)."""
    try:
        names = parameters(sql)
    except SQLProblem as exc:
        raise BadRequest(str(exc)) from None
    missing = [n for n in names if n not in params]
    if missing:
        raise BadRequest(f"no value for parameter :{missing[0]}; pass it in params")
    denied: list[str] = []

    def authorize(action: int, table: str | None, name: str | None, *_: str | None) -> int:
        if action == sqlite3.SQLITE_FUNCTION and functions is not None and (name or "").lower() not in functions:
            denied.append(f"the function {name}() is not allowed in queries")
            return sqlite3.SQLITE_DENY
        if is_read(action, table):
            return sqlite3.SQLITE_OK
        denied.append("queries are read-only: one SELECT over main and initial")
        return sqlite3.SQLITE_DENY

    conn.set_authorizer(authorize)
    try:
        with episode.time_limit():
            cursor = conn.execute(sql, dict(params))
            rows = _fetch(cursor, limit) if functions is not None else cursor.fetchmany(limit)
            cursor.close()
        return [d[0] for d in cursor.description or ()], rows
    except sqlite3.ProgrammingError as exc:
        raise BadRequest(f"{exc}; send one statement") from None
    except sqlite3.Error as exc:
        if denied:
            raise BadRequest(denied[0]) from None
        if str(exc) == "interrupted":
            raise BadRequest("the query ran past the time limit; make it cheaper") from None
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_TOOBIG":
            raise BadRequest(f"the query makes a value over {MAX_QUERY_BYTES:,} bytes; select less") from None
        raise BadRequest(f"SQLite rejects the query: {exc}") from None
    finally:
        conn.set_authorizer(None)


def _fetch(cursor: sqlite3.Cursor, limit: int) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows, in batches, refusing a result past ``MAX_QUERY_BYTES`` (estimated) as it grows."""
    rows: list[tuple[Any, ...]] = []
    size = 0
    while len(rows) < limit and (batch := cursor.fetchmany(min(500, limit - len(rows)))):
        size += len(marshal.dumps(batch))
        if size > MAX_QUERY_BYTES:
            raise BadRequest(f"the query's result is over {MAX_QUERY_BYTES:,} bytes; select fewer rows or columns")
        rows += batch
    return rows
