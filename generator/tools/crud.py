"""Tools derived from an entity's columns: search (text, filters, ranges, sorting), get, create,
update and delete. Each returns the tool's name; messages say what went wrong and which tool finds
the right id, because an agent reads them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from generator.schema import Column, Entity, JsonSchema
from generator.tooling import CheckStep, Step, check, execute, id_arg, items_of, make_tool, obj, ret
from generator.tools.rows import Computed, row_schema, select_list
from generator.tools.specs import SearchSpec
from generator.world import World


def finder_hint(w: World, key: str) -> str:
    spec = w.searches.get(key)
    ent = w.e(key)
    return f"use {spec.tool} to look up {ent.plural_label} and their ids" if spec else "check the id"


def exists(w: World, ent: Entity, arg: str = "") -> CheckStep:
    arg = arg or ent.id_arg
    return check(
        f"SELECT EXISTS (SELECT 1 FROM {ent.table} WHERE id = :{arg})",
        f"no {ent.label} with id {{{arg}}}; {finder_hint(w, ent.key)}",
    )


def ref_checks(w: World, columns: Sequence[Column]) -> list[CheckStep]:
    steps = []
    for column in columns:
        if column.kind != "ref":
            continue
        target = w.e(column.ref)
        steps.append(
            check(
                f"SELECT :{column.name} IS NULL OR EXISTS (SELECT 1 FROM {target.table} WHERE id = :{column.name})",
                f"no {target.label} with id {{{column.name}}}; {finder_hint(w, target.key)}",
            )
        )
    return steps


def search(
    w: World,
    ent: Entity,
    *,
    text: Sequence[str] = (),
    filters: Sequence[str] = (),
    ranges: Sequence[str] = (),
    sorts: Sequence[str] = (),
    scope: Sequence[str] = (),
    extras: Sequence[Computed] = (),
    verb: str = "",
    name: str = "",
) -> str:
    """A search over ``ent``: part of a text, equality filters, ranges, sorting, a limit.

    Besides the filters, ranges and sorts asked for, each other column that could be one is offered with
    some probability (drawn from the tool's own stream): two shops' product searches differ the way two
    real APIs do.
    """
    filters, ranges, sorts = _widen(w, ent, [*text, *scope], filters, ranges, sorts)
    extras = [*extras, *child_count(w, ent, f"search:{name or verb}", 0.3)]
    if len({x.name for x in extras}) < len(extras):
        extras = list({x.name: x for x in extras}.values())
    props: dict[str, JsonSchema] = {}
    where: list[str] = []
    program: list[Step] = []
    for arg in scope:
        column = ent.col(arg)
        props[arg] = column.input_schema(f"the {w.e(column.ref).label}'s id" if column.kind == "ref" else "")
        where.append(f"t.{column.column} = :{arg}")
        if column.kind == "ref":
            program.append(exists(w, w.e(column.ref), arg))
    if text:
        labels = " or ".join(ent.col(n).label for n in text)
        props["query"] = {"type": "string", "minLength": 1, "maxLength": 200, "description": f"part of the {labels}"}
        like = " OR ".join(f"t.{ent.col(n).column} LIKE '%' || :query || '%'" for n in text)
        where.append(f"(:query IS NULL OR {like})")
    for arg in filters:
        column = ent.col(arg)
        what = f"the {w.e(column.ref).label}'s id" if column.kind == "ref" else column.label
        props[arg] = column.input_schema(f"only {ent.plural_label} with this {what}")
        where.append(f"(:{arg} IS NULL OR t.{column.column} = {column.bind(arg)})")
    spec = SearchSpec("", ent.key, tuple(text), tuple(filters), tuple(ranges), tuple(sorts), tuple(scope))
    for arg in ranges:
        column = ent.col(arg)
        low, high = spec.range_args(arg, column.kind == "date")
        for bound, op, word in ((low, ">=", "at least"), (high, "<=", "at most")):
            props[bound] = column.input_schema(
                f"{column.label} {word}"
                if column.kind != "date"
                else f"{column.label} {'on or after' if op == '>=' else 'on or before'}"
            )
            where.append(f"(:{bound} IS NULL OR t.{column.column} {op} {column.bind(bound)})")
    order = []
    sort_names = list(sorts) or [ent.display]
    for arg in sort_names:
        col = ent.col(arg).column if arg != "id" else "id"
        order.append(f"CASE WHEN :sort_by = '{arg}' AND :sort_order = 'asc' THEN t.{col} END ASC")
        order.append(f"CASE WHEN :sort_by = '{arg}' AND :sort_order = 'desc' THEN t.{col} END DESC")
    props["sort_by"] = {
        "type": "string",
        "enum": sort_names,
        "default": sort_names[0],
        "description": "what to sort by",
    }
    props["sort_order"] = {"type": "string", "enum": ["asc", "desc"], "default": "asc", "description": "sort direction"}
    props["limit"] = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20, "description": "most results"}
    sql = (
        f"SELECT {select_list(w, ent, 't', extras)} FROM {ent.table} t WHERE {' AND '.join(where) or '1'} "
        f"ORDER BY {', '.join(order)}, t.id LIMIT :limit"
    )
    tool_name = name or f"{verb or w.variant.style.search}_{ent.table}"
    description = _search_text(w, ent, text, [*filters, *ranges], sort_names, scope)
    w.tool(
        make_tool(
            tool_name,
            description,
            props,
            list(scope),
            [*program, ret(sql, "all")],
            items_of(row_schema(w, ent, extras)),
            read_only=True,
        )
    )
    w.searches.setdefault(ent.key, SearchSpec(tool_name, *_spec_fields(spec)))
    return tool_name


def _widen(
    w: World, ent: Entity, taken: Sequence[str], filters: Sequence[str], ranges: Sequence[str], sorts: Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    draw = random.Random(f"{w.seed}:{ent.table}:search")
    out_f, out_r, out_s = list(filters), list(ranges), list(sorts)
    for column in ent.columns:
        name = column.name
        if name in taken or name in out_f or name in out_r:
            continue
        if column.kind in ("enum", "bool", "ref") and draw.random() < 0.3:
            out_f.append(name)
        elif column.kind in ("money", "int", "real", "date") and draw.random() < 0.3:
            out_r.append(name)
        if (
            column.kind in ("money", "int", "real", "date", "text", "person")
            and name not in out_s
            and out_s
            and (draw.random() < 0.25)
        ):
            out_s.append(name)
    return out_f, out_r, out_s


def _spec_fields(
    spec: SearchSpec,
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return spec.entity, spec.text, spec.filters, spec.ranges, spec.sorts, spec.scope


def _search_text(
    w: World, ent: Entity, text: Sequence[str], filters: Sequence[str], sorts: Sequence[str], scope: Sequence[str]
) -> str:
    own = ent.plural_label
    if scope:
        parent = w.e(ent.col(scope[0]).ref)
        head = f"List the {own} of one {parent.label}"
    else:
        head = f"Search {w.title}'s {own}"
    if text:
        head += f" by part of their {' or '.join(ent.col(n).label for n in text)}"
    labels = [ent.col(n).label if ent.col(n).kind != "ref" else w.e(ent.col(n).ref).label for n in filters]
    if labels:
        head += f"; filter by {', '.join(labels)}"
    sort_text = ", ".join(ent.col(n).label if n != "id" else "id" for n in sorts)
    return f"{head}; sort by {sort_text} (asc or desc). Returns up to `limit` {own} with their ids."


def child_count(w: World, ent: Entity, salt: str, chance: float) -> list[Computed]:
    """With probability ``chance`` (drawn from the tool's own stream), how many rows of one table that refers
    to ``ent`` belong to the row: one business's customer lookup shows the number of orders, another's not."""
    draw = random.Random(f"{w.seed}:{ent.table}:{salt}")
    kids = sorted(((c, col) for c, col in w.referrers(ent.key) if c.key != ent.key), key=lambda k: (k[0].table, k[1]))
    if not kids or draw.random() >= chance:
        return []
    child, column = draw.choice(kids)
    name = f"{child.table}_count" if column == ent.id_arg else f"{child.table}_as_{column.removesuffix('_id')}"
    return [Computed(name, f"(SELECT COUNT(*) FROM {child.table} c WHERE c.{column} = t.id)", "integer")]


def get(w: World, ent: Entity, *, extras: Sequence[Computed] = (), about: str = "", name: str = "") -> str:
    extras = [*extras, *child_count(w, ent, "get", 0.6)]
    props = {ent.id_arg: id_arg(f"the {ent.label}'s id")}
    program: list[Step] = [
        exists(w, ent),
        ret(f"SELECT {select_list(w, ent, 't', extras)} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"),
    ]
    description = f"Get one {ent.label} by id: {about or 'all its details'}."
    tool_name = name or f"{w.variant.style.get}_{ent.noun.snake}"
    return w.tool(
        make_tool(tool_name, description, props, [ent.id_arg], program, row_schema(w, ent, extras), read_only=True)
    )


def create(
    w: World,
    ent: Entity,
    columns: Sequence[Column],
    *,
    fixed: Mapping[str, str] | None = None,
    about: str = "",
    name: str = "",
    guards: Sequence[CheckStep] = (),
    example: dict[str, object] | None = None,
    effects: Sequence[Step] = (),
) -> str:
    """Insert one row from the given columns (``fixed``: stored column -> SQL for the others), then run
    ``effects`` (what else the new row changes)."""
    fixed = dict(fixed or {})
    props = {c.name: c.input_schema(f"the {w.e(c.ref).label}'s id" if c.kind == "ref" else "") for c in columns}
    required = [c.name for c in columns if c.required]
    program: list[Step] = [*ref_checks(w, columns), *guards]
    for column in columns:
        if column.unique:
            program.append(
                check(
                    f"SELECT NOT EXISTS (SELECT 1 FROM {ent.table} "
                    f"WHERE lower({column.column}) = lower(:{column.name}))",
                    f"{ent.noun.a()} with {column.label} {{{column.name}}} already exists; look it up instead of "
                    "adding it"
                    " twice",
                )
            )
    stored = [c.column for c in columns] + list(fixed)
    values = [c.bind() for c in columns] + list(fixed.values())
    program.append(execute(f"INSERT INTO {ent.table} ({', '.join(stored)}) VALUES ({', '.join(values)})"))
    program += list(effects)
    program.append(
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = (SELECT MAX(id) FROM {ent.table})")
    )
    tool_name = name or f"{w.variant.style.create}_{ent.noun.snake}"
    description = f"{about or f'Add a new {ent.label}'}. Returns the new {ent.label} with its id."
    return w.tool(make_tool(tool_name, description, props, required, program, row_schema(w, ent), example=example))


def update(
    w: World,
    ent: Entity,
    columns: Sequence[Column],
    *,
    about: str = "",
    name: str = "",
    guards: Sequence[CheckStep] = (),
) -> str:
    props: dict[str, JsonSchema] = {ent.id_arg: id_arg(f"the {ent.label}'s id")}
    props.update({c.name: c.input_schema(f"the {w.e(c.ref).label}'s id" if c.kind == "ref" else "") for c in columns})
    given = " OR ".join(f":{c.name} IS NOT NULL" for c in columns)
    program: list[Step] = [exists(w, ent), check(f"SELECT {given}", "nothing to change: pass at least one new value")]
    program += [*ref_checks(w, columns), *guards]
    for column in columns:
        if column.unique:
            program.append(
                check(
                    f"SELECT :{column.name} IS NULL OR NOT EXISTS (SELECT 1 FROM {ent.table} "
                    f"WHERE lower({column.column}) = lower(:{column.name}) AND id != :{ent.id_arg})",
                    f"{column.label} {{{column.name}}} belongs to another {ent.label}",
                )
            )
    sets = ", ".join(f"{c.column} = COALESCE({c.bind()}, {c.column})" for c in columns)
    program.append(execute(f"UPDATE {ent.table} SET {sets} WHERE id = :{ent.id_arg}"))
    program.append(ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"))
    names = ", ".join(c.label for c in columns)
    description = f"{about or f'Change {ent.noun.a()}'}: {names}. Pass only what changes; the rest stays as it is."
    tool_name = name or f"{w.variant.style.update}_{ent.noun.snake}"
    return w.tool(make_tool(tool_name, description, props, [ent.id_arg], program, row_schema(w, ent), idempotent=True))


def delete(w: World, ent: Entity, *, name: str = "", about: str = "") -> str:
    """Delete one row; refused while rows of other tables refer to it."""
    props = {ent.id_arg: id_arg(f"the {ent.label}'s id")}
    program: list[Step] = [exists(w, ent)]
    blockers = w.referrers(ent.key)
    for child, column in blockers:
        program.append(
            check(
                f"SELECT NOT EXISTS (SELECT 1 FROM {child.table} WHERE {column} = :{ent.id_arg})",
                f"{ent.label} {{{ent.id_arg}}} still has {child.plural_label}; it cannot be removed while they refer"
                " to it",
            )
        )
    program.append(execute(f"DELETE FROM {ent.table} WHERE id = :{ent.id_arg}"))
    program.append(ret(f"SELECT :{ent.id_arg} AS id, 'deleted' AS result"))
    output = obj({"id": {"type": "integer"}, "result": {"type": "string"}}, ["id", "result"])
    kids = ", ".join(c.plural_label for c, _ in blockers)
    description = about or f"Delete {ent.noun.a()} for good." + (
        f" Refused while any {kids} refer to it." if kids else ""
    )
    tool_name = name or f"{w.variant.style.delete}_{ent.noun.snake}"
    return w.tool(make_tool(tool_name, description, props, [ent.id_arg], program, output, destructive=True))


def summarize(
    w: World,
    ent: Entity,
    *,
    sums: Sequence[str],
    filters: Sequence[str] = (),
    ranges: Sequence[str] = (),
    name: str = "",
    about: str = "",
) -> str:
    """A report over the rows that match: how many, and the sum of each money column in ``sums``."""
    props: dict[str, JsonSchema] = {}
    where: list[str] = []
    for arg in filters:
        column = ent.col(arg)
        what = f"the {w.e(column.ref).label}'s id" if column.kind == "ref" else column.label
        props[arg] = column.input_schema(f"only {ent.plural_label} with this {what}")
        where.append(f"(:{arg} IS NULL OR {column.column} = {column.bind(arg)})")
    for arg in ranges:
        column = ent.col(arg)
        is_date = column.kind == "date"
        low, high = (f"{arg}_from", f"{arg}_to") if is_date else (f"min_{arg}", f"max_{arg}")
        for bound, op in ((low, ">="), (high, "<=")):
            word = (
                ("on or after" if op == ">=" else "on or before")
                if is_date
                else ("at least" if op == ">=" else "at most")
            )
            props[bound] = column.input_schema(f"{column.label} {word}")
            where.append(f"(:{bound} IS NULL OR {column.column} {op} {column.bind(bound)})")
    cond = " AND ".join(where) or "1"
    parts = [f"COUNT(*) AS {ent.noun.plural}"]
    output: dict[str, JsonSchema] = {ent.noun.plural: {"type": "integer"}}
    for arg in sums:
        column = ent.col(arg)
        parts.append(f"ROUND(COALESCE(SUM({column.column}), 0) / 100.0, 2) AS total_{arg}")
        output[f"total_{arg}"] = {"type": "number"}
    sql = f"SELECT {', '.join(parts)} FROM {ent.table} WHERE {cond}"
    filters_text = ", ".join(
        ent.col(a).label if ent.col(a).kind != "ref" else w.e(ent.col(a).ref).label for a in [*filters, *ranges]
    )
    sums_text = " and ".join(ent.col(a).label for a in sums)
    description = about or (
        f"Count {ent.plural_label} and add up their {sums_text}, optionally only those matching {filters_text}."
    )
    tool_name = name or f"summarize_{ent.table}"
    return w.tool(make_tool(tool_name, description, props, [], [ret(sql)], obj(output, list(output)), read_only=True))
