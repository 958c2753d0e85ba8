"""A world under construction: one environment's entities, rows, tools, task candidates and policies.

Modules add to it in build order: entities with their seed rows first (every module), then tools
(every module), then task candidates from the finished world. :meth:`World.environment` renders it
as the contract's :class:`worldfarm.Environment`, the contents of ``env.json``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator.blueprint import Domain, Variant
from generator.candidate import TaskCandidate
from generator.naming import Noun, articles, slug
from generator.people import People
from generator.schema import Entity
from generator.tools.specs import SearchSpec
from worldfarm import Environment, Provenance, Schema, SeedTable, Table, Tool

GENERATOR_VERSION = "2.1.0"

K = TypeVar("K")


@dataclass
class World:
    index: int
    seed: int
    variant: Variant
    rng: random.Random
    today: str
    city: str
    state: str
    title: str
    business_domain: str
    people: People
    entities: dict[str, Entity] = field(default_factory=dict)
    tools: list[Tool] = field(default_factory=list)
    tasks: list[TaskCandidate] = field(default_factory=list)
    searches: dict[str, SearchSpec] = field(default_factory=dict)
    """The search tool of each entity that has one, by entity key."""
    facts: list[str] = field(default_factory=list)
    """Sentences stating the business's policies, for the environment's description."""
    rules: dict[str, int | str] = field(default_factory=dict)
    """The business's policy values by name ("max_tickets_per_order": 6), served by one read-only tool."""
    _kits: dict[type, object] = field(default_factory=dict)

    @property
    def domain(self) -> Domain:
        return self.variant.domain

    def noun(self, role: str, default: str = "") -> Noun:
        """The domain's word for ``role`` ("customer" may be "patient" or "guest")."""
        return Noun.parse(self.domain.nouns.get(role, default or role.replace("_", " ")))

    def on(self, module: str) -> bool:
        return module in self.variant.modules

    def feature(self, name: str) -> bool:
        return name in self.variant.features

    def trait(self, name: str) -> bool:
        return name in self.domain.traits

    # --- entities ---------------------------------------------------------------------------------

    def add(self, entity: Entity) -> Entity:
        if entity.key in self.entities:
            raise ValueError(f"entity {entity.key!r} is added twice")
        for column in entity.refs():
            if column.ref not in self.entities and column.ref != entity.key:
                raise ValueError(f"{entity.table}.{column.name} refers to {column.ref!r}, which is not built yet")
        self.entities[entity.key] = entity
        return entity

    def e(self, key: str) -> Entity:
        return self.entities[key]

    def has(self, key: str) -> bool:
        return key in self.entities

    def referrers(self, key: str) -> list[tuple[Entity, str]]:
        """(entity, column) pairs whose foreign keys point at entity ``key``."""
        return [(e, c.column) for e in self.entities.values() for c in e.refs() if c.ref == key]

    # --- tools and kits ---------------------------------------------------------------------------

    def tool(self, tool: Tool) -> str:
        """Add ``tool``; returns its name, the one tasks call it by."""
        if any(t.name == tool.name for t in self.tools):
            raise ValueError(f"tool {tool.name!r} is defined twice")
        self.tools.append(tool)
        return tool.name

    def put(self, kit: object) -> None:
        """Keep a module's record of tool names (a frozen dataclass) for its task kinds."""
        self._kits[type(kit)] = kit

    def kit(self, kind: type[K]) -> K:
        found = self._kits.get(kind)
        if not isinstance(found, kind):
            raise KeyError(f"no {kind.__name__} in this world; its module did not run")
        return found

    def has_kit(self, kind: type[Any]) -> bool:
        return kind in self._kits

    # --- drawing ----------------------------------------------------------------------------------

    def pick(self, seq: Sequence[K]) -> K:
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fact(self, sentence: str) -> None:
        self.facts.append(sentence)

    def rule(self, name: str, value: int | str) -> None:
        """A policy value agents can look up (``get_policies``), besides the sentence in the description."""
        self.rules[name] = value

    # --- rendering --------------------------------------------------------------------------------

    def env_id(self) -> str:
        return f"{slug(self.domain.key)}-{self.index:04d}"

    def description(self) -> str:
        about = self.domain.about.format(city=self.city)
        kinds = [e.plural_label for e in self.entities.values()][:6]
        parts = [
            f"{self.title}: {about}.",
            f"Its records cover {', '.join(kinds[:-1])} and {kinds[-1]}, among others.",
            *self.facts,
            f"Today is {self.today}; amounts are in US dollars.",
        ]
        return articles(" ".join(parts))

    def environment(self) -> Environment:
        volatile = _inserted_tables(self.tools)
        tables = [self._table(e, volatile) for e in self.entities.values()]
        seed = [
            SeedTable(
                table=e.table, columns=e.stored_columns(), rows=[[r[c] for c in e.stored_columns()] for r in e.rows]
            )
            for e in self.entities.values()
        ]
        return Environment(  # type: ignore[call-arg]  # "schema" is the alias of schema_
            id=self.env_id(),
            title=self.title,
            description=self.description(),
            domain=self.domain.family,
            version=GENERATOR_VERSION,
            clock=f"{self.today}T09:00:00",
            provenance=Provenance(
                generator="blueprint", seed=self.seed, blueprint=f"{self.domain.key}/v{self.variant.number}"
            ),
            schema=Schema(tables=tables),
            seed=seed,
            tools=self.tools,
        )

    def _table(self, ent: Entity, inserted: set[str]) -> Table:
        lines = ["id INTEGER PRIMARY KEY AUTOINCREMENT"]
        lines += [c.ddl(self.entities[c.ref].table if c.kind == "ref" else "") for c in ent.columns]
        sql = f"CREATE TABLE {ent.table} (\n  " + ",\n  ".join(lines) + "\n)"
        indexes = [
            f"CREATE INDEX {ent.table}_{c.column} ON {ent.table} ({c.column})"
            for c in ent.columns
            if c.kind in ("ref", "date") or c.name == "status"
        ]
        return Table(
            name=ent.table,
            sql=sql,
            indexes=indexes,
            description=ent.description,
            volatile=["id"] if ent.table in inserted else [],
        )


_INSERT = re.compile(r"\bINSERT\s+INTO\s+(\w+)", re.IGNORECASE)


def _inserted_tables(tools: list[Tool]) -> set[str]:
    """Tables some tool inserts into: their ids depend on the route an agent takes."""
    return {m for t in tools for s in t.program if s.kind == "exec" for m in _INSERT.findall(s.sql)}
