"""The generator's public API, written down once."""

from __future__ import annotations

import generator


def test_the_public_api_is_what_other_packages_may_use() -> None:
    assert sorted(generator.__all__) == sorted(
        [
            "DEFAULT_COUNT",
            "DEFAULT_SEED",
            "DOMAINS",
            "GENERATOR_VERSION",
            "MIN_TASKS",
            "BundleReport",
            "BundleStats",
            "EnvRecord",
            "GenerationFailed",
            "GeneratorError",
            "build_report",
            "check_task_fully",
            "check_tools",
            "default_set",
            "env_id_for",
            "generate",
            "generate_set",
            "make_env",
            "render_markdown",
            "validate_bundle",
            "validate_dir",
            "write_report",
        ]
    )
    assert all(hasattr(generator, name) for name in generator.__all__)
