"""Which environment index ``i`` of a set is: its domain, its modules, its features, its naming style.

Environment ``i`` is domain ``i mod D`` (domains interleaved by family) and that domain's variant
``i div D``. A variant's structure depends only on the domain and the variant number, never on the set
seed or its size: the core modules of the family, a subset of the optional modules that fit it (with
whatever they need), a subset of the features those modules offer, and a naming style. Each new
variant of a domain is the candidate farthest from the domain's earlier variants, so variants differ
in their entity graph, not only in their data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Iterable
from functools import cache

from generator.blueprint import STYLES, Domain, Variant
from generator.families import DOMAINS, family_of
from generator.modules import MODULES

CANDIDATES = 24
FLAGSHIP = 3
"""The variant number whose candidates take every optional module that fits: each domain's largest world."""


def env_seed(seed: int, index: int, attempt: int = 0) -> int:
    digest = hashlib.sha256(f"worldfarm-blueprint:{seed}:{index}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def rng_for(seed: int, index: int, attempt: int = 0) -> random.Random:
    return random.Random(env_seed(seed, index, attempt))


def domain_of(index: int) -> tuple[Domain, int]:
    return DOMAINS[index % len(DOMAINS)], index // len(DOMAINS)


def variant_of(index: int) -> Variant:
    domain, number = domain_of(index)
    return _variants(domain.key, number)[number]


def variant_for(domain: Domain, number: int = 0, extra: Iterable[str] = ()) -> Variant:
    """A variant of any domain, registered or not (the first candidate its stream draws), with the
    modules ``extra`` added (and what they need): for examples and tests."""
    draw = random.Random(f"{domain.key}:{number}")
    chosen = _candidate(domain, number, draw)
    return dataclasses.replace(chosen, modules=_ordered(set(chosen.modules) | set(extra)))


def optional_modules(domain: Domain) -> list[str]:
    family = family_of(domain)
    fixed = set(family.core) | set(domain.core)
    provided = {p for key in fixed for p in MODULES[key].provides}
    return [m.key for m in MODULES.values() if fits(m.fits, domain) and m.key not in fixed | provided]


def fits(where: frozenset[str], domain: Domain) -> bool:
    """Whether a module declared for ``where`` (family keys, or domain keys) fits ``domain``."""
    return domain.family in where or domain.key in where


@cache
def _variants(key: str, number: int) -> tuple[Variant, ...]:
    """Variants ``0..number`` of domain ``key``, each the farthest of its candidates from the earlier ones."""
    domain = next(d for d in DOMAINS if d.key == key)
    earlier = list(_variants(key, number - 1)) if number else []
    draw = random.Random(f"{key}:{number}")
    candidates = [_candidate(domain, number, draw) for _ in range(CANDIDATES)]
    scores = [min((_distance(c, e) for e in earlier), default=0) for c in candidates]
    return (*earlier, candidates[scores.index(max(scores))])


def _candidate(domain: Domain, number: int, draw: random.Random) -> Variant:
    family = family_of(domain)
    pool = optional_modules(domain)
    size = min(len(pool), max(5, round(draw.triangular(3, len(pool), len(pool) * 0.9))))
    if number == FLAGSHIP:
        size = len(pool)
    chosen = set(draw.sample(pool, size)) | set(family.core) | set(domain.core)
    modules = _ordered(chosen)
    features = frozenset(f for m in modules for f in MODULES[m].features if draw.random() < 0.5)
    return Variant(domain=domain, number=number, modules=modules, features=features, style=draw.choice(STYLES))


def _ordered(chosen: set[str]) -> tuple[str, ...]:
    """The chosen modules and everything they need, each after what it needs, in registry order. A need
    is met by the module itself or by a chosen module that provides it."""
    wanted = set(chosen)

    def provider(need: str) -> str:
        return next((k for k in sorted(wanted) if need in MODULES[k].provides), need)

    frontier = list(chosen)
    while frontier:
        for need in MODULES[frontier.pop()].needs:
            key = provider(need)
            if key not in wanted:
                wanted.add(key)
                frontier.append(key)
    out: list[str] = []

    def visit(key: str) -> None:
        if key in out:
            return
        for need in MODULES[key].needs:
            visit(provider(need))
        out.append(key)

    for key in MODULES:
        if key in wanted:
            visit(key)
    return tuple(out)


def _distance(a: Variant, b: Variant) -> int:
    modules = len(set(a.modules) ^ set(b.modules)) * 3
    return modules + len(a.features ^ b.features) + (a.style != b.style)
