"""Where the command line finds a farm and its token: flags, then environment variables, then the farm
that ``worldfarm up`` is running (its state file), then defaults.

``worldfarm up`` writes ``farm.json`` (URL, token, its process id) in the state directory and removes
it when it stops; a state file whose process is gone is ignored.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from worldfarm.errors import ConfigError

DEFAULT_FARM_URL = "http://127.0.0.1:8000"
URL_VARIABLE = "WORLDFARM_URL"
TOKEN_VARIABLE = "WORLDFARM_TOKEN"
STATE_VARIABLE = "WORLDFARM_STATE_DIR"
FARM_FILE = "farm.json"


def farm_url(flag: str | None) -> str:
    running = running_farm().get("url")
    fallback = running if isinstance(running, str) else DEFAULT_FARM_URL
    return (flag or os.environ.get(URL_VARIABLE) or fallback).rstrip("/")


def farm_token(flag: str | None) -> str | None:
    if flag or os.environ.get(TOKEN_VARIABLE):
        return flag or os.environ.get(TOKEN_VARIABLE)
    running = running_farm().get("token")
    return running if isinstance(running, str) and running else None


def farm_token_from_environment() -> str | None:
    """The token set in the environment, ignoring any running farm (a new farm must not reuse another's)."""
    return os.environ.get(TOKEN_VARIABLE) or None


def missing_token(url: str) -> ConfigError:
    """The error for a command that found no token: either no farm runs at ``url`` at all (nothing
    listens there), or one does and its token must be given."""
    if not listening(url):
        return ConfigError(
            f"no farm is running at {url}: start one with `worldfarm up` (the command line then finds its URL "
            f"and token by itself), or point --farm / {URL_VARIABLE} at a running farm"
        )
    return ConfigError(
        f"no token for the farm at {url}: pass --token (token= in Python) or set {TOKEN_VARIABLE}; the farm "
        "printed its token when it started"
    )


def listening(url: str, timeout: float = 1.0) -> bool:
    """Whether anything accepts a TCP connection at ``url``'s host and port."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def state_dir() -> Path:
    """Where the farm keeps its state: $WORLDFARM_STATE_DIR, else $XDG_STATE_HOME/worldfarm, else
    ~/.local/state/worldfarm."""
    explicit = os.environ.get(STATE_VARIABLE)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "worldfarm"


def cache_dir() -> Path:
    """Where generated data is cached: $XDG_CACHE_HOME/worldfarm, else ~/.cache/worldfarm."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "worldfarm"


def running_farm(directory: Path | None = None) -> dict[str, Any]:
    """What the running ``worldfarm up`` wrote to its state file; empty if none is running."""
    path = (directory or state_dir()) / FARM_FILE
    try:
        farm = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(farm, dict) or not _alive(farm.get("pid")):
        return {}
    return farm


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


KEEP_ALIVE = 75
"""Seconds a farm server keeps an idle HTTP connection open: longer than HTTP clients keep theirs
(httpx2: 5 s), so the client always closes an idle connection first. A server closing one just as a
client sends a request on it makes that request fail for nothing."""
