"""The registry's public API is what ``registry.__all__`` says."""

from __future__ import annotations

import registry


def test_every_name_in_all_is_exported_and_nothing_is_listed_twice() -> None:
    assert all(hasattr(registry, name) for name in registry.__all__)
    assert len(set(registry.__all__)) == len(registry.__all__)
    assert {"Registry", "RegistrySettings", "create_app", "Farm", "FarmSettings", "serve_registry"} <= set(
        registry.__all__
    )
