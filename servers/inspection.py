"""Reading an episode for the harness: its state, read-only queries, the diff since start, verifiers.

Everything here reads. Queries run under an authorizer that allows reads only, with the episode's
starting state attached as ``initial`` next to ``main``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from typing import Any

from servers import telemetry
from servers.episodes import LiveEpisode
from servers.errors import BadRequest
from worldfarm.answers import contains
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
from worldfarm.sqlcheck import SQLProblem, is_read, parameters
from worldfarm.task import Task

MAX_QUERY_ROWS = 10_000


def read_state(episode: LiveEpisode, tables: list[str] | None = None) -> State:
    names = episode.env.table_names
    unknown = [t for t in tables or [] if t not in names]
    if unknown:
        raise BadRequest(f"no table {unknown[0]!r} in {episode.env.id}; its tables: {', '.join(names)}")
    state: dict[str, TableState] = {}
    for table in tables or names:
        cursor = episode.conn.execute(f'SELECT * FROM main."{table}" ORDER BY rowid')  # noqa: S608 (schema name)
        state[table] = TableState(columns=[d[0] for d in cursor.description], rows=[list(r) for r in cursor])
    return State(tables=state)


def run_query(episode: LiveEpisode, sql: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """One read-only statement over ``main`` and ``initial``; BadRequest if it is anything else."""
    with episode.with_initial() as conn:
        columns, rows = _read_only(episode, conn, sql, params or {}, MAX_QUERY_ROWS + 1)
    if len(rows) > MAX_QUERY_ROWS:
        raise BadRequest(f"the query returns more than {MAX_QUERY_ROWS} rows; add a LIMIT or a WHERE clause")
    return QueryResult(columns=columns, rows=[list(r) for r in rows])


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
    answers = [AnswerResult(expected=value, found=contains(answer or "", value)) for value in task.verifier.answer]
    passed = all(r.passed for r in results) and all(a.found for a in answers)
    telemetry.verified(episode.env.id, task.id, passed, wall, time.perf_counter() - started)
    return VerifyResult(task=task.id, passed=passed, assertions=results, answers=answers)


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
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _read_only(
    episode: LiveEpisode, conn: sqlite3.Connection, sql: str, params: Mapping[str, Any], limit: int
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and up to ``limit`` rows of one read-only statement, within the episode's time limit."""
    try:
        names = parameters(sql)
    except SQLProblem as exc:
        raise BadRequest(str(exc)) from None
    missing = [n for n in names if n not in params]
    if missing:
        raise BadRequest(f"no value for parameter :{missing[0]}; pass it in params")
    denied: list[int] = []

    def authorize(action: int, table: str | None, *_: str | None) -> int:
        if is_read(action, table):
            return sqlite3.SQLITE_OK
        denied.append(action)
        return sqlite3.SQLITE_DENY

    conn.set_authorizer(authorize)
    try:
        with episode.time_limit():
            cursor = conn.execute(sql, dict(params))
            rows = cursor.fetchmany(limit)
            cursor.close()
        return [d[0] for d in cursor.description or ()], rows
    except sqlite3.ProgrammingError as exc:
        raise BadRequest(f"{exc}; send one statement") from None
    except sqlite3.Error as exc:
        if denied:
            raise BadRequest("queries are read-only: one SELECT over main and initial") from None
        if str(exc) == "interrupted":
            raise BadRequest("the query ran past the time limit; make it cheaper") from None
        raise BadRequest(f"SQLite rejects the query: {exc}") from None
    finally:
        conn.set_authorizer(None)
