"""Staff (with a workload limit) and cases (tickets, claims, requests) that staff are assigned to."""

from __future__ import annotations

from generator import words
from generator.blocks import Entity, Field, Row
from generator.calendar import shift
from generator.naming import articles
from generator.parts.txn import in_list, open_states
from generator.parts.txn_tasks import describe, find_party, find_txns, unique_desc
from generator.toolkit import (
    added,
    branch,
    check,
    either_way,
    execute,
    integer,
    new_row,
    old_rows_unchanged,
    others_unchanged,
    query,
    ret,
    row_is,
    task,
    tool,
)
from generator.tools import add_create, add_get, add_search, add_update, search_name
from generator.world import World

PRIORITIES = ("low", "normal", "high", "urgent")
CASE_OPEN = ("open", "in_progress")


def add_staff(world: World) -> None:
    noun = world.nouns["staff"]
    fields = [
        Field("name", "person", "full name", mutable=False),
        Field("email", "email", "work email", unique=True),
        Field("level", "enum", "seniority", choices=("junior", "senior", "lead")),
        Field("status", "enum", "status", choices=("active", "on_leave")),
        Field("max_open", "int", "most open items they may hold at once", lo=1, hi=12),
    ]
    ent = Entity(
        noun.plural,
        noun.snake,
        noun.words,
        noun.plural_words,
        fields,
        "name",
        description=f"the {noun.plural_words} of {world.title}",
    )
    for i in range(1, world.rng.randint(5, 11) + 1):
        name = world.names.person()
        ent.rows.append(
            {
                "id": i,
                "name": name,
                "email": world.names.email(name).replace("@", ".staff@"),
                "level": world.rng.choice(("junior", "senior", "lead")),
                "status": "on_leave" if world.rng.random() < 0.15 else "active",
                "max_open": world.rules.workload + world.rng.randint(-1, 2),
            }
        )
    world.entities["staff"] = ent
    world.facts.append(f"Each {noun.words} can hold only a limited number of open items at once.")


def add_cases(world: World) -> None:
    noun, party = world.nouns["case"], world.e("party")
    fields = [
        Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
        Field("subject", "text", "what it is about"),
        Field("priority", "enum", "priority", choices=PRIORITIES),
        Field("status", "enum", "status", choices=("open", "in_progress", "resolved", "closed")),
        Field("opened_on", "date", "date opened"),
        Field("resolution", "text", "how it was resolved", required=False),
    ]
    if world.has("staff"):
        fields.insert(
            4,
            Field(
                world.e("staff").id_arg,
                "ref",
                f"assigned {world.e('staff').label} id",
                ref=world.e("staff").table,
                required=False,
            ),
        )
    ent = Entity(
        noun.plural,
        noun.snake,
        noun.words,
        noun.plural_words,
        fields,
        "subject",
        description=f"{noun.plural_words} raised by {party.plural_label}",
    )
    ent.refs_display = {party.id_arg: (party.table, "name")}
    if world.has("staff"):
        ent.refs_display[world.e("staff").id_arg] = (world.e("staff").table, "name")
    rng = world.rng
    for i in range(1, rng.randint(15, 45) + 1):
        subject = articles(
            rng.choice(words.CASE_PHRASES).format(txn=world.nouns["txn"].words, res=world.nouns["resource"].words)
        )
        status = rng.choice(("open", "open", "in_progress", "resolved", "closed"))
        row: Row = {
            "id": i,
            party.id_arg: rng.choice(party.rows)["id"],
            "subject": subject,
            "priority": rng.choice(PRIORITIES),
            "status": status,
            "opened_on": shift(world.today, -rng.randint(0, 90)),
            "resolution": "answered and confirmed with the customer" if status in ("resolved", "closed") else None,
        }
        ent.rows.append(row)
    for i, status in enumerate(("open", "in_progress", "resolved", "closed")):
        ent.rows[i]["status"] = status
        ent.rows[i]["resolution"] = (
            "answered and confirmed with the customer" if status in ("resolved", "closed") else None
        )
    world.entities["case"] = ent
    _assign_seed(world, ent, CASE_OPEN)


def work_target(world: World) -> tuple[Entity, tuple[str, ...]] | None:
    if not world.has("staff"):
        return None
    if world.has("case"):
        return world.e("case"), CASE_OPEN
    return world.e("txn"), tuple(open_states(world))


def assign_seed_txns(world: World) -> None:
    if world.has("staff") and not world.has("case"):
        _assign_seed(world, world.e("txn"), tuple(open_states(world)))


def _assign_seed(world: World, ent: Entity, open_: tuple[str, ...]) -> None:
    if not world.has("staff"):
        return
    staff, sid = world.e("staff"), world.e("staff").id_arg
    load = {s["id"]: 0 for s in staff.rows}
    full = world.rng.choice([s for s in staff.rows if s["status"] == "active"] or staff.rows)
    for row in ent.rows:
        row[sid] = None
        if row["status"] not in open_ and world.rng.random() < 0.7:
            row[sid] = world.rng.choice(staff.rows)["id"]
        elif row["status"] in open_ and world.rng.random() < 0.6:
            s = full if load[full["id"]] < full["max_open"] else world.rng.choice(staff.rows)
            if load[s["id"]] < s["max_open"]:
                row[sid] = s["id"]
                load[s["id"]] += 1


def load_of(world: World, staff_id: int) -> int:
    target = work_target(world)
    assert target is not None
    ent, open_ = target
    return sum(1 for r in ent.rows if r[world.e("staff").id_arg] == staff_id and r["status"] in open_)


def staff_tools(world: World) -> None:
    staff = world.e("staff")
    add_search(world, staff, ["name", "email"], ["level", "status"], [], ["name", "max_open"])
    add_get(world, staff)
    add_create(world, staff, staff.fields[:3] + staff.fields[4:], {"status": "'active'"}, f"Add a new {staff.label}")
    add_update(
        world,
        staff,
        [f for f in staff.fields if f.mutable and f.name not in ("email",)],
        f"Change a {staff.label}'s level, status or workload limit",
    )
    target = work_target(world)
    assert target is not None
    ent, open_ = target
    sid = staff.id_arg
    steps = [
        query(
            "item",
            f"SELECT status FROM {ent.table} WHERE id = :{ent.id_arg}",
            f"no {ent.label} with id {{{ent.id_arg}}}; use {search_name(world, ent)}",
        ),
        check(
            f"SELECT :item__status IN {in_list(list(open_))}",
            f"{ent.label} {{{ent.id_arg}}} is {{item__status}}; only open ones can be assigned",
        ),
        query(
            "who",
            f"SELECT name, status, max_open, (SELECT COUNT(*) FROM {ent.table} WHERE {sid} = s.id AND status IN"
            f" {in_list(list(open_))} "
            f"AND id != :{ent.id_arg}) AS load FROM {staff.table} s WHERE s.id = :{sid}",
            f"no {staff.label} with id {{{sid}}}; use {search_name(world, staff)}",
        ),
        check("SELECT :who__status = 'active'", "{who__name} is on leave; assign someone else"),
        check(
            "SELECT :who__load < :who__max_open",
            "{who__name} already has {who__load} open items, their limit is {who__max_open}; assign someone else",
        ),
        execute(f"UPDATE {ent.table} SET {sid} = :{sid} WHERE id = :{ent.id_arg}"),
        ret(f"SELECT {ent.select_list()} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"),
    ]
    props = {ent.id_arg: integer(f"the {ent.label}'s id"), sid: integer(f"the {staff.label}'s id")}
    text = f"Assign an open {ent.label} to a {staff.label}, who must be active and below their limit of open items."
    world.add_tool(
        tool(f"assign_{ent.singular}", text, props, [ent.id_arg, sid], steps, ent.row_schema(), idempotent=True)
    )


def case_tools(world: World) -> None:
    ent, party = world.e("case"), world.e("party")
    refs = [f.name for f in ent.fields if f.kind == "ref"]
    add_search(world, ent, ["subject"], [*refs, "status", "priority"], ["opened_on"], ["opened_on", "priority"])
    add_get(world, ent)
    create = [ent.field(party.id_arg), ent.field("subject"), ent.field("priority")]
    add_create(
        world,
        ent,
        create,
        {"status": "'open'", "opened_on": ":_today"},
        f"Open a new {ent.label} for a {party.label}",
        name=f"open_{ent.singular}",
    )
    _case_move(
        world,
        "set_{}_priority",
        "priority",
        ["open", "in_progress", "resolved"],
        "Change the priority of a {} that is not closed",
    )
    _case_move(world, "resolve_{}", "resolution", list(CASE_OPEN), "Resolve an open {}, recording how it was resolved")
    _case_move(world, "close_{}", None, ["resolved"], "Close a resolved {}")


def _case_move(world: World, pattern: str, arg: str | None, sources: list[str], about: str) -> None:
    ent = world.e("case")
    props = {ent.id_arg: integer(f"the {ent.label}'s id")}
    steps = [
        query(
            "item",
            f"SELECT status{', ' + world.e('staff').id_arg + ' AS staff' if world.has('staff') else ''} FROM"
            f" {ent.table} WHERE id = :{ent.id_arg}",
            f"no {ent.label} with id {{{ent.id_arg}}}; use {search_name(world, ent)}",
        ),
        check(
            f"SELECT :item__status IN {in_list(sources)}",
            f"{ent.label} {{{ent.id_arg}}} is {{item__status}}; this needs it to be {' or '.join(sources)}",
        ),
    ]
    if arg == "priority":
        props["priority"] = {"type": "string", "enum": list(PRIORITIES)}
        steps.append(execute(f"UPDATE {ent.table} SET priority = :priority WHERE id = :{ent.id_arg}"))
    elif arg == "resolution":
        props["resolution"] = {"type": "string", "minLength": 3, "maxLength": 300, "description": "how it was resolved"}
        if world.has("staff"):
            steps.append(
                check(
                    "SELECT :item__staff IS NOT NULL",
                    f"{ent.label} {{{ent.id_arg}}} is not assigned to anyone; assign it before resolving it",
                )
            )
        steps.append(
            execute(f"UPDATE {ent.table} SET status = 'resolved', resolution = :resolution WHERE id = :{ent.id_arg}")
        )
    else:
        steps.append(execute(f"UPDATE {ent.table} SET status = 'closed' WHERE id = :{ent.id_arg}"))
    steps.append(ret(f"SELECT {ent.select_list()} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"))
    world.add_tool(
        tool(pattern.format(ent.singular), about.format(ent.label) + ".", props, list(props), steps, ent.row_schema())
    )


# --- tasks ---------------------------------------------------------------------------------------


def staff_tasks(world: World) -> None:
    staff = world.e("staff")
    target = work_target(world)
    assert target is not None
    ent, open_ = target
    sid = staff.id_arg
    free = [s for s in staff.rows if s["status"] == "active" and load_of(world, s["id"]) < s["max_open"]]
    full = [s for s in staff.rows if s["status"] == "active" and load_of(world, s["id"]) >= s["max_open"]]
    pool = [r for r in ent.rows if r["status"] in open_ and r[sid] is None and _nameable(world, ent, r)]
    if pool and free:
        r, s = world.pick(pool), world.pick(free)
        _assign_task(world, ent, r, s, None)
        if full and len(free) >= 2:
            holds = world.rng.random() < 0.5
            first = world.pick(full if holds else free)
            second = world.pick([x for x in free if x["id"] != first["id"]])
            _assign_task(world, ent, world.pick(pool), second, first, holds)
    s = world.pick(staff.rows)
    new_status = "on_leave" if s["status"] == "active" else "active"
    keep = {k: v for k, v in s.items() if k not in ("id", "status")}
    world.tasks.append(
        task(
            "staff-status",
            f"{s['name']} is {'going on leave' if new_status == 'on_leave' else 'back from leave'} starting today;"
            " please update their status.",
            [
                (search_name(world, staff), {"query": s["name"]}),
                (f"{world.verb('update')}_{staff.singular}", {sid: s["id"], "status": new_status}),
            ],
            [
                row_is(staff.table, s["id"], {"status": new_status}, f"{s['name']} is {new_status}"),
                row_is(staff.table, s["id"], keep, "nothing else changed for them"),
                others_unchanged(staff.table, [s["id"]]),
                world.unchanged_except("staff"),
            ],
            difficulty="easy",
            tags=["write"],
        )
    )


def _nameable(world: World, ent: Entity, r: Row) -> bool:
    return ent.table != world.e("txn").table or _unique(world, r)


def _unique(world: World, r: Row) -> bool:

    return unique_desc(world, r)


def _assign_task(world: World, ent: Entity, r: Row, s: Row, busy: Row | None, holds: bool = True) -> None:
    """Assign ``r`` to ``s``; or (with ``busy``) to ``busy``, else to ``s`` if ``busy`` is at capacity (``holds``)."""
    staff, sid = world.e("staff"), world.e("staff").id_arg
    party = world.e("party").by_id(r[world.e("party").id_arg])
    if ent.table == world.e("txn").table:
        what, look = f"{party['name']}'s {describe(world, r)}", [find_party(world, party), find_txns(world, party)]
    else:
        what = f'{party["name"]}\'s {ent.label} about "{r["subject"]}" (opened {r["opened_on"]})'
        look = [find_party(world, party), (search_name(world, ent), {world.e("party").id_arg: party["id"]})]
    fallback = None
    if busy is None:
        text, kind, diff, tags = f"Please assign {what} to {s['name']}.", "assign", "medium", ["write", "workflow"]
    else:
        full = f"If {busy['name']} has too much on their plate, give it to {s['name']} instead."
        text = f"Assign {what} to {busy['name']}. {full}"
        kind, diff, tags = "assign-fallback", "hard", ["write", "rule"]
        s, other = (s, busy) if holds else (busy, s)
        fallback = branch(
            "staff-at-capacity", holds, [(f"assign_{ent.singular}", {ent.id_arg: r["id"], sid: other["id"]})]
        )
    world.tasks.append(
        task(
            kind,
            text,
            [
                *look,
                (search_name(world, staff), {"query": s["name"]}),
                (f"assign_{ent.singular}", {ent.id_arg: r["id"], sid: s["id"]}),
            ],
            [
                row_is(ent.table, r["id"], {sid: s["id"], "status": r["status"]}, f"it is assigned to {s['name']}"),
                others_unchanged(ent.table, [r["id"]]),
                world.unchanged_except("case" if ent.table != world.e("txn").table else "txn"),
            ],
            difficulty=diff,
            tags=tags,
            branch=fallback,
        )
    )


def case_tasks(world: World) -> None:
    ent, party = world.e("case"), world.e("party")
    _open_case_task(world)
    by_party: dict[int, list[Row]] = {}
    for r in ent.rows:
        by_party.setdefault(r[party.id_arg], []).append(r)
    unique = [r for r in ent.rows if sum(1 for x in by_party[r[party.id_arg]] if x["subject"] == r["subject"]) == 1]
    sid = world.e("staff").id_arg if world.has("staff") else None
    for kind, sources in (("escalate", ["open", "in_progress"]), ("resolve", list(CASE_OPEN)), ("close", ["resolved"])):
        pool = [
            r for r in unique if r["status"] in sources and (kind != "resolve" or sid is None or r[sid] is not None)
        ]
        if kind == "escalate":
            pool = [r for r in pool if r["priority"] != "urgent"]
        if pool:
            _case_move_task(world, kind, world.pick(pool))
    if sid is not None:
        _resolve_unassigned(world, unique)


def _open_case_task(world: World) -> None:
    ent, party, rng = world.e("case"), world.e("party"), world.rng
    p = world.pick(party.rows)
    subject = articles(
        rng.choice(words.CASE_PHRASES).format(txn=world.nouns["txn"].words, res=world.nouns["resource"].words)
    )
    priority = rng.choice(PRIORITIES)
    args = {party.id_arg: p["id"], "subject": subject, "priority": priority}
    expect = {**args, "status": "open", "opened_on": world.today}
    checks = [
        new_row(ent.table, expect, "the new one is open"),
        added(ent.table, 1),
        old_rows_unchanged(ent.table),
        world.unchanged_except("case"),
    ]
    text = f'Open a new {ent.label} for {p["name"]}: "{subject}", {priority} priority.'
    solution = [find_party(world, p), (f"open_{ent.singular}", args)]
    world.tasks.append(task("open-case", text, solution, checks, difficulty="easy", tags=["write", "create"]))


def _case_move_task(world: World, kind: str, r: Row) -> None:
    ent, party = world.e("case"), world.e("party")
    who = party.by_id(r[party.id_arg])
    what = f'{who["name"]}\'s {ent.label} about "{r["subject"]}"'
    look = [find_party(world, who), (search_name(world, ent), {party.id_arg: who["id"]})]
    if kind == "escalate":
        tool_name, args = f"set_{ent.singular}_priority", {"priority": "urgent"}
        expect, text = {"priority": "urgent", "status": r["status"]}, f"Raise {what} to urgent priority."
    elif kind == "resolve":
        note = world.rng.choice(("refund issued", "details corrected", "explained the policy", "sent the documents"))
        tool_name, args = f"resolve_{ent.singular}", {"resolution": note}
        expect, text = {"status": "resolved", "resolution": note}, f'Mark {what} as resolved with the note "{note}".'
    else:
        tool_name, args = f"close_{ent.singular}", {}
        expect, text = {"status": "closed"}, f"{what[0].upper() + what[1:]} has been resolved; close it."
    checks = [
        row_is(ent.table, r["id"], expect, f"it is {expect.get('status')}"),
        others_unchanged(ent.table, [r["id"]]),
        world.unchanged_except("case"),
    ]
    difficulty = "easy" if kind != "resolve" else "medium"
    solution = [*look, (tool_name, {ent.id_arg: r["id"], **args})]
    world.tasks.append(task(f"{kind}-case", text, solution, checks, difficulty=difficulty, tags=["write", "workflow"]))


def _resolve_unassigned(world: World, unique: list[Row]) -> None:
    """Resolve a case; if nobody is assigned to it, assign it to someone first (or it already has someone)."""
    staff = world.e("staff")
    sid = staff.id_arg
    free = [s for s in staff.rows if s["status"] == "active" and load_of(world, s["id"]) < s["max_open"]]
    if not free:
        return
    s = world.pick(free)

    def pick(holds: bool) -> list[Row] | None:
        pool = [
            r
            for r in unique
            if r["status"] in CASE_OPEN and (r[sid] is None if holds else r[sid] not in (None, s["id"]))
        ]
        return pool or None

    chosen = either_way(world.rng, pick)
    if chosen is not None:
        _resolve_unassigned_task(world, chosen[0], world.pick(chosen[1]), s)


def _resolve_unassigned_task(world: World, holds: bool, r: Row, s: Row) -> None:
    ent, party, staff = world.e("case"), world.e("party"), world.e("staff")
    sid = staff.id_arg
    who = party.by_id(r[party.id_arg])
    note = "customer called back, all sorted"
    assign = (f"assign_{ent.singular}", {ent.id_arg: r["id"], sid: s["id"]})
    resolve = (f"resolve_{ent.singular}", {ent.id_arg: r["id"], "resolution": note})
    look = [find_party(world, who), (search_name(world, ent), {party.id_arg: who["id"]})]
    owner = s if holds else staff.by_id(r[sid])
    world.tasks.append(
        task(
            "resolve-unassigned",
            f'Resolve {who["name"]}\'s {ent.label} about "{r["subject"]}" with the note "{note}". If nobody is'
            f" assigned to it yet, assign it to {s['name']} first.",
            [*look, (search_name(world, staff), {"query": s["name"]}), assign, resolve] if holds else [*look, resolve],
            [
                row_is(
                    ent.table,
                    r["id"],
                    {sid: owner["id"], "status": "resolved", "resolution": note},
                    f"it is resolved and assigned to {owner['name']}",
                ),
                others_unchanged(ent.table, [r["id"]]),
                world.unchanged_except("case"),
            ],
            difficulty="hard",
            tags=["write", "rule", "multi-step"],
            branch=branch("unassigned", holds, [resolve] if holds else [assign, resolve]),
        )
    )
