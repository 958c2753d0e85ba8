"""The blueprints: at least 60 domains over every area, variants that differ in more than their seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import DOMAINS, generate_set
from generator.assemble import build_world
from generator.variants import variant_of

AREAS = {
    "commerce",
    "travel",
    "health",
    "finance",
    "education",
    "government",
    "logistics",
    "media",
    "hr",
    "hospitality",
    "software",
    "home",
    "hobbies",
}


def test_there_are_at_least_sixty_domains_spanning_every_area() -> None:
    assert len({d.key for d in DOMAINS}) >= 60
    assert {d.area for d in DOMAINS} == AREAS


def test_every_domain_builds_a_world_within_the_size_limits() -> None:
    for index in range(len(DOMAINS)):
        env = build_world(0, index).env_json()
        rows = sum(len(block["rows"]) for block in env["seed"])
        assert 6 <= len(env["schema"]["tables"]) <= 40, env["id"]
        assert 20 <= len(env["tools"]) <= 80, env["id"]
        assert 100 <= rows <= 2000, env["id"]


def test_variants_of_one_domain_differ_in_structure_not_only_in_data() -> None:
    n = len(DOMAINS)
    variants = [variant_of(index) for index in (3, 3 + n, 3 + 2 * n, 3 + 3 * n)]
    structures = {
        (v.party, v.resource, v.txn, v.modules, v.party_fields, v.party_extras, v.resource_extras, v.txn_extras)
        for v in variants
    }
    schemas = {str(build_world(0, 3 + k * n).env_json()["schema"]) for k in range(4)}

    assert len({v.domain.key for v in variants}) == 1
    assert len(structures) == 4
    assert len(schemas) == 4


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
def test_every_domain_makes_an_environment_that_passes_the_gate(tmp_path: Path) -> None:
    records = generate_set(tmp_path, len(DOMAINS), 0, workers=2)

    failed = [(r.env_id, r.problems[:2]) for r in records if not r.ok]
    assert failed == []
    assert {r.env_id.rsplit("-", 1)[0] for r in records} == {d.key.replace("_", "-") for d in DOMAINS}
