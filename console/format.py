"""Template filters: how the console writes ages, rates, JSON and SQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

NONE = "\u2013"
"""What the console writes for no value (an en dash)."""


def age(seconds: float) -> str:
    """``42 s``, ``3 min 20 s``, ``2 h 05 min``, ``3 d 4 h``."""
    s = int(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    return f"{s // 86400} d {s % 86400 // 3600} h"


def percent(rate: float | None) -> str:
    return NONE if rate is None else f"{rate:.0%}"


def pretty(value: Any) -> str:
    """JSON, indented, as a person reads it."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def compact(value: Any, limit: int = 160) -> str:
    """JSON on one line, cut at ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC") if timestamp else NONE


FILTERS = {"age": age, "percent": percent, "pretty": pretty, "compact": compact, "when": when}
