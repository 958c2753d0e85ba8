"""A world under construction: one environment's nouns, rules, entities, tools and task candidates.

Parts (``generator.parts``) add to it in a fixed order: entities and their seed rows first, then
tools, then task candidates computed from the rows. :func:`build_world` runs them and
:meth:`World.env_json` renders the result as the contents of ``env.json``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from generator import words
from generator.blocks import Entity, Names
from generator.calendar import shift
from generator.naming import Noun, articles, slug
from generator.toolkit import Json, tables_unchanged
from generator.variants import Variant

GENERATOR_VERSION = "1.1.0"


@dataclass
class Rules:
    """The business rules this variant enforces, with their numbers."""

    party_limit: int
    window: tuple[int, int]
    cutoff: int
    approval: bool
    overdraft: int
    transfer_limit: int
    workload: int


@dataclass
class World:
    index: int
    seed: int
    variant: Variant
    rng: random.Random
    today: str
    city: str
    title: str
    names: Names
    rules: Rules
    nouns: dict[str, Noun]
    entities: dict[str, Entity] = field(default_factory=dict)
    extra_ddl: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tools: list[Json] = field(default_factory=list)
    tasks: list[Json] = field(default_factory=list)
    kept_free: frozenset[int] = frozenset()
    """Resources the seed leaves without open transactions (fixed-capacity modes), so they can be booked."""
    facts: list[str] = field(default_factory=list)
    """Sentences about rules, for the environment's description."""

    @property
    def domain(self) -> Any:
        return self.variant.domain

    def has(self, role: str) -> bool:
        return role in self.entities

    def has_module(self, module: str) -> bool:
        return module in self.variant.modules

    def e(self, role: str) -> Entity:
        return self.entities[role]

    def verb(self, kind: str) -> str:
        return self.variant.style[kind]

    def add_tool(self, tool: Json) -> str:
        self.tools.append(tool)
        return str(tool["name"])

    def tool_named(self, name: str) -> bool:
        return any(t["name"] == name for t in self.tools)

    def unchanged_except(self, *roles: str) -> tuple[str, str]:
        skip = {self.entities[r].table for r in roles if r in self.entities}
        return tables_unchanged([e.table for e in self.entities.values() if e.table not in skip])

    def pick(self, seq: list[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def env_id(self) -> str:
        return f"{slug(self.domain.key)}-{self.index:04d}"

    def env_json(self) -> Json:
        tables = []
        for ent in self.entities.values():
            table: Json = {
                "name": ent.table,
                "description": ent.description,
                "sql": ent.ddl(self.extra_ddl.get(ent.table, ())),
            }
            if ent.indexes():
                table["indexes"] = ent.indexes()
            # ids are incidental: a row an agent registers twice (a typo, deleted, registered again) is the
            # same row; references to it compare by content (worldfarm.equivalence)
            table["volatile"] = ["id", *(c for c in ent.volatile if c != "id")]
            tables.append(table)
        seed = []
        for ent in self.entities.values():
            columns = ["id", *(f.column for f in ent.fields)]
            seed.append({"table": ent.table, "columns": columns, "rows": [[r[c] for c in columns] for r in ent.rows]})
        return {
            "bundle_format": 1,
            "id": self.env_id(),
            "title": self.title,
            "description": self.description(),
            "domain": self.domain.area,
            "version": GENERATOR_VERSION,
            "clock": f"{self.today}T09:00:00",
            "provenance": {
                "generator": "blueprint",
                "seed": self.seed,
                "blueprint": f"{self.domain.key}/v{self.variant.number}",
            },
            "schema": {"tables": tables},
            "seed": seed,
            "tools": self.tools,
        }

    def description(self) -> str:
        d, n = self.domain, self.nouns
        parts = [
            f"{self.title}: {d.about.format(city=self.city)}.",
            f"Staff here look after {n['party'].plural_words}, {n['resource'].plural_words} and "
            f"{n['txn'].plural_words}.",
            *self.facts,
            f"Today is {self.today}; amounts are in US dollars.",
        ]
        return articles(" ".join(parts))


def new_world(index: int, seed: int, variant: Variant, rng: random.Random) -> World:
    d = variant.domain
    today = shift("2026-01-05", rng.randrange(0, 330))
    city, _state = rng.choice(words.CITIES)
    title = rng.choice(d.titles).format(
        city=city,
        surname=rng.choice(words.LAST_NAMES),
        adj=rng.choice(words.ADJECTIVES),
        color=rng.choice(words.COLORS),
    )
    mail = slug(title).replace("-", "")[:18] + rng.choice((".com", ".org", ".net", ".co"))
    nouns = {
        "party": Noun.parse(d.party[variant.party]),
        "resource": Noun.parse(d.resource[variant.resource]),
        "txn": Noun.parse(d.txn[variant.txn]),
        "category": Noun.parse(
            rng.choice([c for c in ("category", "type", "kind") if c not in d.resource[variant.resource]] or ["group"])
        ),
        "location": Noun.parse(rng.choice(d.location)),
    }
    for role, options in (("staff", d.staff), ("case", d.case), ("account", d.account), ("plan", d.plan)):
        if options:
            nouns[role] = Noun.parse(rng.choice(options))
    rules = Rules(
        party_limit=rng.choice((0, 2, 3, 3, 4)),
        window=(rng.choice((0, 1, 1, 2)), rng.choice((60, 90, 120, 180))),
        cutoff=rng.choice((0, 0, 1, 2)) if d.mode == "per_date" else 0,
        approval=rng.random() < 0.3
        and not {"approve", "decline"} & set(d.moves)
        and not {"pending", "declined"} & set(d.states),
        overdraft=rng.choice((0, 0, 10000, 25000)),
        transfer_limit=rng.choice((200000, 500000, 1000000)),
        workload=rng.choice((3, 4, 5, 6)),
    )
    return World(
        index=index,
        seed=seed,
        variant=variant,
        rng=rng,
        today=today,
        city=city,
        title=title,
        names=Names(rng, mail),
        rules=rules,
        nouns=nouns,
    )
