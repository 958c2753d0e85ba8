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
    "2.0.0": {
        "electronics-store-0000/env.json": "2cb1790c8775b9a2839589ecc4f068f345251021c267a1eb6bd478a167f3d7fa",
        "electronics-store-0000/tasks.jsonl": "2c87c24c17aeb2b15955cc5844be869061752c6c37b5faa60a6a7e1111fe569c",
        "city-hotel-0001/env.json": "a0ef46d632c2b6af2206b7ead2203c0014e0ae7159b586cbd1ecced956dea05c",
        "city-hotel-0001/tasks.jsonl": "d006c34fb3d22053ef457f18acaec9f2965bbbbf7168e95967c9abedd2240d90",
        "family-clinic-0002/env.json": "ffd4d1d124c6a7b9eabe34474c04f8232745693b7e3a067ba192ecfb9e22b0ec",
        "family-clinic-0002/tasks.jsonl": "2d7c970a585ee70a4f1962e5f77f904d36c872b51c09c2019fecdfb7ecb6ee2c",
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
