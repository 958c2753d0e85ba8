"""Running independent jobs over worker processes, results as they finish.

A pool of forked processes, fed in chunks. Unlike ``multiprocessing.Pool``, which waits forever for a
worker that died (a crash, the out-of-memory killer), a dead worker here stops the run with
WorkerDied; work already written is kept, so rerunning resumes.

Ctrl-C reaches the whole process group of a terminal; the workers ignore it and the parent stops
them: pending work is cancelled and the workers are terminated at once (what they were writing is
staged and dropped), so one Ctrl-C ends the run within moments, with a KeyboardInterrupt in the parent
only.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from generator.errors import WorkerDied

LEAN_GC_THRESHOLD = 10_000
"""Allocations between two collections of the youngest generation (Python's default: 700)."""
J = TypeVar("J")
R = TypeVar("R")


def run_unordered(work: Callable[[J], R], jobs: Sequence[J], workers: int) -> Iterator[R]:
    """``work(job)`` for every job, on ``workers`` processes (in this one if 1), as each finishes."""
    with lean_gc():
        yield from _run(work, jobs, workers)


@contextlib.contextmanager
def lean_gc() -> Iterator[None]:
    """Python's cyclic garbage collector tuned for many short jobs, until the block ends: what exists when it
    starts (modules, word lists, catalogs) is frozen out of its scans (and forked workers share those pages),
    and it runs a tenth as often. A full scan of that heap took ~80 ms; the collector took ~10 % of the
    generator's CPU time."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(LEAN_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run(work: Callable[[J], R], jobs: Sequence[J], workers: int) -> Iterator[R]:
    if workers <= 1:
        yield from map(work, jobs)
        return
    size = max(1, min(8, len(jobs) // (workers * 4)))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_sigint)
    try:
        pending: set[Future[list[R]]] = {pool.submit(_chunk, work, chunk) for chunk in chunks}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from _results(future)
    except BaseException:
        _stop(pool, before)
        raise
    pool.shutdown()


def _results(future: Future[list[R]]) -> list[R]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise WorkerDied(
            "a worker process died (killed, or out of memory); what was finished is kept: rerun "
            "to resume, or pass --workers 1 to see the failure in one process"
        ) from None


def _stop(pool: ProcessPoolExecutor, before: set[multiprocessing.process.BaseProcess]) -> None:
    """Cancel what has not started and terminate the pool's processes (an interrupt, a dead worker)."""
    pool.shutdown(wait=False, cancel_futures=True)
    workers = set(multiprocessing.active_children()) - before
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _chunk(work: Callable[[J], R], chunk: Sequence[J]) -> list[R]:
    return [work(job) for job in chunk]
