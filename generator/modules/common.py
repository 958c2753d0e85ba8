"""Helpers every module uses: finding a row the way a user names it, dates, picking cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from generator.calendar import shift
from generator.candidate import call
from generator.schema import Row
from generator.world import World
from worldfarm import SolutionCall

T = TypeVar("T")


def find(w: World, key: str, row: Row, by: str = "") -> SolutionCall:
    """The search call a user's words lead to: the row's name (or ``by``) as the query."""
    spec = w.searches[key]
    column = by or (spec.text[0] if spec.text else w.e(key).display)
    return call(spec.tool, query=str(row[w.e(key).col(column).column]))


def findable(w: World, key: str) -> bool:
    spec = w.searches.get(key)
    return spec is not None and bool(spec.text) and not spec.scope


def days_ago(w: World, low: int, high: int) -> str:
    return shift(w.today, -w.rng.randint(low, high))


def days_ahead(w: World, low: int, high: int) -> str:
    return shift(w.today, w.rng.randint(low, high))


def first(rows: Sequence[T], test: Callable[[T], bool]) -> T | None:
    return next((r for r in rows if test(r)), None)


def shuffled(w: World, rows: Sequence[T]) -> list[T]:
    out = list(rows)
    w.rng.shuffle(out)
    return out


def unique_by(rows: Sequence[Row], column: str) -> list[Row]:
    """Rows whose ``column`` value no other row shares (safe to name a row by)."""
    counts: dict[object, int] = {}
    for row in rows:
        counts[row[column]] = counts.get(row[column], 0) + 1
    return [r for r in rows if counts[r[column]] == 1]


def n(row: Row, column: str) -> int:
    """An integer column of a seed row (0 when empty)."""
    value = row.get(column)
    return int(value) if isinstance(value, int | float) else 0


def others(values: Sequence[object], expected: Sequence[object], limit: int = 40) -> list[str]:
    """Distinct competing values: ``values`` as text, without the expected ones, in first-seen order."""
    skip = {str(e) for e in expected}
    out: list[str] = []
    for value in values:
        text = str(value)
        if value is not None and text not in skip and text not in out:
            out.append(text)
    return out[:limit]
