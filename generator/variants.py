"""Which environment index ``i`` of a set is: its domain, its variant's choices, its random stream.

Environment ``i`` depends only on (set seed, ``i``, attempt): the same whether 10 or 1,000 are made.
Domains are dealt round-robin; within a domain, variant ``k`` maps through a bijection of the mixed-
radix space of structural choices, so the first variants of a domain never repeat a structure.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from dataclasses import dataclass

from generator.domains import DOMAINS
from generator.spec import Domain

STRIDE = 1_000_003
PARTY_OPTIONS = ("phone", "city", "tier", "status", "joined")
STYLES = (
    {"search": "search", "get": "get", "create": "create", "update": "update"},
    {"search": "find", "get": "get", "create": "add", "update": "update"},
    {"search": "search", "get": "view", "create": "register", "update": "edit"},
)


def env_seed(seed: int, index: int, attempt: int = 0) -> int:
    digest = hashlib.sha256(f"worldfarm-blueprint:{seed}:{index}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class Variant:
    domain: Domain
    number: int
    party: int
    resource: int
    txn: int
    modules: tuple[str, ...]
    party_fields: tuple[str, ...]
    party_extras: tuple[str, ...]
    resource_extras: tuple[str, ...]
    txn_extras: tuple[str, ...]
    style: dict[str, str]


def domain_of(index: int) -> tuple[Domain, int]:
    return DOMAINS[index % len(DOMAINS)], index // len(DOMAINS)


def variant_of(index: int) -> Variant:
    domain, number = domain_of(index)
    dims = _dims(domain)
    picks = _decode(_codes(domain, number)[number], dims)
    return Variant(
        domain=domain,
        number=number,
        party=picks["party"],
        resource=picks["resource"],
        txn=picks["txn"],
        modules=_module_sets(domain)[picks["modules"]],
        party_fields=_subset(PARTY_OPTIONS, picks["party_fields"]),
        party_extras=_subset(domain.party_extras, picks["party_extras"]),
        resource_extras=_subset(domain.resource_extras, picks["resource_extras"]),
        txn_extras=_subset(domain.txn_extras, picks["txn_extras"]),
        style=STYLES[picks["style"]],
    )


def _dims(domain: Domain) -> list[tuple[str, int]]:
    return [
        ("party", len(domain.party)),
        ("resource", len(domain.resource)),
        ("txn", len(domain.txn)),
        ("modules", len(_module_sets(domain))),
        ("party_fields", 2 ** len(PARTY_OPTIONS)),
        ("party_extras", 2 ** len(domain.party_extras)),
        ("resource_extras", 2 ** len(domain.resource_extras)),
        ("txn_extras", 2 ** len(domain.txn_extras)),
        ("style", len(STYLES)),
    ]


def _decode(code: int, dims: list[tuple[str, int]]) -> dict[str, int]:
    picks: dict[str, int] = {}
    for name, n in dims:
        code, picks[name] = divmod(code, n)
    return picks


_CHOSEN: dict[str, list[int]] = {}
CANDIDATES = 64


def _codes(domain: Domain, number: int) -> list[int]:
    """The structure codes of variants ``0..number`` of ``domain``: each new variant is the candidate
    farthest from every earlier one (so the first variants of a domain differ as much as they can),
    and depends only on the domain and its number, never on how many environments a set has."""
    chosen = _CHOSEN.setdefault(domain.key, [])
    dims = _dims(domain)
    total = math.prod(n for _, n in dims)
    offset = int.from_bytes(hashlib.sha256(domain.key.encode()).digest()[:4], "big")
    sets = _module_sets(domain)
    while len(chosen) <= number:
        k = len(chosen)
        draw = random.Random(f"{domain.key}:{k}")
        candidates = [(k * STRIDE + offset) % total, *(draw.randrange(total) for _ in range(CANDIDATES - 1))]
        decoded = [_decode(c, dims) for c in candidates]
        previous = [_decode(c, dims) for c in chosen]
        scores = [min((_distance(d, p, sets) for p in previous), default=0) for d in decoded]
        chosen.append(candidates[scores.index(max(scores))])
    return chosen


def _distance(a: dict[str, int], b: dict[str, int], sets: list[tuple[str, ...]]) -> int:
    nouns = sum(3 for k in ("party", "resource", "txn") if a[k] != b[k])
    modules = len(set(sets[a["modules"]]) ^ set(sets[b["modules"]])) * 2
    bits = sum((a[k] ^ b[k]).bit_count() for k in ("party_fields", "party_extras", "resource_extras", "txn_extras"))
    return nouns + modules + bits + (a["style"] != b["style"])


def rng_for(seed: int, index: int, attempt: int = 0) -> random.Random:
    return random.Random(env_seed(seed, index, attempt))


def _module_sets(domain: Domain) -> list[tuple[str, ...]]:
    optional = domain.optional_modules()
    low, high = min(2, len(optional)), min(5, len(optional))
    sets = [c for size in range(low, high + 1) for c in itertools.combinations(optional, size)]
    return sets or [()]


def _subset(options: tuple[str, ...], mask: int) -> tuple[str, ...]:
    return tuple(o for i, o in enumerate(options) if mask >> i & 1)
