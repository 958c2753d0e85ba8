"""The gate's workbench puts back exactly the state asked for: the start, or a state it kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.workbench import Workbench
from servers import EnvRuntime
from tests.conftest import EXAMPLES
from worldfarm import SolutionCall, load_bundle

Rows = dict[str, list[tuple[object, ...]]]


@pytest.fixture
def bench() -> Iterator[Workbench]:
    bench = Workbench(EnvRuntime(load_bundle(EXAMPLES / "hotel")))
    try:
        yield bench
    finally:
        bench.close()


def call(tool: str, **arguments: object) -> SolutionCall:
    return SolutionCall(tool=tool, arguments=arguments)


NEW_GUEST = call("create_guest", name="Ivy Chen", email="ivy.chen@example.com", phone="+1-555-0142")
BOOKING = call("create_booking", guest_id=9, room_id=103, check_in="2026-03-12", check_out="2026-03-14", guests_count=2)
CANCEL = call("cancel_booking", booking_id=8)


def state(bench: Workbench) -> Rows:
    """Every table as the episode's connection reads it now (not through the workbench's own bookkeeping)."""
    read = 'SELECT * FROM "{}" ORDER BY rowid'
    return {t: bench.conn.execute(read.format(t)).fetchall() for t in bench.runtime.table_names}


def replayed(bench: Workbench, *calls: SolutionCall) -> Rows:
    bench.reset()
    assert all(bench.run(calls))
    return state(bench)


def test_a_kept_state_comes_back_as_the_calls_that_made_it_leave_it(bench: Workbench) -> None:
    after_guest = replayed(bench, NEW_GUEST)
    bench.save(0)
    assert bench.run([BOOKING, CANCEL]) == [True, True]

    bench.restore(0)

    assert state(bench) == after_guest != bench.initial
    assert bench.rows(bench.runtime.table_names) == after_guest


def test_calls_after_a_restore_leave_what_they_leave_from_scratch(bench: Workbench) -> None:
    expected = replayed(bench, NEW_GUEST, BOOKING)
    bench.reset()
    bench.run([NEW_GUEST])
    bench.save(3)
    bench.run([CANCEL])
    bench.restore(3)

    assert bench.run([BOOKING]) == [True]
    assert state(bench) == expected


def test_reset_after_a_restore_is_the_start_again(bench: Workbench) -> None:
    bench.run([NEW_GUEST, BOOKING])
    bench.save(1)
    bench.reset()
    assert state(bench) == bench.initial
    assert not bench.changed()

    bench.restore(1)
    bench.reset()

    assert state(bench) == bench.initial
    assert not bench.changed()


def test_two_kept_states_stay_apart(bench: Workbench) -> None:
    one = replayed(bench, NEW_GUEST)
    bench.save(0)
    bench.run([BOOKING])
    two = state(bench)
    bench.save(1)

    bench.restore(0)
    assert state(bench) == one
    bench.restore(1)
    assert state(bench) == two
    bench.restore(0)
    assert state(bench) == one
