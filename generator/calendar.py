"""Date arithmetic on ISO dates (``YYYY-MM-DD``), matching SQLite's ``date(d, '+N days')``."""

from __future__ import annotations

from datetime import date, timedelta


def shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def between(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days
