"""An episode's trace stays bounded in bytes and serializable, whatever the agent sends or gets back."""

from __future__ import annotations

import json

import pytest

from servers import EnvRuntime, EpisodeStore, InvalidArguments, Limits, UnknownTool
from servers.trace import MAX_ENTRY_VALUE_BYTES, MAX_VALUE_CHARS
from worldfarm.control import Trace

BOUND = 256 * 1024


@pytest.fixture
def store() -> EpisodeStore:
    return EpisodeStore(Limits(max_trace_bytes=BOUND))


def served(store: EpisodeStore, episode_id: str) -> Trace:
    """The trace as the control plane serves it (JSON), read back."""
    episode = store.get(episode_id)
    text = Trace(episode_id=episode.id, calls=episode.trace.entries(), dropped=episode.trace.dropped).model_dump_json()
    return Trace.model_validate_json(text)


def test_refused_calls_with_huge_arguments_keep_the_trace_within_its_byte_bound(
    store: EpisodeStore, tiny: EnvRuntime
) -> None:
    episode = store.create(tiny)
    for _ in range(50):
        with pytest.raises(InvalidArguments):
            episode.call("get_account", {"account_id": 1, "x": "a" * 1_000_000})
    assert episode.trace.bytes <= BOUND
    assert len(episode.trace) + episode.trace.dropped == 50
    last = served(store, episode.id).calls[-1]
    assert last.truncated
    assert last.arguments["x"].startswith("a" * MAX_VALUE_CHARS)
    assert last.arguments["x"].endswith("... [995,904 more characters left out]")


def test_a_big_result_is_cut_in_the_trace_but_returned_whole(store: EpisodeStore, tiny: EnvRuntime) -> None:
    episode = store.create(tiny)
    for index in range(20):
        episode.call("open_account", {"owner": f"{index:02}" + "o" * 9_000})
    result = episode.call("list_accounts", {})
    assert len(result["items"]) == 23
    last = served(store, episode.id).calls[-1]
    assert last.truncated
    assert last.result is not None
    assert len(json.dumps(last.result)) <= MAX_ENTRY_VALUE_BYTES + 1000
    kept = last.result["items"][:-1]
    assert last.result["items"][-1] == f"... {23 - len(kept)} more items left out"
    assert kept[-1]["owner"].endswith("more characters left out]")
    assert episode.trace.bytes <= BOUND


def test_arguments_that_passed_validation_are_traced_whole(store: EpisodeStore, tiny: EnvRuntime) -> None:
    episode = store.create(tiny)
    episode.call("add_note", {"account_id": 1, "body": "n" * 50_000, "tags": ["é😀", 2**63 - 1]})
    entry = served(store, episode.id).calls[0]
    assert not entry.truncated
    assert entry.arguments == {"account_id": 1, "body": "n" * 50_000, "tags": ["é😀", 2**63 - 1]}


def test_lone_surrogates_and_deep_nesting_leave_the_trace_readable(store: EpisodeStore, tiny: EnvRuntime) -> None:
    episode = store.create(tiny)
    deep = json.loads("[" * 500 + "]" * 500)
    for arguments in ({"owner": "a\ud800b"}, {"owner": "x", "deep": deep}, {"\udfff": 1}):
        with pytest.raises(InvalidArguments):
            episode.call("open_account", arguments)
    with pytest.raises(UnknownTool):
        episode.call("open_\ud800", {})
    calls = served(store, episode.id).calls
    assert calls[0].arguments == {"owner": "a\\ud800b"}
    assert "nested deeper than 32 levels: left out" in json.dumps(calls[1].arguments)
    assert calls[1].truncated
    assert calls[2].arguments == {"\\udfff": 1}
    assert calls[3].tool == "open_\\ud800"


def test_the_oldest_calls_are_dropped_and_counted_past_the_bound(tiny: EnvRuntime) -> None:
    episode = EpisodeStore(Limits(max_trace_bytes=10_000)).create(tiny)
    for _ in range(100):
        episode.call("get_account", {"account_id": 1})
    assert episode.trace.bytes <= 10_000
    assert episode.trace.dropped > 0
    assert [e.index for e in episode.trace][-1] == 99
    assert len(episode.trace) + episode.trace.dropped == 100


def test_a_fork_gets_a_copy_of_the_trace_and_its_accounting(store: EpisodeStore, tiny: EnvRuntime) -> None:
    episode = store.create(tiny)
    episode.call("get_account", {"account_id": 1})
    fork = store.fork(episode)
    fork.call("get_account", {"account_id": 2})
    assert (len(episode.trace), len(fork.trace)) == (1, 2)
    assert fork.trace.bytes > episode.trace.bytes
