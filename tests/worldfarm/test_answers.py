"""A final message passes when it states every expected value and no competing one: numbers read the way
people write them, dates never numbers, values copied from the instruction never counted, ambiguity
failing closed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worldfarm import answer_contains
from worldfarm.answers import judge, read


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
        ("It comes to 1.234,50 €", "1234.50"),
        ("It comes to 1\u202f234,50 €", "1234.50"),
        ("There are five places left", "5"),
        ("twenty-one seats", "21"),
        ("Call her on +1 (555) 010-0142", "+1-555-010-0142"),
        ("It is on May 15, 2026.", "2026-05-15"),
        ("It is on 15 May 2026.", "2026-05-15"),
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
        ("on 2026-05-15", "15"),
        ("on 2026-05-15", "2026"),
        ("it is 1,234", "1234"),  # 1.234 in much of the world: ambiguous without a currency sign
        ("it is 244,50", "244.50"),  # a decimal comma, or the list 244, 50
        ("the 3/4/2026 one", "2026-03-04"),  # March 4 or April 3
        ("350-351 left", "350"),  # a range is not an answer
    ],
)
def test_a_value_inside_another_or_read_two_ways_is_not_stated(message: str, expected: str) -> None:
    assert not answer_contains(message, expected)


def test_a_date_after_a_semicolon_is_read_as_a_date() -> None:
    reading = read("Blue Door Bistro; 2026-03-04")

    assert reading.states("2026-03-04")
    assert not reading.may_state("2026")


def test_a_hedged_answer_states_a_competing_value_and_fails() -> None:
    verdict = judge("either Kayak at $44.50 or Canoe at $61.00", ["44.50"], ["61.00"])

    assert verdict.found == (True,)
    assert verdict.stated_competing == ("61.00",)
    assert not verdict.passed


def test_a_date_in_the_answer_is_not_a_count() -> None:
    assert not judge("Only 2 seats on 2026-05-15", ["5"], ["2"], "How many seats on 2026-05-15?").found[0]
    assert judge("Only 5 seats left on 2026-05-15", ["5"], ["2"], "How many seats on 2026-05-15?").passed


def test_a_number_named_in_the_instruction_is_not_read_into_the_answer() -> None:
    verdict = judge("Term Life 20 is 244.50 a month", ["244.50"], ["20.00"], "What does the Term Life 20 plan cost?")

    assert verdict.passed


def test_values_copied_from_the_instruction_never_count() -> None:
    instruction = "Deposit $130.00 into wallet LA-100185. How much is in it now?"

    assert not judge("LA-100185 now holds $130.00", ["130.00"], [], instruction).found[0]
    assert judge("wallet LA-100185 holds $5,987.00", ["5987.00"], ["100185", "130.00"], instruction).passed


def test_a_competing_name_inside_the_expected_one_is_not_held_against_it() -> None:
    expected = ["Standard Clean (Lite)", "230.50"]

    assert judge("Standard Clean (Lite), $230.50", expected, ["Standard Clean", "390.50"]).passed
    assert not judge("Standard Clean at $230.50", expected, ["Standard Clean", "390.50"]).passed


def test_an_expected_name_inside_a_competing_one_does_not_hide_it() -> None:
    expected, competing = ["Loft", "233.00"], ["Loft (Deluxe)", "310.00"]

    assert judge("The Loft, at $233.00", expected, competing).passed
    assert not judge("Loft at $233.00, or maybe Loft (Deluxe)", expected, competing).passed


# --- properties ------------------------------------------------------------------------------------

cents = st.integers(min_value=0, max_value=99_999_999)


def written(value: int, style: int) -> str:
    """``value`` cents written the way people write money."""
    units, rest = divmod(value, 100)
    grouped = f"{units:,}"
    return [
        f"${grouped}.{rest:02d}",
        f"{units}.{rest:02d}",
        f"{grouped}.{rest:02d} USD",
        grouped.replace(",", ".") + f",{rest:02d} €",
        grouped.replace(",", "\u202f") + f",{rest:02d}\u00a0€",
    ][style]


@given(cents, st.integers(min_value=0, max_value=4))
def test_money_is_found_however_it_is_written(value: int, style: int) -> None:
    expected = str(Decimal(value) / 100)

    assert judge(f"That comes to {written(value, style)}.", [expected]).passed


@given(cents, cents)
def test_an_answer_with_the_expected_value_and_a_competing_one_never_passes(value: int, other: int) -> None:
    if value == other:
        return
    expected, competing = str(Decimal(value) / 100), str(Decimal(other) / 100)

    assert not judge(f"{written(value, 0)} or maybe {written(other, 0)}", [expected], [competing]).passed


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=0, max_value=9))
def test_a_whole_number_is_not_found_inside_a_longer_one(value: int, digit: int) -> None:
    assert not answer_contains(f"it is {value}{digit}", str(value))


@given(st.dates(), st.integers(min_value=1, max_value=31))
def test_a_date_never_states_its_day_or_year_as_a_number(day: object, number: int) -> None:
    iso = str(day)
    if f"{number}" in (iso[:4].lstrip("0"), iso[5:7].lstrip("0"), iso[8:].lstrip("0")):
        assert not answer_contains(f"on {iso}", str(number))


@given(st.integers(min_value=0, max_value=100_000))
def test_a_number_from_the_instruction_never_counts_as_the_answer(value: int) -> None:
    instruction = f"Book {value} seats, please. How many are left?"

    assert not judge(f"There are {value} left.", [str(value)], [], instruction).found[0]
