"""The blueprints: families of domains, modules that declare where they fit, variants that differ in their
entity graph, and an environment of every domain that passes the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import DOMAINS, generate_set
from generator.assemble import build_world
from generator.compose import fits, optional_modules, variant_of
from generator.families import FAMILIES, family_of
from generator.metrics import foreign_keys
from generator.modules import MODULES

FAMILY_KEYS = {f.key for f in FAMILIES}


def test_there_are_fifteen_families_of_at_least_three_domains_each() -> None:
    assert {
        "retail",
        "food",
        "travel",
        "lodging",
        "health",
        "banking",
        "insurance",
        "education",
        "government",
        "logistics",
        "software",
        "media",
        "hr",
        "property",
        "events",
    } <= FAMILY_KEYS
    assert all(len(f.domains) >= 3 for f in FAMILIES)
    assert len({d.key for d in DOMAINS}) == len(DOMAINS) >= 55


def test_every_module_fits_known_businesses_and_needs_known_modules() -> None:
    domain_keys = {d.key for d in DOMAINS}
    for module in MODULES.values():
        assert module.fits, module.key
        assert module.fits <= FAMILY_KEYS | domain_keys, module.key
        providers = {p for m in MODULES.values() for p in m.provides}
        assert set(module.needs) <= set(MODULES) | providers, module.key


def test_a_variant_holds_only_modules_that_fit_its_business() -> None:
    for index in range(3 * len(DOMAINS)):
        variant = variant_of(index)
        family = family_of(variant.domain)
        for key in variant.modules:
            module = MODULES[key]
            needed = (
                key in family.core
                or key in variant.domain.core
                or any(key in MODULES[k].needs for k in variant.modules)
            )
            assert fits(module.fits, variant.domain) or needed, (variant.domain.key, key)


def test_a_court_has_no_shopping_cart_and_a_shop_no_permits() -> None:
    permits = next(d for d in DOMAINS if d.family == "government")
    shop = next(d for d in DOMAINS if d.family == "retail")

    assert "carts" not in optional_modules(permits)
    assert "government" not in optional_modules(shop)
    assert "carts" in optional_modules(shop)


@pytest.mark.parametrize("index", range(len(DOMAINS)))
def test_every_domain_builds_a_world_within_the_size_limits(index: int) -> None:
    env = build_world(0, index).environment()
    rows = sum(len(block.rows) for block in env.seed)

    assert 8 <= len(env.schema_.tables) <= 45, env.id
    assert 20 <= len(env.tools) <= 90, env.id
    assert 100 <= rows <= 5000, env.id
    assert len(foreign_keys(env)) >= 7, env.id


def test_variants_of_one_domain_differ_in_their_entity_graph_not_only_in_data() -> None:
    n = len(DOMAINS)
    variants = [variant_of(index) for index in (5, 5 + n, 5 + 2 * n, 5 + 4 * n)]
    schemas = {
        str(sorted(t.name for t in build_world(0, 5 + k * n).environment().schema_.tables)) for k in (0, 1, 2, 4)
    }

    assert len({v.domain.key for v in variants}) == 1
    assert len({(v.modules, v.features) for v in variants}) == 4
    assert len(schemas) >= 3


@pytest.mark.slow
def test_every_domain_makes_an_environment_that_passes_the_gate(tmp_path: Path) -> None:
    records = generate_set(tmp_path, len(DOMAINS), 0, workers=2)

    failed = [(r.env_id, r.problems[:2]) for r in records if not r.ok]
    assert failed == []
    assert {r.env_id.rsplit("-", 1)[0] for r in records} == {d.key.replace("_", "-") for d in DOMAINS}
