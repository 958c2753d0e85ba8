"""How an entity's rows appear in tool results: columns, the names of what they refer to, extras.

A result row shows every column (money in dollars), and for each foreign key the name of the row it
points at (``customer_id`` and ``customer_name``), so an agent can read a result without a second
call. :class:`Computed` adds a derived value (an order's number of lines, a balance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.schema import Column, Entity, JsonSchema
from generator.tooling import obj
from generator.world import World


@dataclass(frozen=True)
class Computed:
    """A derived output column: ``sql`` over the row aliased ``t``."""

    name: str
    sql: str
    type: str
    nullable: bool = False


def ref_label(w: World, column: Column) -> tuple[str, str, str]:
    """(output name, referenced table, its display column) for a foreign key column."""
    target = w.e(column.ref)
    base = column.name.removesuffix("_id")
    shown = target.display if target.display != "name" else "name"
    return f"{base}_{shown}", target.table, target.col(target.display).column


def named_refs(w: World, ent: Entity) -> list[Column]:
    """Foreign keys whose target has a name to show (not just an id)."""
    return [c for c in ent.refs() if w.e(c.ref).display != "id"]


def select_list(w: World, ent: Entity, alias: str = "t", extras: Sequence[Computed] = ()) -> str:
    parts = [f"{alias}.id", *(c.select(alias) for c in ent.columns)]
    for column in named_refs(w, ent):
        out, table, display = ref_label(w, column)
        parts.append(f"(SELECT r.{display} FROM {table} r WHERE r.id = {alias}.{column.column}) AS {out}")
    parts += [f"{x.sql} AS {x.name}" for x in extras]
    return ", ".join(parts)


def row_schema(w: World, ent: Entity, extras: Sequence[Computed] = ()) -> JsonSchema:
    props: dict[str, JsonSchema] = {"id": {"type": "integer"}}
    for column in ent.columns:
        props[column.name] = column.output_type()
    for column in named_refs(w, ent):
        props[ref_label(w, column)[0]] = {"type": ["string", "null"]}
    for x in extras:
        props[x.name] = {"type": [x.type, "null"] if x.nullable else x.type}
    schema = obj(props, ["id"])
    return schema
