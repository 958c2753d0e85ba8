"""Where the command line finds a farm and its token: flags, then environment variables, then defaults."""

from __future__ import annotations

import os

DEFAULT_FARM_URL = "http://127.0.0.1:8000"
URL_VARIABLE = "WORLDFARM_URL"
TOKEN_VARIABLE = "WORLDFARM_TOKEN"


def farm_url(flag: str | None) -> str:
    return (flag or os.environ.get(URL_VARIABLE) or DEFAULT_FARM_URL).rstrip("/")


def farm_token(flag: str | None) -> str | None:
    return flag or os.environ.get(TOKEN_VARIABLE) or None
