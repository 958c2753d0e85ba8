"""A verifier run: one process per verification, sandboxed, on read-only copies of the two databases.

    worker   -> {"op": "verify", "mode", "function", "code", "answer", "initial_size", "sandbox"} + initial + final
    verifier -> {"op": "ready", "sandbox": {layer: status}}      (the time limit runs from here)
    verifier -> {"op": "verdict", "returned": <JSON>, "error": str | None, "violations": [...]}

The databases are written to the temp folder and made read-only (mode 0444) before the sandbox goes
up; Landlock then allows reading only there (and Python), nothing anywhere to write. The verifier
function is looked up by name after its code runs in a namespace offering ``sqlite3``, ``json``,
``os`` and ``re`` (as Agent World Model's own runner does), and called with the arguments it takes.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import sqlite3
from typing import Any

from servers.code.host.main import sandbox_settings, take_channel
from servers.code.host.protocol import read_message, write_message
from servers.code.host.sandbox import Sandbox


def main() -> None:
    channel_in, channel_out = take_channel()
    first = read_message(channel_in)
    if first is None:
        return
    header, blob = first
    settings = sandbox_settings(header)
    split = int(header["initial_size"])
    paths = []
    for name, data in (("initial.db", blob[:split]), ("final.db", blob[split:])):
        path = os.path.join(settings.temp_dir, name)
        with open(path, "wb") as handle:
            handle.write(data)
        os.chmod(path, 0o444)
        paths.append(path)
    sandbox = Sandbox(settings)
    os.chdir(settings.temp_dir)
    status = sandbox.apply()
    if sandbox.guard is not None:
        sandbox.guard.databases = tuple(paths)
    write_message(channel_out, {"op": "ready", "sandbox": status})
    returned, error = run(header, paths[0], paths[1])
    violations = list(dict.fromkeys(sandbox.guard.violations)) if sandbox.guard is not None else []
    write_message(channel_out, {"op": "verdict", "returned": _json(returned), "error": error, "violations": violations})


def run(header: dict[str, Any], initial: str, final: str) -> tuple[Any, str | None]:
    """Run the verifier's code and call its function; (what it returned, None) or (None, why it failed)."""
    namespace: dict[str, Any] = {"__name__": "verifier", "sqlite3": sqlite3, "json": json, "os": os, "re": re}
    function = str(header["function"])
    try:
        exec(compile(str(header["code"]), "<verifier>", "exec"), namespace)
        verify = namespace.get(function)
        if not callable(verify):
            return None, f"the verifier's code defines no function {function!r}"
        return verify(**_arguments(verify, initial, final, header)), None
    except BaseException as exc:  # the verifier's own code: whatever it raises is its failure
        return None, f"{type(exc).__name__}: {exc}"[:1000]


def _arguments(verify: Any, initial: str, final: str, header: dict[str, Any]) -> dict[str, Any]:
    accepted = inspect.signature(verify).parameters
    offered = {"initial_db_path": initial, "final_db_path": final}
    if header.get("mode") == "code":
        offered["final_answer"] = header.get("answer") or ""
    if not any(name in accepted for name in offered):  # positional names of its own: in AWM's order
        names = list(accepted)[: len(offered)]
        return dict(zip(names, offered.values(), strict=False))
    return {name: value for name, value in offered.items() if name in accepted}


def _json(value: Any) -> Any:
    try:
        return json.loads(json.dumps(value, default=str))
    except (TypeError, ValueError):
        return repr(value)[:10_000]


if __name__ == "__main__":
    main()
