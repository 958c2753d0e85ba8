"""Static checks of the SQL in a bundle, run against its compiled schema.

Every statement is prepared (``EXPLAIN``) under an authorizer that allows only what its step may do:
reads for ``check``/``query``/``return`` and verifier assertions, reads plus INSERT/UPDATE/DELETE on
the environment's own tables for ``exec``. So a bundle that would write from a check, touch
``sqlite_master``, ATTACH a file or run a PRAGMA is rejected when it loads, not when an agent calls it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

READ_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
WRITE_ACTIONS = frozenset({sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE})

_LITERALS = re.compile(
    r"'(?:[^']|'')*'"  # string literal
    r'|"(?:[^"]|"")*"'  # quoted identifier
    r"|\[[^\]]*\]|`[^`]*`"  # other identifier quotes
    r"|--[^\n]*|/\*.*?\*/",  # comments
    re.DOTALL,
)
_PARAMETER = re.compile(r"(?<![:\w])([:@$?])([A-Za-z_][A-Za-z0-9_]*)?")


QUERY_FUNCTIONS = frozenset(
    """abs avg char coalesce concat concat_ws count cume_dist date datetime dense_rank first_value format glob
    group_concat hex ifnull iif instr json json_array json_array_length json_each json_extract json_group_array
    json_group_object json_object json_quote json_tree json_type json_valid julianday lag last_value lead length
    like likely lower ltrim max min nth_value ntile nullif octet_length percent_rank printf quote rank replace
    round row_number rtrim sign strftime string_agg substr substring sum time timediff total trim typeof unicode
    unixepoch unlikely upper ceil ceiling floor mod pow power sqrt exp ln log log2 log10 pi""".split()  # noqa: SIM905
)
"""The functions a harness's read-only query may call: SQLite's ordinary ones. Not those that reach
outside the data (``load_extension``, ``fts3_tokenizer``, ``sqlite_*``), make large values from
nothing (``zeroblob``, ``randomblob``) or depend on the connection (``changes``, ``random``)."""


def is_read(action: int, table: str | None) -> bool:
    """Whether an authorizer action only reads.

    SQLite reports an UPDATE of ``sqlite_master`` the first time a connection uses a table-valued
    function such as ``json_each``: bookkeeping, not a write (a real UPDATE of it is refused anyway).
    """
    return action in READ_ACTIONS or (action == sqlite3.SQLITE_UPDATE and table in _SCHEMA_TABLES)


_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_temp_master", "sqlite_schema"})


class SQLProblem(ValueError):
    """A statement that does not prepare, or does what its place does not allow."""


def parameters(sql: str) -> list[str]:
    """Names of the ``:name`` parameters in ``sql``, in order of first use.

    Raises SQLProblem for positional (``?``) or ``@``/``$`` parameters: bundles bind by name only.
    """
    names: list[str] = []
    for marker, name in _PARAMETER.findall(_LITERALS.sub(" ", sql)):
        if marker != ":" or not name:
            raise SQLProblem(f"parameters are written :name (found {marker}{name})")
        if name not in names:
            names.append(name)
    return names


def check_statement(
    conn: sqlite3.Connection,
    sql: str,
    *,
    writable_tables: Iterable[str] = (),
    known: Iterable[str] = (),
) -> list[str]:
    """Prepare ``sql`` on ``conn`` and return its parameter names.

    Reads are always allowed; INSERT/UPDATE/DELETE only on ``writable_tables``; nothing else.
    Every parameter must be in ``known``.
    """
    names = parameters(sql)
    unknown = [name for name in names if name not in set(known)]
    if unknown:
        raise SQLProblem(f"unknown parameter :{unknown[0]} (known here: {', '.join(sorted(known)) or 'none'})")
    allowed_tables = frozenset(writable_tables)
    denied: list[str] = []

    def authorize(action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None) -> int:
        if is_read(action, arg1):
            return sqlite3.SQLITE_OK
        if action in WRITE_ACTIONS and arg1 in allowed_tables and db == "main":
            return sqlite3.SQLITE_OK
        denied.append(_describe(action, arg1))
        return sqlite3.SQLITE_DENY

    conn.set_authorizer(authorize)
    try:
        conn.execute("EXPLAIN " + sql, dict.fromkeys(names))
    except sqlite3.DatabaseError as exc:
        if denied:
            raise SQLProblem(f"not allowed here: {denied[0]}") from None
        raise SQLProblem(str(exc)) from None
    except sqlite3.ProgrammingError as exc:  # several statements in one string
        raise SQLProblem(str(exc)) from None
    finally:
        conn.set_authorizer(None)
    return names


_ACTION_NAMES = {
    sqlite3.SQLITE_INSERT: "insert into",
    sqlite3.SQLITE_UPDATE: "update",
    sqlite3.SQLITE_DELETE: "delete from",
    sqlite3.SQLITE_PRAGMA: "pragma",
    sqlite3.SQLITE_ATTACH: "attach",
    sqlite3.SQLITE_DETACH: "detach",
    sqlite3.SQLITE_TRANSACTION: "transaction control",
    sqlite3.SQLITE_SAVEPOINT: "savepoint",
    sqlite3.SQLITE_ALTER_TABLE: "alter table",
    sqlite3.SQLITE_CREATE_TABLE: "create table",
    sqlite3.SQLITE_CREATE_INDEX: "create index",
    sqlite3.SQLITE_CREATE_VIEW: "create view",
    sqlite3.SQLITE_CREATE_TRIGGER: "create trigger",
    sqlite3.SQLITE_DROP_TABLE: "drop table",
    sqlite3.SQLITE_DROP_INDEX: "drop index",
}


def _describe(action: int, arg: str | None) -> str:
    verb = _ACTION_NAMES.get(action, f"SQLite action {action}")
    return f"{verb} {arg}" if arg and action not in (sqlite3.SQLITE_TRANSACTION,) else verb
