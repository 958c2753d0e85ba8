"""Lists of names in messages say how many were left out."""

from __future__ import annotations

import pytest

from servers import EnvRuntime, UnknownTask
from worldfarm.text import some_of


def test_a_long_list_names_the_first_and_counts_the_rest() -> None:
    names = [f"t{i}" for i in range(25)]
    assert some_of(names, 20).endswith("t19 ...and 5 more")
    assert some_of(names[:3], 20) == "t0, t1, t2"
    assert some_of([], 20) == "none"


def test_an_unknown_task_lists_the_tasks_there_are(hotel: EnvRuntime) -> None:
    with pytest.raises(UnknownTask, match="its tasks: suite-rate, "):
        hotel.task("nope")
