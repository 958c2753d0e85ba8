"""Scenario diversity: near-duplicates by name or description, category balance, seed scenario files."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.families import DOMAINS, FAMILIES
from generator.llm import DEFAULT_CATEGORIES, default_seeds, read_seeds
from generator.llm.diversity import Balance, known, near_duplicate

SALON = known("pet-grooming-salon", "Paws and Claws", "Groomers wash and trim dogs and cats; owners book slots.")


def test_a_lightly_renamed_scenario_is_a_near_duplicate_of_the_first() -> None:
    again = known("dog-grooming-salon", "Happy Tails", "A salon where dogs get baths.")

    assert near_duplicate(again, [SALON]) == "near-duplicate of 'pet-grooming-salon' (names 0.50 alike)"


def test_a_copied_description_under_another_name_is_a_near_duplicate() -> None:
    copied = known("animal-spa", "Fur Spa", "Groomers wash and trim dogs and cats; owners book their slots.")

    assert near_duplicate(copied, [SALON]) == "near-duplicate of 'pet-grooming-salon' (descriptions 1.00 alike)"


def test_a_different_scenario_is_accepted() -> None:
    other = known("bike-repair-shop", "Spokes", "Mechanics fix bicycles; riders drop them off for a service.")

    assert near_duplicate(other, [SALON]) is None


def test_no_category_takes_more_than_its_share_and_unknown_ones_are_refused() -> None:
    balance = Balance(("travel", "health"), total=3)
    balance.take("travel")
    balance.take("travel")

    assert balance.refusal("travel") == "category 'travel' is full (2 scenarios each, for balance)"
    assert balance.refusal("health") is None
    assert balance.refusal("space") == "category 'space' is not one of: travel, health"
    assert balance.room() == ["health"]


def test_seed_scenarios_read_from_awm_json_lines_and_from_plain_lines(tmp_path: Path) -> None:
    awm = tmp_path / "seed_scenario.jsonl"
    awm.write_text('{"name": "Amazon", "description": "Shopping.", "categories": ["e-commerce"]}\n\n')
    plain = tmp_path / "seeds.txt"
    plain.write_text("Bakery: bread and cakes to order\nLaundromat\n")

    assert read_seeds(awm) == [{"name": "Amazon", "description": "Shopping."}]
    assert read_seeds(plain) == [
        {"name": "Bakery", "description": "bread and cakes to order"},
        {"name": "Laundromat", "description": ""},
    ]


def test_a_seed_file_with_a_broken_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "seeds.jsonl"
    path.write_text('{"name": "A"}\n{"description": "no name"}\n')

    with pytest.raises(GeneratorError, match=r'seeds.jsonl: line 2: a seed scenario needs a "name"'):
        read_seeds(path)


def test_the_default_seeds_and_categories_are_the_blueprint_domains_and_areas() -> None:
    seeds = default_seeds()

    assert len(seeds) == len(DOMAINS)
    assert {"name": "regional airline", "description": "a regional airline flying"} in seeds
    assert not [s for s in seeds if "{" in s["description"]]
    assert "retail" in DEFAULT_CATEGORIES
    assert set(DEFAULT_CATEGORIES) == {f.key for f in FAMILIES}
