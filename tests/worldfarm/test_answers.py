"""Expected answers are found in a final message whatever its case, spacing and number format."""

from __future__ import annotations

import pytest

from worldfarm import answer_contains
from worldfarm.answers import read


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("The total is $1,250.50.", "1250.5"),
        ("Total: 42.50 USD", "42.50"),
        ("Room  12 is free", "room 12"),
        ("Her email is Grace.Liu@Example.com", "grace.liu@example.com"),
        ("Chloé Martin checked in", "chloe martin"),
        ("It is 12.", "12"),
        ("balance -5", "-5"),
    ],
)
def test_an_expected_value_is_found_in_any_usual_formatting(message: str, expected: str) -> None:
    assert answer_contains(message, expected)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("it costs 120", "12"),
        ("it costs 12.5", "12"),
        ("room 112", "12"),
        ("anything", ""),
        ("Mr Weber", "hugo weber"),
    ],
)
def test_a_value_is_not_found_inside_another_one(message: str, expected: str) -> None:
    assert not answer_contains(message, expected)


def test_a_date_after_a_semicolon_is_read_as_a_date() -> None:
    reading = read("Blue Door Bistro; 2026-03-04")

    assert reading.states("2026-03-04")
    assert not reading.may_state("2026")
