"""One working episode per environment for the gate: reset in a page copy, scored without round trips.

The gate replays many short attempts per task (the reference solution, then every strategy's). A
fresh episode per attempt would cost a new connection and two database copies to verify; instead the
workbench keeps one episode whose connection also holds the start as ``initial``:

- **reset** copies back, from the attached start, only the tables the calls since the last reset may
  have written (their tools' tables, and ``sqlite_sequence``): the schema stays, so the connection's
  prepared statements stay valid. Anything written another way is undone with SQLite's backup (a page
  copy of the whole template). Nothing is done when nothing was written (``total_changes``);
- **calls** go through the episode (the real interpreter, argument validation included);
- **assertions** run on the same connection (the loader proved them read-only), cheapest first,
  stopping at the first that fails;
- **rows** are read only for the tables the calls' tools can write to; the others are the start's;
- **same state** is ``worldfarm.equivalence``'s answer, reached cheaply: identical tables need no
  look, and a table whose plain columns differ is different.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from servers import EnvRuntime, EpisodeStore, LiveEpisode, ServerError
from worldfarm.equivalence import compare_rows
from worldfarm.task import Assertion, SolutionCall

MAX_MARKS = 8
"""States a workbench can keep besides the start (each in an attached database: SQLite allows ten)."""
Rows = dict[str, list[tuple[Any, ...]]]
_WRITE = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+[\"`]?(\w+)", re.I)


class Workbench:
    """A resettable episode of one environment, with the start attached; close it when done."""

    def __init__(self, runtime: EnvRuntime) -> None:
        self.runtime = runtime
        self.store = EpisodeStore()
        self.episode: LiveEpisode = self.store.create(runtime)
        self.episode.traced = False
        self.conn.execute("ATTACH ':memory:' AS initial")
        self.conn.deserialize(runtime.template, name="initial")
        self.source = sqlite3.connect(":memory:", check_same_thread=False)
        self.source.deserialize(runtime.template)
        self.volatile = {t.name: list(t.volatile) for t in runtime.env.schema_.tables if t.volatile}
        self.columns = {
            t: [r[1] for r in self.source.execute("SELECT * FROM pragma_table_info(?)", (t,))]
            for t in runtime.table_names
        }
        self.plain = _plain_columns(self.columns, self.volatile, runtime.references)
        self.writes_to = _written_tables(runtime)
        self.initial: Rows = {
            t: self.conn.execute(f'SELECT * FROM main."{t}" ORDER BY rowid').fetchall()  # noqa: S608
            for t in runtime.table_names
        }
        self._changes = self.conn.total_changes
        self._tracked = self._changes
        self._dirty: set[str] = set()
        """Tables written since the last reset, restore or save."""
        self._marks: dict[int, frozenset[str]] = {}
        """Kept states: slot -> the tables where it differs from the start (it is held in database ``mark<slot>``)."""
        self._base: int | None = None
        """The kept state the episode was last put back to or saved in (None: the start)."""
        self._sequences = bool(
            self.source.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
        )

    @property
    def conn(self) -> sqlite3.Connection:
        return self.episode.conn

    def close(self) -> None:
        self.store.close_all()
        self.source.close()

    def reset(self) -> None:
        """The start back into the episode, unless it is there already."""
        self._put_back(None)

    def save(self, slot: int) -> None:
        """Keep the episode's state in ``slot`` (0 to MAX_MARKS - 1), to ``restore`` it later."""
        if slot not in self._marks:
            self.conn.execute(f"ATTACH ':memory:' AS mark{slot}")
            self.conn.deserialize(self.runtime.template, name=f"mark{slot}")
            self._marks[slot] = frozenset()
        now = self._differing() if self._tracking() else frozenset(self.runtime.table_names)
        self._copy(now | self._marks[slot], "main", f"mark{slot}")
        self._marks[slot] = now
        self._settle(slot)

    def restore(self, slot: int) -> None:
        """The state kept in ``slot`` back into the episode."""
        self._put_back(slot)

    def _put_back(self, slot: int | None) -> None:
        conn = self.conn
        if conn.total_changes != self._changes or slot != self._base:
            if self._tracking():
                tables = set(self._dirty)
                if slot != self._base:
                    tables |= self._marked(self._base) | self._marked(slot)
            else:  # something wrote another way: the whole start back (a page copy), then the slot's tables
                self.source.backup(conn)
                tables = set(self._marked(slot))
            self._copy(tables, "initial" if slot is None else f"mark{slot}", "main")
            self._settle(slot)
        self.episode.trace.clear()

    def _tracking(self) -> bool:
        """Whether every write since the last reset, restore or save went through ``call`` (so ``_dirty`` knows it)."""
        return self.conn.total_changes == self._tracked and not self.conn.in_transaction

    def _marked(self, slot: int | None) -> frozenset[str]:
        """The tables where a kept state (None: the start) differs from the start."""
        return frozenset() if slot is None else self._marks[slot]

    def _differing(self) -> frozenset[str]:
        """The tables where the episode may differ from the start (its calls are tracked)."""
        return self._marked(self._base) | self._dirty

    def _copy(self, tables: Iterable[str], source: str, target: str) -> None:
        """Every row of ``tables`` (and ``sqlite_sequence``) from database ``source`` into ``target``."""
        conn = self.conn
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in sorted(tables) + (["sqlite_sequence"] if self._sequences else []):
            conn.execute(f'DELETE FROM {target}."{table}"')  # noqa: S608 (names from the schema)
            conn.execute(f'INSERT INTO {target}."{table}" SELECT * FROM {source}."{table}"')  # noqa: S608
        conn.execute("PRAGMA foreign_keys = ON")

    def _settle(self, slot: int | None) -> None:
        """The episode now holds the state of ``slot`` (None: the start); later writes are counted from here."""
        self._changes = self._tracked = self.conn.total_changes
        self._dirty.clear()
        self._base = slot

    def call(self, call: SolutionCall) -> dict[str, Any]:
        """One call through the interpreter; raises its ServerError."""
        return self.call_tool(call.tool, call.arguments)

    def call_tool(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """``name`` called with ``arguments`` through the interpreter; raises its ServerError."""
        before = self.conn.total_changes
        try:
            return self.episode.call(name, arguments)
        finally:
            self._written(before, self.writes_to.get(name, frozenset()))

    def _written(self, before: int, tables: Iterable[str]) -> None:
        """Note ``tables`` as possibly written, if the write since ``before`` is the only untracked one."""
        if self._tracked == before:
            self._dirty.update(tables)
            self._tracked = self.conn.total_changes

    def run(self, calls: Iterable[SolutionCall]) -> list[bool]:
        """Make each call (a refused one changes nothing); which ones the tools accepted."""
        done = []
        for call in calls:
            try:
                self.call(call)
                done.append(True)
            except ServerError:  # a refusal (or a defect, which the contract check reports)
                done.append(False)
        return done

    def changed(self) -> bool:
        """Whether the episode may differ from the start: something was written since the last reset, or it
        holds a kept state."""
        return self.conn.total_changes != self._changes or self._base is not None

    def holds(self, assertions: Sequence[Assertion], *, about: str | None = None) -> bool:
        """Whether every assertion holds now, the cheapest tried first; those naming table ``about`` (the one
        that was changed) before the others, if given: they are the likeliest to fail, which ends it."""
        if about is None:
            order = sorted(assertions, key=lambda a: len(a.sql))
        else:
            name = re.compile(rf"\b{re.escape(about)}\b")
            order = sorted(assertions, key=lambda a: (name.search(a.sql) is None, len(a.sql)))
        return all(self.result(a)[0] for a in order)

    def result(self, assertion: Assertion) -> tuple[bool, str | None]:
        """Whether ``assertion`` holds now, and SQLite's error if it cannot run."""
        try:
            row = self.conn.execute(assertion.sql).fetchone()
        except sqlite3.Error as exc:
            return False, str(exc)
        return bool(row and row[0]), None

    def rows(self, tables: Iterable[str]) -> Rows:
        """The rows of ``tables`` now; every other table as it was at the start."""
        if not self.changed():
            return self.initial
        rows = dict(self.initial)
        for table in tables:
            rows[table] = self.conn.execute(f'SELECT * FROM main."{table}" ORDER BY rowid').fetchall()  # noqa: S608
        return rows

    def touched(self, calls: Iterable[SolutionCall]) -> frozenset[str]:
        """The tables these calls' tools may write to."""
        return frozenset(t for call in calls for t in self.writes_to.get(call.tool, ()))

    def same_state(self, mine: Rows, theirs: Rows) -> bool:
        """Whether two states are the same world, as ``worldfarm.equivalence`` decides."""
        differing = [t for t in self.runtime.table_names if mine[t] != theirs[t]]
        if not differing:
            return True
        if any(self._plain_differ(t, mine[t], theirs[t]) for t in differing):
            return False
        links = self.runtime.references
        return compare_rows(mine, theirs, self.columns, self.volatile, links, tables=differing).matched

    def _plain_differ(self, table: str, mine: list[tuple[Any, ...]], theirs: list[tuple[Any, ...]]) -> bool:
        """Whether the rows differ in columns compared as they are (a necessary difference)."""
        if len(mine) != len(theirs):
            return True
        ours, others = set(mine), set(theirs)  # rows are distinct: every table has a primary key
        plain = self.plain[table]
        only_mine = Counter(tuple(_number(row[i]) for i in plain) for row in ours - others)
        return only_mine != Counter(tuple(_number(row[i]) for i in plain) for row in others - ours)

    def delete_row(self, table: str, spare: set[Any]) -> bool:
        """Delete one row of ``table`` whose id is not in ``spare`` (foreign keys off for it); whether one was."""
        key = self.runtime.primary_keys[table]
        cols = ", ".join(f'"{k}"' for k in key)
        for row in self.conn.execute(f'SELECT {cols} FROM main."{table}" ORDER BY rowid DESC LIMIT 50').fetchall():  # noqa: S608
            if (row[0] if len(row) == 1 else row) in spare:
                continue
            self.conn.execute("PRAGMA foreign_keys = OFF")
            where = " AND ".join(f'"{k}" = ?' for k in key)
            before = self.conn.total_changes
            self.conn.execute(f'DELETE FROM main."{table}" WHERE {where}', row)  # noqa: S608
            self._written(before, [table])
            self.conn.execute("PRAGMA foreign_keys = ON")
            return True
        return False


def _plain_columns(
    columns: dict[str, list[str]], volatile: dict[str, list[str]], references: dict[str, dict[str, str]]
) -> dict[str, list[int]]:
    """Per table, the positions of the columns compared as they are: not volatile, and not a link to a
    table whose rows are compared by content."""
    linked = {t for t, names in volatile.items() if "id" in names}
    return {
        table: [
            i
            for i, column in enumerate(names)
            if column not in volatile.get(table, ()) and references.get(table, {}).get(column) not in linked
        ]
        for table, names in columns.items()
    }


def _written_tables(runtime: EnvRuntime) -> dict[str, frozenset[str]]:
    """Per tool, the tables its program may change: those its statements write, and (when the schema
    cascades) every table referencing them."""
    cascades = any(re.search(r"\bON\s+(DELETE|UPDATE)\b", t.sql, re.I) for t in runtime.env.schema_.tables)
    written: dict[str, frozenset[str]] = {}
    for tool in runtime.env.tools:
        tables = {m.group(1) for step in tool.program if step.kind == "exec" for m in _WRITE.finditer(step.sql)}
        while cascades:
            more = {t for t, links in runtime.references.items() if set(links.values()) & tables} - tables
            if not more:
                break
            tables |= more
        written[tool.name] = frozenset(tables & set(runtime.table_names))
    return written


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
