"""Scenario diversity: seed scenarios, near-duplicate rejection, category balancing.

Near-duplicates are found on words, not embeddings (no embedding model runs here): two scenarios
are near-duplicates when their ids' words or their titles' words overlap by at least ``NAME_LIMIT``
(Jaccard), or their descriptions' by at least ``DESCRIPTION_LIMIT``. Words are lower-cased; common
words and numbers are dropped, plurals folded ("shops" = "shop"). This catches a repeated or lightly reworded
scenario ("dog-grooming-salon" after "pet-grooming-salon"), not a paraphrase in other words.

Categories are balanced by a cap: with N scenarios over K categories, none holds more than ceil(N/K).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError
from generator.families import DOMAINS

NAME_LIMIT = 0.5
DESCRIPTION_LIMIT = 0.5
DEFAULT_CATEGORIES = tuple(sorted({d.area for d in DOMAINS}))
"""The blueprint generator's areas of life and work."""

_STOP_WORDS = (
    "a an and the of for to in on at by with from or as is are be its it this that their them they who "
    "which where what when can may each every all any some more most other such into than then there "
    "these those online local small service services system platform app company"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Known:
    """A scenario as diversity sees it."""

    id: str
    name: frozenset[str]
    title: frozenset[str]
    description: frozenset[str]


def known(scenario_id: str, title: str, description: str) -> Known:
    return Known(scenario_id, words(scenario_id), words(title), words(description))


def words(text: str) -> frozenset[str]:
    out = set()
    for word in re.findall(r"[a-z0-9]+", text.lower().replace("_", " ")):
        if word in _STOP or len(word) < 2 or word.isdigit():
            continue
        out.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def near_duplicate(candidate: Known, others: list[Known]) -> str | None:
    """Why ``candidate`` repeats one of ``others`` (the closest), or None."""
    for other in others:
        if candidate.id == other.id:
            return f"the id {other.id!r} is taken"
        name = max(jaccard(candidate.name, other.name), jaccard(candidate.title, other.title))
        if name >= NAME_LIMIT:
            return f"near-duplicate of {other.id!r} (names {name:.2f} alike)"
        text = jaccard(candidate.description, other.description)
        if text >= DESCRIPTION_LIMIT:
            return f"near-duplicate of {other.id!r} (descriptions {text:.2f} alike)"
    return None


class Balance:
    """How many scenarios each category may still take."""

    def __init__(self, categories: tuple[str, ...], total: int) -> None:
        self.categories = categories
        self.cap = math.ceil(total / max(1, len(categories)))
        self.counts: Counter[str] = Counter()

    def room(self) -> list[str]:
        return [c for c in self.categories if self.counts[c] < self.cap]

    def refusal(self, category: str) -> str | None:
        if category not in self.categories:
            return f"category {category!r} is not one of: {', '.join(self.categories)}"
        if self.counts[category] >= self.cap:
            return f"category {category!r} is full ({self.cap} scenarios each, for balance)"
        return None

    def take(self, category: str) -> None:
        self.counts[category] += 1


def default_seeds() -> list[dict[str, str]]:
    """The blueprint domains as seed scenarios: names and what each place is."""
    seeds = []
    for domain in DOMAINS:
        about = re.sub(r"\s*\b(in|of|out of|around|near)\s+\{city\}", "", domain.about).replace("{city}", "the town")
        seeds.append({"name": domain.key.replace("_", " "), "description": about})
    return seeds


def read_seeds(path: Path) -> list[dict[str, str]]:
    """Seed scenarios from a file: JSON lines with ``name`` and ``description`` (AWM's
    ``seed_scenario.jsonl`` reads as is), or plain lines ``name`` / ``name: description``."""
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as exc:
        raise GeneratorError(f"cannot read seed scenarios {path}: {exc.strerror}") from None
    seeds = [_seed(line, path, number) for number, line in enumerate(lines, start=1)]
    if not seeds:
        raise GeneratorError(f"{path} holds no seed scenarios")
    return seeds


def _seed(line: str, path: Path, number: int) -> dict[str, str]:
    if line.startswith("{"):
        try:
            data: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GeneratorError(f"{path}: line {number}: invalid JSON: {exc.msg}") from None
        if not isinstance(data, dict) or not str(data.get("name", "")).strip():
            raise GeneratorError(f'{path}: line {number}: a seed scenario needs a "name"')
        return {"name": str(data["name"]).strip(), "description": str(data.get("description", "")).strip()}
    name, _, description = line.partition(":")
    return {"name": name.strip(), "description": description.strip()}
