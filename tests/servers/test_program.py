"""Tool programs: each step kind, one transaction per call, and errors an agent can act on."""

from __future__ import annotations

import json
import sqlite3

import pytest

from servers import EnvironmentDefect, InvalidArguments, LiveEpisode, RuleViolation, UnknownTool
from servers.program import render, sqlite_failure


def balances(episode: LiveEpisode) -> dict[int, int]:
    return dict(episode.conn.execute("SELECT id, balance FROM accounts ORDER BY id").fetchall())


def test_a_check_step_that_passes_lets_the_return_step_answer(bank: LiveEpisode) -> None:
    assert bank.call("get_account", {"account_id": 2}) == {"id": 2, "owner": "bob", "balance": 50}


def test_a_check_step_that_fails_is_a_rule_violation_with_its_message_filled_in(bank: LiveEpisode) -> None:
    with pytest.raises(RuleViolation, match="account 9 not found; use list_accounts"):
        bank.call("get_account", {"account_id": 9})


def test_a_query_step_binds_its_row_for_later_messages(bank: LiveEpisode) -> None:
    with pytest.raises(RuleViolation, match="bob has only 50; cannot send 60"):
        bank.call("transfer", {"from_id": 2, "to_id": 1, "amount": 60})


def test_a_query_step_with_an_error_fails_when_it_finds_no_row(bank: LiveEpisode) -> None:
    with pytest.raises(RuleViolation, match="account 7 not found"):
        bank.call("transfer", {"from_id": 7, "to_id": 1, "amount": 5})


def test_an_exec_step_with_an_error_fails_when_it_changes_no_row(bank: LiveEpisode) -> None:
    with pytest.raises(RuleViolation, match="account 9 not found; nothing was moved"):
        bank.call("transfer", {"from_id": 1, "to_id": 9, "amount": 5})
    assert balances(bank) == {1: 100, 2: 50, 3: 0}


def test_exec_steps_write_and_the_return_step_reads_the_new_state(bank: LiveEpisode) -> None:
    assert bank.call("transfer", {"from_id": 1, "to_id": 2, "amount": 30}) == {"from_balance": 70, "to_balance": 80}
    assert balances(bank) == {1: 70, 2: 80, 3: 0}


def test_a_query_of_all_rows_binds_json_that_later_steps_read_with_json_each(bank: LiveEpisode) -> None:
    assert bank.call("close_empty_accounts", {}) == {"items": [{"id": 3, "owner": "cy"}]}
    assert balances(bank) == {1: 100, 2: 50}


def test_a_return_of_all_rows_is_an_items_list_and_defaults_fill_missing_arguments(bank: LiveEpisode) -> None:
    assert [row["id"] for row in bank.call("list_accounts", {})["items"]] == [1, 2, 3]
    assert [row["id"] for row in bank.call("list_accounts", {"min_balance": 60})["items"]] == [1]


def test_the_reserved_clock_is_the_environments_fixed_now(bank: LiveEpisode) -> None:
    created = bank.call("open_account", {"owner": "dee"})
    opened = bank.conn.execute("SELECT opened_at FROM accounts WHERE id = ?", (created["id"],)).fetchone()
    assert opened == ("2026-01-05T12:00:00",)


def test_a_failed_call_leaves_the_database_byte_identical_even_after_earlier_writes(bank: LiveEpisode) -> None:
    before = bank.serialize()
    with pytest.raises(RuleViolation):  # both UPDATEs ran before the final check failed
        bank.call("transfer", {"from_id": 2, "to_id": 1, "amount": 60})
    assert bank.serialize() == before


def test_a_constraint_violation_is_a_rule_violation_and_changes_nothing(bank: LiveEpisode) -> None:
    before = bank.serialize()
    with pytest.raises(RuleViolation, match=r"same accounts\.owner already exists"):
        bank.call("open_account", {"owner": "ann"})
    assert bank.serialize() == before


def test_sql_running_past_the_time_limit_is_interrupted_and_undone(bank: LiveEpisode) -> None:
    before = bank.serialize()
    with pytest.raises(RuleViolation, match="time limit"):
        bank.call("count_forever", {})
    assert bank.serialize() == before


def test_an_episode_database_cannot_grow_past_its_size_limit(bank: LiveEpisode) -> None:
    before = bank.serialize()
    with pytest.raises(RuleViolation, match="database is full"):
        bank.call("stuff_notes", {"copies": 100})
    assert bank.serialize() == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"from_id": 1, "to_id": 2}, "missing required argument 'amount'. It takes: from_id"),
        ({"from_id": 1, "to_id": 2, "amount": 5, "memo": "x"}, "unknown argument 'memo'. It takes:"),
        ({"from_id": "1", "to_id": 2, "amount": 5}, "argument 'from_id' must be an integer, got the string '1'"),
        ({"from_id": None, "to_id": 2, "amount": 5}, "argument 'from_id' must be an integer, got null"),
        ({"from_id": 1, "to_id": 2, "amount": 0}, "argument 'amount' is invalid: 0 is less than the minimum of 1"),
        ({"from_id": 1, "to_id": 2, "amount": 5000}, "'amount' is invalid: 5000 is greater than the maximum"),
        ({"from_id": 1, "to_id": 2, "amount": 5.5}, "'amount' must be an integer, got the number 5.5"),
    ],
)
def test_bad_arguments_are_refused_before_any_sql_with_what_the_tool_takes(
    bank: LiveEpisode, arguments: dict[str, object], message: str
) -> None:
    before = bank.serialize()
    with pytest.raises(InvalidArguments) as caught:
        bank.call("transfer", arguments)
    assert message in caught.value.message
    assert bank.serialize() == before


def test_an_unknown_tool_suggests_the_closest_names(bank: LiveEpisode) -> None:
    with pytest.raises(UnknownTool, match="unknown tool 'get_acount'; did you mean get_account"):
        bank.call("get_acount", {"account_id": 1})


def test_failed_calls_are_traced_with_their_error(bank: LiveEpisode) -> None:
    with pytest.raises(InvalidArguments):
        bank.call("get_account", {})
    bank.call("get_account", {"account_id": 1})
    assert [(e.tool, e.error_code, e.result is None) for e in bank.trace] == [
        ("get_account", "invalid_arguments", True),
        ("get_account", None, False),
    ]


def test_an_environment_defect_is_not_blamed_on_the_agent(bank: LiveEpisode) -> None:
    bank.conn.execute("DROP TABLE notes")  # what a buggy bundle might leave behind
    with pytest.raises(EnvironmentDefect, match="this environment has a bug"):
        bank.call("stuff_notes", {"copies": 1})


def test_messages_fill_known_names_and_leave_unknown_ones_alone() -> None:
    assert render("{a} owes {b} for {c}", {"a": "ann", "b": 2.5, "c": None}) == "ann owes 2.5 for null"
    assert render("{missing} stays", {}) == "{missing} stays"


def test_a_time_limit_that_stops_a_write_is_reported_as_the_limit_and_undoes_the_call(bank: LiveEpisode) -> None:
    before = bank.serialize()
    with pytest.raises(RuleViolation, match="ran past the time limit and was undone"):
        bank.call("slow_update", {})  # SQLite rolls the transaction back itself when it interrupts a write
    assert bank.serialize() == before
    assert bank.call("get_account", {"account_id": 1})["balance"] == 100  # the connection is usable


def test_a_size_limit_that_stops_a_write_is_reported_as_the_limit_and_the_episode_stays_usable(
    bank: LiveEpisode,
) -> None:
    before = bank.serialize()
    for _ in range(3):
        with pytest.raises(RuleViolation, match="database is full"):
            bank.call("stuff_notes", {"copies": 1000})
    assert bank.serialize() == before
    assert bank.call("add_note", {"account_id": 1, "body": "hello"}) == {"id": 1}


def test_a_like_pattern_too_complex_for_sqlite_is_the_agents_error_not_a_defect(bank: LiveEpisode) -> None:
    bank.call("add_note", {"account_id": 1, "body": "hello"})
    with pytest.raises(InvalidArguments, match="LIKE or GLOB pattern too complex") as caught:
        bank.call("find_notes", {"text": "x" * 60_000})  # the tool allows 100,000 characters; SQLite takes 50,000
    assert "nothing was changed" in caught.value.message
    assert [e.error_code for e in bank.trace][-1] == "invalid_arguments"


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        ("LIKE or GLOB pattern too complex", "invalid_arguments"),
        ("string or blob too big", "invalid_arguments"),
        ("integer overflow", "invalid_arguments"),
        ("malformed JSON", "invalid_arguments"),
        ("no such column: nme", "environment_defect"),
    ],
)
def test_sqlite_failures_only_values_can_cause_are_blamed_on_the_values(failure: str, code: str) -> None:
    assert sqlite_failure("search", sqlite3.OperationalError(failure)).code == code


HOSTILE = [
    ({"account_id": 1, "body": "\ud800"}, "argument 'body' contains a lone surrogate (\\ud800)"),
    ({"account_id": 2**63, "body": "x"}, "argument 'account_id' is outside the 64-bit integer range"),
    ({"account_id": -(2**63) - 1, "body": "x"}, "argument 'account_id' is outside the 64-bit integer range"),
    ({"account_id": 1, "body": "x", "tags": [1.5, float("nan")]}, "argument 'tags[1]' is nan; numbers must be finite"),
    ({"account_id": 1, "body": "x", "tags": [float("-inf")]}, "argument 'tags[0]' is -inf; numbers must be finite"),
    ({"account_id": 1, "body": "x" * 50_001}, "'body' is 50,001 characters long; the limit is 50,000"),
    ({"account_id": 1, "body": "x", "tags": [{"\udfff": 1}]}, "'tags[0].\\udfff' has a name that contains a lone"),
    ({"account_id": 1, "body": "x", "tags": json.loads("[" * 40 + "]" * 40)}, "'tags[0][0][0]"),
]


@pytest.mark.parametrize(("arguments", "message"), HOSTILE)
def test_values_sqlite_cannot_take_are_refused_before_any_sql_and_traced(
    bank: LiveEpisode, arguments: dict[str, object], message: str
) -> None:
    before = bank.serialize()
    with pytest.raises(InvalidArguments) as caught:
        bank.call("add_note", arguments)
    assert message in caught.value.message
    caught.value.message.encode()  # the message itself is valid text
    assert bank.serialize() == before
    assert [e.error_code for e in bank.trace] == ["invalid_arguments"]


def test_values_at_the_edges_of_what_sqlite_takes_are_stored(bank: LiveEpisode) -> None:
    tags = [2**63 - 1, -(2**63), 1e308, "é😀", json.loads("[" * 30 + "]" * 30)]
    assert bank.call("add_note", {"account_id": 1, "body": "y" * 50_000, "tags": tags}) == {"id": 1}
    assert bank.call("open_account", {"owner": "z" * 10_000})["owner"] == "z" * 10_000


def test_the_farms_string_bound_applies_where_a_tool_declares_none(bank: LiveEpisode) -> None:
    with pytest.raises(InvalidArguments, match="'owner' is 10,001 characters long; the limit is 10,000"):
        bank.call("open_account", {"owner": "z" * 10_001})


def test_a_long_value_in_a_message_is_cut(bank: LiveEpisode) -> None:
    with pytest.raises(RuleViolation) as caught:
        bank.call("transfer", {"from_id": 1, "to_id": 10**15, "amount": 1})
    assert render("{x}", {"x": "q" * 5000}).endswith("... (5,000 characters)")
    assert len(caught.value.message) < 300
