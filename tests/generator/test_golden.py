"""The first bundles of the standard set, pinned to the generator's version: output never changes silently.

When a change to the generator changes these bundles on purpose, bump ``GENERATOR_VERSION`` (in
``generator/world.py``) and pin the new digests here; ``python -m tests.generator.test_golden`` prints
them.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from generator import GENERATOR_VERSION, generate_set

FIRST = 3
PINNED: dict[str, dict[str, str]] = {
    "2.1.0": {
        "electronics-store-0000/env.json": "f8c838ea5988f96987a2979fb9fc5e2a9fff28bd8bb868211b154b3fa0869952",
        "electronics-store-0000/tasks.jsonl": "e8e1f6d09c15f7594466cfc7b2a31297430b5d2bd6da96e16e9e58c54b8c85fb",
        "city-hotel-0001/env.json": "18416b5cd737407ba45944b4018d91198aad88d7a7cd6e3584a6c2752388cde1",
        "city-hotel-0001/tasks.jsonl": "b209326ee0fc02b0c329c2d25069b89ef5fc272798fbacc445c0f93909de5100",
        "family-clinic-0002/env.json": "39c285a593291e82d16d9a0136e7dcc79fb7fd20b77bb2b33ce39a45d292d419",
        "family-clinic-0002/tasks.jsonl": "ca5cbe4ba0f791ac1cb42ead6758fb0fc5d44b3b9a60a3944caeeb4932e917db",
    },
}


def digests(out: Path) -> dict[str, str]:
    """sha256 of each of the first ``FIRST`` bundles' env.json and tasks.jsonl, by file."""
    records = generate_set(out, FIRST, 0, workers=1)
    assert all(r.ok for r in records), [r.problems for r in records if not r.ok]
    return {
        f"{r.env_id}/{name}": hashlib.sha256((out / r.env_id / name).read_bytes()).hexdigest()
        for r in records
        for name in ("env.json", "tasks.jsonl")
    }


def test_the_first_bundles_match_the_digests_pinned_for_this_generator_version(tmp_path: Path) -> None:
    assert GENERATOR_VERSION in PINNED, (
        f"no digests pinned for generator {GENERATOR_VERSION}: run `python -m tests.generator.test_golden` and pin them"
    )

    assert digests(tmp_path) == PINNED[GENERATOR_VERSION], (
        "the generator's output changed: if that is intended, bump GENERATOR_VERSION and pin the new digests"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        found = digests(Path(folder))
    sys.stdout.write(f'    "{GENERATOR_VERSION}": {{\n')
    for name, digest in found.items():
        sys.stdout.write(f'        "{name}": "{digest}",\n')
    sys.stdout.write("    },\n")
