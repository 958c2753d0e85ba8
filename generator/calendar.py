"""Date arithmetic on ISO dates (``YYYY-MM-DD``), matching SQLite's ``date(d, '+N days')``."""

from __future__ import annotations

from datetime import date, timedelta


def shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def between(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def pretty(day: str) -> str:
    """How a person writes a date: 'March 14, 2026'."""
    d = date.fromisoformat(day)
    return f"{d.strftime('%B')} {d.day}, {d.year}"
