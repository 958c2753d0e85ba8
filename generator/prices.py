"""Prices and amounts as a business writes them: in cents, rarely round, shown as "$1,234.50"."""

from __future__ import annotations

import random


def price(rng: random.Random, low: float, high: float) -> int:
    """A shelf price between ``low`` and ``high`` dollars, in cents, with the endings shops use."""
    whole = rng.randint(max(int(low), 1), max(int(high), int(low) + 1))
    roll = rng.random()
    if roll < 0.40:
        cents = 99
    elif roll < 0.50:
        cents = 95
    elif roll < 0.60:
        cents = 49
    elif roll < 0.66:
        cents = 0
    else:
        cents = rng.choice([c for c in range(1, 100) if c not in (50, 99, 95, 49)])
    return max(whole * 100 + cents - (100 if cents and whole > low + 1 else 0), 1)


def amount(rng: random.Random, low: float, high: float) -> int:
    """Any amount between ``low`` and ``high`` dollars, in cents (fees, salaries, balances)."""
    cents = rng.randint(int(low * 100), int(high * 100))
    return cents + 1 if cents % 50 == 0 else cents


def dollars(cents: int) -> str:
    """How an instruction shows money: "$1,234.50"."""
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


def plain(cents: int) -> str:
    """How an expected answer states money: "1234.50"."""
    return f"{cents / 100:.2f}"


def as_number(cents: int) -> float:
    """How a tool argument passes money: 1234.5."""
    return round(cents / 100, 2)
