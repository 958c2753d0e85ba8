"""An environment's full definition for operators (``GET /v1/envs/{env}/definition``): read from its runtime."""

from __future__ import annotations

import sqlite3

from servers.environments import EnvRuntime
from worldfarm.definition import Column, EnvDefinition, Relation, TableDefinition


def define(runtime: EnvRuntime) -> EnvDefinition:
    """``runtime``'s tables (columns and foreign keys from its template), tools and tasks."""
    env = runtime.env
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(runtime.template)
        tables = [
            TableDefinition(
                name=table.name,
                description=table.description,
                sql=table.sql,
                columns=_columns(conn, table.name),
                relations=_relations(conn, table.name),
                rows=conn.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0],  # noqa: S608 (schema name)
            )
            for table in env.schema_.tables
        ]
    finally:
        conn.close()
    return EnvDefinition(
        id=env.id,
        title=env.title,
        description=env.description,
        domain=env.domain,
        version=env.version,
        tables=tables,
        tools=list(env.tools),
        tasks=list(runtime.bundle.tasks),
    )


def _columns(conn: sqlite3.Connection, table: str) -> list[Column]:
    rows = conn.execute('SELECT name, type, pk, "notnull" FROM pragma_table_info(?)', (table,))
    return [
        Column(name=name, type=kind, primary_key=pk > 0, not_null=bool(notnull)) for name, kind, pk, notnull in rows
    ]


def _relations(conn: sqlite3.Connection, table: str) -> list[Relation]:
    rows = conn.execute('SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)', (table,))
    return [Relation(column=column, table=target, to_column=to or "rowid") for column, target, to in rows]
