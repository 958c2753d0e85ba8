"""The client's public API is what ``client.__all__`` lists, and every name in it exists."""

from __future__ import annotations

import inspect

import client


def test_all_exported_members_exist_and_are_listed_once() -> None:
    public = {name for name, value in vars(client).items() if not name.startswith("_") and not inspect.ismodule(value)}

    assert len(client.__all__) == len(set(client.__all__))
    assert set(client.__all__) == public
