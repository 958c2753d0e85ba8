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
    module_sets = _module_sets(domain)
    dims = [
        ("party", len(domain.party)),
        ("resource", len(domain.resource)),
        ("txn", len(domain.txn)),
        ("modules", len(module_sets)),
        ("party_fields", 2 ** len(PARTY_OPTIONS)),
        ("party_extras", 2 ** len(domain.party_extras)),
        ("resource_extras", 2 ** len(domain.resource_extras)),
        ("txn_extras", 2 ** len(domain.txn_extras)),
        ("style", len(STYLES)),
    ]
    total = math.prod(n for _, n in dims)
    stride = STRIDE if math.gcd(STRIDE, total) == 1 else 1
    offset = int.from_bytes(hashlib.sha256(domain.key.encode()).digest()[:4], "big")
    code = (number * stride + offset) % total
    picks: dict[str, int] = {}
    for name, n in dims:
        code, picks[name] = divmod(code, n)
    return Variant(
        domain=domain,
        number=number,
        party=picks["party"],
        resource=picks["resource"],
        txn=picks["txn"],
        modules=module_sets[picks["modules"]],
        party_fields=_subset(PARTY_OPTIONS, picks["party_fields"]),
        party_extras=_subset(domain.party_extras, picks["party_extras"]),
        resource_extras=_subset(domain.resource_extras, picks["resource_extras"]),
        txn_extras=_subset(domain.txn_extras, picks["txn_extras"]),
        style=STYLES[picks["style"]],
    )


def rng_for(seed: int, index: int, attempt: int = 0) -> random.Random:
    return random.Random(env_seed(seed, index, attempt))


def _module_sets(domain: Domain) -> list[tuple[str, ...]]:
    optional = domain.optional_modules()
    low, high = min(2, len(optional)), min(5, len(optional))
    sets = [c for size in range(low, high + 1) for c in itertools.combinations(optional, size)]
    return sets or [()]


def _subset(options: tuple[str, ...], mask: int) -> tuple[str, ...]:
    return tuple(o for i, o in enumerate(options) if mask >> i & 1)
