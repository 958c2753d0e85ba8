"""Episodes: isolated state per episode, fork, snapshots, reset, idle expiry and capacity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from servers import EnvRuntime, EpisodeNotFound, EpisodeStore, Limits, LiveEpisode, RuleViolation, WorkerFull
from servers.episodes import ANONYMOUS
from servers.inspection import diff
from tests.conftest import ROOT


def balance(episode: LiveEpisode, account: int) -> int:
    result = episode.call("get_account", {"account_id": account})
    return int(result["balance"])


def test_two_episodes_of_one_environment_never_see_each_others_writes(store: EpisodeStore, tiny: EnvRuntime) -> None:
    first, second = store.create(tiny), store.create(tiny)
    first.call("transfer", {"from_id": 1, "to_id": 2, "amount": 40})
    assert (balance(first, 1), balance(second, 1)) == (60, 100)


def test_a_fork_starts_as_a_copy_then_diverges(store: EpisodeStore, bank: LiveEpisode) -> None:
    bank.call("transfer", {"from_id": 1, "to_id": 2, "amount": 10})
    fork = store.fork(bank)
    assert fork.serialize() == bank.serialize()
    assert [e.tool for e in fork.trace] == ["transfer"]
    fork.call("transfer", {"from_id": 1, "to_id": 2, "amount": 10})
    assert (balance(bank, 1), balance(fork, 1)) == (90, 80)
    assert diff(fork).tables["accounts"].updated[0].before == {
        "id": 1,
        "owner": "ann",
        "balance": 100,
        "opened_at": "2025-01-01",
    }


def test_restoring_a_snapshot_brings_back_that_state(bank: LiveEpisode) -> None:
    snapshot = bank.snapshot()
    bank.call("transfer", {"from_id": 1, "to_id": 2, "amount": 10})
    bank.restore(snapshot)
    assert balance(bank, 1) == 100
    with pytest.raises(EpisodeNotFound, match="has no snapshot 'nope'"):
        bank.restore("nope")


def test_reset_returns_to_the_template_and_clears_the_trace(bank: LiveEpisode, tiny: EnvRuntime) -> None:
    bank.call("transfer", {"from_id": 1, "to_id": 2, "amount": 10})
    bank.reset()
    assert bank.serialize() == tiny.template
    assert list(bank.trace) == []


def test_a_reset_episode_keeps_its_limits(bank: LiveEpisode) -> None:
    bank.reset()
    with pytest.raises(RuleViolation, match="time limit"):
        bank.call("count_forever", {})


def test_episode_ids_carry_at_least_128_random_bits(store: EpisodeStore, tiny: EnvRuntime) -> None:
    ids = {store.create(tiny).id for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) * 6 >= 128 for i in ids)  # url-safe base64: 6 bits a character


def test_a_closed_episode_is_reported_as_closed(store: EpisodeStore, bank: LiveEpisode) -> None:
    store.close(bank.id)
    with pytest.raises(EpisodeNotFound, match="was closed"):
        store.get(bank.id)


def test_an_unknown_episode_says_how_to_get_one(store: EpisodeStore) -> None:
    with pytest.raises(EpisodeNotFound, match="create one with POST /v1/episodes"):
        store.get("nope")


def test_idle_episodes_expire_after_the_ttl(tiny: EnvRuntime) -> None:
    store = EpisodeStore(Limits(idle_ttl=60))
    idle, busy = store.create(tiny), store.create(tiny)
    idle.last_used -= 61  # an hour passing, without waiting for it
    assert store.reap() == 1
    assert busy.id in store
    with pytest.raises(EpisodeNotFound, match="expired after 60 s without use"):
        store.get(idle.id)


def test_an_anonymous_session_left_open_expires_after_the_short_session_ttl(tiny: EnvRuntime) -> None:
    store = EpisodeStore(Limits(idle_ttl=1800, session_ttl=300, anonymous_sessions=4))
    left, kept = store.create(tiny, origin=ANONYMOUS), store.create(tiny)
    left.last_used -= 301  # five minutes passing, without waiting for them
    kept.last_used -= 301
    assert store.reap() == 1
    assert kept.id in store
    with pytest.raises(EpisodeNotFound, match="expired after 300 s without use"):
        store.get(left.id)


def test_a_full_worker_refuses_new_episodes_with_what_to_do(tiny: EnvRuntime) -> None:
    store = EpisodeStore(Limits(max_episodes=2))
    first = store.create(tiny)
    store.create(tiny)
    with pytest.raises(WorkerFull, match=r"limit is 2\. Close episodes you are done with"):
        store.create(tiny)
    store.close(first.id)
    assert store.create(tiny).id in store


def test_a_full_worker_makes_room_by_reaping_expired_episodes_first(tiny: EnvRuntime) -> None:
    store = EpisodeStore(Limits(max_episodes=1, idle_ttl=60))
    store.create(tiny).last_used -= 61
    assert store.create(tiny).id in store
    assert len(store) == 1


RESET_THEN_JSON_EACH = """
import sys
from pathlib import Path
from tests.servers.tiny import tiny_runtime
from servers import EpisodeStore
episode = EpisodeStore().create(tiny_runtime(Path(sys.argv[1])))
for _ in range(2):
    episode.call("close_empty_accounts", {})  # json_each, a table-valued function
    episode.reset()
    episode.call("list_accounts", {})
snapshot = episode.snapshot()
episode.call("close_empty_accounts", {})
episode.restore(snapshot)
episode.conn.execute("SELECT * FROM pragma_table_info('accounts')").fetchall()
print(episode.call("close_empty_accounts", {}))
"""


def test_resetting_and_restoring_leave_table_valued_functions_working(tmp_path: Path) -> None:
    # SQLite 3.40 crashes the process when a connection that used json_each is deserialized into
    # and then configured: episodes must never reuse a connection for a new state.
    command = [sys.executable, "-c", RESET_THEN_JSON_EACH, str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "{'items': [{'id': 3, 'owner': 'cy'}]}"
