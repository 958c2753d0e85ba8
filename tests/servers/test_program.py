"""Tool programs: each step kind, one transaction per call, and errors an agent can act on."""

from __future__ import annotations

import pytest

from servers import EnvironmentDefect, InvalidArguments, LiveEpisode, RuleViolation, UnknownTool
from servers.program import render


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
