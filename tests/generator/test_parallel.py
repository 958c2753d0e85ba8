"""Parallel runs return every result, and stop (never hang) when a worker process dies."""

from __future__ import annotations

import gc
import os
import signal

import pytest

from generator.errors import WorkerDied
from generator.parallel import run_unordered


def square(n: int) -> int:
    return n * n


def die_on_seven(n: int) -> int:
    if n == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does
    return n


def test_every_job_comes_back_once_from_several_processes() -> None:
    assert sorted(run_unordered(square, list(range(50)), workers=2)) == [n * n for n in range(50)]


def test_a_worker_that_dies_stops_the_run_with_a_clear_error() -> None:
    with pytest.raises(WorkerDied, match="rerun to resume"):
        list(run_unordered(die_on_seven, list(range(20)), workers=2))


def test_the_garbage_collector_is_as_it_was_after_a_run() -> None:
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()

    assert sorted(run_unordered(square, list(range(10)), workers=1)) == [n * n for n in range(10)]

    assert (gc.get_threshold(), gc.get_freeze_count()) == (thresholds, frozen)
