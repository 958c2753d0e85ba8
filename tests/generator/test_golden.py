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
    "2.0.1": {
        "electronics-store-0000/env.json": "d0d5c906262fcc0ebc0a966b5e45a43621208a4fc95c6cc2699d62722c0b870f",
        "electronics-store-0000/tasks.jsonl": "a83d1f4c45c71e1ab4d01f2453e7edb95e607680d3b6315be41536bb885a551e",
        "city-hotel-0001/env.json": "ed6c7a842afaf4e3c598c446e44d708f8a2e87ceb24b3a7892f6238780547248",
        "city-hotel-0001/tasks.jsonl": "aa106e1ef3ee1341542e485195a76c0e0a18264fb3ae845d0f58c3892efeb3b3",
        "family-clinic-0002/env.json": "b9557dcc58d8323b1a834917a2e50ecfb160a9ef744ae0ffdcea5a88c49dfffd",
        "family-clinic-0002/tasks.jsonl": "4d02c8909f4663ad7c1e116e0fc03d56a9abe1b2a32aea01b76400e6fc571688",
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
