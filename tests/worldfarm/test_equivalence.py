"""Two states are the same world when their rows match with incidental values set aside: volatile columns,
and the ids of tables whose ids are volatile (references to them compare by content)."""

from __future__ import annotations

from typing import Any

from worldfarm.control import State, TableState
from worldfarm.equivalence import compare_states

VOLATILE = {"guests": ["id"], "bookings": ["id", "created_at"]}
REFERENCES = {"bookings": {"guest_id": "guests"}}


def state(guests: list[list[Any]], bookings: list[list[Any]]) -> State:
    return State(
        tables={
            "guests": TableState(columns=["id", "name", "email"], rows=guests),
            "bookings": TableState(columns=["id", "guest_id", "room", "created_at"], rows=bookings),
        }
    )


REFERENCE = state([[1, "Ana", "ana@x"], [9, "Ivy Chen", "ivy@x"]], [[5, 9, 103, "t1"]])


def test_a_guest_registered_twice_then_fixed_is_the_same_world_as_one_registered_once() -> None:
    corrected = state([[1, "Ana", "ana@x"], [10, "Ivy Chen", "ivy@x"]], [[6, 10, 103, "t2"]])

    result = compare_states(corrected, REFERENCE, VOLATILE, REFERENCES)

    assert result.matched, result.differences
    assert result.ignored == {"guests": ["id"], "bookings": ["created_at", "id"]}


def test_a_booking_for_the_wrong_guest_differs_even_though_ids_are_volatile() -> None:
    wrong_guest = state([[1, "Ana", "ana@x"], [9, "Ivy Chen", "ivy@x"]], [[5, 1, 103, "t1"]])

    result = compare_states(wrong_guest, REFERENCE, VOLATILE, REFERENCES)

    assert not result.matched
    assert any("bookings" in d for d in result.differences)


def test_without_volatile_ids_a_new_id_is_a_difference() -> None:
    corrected = state([[1, "Ana", "ana@x"], [10, "Ivy Chen", "ivy@x"]], [[5, 10, 103, "t1"]])

    assert not compare_states(corrected, REFERENCE, {}, REFERENCES).matched


def test_a_reference_to_a_missing_row_differs_from_one_to_a_present_row() -> None:
    dangling = state([[1, "Ana", "ana@x"], [9, "Ivy Chen", "ivy@x"]], [[5, 42, 103, "t1"]])

    assert not compare_states(dangling, REFERENCE, VOLATILE, REFERENCES).matched
