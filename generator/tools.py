"""Tools derived from an entity's fields: search (filters, sorting), get, create, update, delete.

Each returns the tool as JSON data and registers it on the world. Messages say what went wrong and
which tool finds the right id, because an agent reads them.
"""

from __future__ import annotations

from generator.blocks import Entity, Field
from generator.toolkit import Json, check, execute, integer, items_of, obj, ret, tool
from generator.world import World


def search_name(world: World, ent: Entity) -> str:
    return f"{world.verb('search')}_{ent.table}"


def get_name(world: World, ent: Entity) -> str:
    return f"{world.verb('get')}_{ent.singular}"


def exists(world: World, ent: Entity, arg: str | None = None) -> Json:
    arg = arg or ent.id_arg
    hint = f"use {search_name(world, ent)} to look up {ent.plural_label} and their ids"
    if not world.tool_named(search_name(world, ent)):
        hint = "check the id"
    return check(
        f"SELECT EXISTS (SELECT 1 FROM {ent.table} WHERE id = :{arg})",
        f"no {ent.label} with id {{{arg}}}; {hint}",
    )


def ref_checks(world: World, ent: Entity, fields: list[Field]) -> list[Json]:
    steps = []
    for f in fields:
        if f.kind != "ref":
            continue
        target = next(e for e in world.entities.values() if e.table == f.ref)
        cond = f"SELECT :{f.name} IS NULL OR EXISTS (SELECT 1 FROM {target.table} WHERE id = :{f.name})"
        steps.append(check(cond, f"no {target.label} with id {{{f.name}}}; use {search_name(world, target)}"))
    return steps


def add_search(
    world: World, ent: Entity, text: list[str], filters: list[str], ranges: list[str], sorts: list[str]
) -> str:
    props: Json = {}
    where: list[str] = []
    if text:
        props["query"] = {"type": "string", "minLength": 1, "description": f"part of the {' or '.join(text)}"}
        like = " OR ".join(f"t.{ent.field(n).column} LIKE '%' || :query || '%'" for n in text)
        where.append(f"(:query IS NULL OR {like})")
    for name in filters:
        f = ent.field(name)
        props[name] = {**f.input_schema(), "description": f"only {ent.plural_label} with this {f.label}"}
        where.append(f"(:{name} IS NULL OR t.{f.column} = :{name})")
    for name in ranges:
        f = ent.field(name)
        low, high = (f"min_{name}", f"max_{name}") if f.kind != "date" else (f"{name}_from", f"{name}_to")
        for arg, op in ((low, ">="), (high, "<=")):
            props[arg] = {**f.input_schema(), "description": f"{f.label} {'at least' if op == '>=' else 'at most'}"}
            where.append(f"(:{arg} IS NULL OR t.{f.column} {op} {f.bind(arg)})")
    order = []
    for name in sorts:
        col = ent.field(name).column
        order.append(f"CASE WHEN :sort_by = '{name}' AND :sort_order = 'asc' THEN t.{col} END ASC")
        order.append(f"CASE WHEN :sort_by = '{name}' AND :sort_order = 'desc' THEN t.{col} END DESC")
    props["sort_by"] = {"type": "string", "enum": sorts, "default": sorts[0], "description": "what to sort by"}
    props["sort_order"] = {"type": "string", "enum": ["asc", "desc"], "default": "asc"}
    props["limit"] = {"type": "integer", "minimum": 1, "maximum": 100, "default": 20, "description": "most results"}
    sql = (
        f"SELECT {ent.select_list()} FROM {ent.table} t WHERE {' AND '.join(where) or '1'} "
        f"ORDER BY {', '.join(order)}, t.id LIMIT :limit"
    )
    filters_text = ", ".join(ent.field(n).label for n in filters + ranges)
    sort_text = ", ".join(ent.field(n).label.removesuffix(" (in dollars)") for n in sorts)
    description = (
        f"Search {world.title}'s {ent.plural_label}"
        + (f" by part of their {' or '.join(text)}" if text else "")
        + (f"; filter by {filters_text}" if filters_text else "")
        + f"; sort by {sort_text} (asc or desc). Returns up to `limit` {ent.plural_label} with their ids."
    )
    return world.add_tool(
        tool(
            search_name(world, ent),
            description,
            props,
            [],
            [ret(sql, "all")],
            items_of(ent.row_schema()),
            read_only=True,
        )
    )


def add_get(world: World, ent: Entity, about: str = "") -> str:
    props = {ent.id_arg: integer(f"the {ent.label}'s id")}
    program = [exists(world, ent), ret(f"SELECT {ent.select_list()} FROM {ent.table} t WHERE t.id = :{ent.id_arg}")]
    description = f"Get one {ent.label} by id: {about or 'all its details'}."
    return world.add_tool(
        tool(get_name(world, ent), description, props, [ent.id_arg], program, ent.row_schema(), read_only=True)
    )


def add_create(
    world: World, ent: Entity, fields: list[Field], fixed: dict[str, str], about: str = "", name: str = ""
) -> str:
    props = {f.name: f.input_schema() for f in fields}
    required = [f.name for f in fields if f.required]
    program = ref_checks(world, ent, fields)
    for f in fields:
        if f.unique:
            program.append(
                check(
                    f"SELECT NOT EXISTS (SELECT 1 FROM {ent.table} WHERE lower({f.column}) = lower(:{f.name}))",
                    f"a {ent.label} with {f.label} {{{f.name}}} already exists; search for it instead of adding it"
                    " twice",
                )
            )
    columns = [f.column for f in fields] + list(fixed)
    values = [f.bind() for f in fields] + list(fixed.values())
    program.append(execute(f"INSERT INTO {ent.table} ({', '.join(columns)}) VALUES ({', '.join(values)})"))
    program.append(ret(f"SELECT {ent.select_list()} FROM {ent.table} t WHERE t.id = last_insert_rowid()"))
    tool_name = name or f"{world.verb('create')}_{ent.singular}"
    description = f"{about or f'Add a new {ent.label}'}. Returns the new {ent.label} with its id."
    return world.add_tool(tool(tool_name, description, props, required, program, ent.row_schema()))


def add_update(world: World, ent: Entity, fields: list[Field], about: str = "") -> str:
    props: Json = {ent.id_arg: integer(f"the {ent.label}'s id")}
    props.update({f.name: f.input_schema() for f in fields})
    given = " OR ".join(f":{f.name} IS NOT NULL" for f in fields)
    program = [exists(world, ent), check(f"SELECT {given}", "nothing to change: pass at least one new value")]
    program += ref_checks(world, ent, fields)
    for f in fields:
        if f.unique:
            program.append(
                check(
                    f"SELECT :{f.name} IS NULL OR NOT EXISTS (SELECT 1 FROM {ent.table} "
                    f"WHERE lower({f.column}) = lower(:{f.name}) AND id != :{ent.id_arg})",
                    f"{f.label} {{{f.name}}} belongs to another {ent.label}",
                )
            )
    sets = ", ".join(f"{f.column} = COALESCE({f.bind()}, {f.column})" for f in fields)
    program.append(execute(f"UPDATE {ent.table} SET {sets} WHERE id = :{ent.id_arg}"))
    program.append(ret(f"SELECT {ent.select_list()} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"))
    names = ", ".join(f.label for f in fields)
    description = f"{about or f'Change a {ent.label}'}: {names}. Pass only what changes; the rest stays as it is."
    return world.add_tool(
        tool(
            f"{world.verb('update')}_{ent.singular}",
            description,
            props,
            [ent.id_arg],
            program,
            ent.row_schema(),
            idempotent=True,
        )
    )


def add_delete(world: World, ent: Entity, blockers: list[tuple[Entity, str]], verb: str = "delete") -> str:
    props = {ent.id_arg: integer(f"the {ent.label}'s id")}
    program = [exists(world, ent)]
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
    description = f"Delete a {ent.label} for good." + (f" Refused while any {kids} refer to it." if kids else "")
    return world.add_tool(
        tool(f"{verb}_{ent.singular}", description, props, [ent.id_arg], program, output, destructive=True)
    )
