"""Loading a scenario's app: its code run as a module whose SQLAlchemy engines act on the current episode.

``sqlalchemy.create_engine`` is replaced, while the code runs, by one that ignores the URL (the
scenario's ``DATABASE_PATH``) and returns an engine over :class:`~databases.CurrentConnection`.
The module is not ``__main__``: the ``uvicorn.run`` under ``if __name__ == "__main__"`` never runs.
The code's own lines are registered with ``linecache`` so errors can quote them.
"""

from __future__ import annotations

import linecache
import os
import sqlite3
import sys
import types
from dataclasses import dataclass
from typing import Any

from servers.code.host.databases import CurrentConnection, Databases

MODULE = "scenario_app"
_ENGINE_OPTIONS = ("echo", "echo_pool", "logging_name", "hide_parameters", "execution_options", "query_cache_size")


class AppLoadError(Exception):
    """The code did not give a FastAPI app (it raised, or defined none)."""


@dataclass
class LoadedApp:
    app: Any
    filename: str
    additions: list[str]
    """CREATE statements the app's import ran (``create_all`` for tables the scenario's schema lacks)."""


def load_app(code: str, scenario: str, databases: Databases, template: bytes) -> LoadedApp:
    """Run ``code`` against a scratch copy of ``template`` and return its FastAPI ``app``."""
    import sqlalchemy
    import sqlalchemy.engine
    from fastapi import FastAPI

    filename = f"<app {scenario}>"
    lines = code.splitlines(keepends=True)
    linecache.cache[filename] = (len(code), None, lines, filename)
    scratch = databases.open(template)
    databases.use(scratch)
    real = sqlalchemy.create_engine
    routed = _routed_engine_factory(real, databases)
    sqlalchemy.create_engine, sqlalchemy.engine.create_engine = routed, routed
    os.environ["DATABASE_PATH"] = "sqlite:///episode.db"
    module = types.ModuleType(MODULE)
    module.__file__ = filename
    sys.modules[MODULE] = module  # Pydantic resolves the app's models' annotations through it
    try:
        exec(compile(code, filename, "exec"), module.__dict__)
    except BaseException as exc:  # the scenario's own code: whatever it raises, it did not load
        raise AppLoadError(f"the app's code raised {type(exc).__name__}: {exc}") from exc
    finally:
        databases.use(None)
    app = module.__dict__.get("app")
    if not isinstance(app, FastAPI):
        raise AppLoadError("the app's code defines no FastAPI instance named 'app'")
    additions = _schema_additions(template, scratch)
    scratch.close()
    return LoadedApp(app=app, filename=filename, additions=additions)


def _routed_engine_factory(real: Any, databases: Databases) -> Any:
    from sqlalchemy.pool import StaticPool

    connection = CurrentConnection(databases)

    def create_engine(*args: Any, **kwargs: Any) -> Any:
        options = {key: value for key, value in kwargs.items() if key in _ENGINE_OPTIONS}
        return real("sqlite://", creator=lambda: connection, poolclass=StaticPool, **options)

    return create_engine


def _schema_additions(template: bytes, scratch: sqlite3.Connection) -> list[str]:
    """The CREATE statements of what the app's import added to the schema, tables first."""
    before = sqlite3.connect(":memory:")
    before.deserialize(template)
    query = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL"
    old = {name for _, name, _ in before.execute(query)}
    before.close()
    added = [(kind != "table", sql) for kind, name, sql in scratch.execute(query) if name not in old]
    return [sql for _, sql in sorted(added, key=lambda item: item[0])]
