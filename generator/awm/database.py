"""A scenario's template database: its DDL, indexes and INSERT statements, run once at import.

Foreign keys are on, and SQL's clock reads the bundle's fixed ``clock`` (``datetime('now', '-3
days')`` is three days before it), so every episode of the bundle starts from the same bytes. A
statement SQLite refuses is left out and reported, as AWM's own loader leaves it out. The rows that
load are then read back as data: the bundle's seed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

from generator.awm.source import normalize
from worldfarm.clock import fix_clock
from worldfarm.code_template import quote
from worldfarm.codeenv import CodeSeedTable, CodeTable

_GENERATED = (2, 3)
"""``pragma table_xinfo`` hidden values of generated columns (never inserted)."""


@dataclass
class Database:
    tables: list[CodeTable] = field(default_factory=list)
    seed: list[CodeSeedTable] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Statements SQLite refused, with why."""
    inserted: int = 0
    refused: int = 0


def build_database(tables: list[dict[str, object]], inserts: list[tuple[str, str]], clock: str) -> Database:
    """Run the scenario's DDL and INSERTs; the tables that were created, their rows, what failed."""
    result = Database()
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        fix_clock(conn, clock)
        conn.execute("PRAGMA foreign_keys = ON")
        for table in tables:
            _create(conn, table, result)
        for table_name, statement in inserts:
            try:
                conn.execute(statement)
                result.inserted += 1
            except (sqlite3.Error, sqlite3.Warning) as exc:
                result.refused += 1
                result.problems.append(f"INSERT into {table_name} refused ({exc}): {statement[:160]}")
        result.seed = [_rows(conn, table.name) for table in result.tables]
        result.seed = [block for block in result.seed if block.rows]
        return result
    finally:
        conn.close()


def _create(conn: sqlite3.Connection, table: dict[str, object], result: Database) -> None:
    name, ddl = str(table.get("name") or ""), str(table.get("ddl") or "")
    listed = table.get("indexes")
    indexes = [sql for sql in listed if isinstance(sql, str)] if isinstance(listed, list) else []
    try:
        conn.execute(ddl)
    except (sqlite3.Error, sqlite3.Warning) as exc:
        result.problems.append(f"table {name}: SQLite rejects its DDL ({exc})")
        return
    created = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    if created is None:
        result.problems.append(f"table {name}: its DDL creates no table of that name")
        return
    kept = []
    for sql in indexes:
        try:
            conn.execute(sql)
            kept.append(sql)
        except (sqlite3.Error, sqlite3.Warning) as exc:
            result.problems.append(f"table {name}: index refused ({exc}): {sql[:120]}")
    try:
        result.tables.append(CodeTable(name=name, sql=ddl, indexes=kept))
    except ValueError as exc:
        result.problems.append(f"table {name}: {exc}")


def _rows(conn: sqlite3.Connection, table: str) -> CodeSeedTable:
    info = conn.execute("SELECT name, hidden FROM pragma_table_xinfo(?)", (table,)).fetchall()
    columns = [name for name, hidden in info if hidden not in _GENERATED]
    listed = ", ".join(quote(c) for c in columns)
    cursor = conn.execute(f"SELECT {listed} FROM {quote(table)} ORDER BY rowid")  # noqa: S608 (quoted identifiers)
    rows = [[value.hex() if isinstance(value, bytes) else value for value in row] for row in cursor]
    return CodeSeedTable(table=table, columns=columns, rows=rows)


def env_id_of(scenario: str) -> str:
    """The bundle id of a scenario: its normalised name (shortened to 64 characters if need be)."""
    name = normalize(scenario) or "scenario"
    return name if len(name) <= 64 else name[:55].rstrip("_") + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]
