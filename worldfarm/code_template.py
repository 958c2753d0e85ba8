"""Compile a code environment into its template database: the scenario's DDL, then its seed rows.

The rows are data already (the import resolved every SQL expression against the fixed clock), so
compiling is deterministic: the same ``env.json`` always gives the same bytes. Foreign keys are on
while the rows load and checked at the end. The result is cached beside ``env.json`` like a data
bundle's (see :func:`worldfarm.template.load_template`).
"""

from __future__ import annotations

import sqlite3

from worldfarm.clock import fix_clock
from worldfarm.codeenv import CodeEnvironment, CodeSeedTable, CodeTable
from worldfarm.template import TemplateProblem


def compile_code_template(env: CodeEnvironment) -> bytes:
    """The template database of ``env``; raises TemplateProblem naming what SQLite refused."""
    return build_template(env.clock, env.schema_.tables, env.seed)


def build_template(clock: str, tables: list[CodeTable], seed: list[CodeSeedTable]) -> bytes:
    """A template database from tables and rows (SQL's 'now' is ``clock``); raises TemplateProblem."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        fix_clock(conn, clock)
        conn.execute("PRAGMA foreign_keys = ON")
        create_tables(conn, tables)
        _load_rows(conn, seed)
        return conn.serialize()
    finally:
        conn.close()


def create_tables(conn: sqlite3.Connection, tables: list[CodeTable]) -> None:
    """Run each table's DDL and its indexes; TemplateProblem naming the first statement SQLite refuses."""
    for index, table in enumerate(tables):
        where = f"schema.tables[{index}] ({table.name})"
        try:
            conn.execute(table.sql)
        except sqlite3.Error as exc:
            raise TemplateProblem(f"{where}.sql", f"SQLite rejects it: {exc}") from None
        for i, sql in enumerate(table.indexes):
            try:
                conn.execute(sql)
            except sqlite3.Error as exc:
                raise TemplateProblem(f"{where}.indexes[{i}]", f"SQLite rejects it: {exc}") from None


def quote(name: str) -> str:
    """An SQL identifier, quoted (any name a scenario chose is safe to splice this way)."""
    return '"' + name.replace('"', '""') + '"'


def _load_rows(conn: sqlite3.Connection, seed: list[CodeSeedTable]) -> None:
    for index, block in enumerate(seed):
        columns = ", ".join(quote(c) for c in block.columns)
        sql = f"INSERT INTO {quote(block.table)} ({columns}) VALUES ({', '.join('?' * len(block.columns))})"  # noqa: S608
        for row_index, row in enumerate(block.rows):
            try:
                conn.execute(sql, row)
            except sqlite3.Error as exc:
                where = f"seed[{index}] ({block.table}).rows[{row_index}]"
                raise TemplateProblem(where, f"cannot insert {row}: {exc}") from None
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        table, rowid, parent, _ = problems[0]
        raise TemplateProblem("seed", f"{table} row {rowid} points at a missing {parent} row")
