"""Small parts: reviews of finished transactions, notes on parties, parties' addresses."""

from __future__ import annotations

from generator import words
from generator.blocks import Entity, Field
from generator.calendar import shift
from generator.parts.txn import states
from generator.parts.txn_tasks import describe, find_party, find_txns, unique_desc
from generator.toolkit import (
    added,
    check,
    execute,
    integer,
    new_row,
    old_rows_unchanged,
    others_unchanged,
    query,
    ret,
    same_rows,
    task,
    tool,
)
from generator.tools import add_create, add_delete, add_search, search_name
from generator.world import World


def add_reviews(world: World) -> None:
    txn = world.e("txn")
    fields = [
        Field(txn.id_arg, "ref", f"{txn.label} id", ref=txn.table, unique=True),
        Field("rating", "int", "stars from 1 to 5", lo=1, hi=5),
        Field("comment", "text", "what they wrote", required=False),
        Field("written_on", "date", "date written"),
    ]
    ent = Entity(
        "reviews",
        "review",
        "review",
        "reviews",
        fields,
        "comment",
        description=f"reviews of {states(world)['done']} {txn.plural_label}",
    )
    done = [t for t in txn.rows if t["status"] == states(world)["done"]]
    for t in done[:-2]:  # the latest ones are not reviewed yet
        if world.rng.random() < 0.4:
            day = min(shift(t[next(f.column for f in txn.fields if f.kind == "date")], 2), world.today)
            ent.rows.append(
                {
                    "id": len(ent.rows) + 1,
                    txn.id_arg: t["id"],
                    "rating": world.rng.choice((2, 3, 4, 4, 5, 5)),
                    "comment": world.rng.choice(words.REVIEW_PHRASES),
                    "written_on": day,
                }
            )
    world.entities["review"] = ent


def add_notes(world: World) -> None:
    party = world.e("party")
    fields = [
        Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
        Field("body", "text", "the note"),
        Field("written_on", "date", "date written"),
    ]
    ent = Entity(
        f"{party.singular}_notes",
        "note",
        "note",
        "notes",
        fields,
        "body",
        description=f"staff notes about {party.plural_label}",
    )
    ent.refs_display = {party.id_arg: (party.table, "name")}
    for i in range(1, world.rng.randint(10, 40) + 1):
        ent.rows.append(
            {
                "id": i,
                party.id_arg: world.rng.choice(party.rows)["id"],
                "body": world.rng.choice(words.NOTE_PHRASES),
                "written_on": shift(world.today, -world.rng.randint(1, 400)),
            }
        )
    world.entities["note"] = ent


def add_addresses(world: World) -> None:
    party = world.e("party")
    fields = [
        Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
        Field("label", "enum", "kind of address", choices=("home", "work", "billing", "other")),
        Field("street", "text", "street and number"),
        Field("city", "city", "city"),
        Field("postal_code", "text", "postal code"),
    ]
    ent = Entity(
        "addresses",
        "address",
        "address",
        "addresses",
        fields,
        "street",
        description=f"postal addresses of {party.plural_label}",
    )
    for p in party.rows:
        for label in world.rng.sample(("home", "work", "billing"), world.rng.choice((0, 1, 1, 2))):
            street = (
                f"{world.rng.randint(1, 999)} {world.rng.choice(words.STREETS)} {world.rng.choice(words.STREET_KINDS)}"
            )
            ent.rows.append(
                {
                    "id": len(ent.rows) + 1,
                    party.id_arg: p["id"],
                    "label": label,
                    "street": street,
                    "city": world.rng.choice(words.CITIES)[0],
                    "postal_code": f"{world.rng.randint(10000, 99999)}",
                }
            )
    world.entities["address"] = ent


def extras_tools(world: World) -> None:
    party = world.e("party")
    if world.has("review"):
        _review_tool(world)
    if world.has("note"):
        note = world.e("note")
        add_search(world, note, ["body"], [party.id_arg], ["written_on"], ["written_on"])
        about = f"Add a note to a {party.label}'s file"
        add_create(world, note, note.fields[:2], {"written_on": ":_today"}, about, name=f"add_{party.singular}_note")
        add_delete(world, note, [])
    if world.has("address"):
        addr = world.e("address")
        add_search(world, addr, ["street", "city"], [party.id_arg, "label"], [], ["city", "label"])
        add_create(world, addr, addr.fields, {}, f"Add a postal address for a {party.label}", name="add_address")
        add_delete(world, addr, [])


def _review_tool(world: World) -> None:
    party, rev, txn = world.e("party"), world.e("review"), world.e("txn")
    add_search(world, rev, ["comment"], [txn.id_arg, "rating"], ["written_on"], ["written_on", "rating"])
    done = states(world)["done"]
    steps = [
        query(
            "item",
            f"SELECT status FROM {txn.table} WHERE id = :{txn.id_arg}",
            f"no {txn.label} with id {{{txn.id_arg}}}; use {search_name(world, txn)}",
        ),
        check(
            f"SELECT :item__status = '{done}'",
            f"{txn.label} {{{txn.id_arg}}} is {{item__status}}; only {done} {txn.plural_label} can be reviewed",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM reviews WHERE {txn.id_arg} = :{txn.id_arg})",
            f"{txn.label} {{{txn.id_arg}}} already has a review",
        ),
        execute(
            f"INSERT INTO reviews ({txn.id_arg}, rating, comment, written_on) "
            f"VALUES (:{txn.id_arg}, :rating, :comment, :_today)"
        ),
        ret(f"SELECT {rev.select_list()} FROM reviews t WHERE t.id = last_insert_rowid()"),
    ]
    props = {
        txn.id_arg: integer(f"the {txn.label}'s id"),
        "rating": integer("stars", 1, 5),
        "comment": {"type": "string", "minLength": 1, "maxLength": 500},
    }
    text = f"Record a {party.label}'s review of a {done} {txn.label} (one review each)."
    world.add_tool(tool(f"review_{txn.singular}", text, props, [txn.id_arg, "rating"], steps, rev.row_schema()))


def extras_tasks(world: World) -> None:
    if world.has("review"):
        _review_task(world)
    if world.has("note"):
        _note_task(world)
    if world.has("address"):
        _add_address_task(world)
        _remove_address_task(world)


def _review_task(world: World) -> None:

    party, rev, txn, rng = world.e("party"), world.e("review"), world.e("txn"), world.rng
    reviewed = {r[txn.id_arg] for r in rev.rows}
    done = states(world)["done"]
    pool = [t for t in txn.rows if t["status"] == done and t["id"] not in reviewed and unique_desc(world, t)]
    if not pool:
        return
    t = world.pick(pool)
    p = party.by_id(t[party.id_arg])
    stars, comment = rng.randint(1, 5), rng.choice(words.REVIEW_PHRASES)
    values = {txn.id_arg: t["id"], "rating": stars, "comment": comment}
    solution = [find_party(world, p), find_txns(world, p), (f"review_{txn.singular}", values)]
    checks = [
        new_row(rev.table, values, "the review is recorded"),
        added(rev.table, 1),
        old_rows_unchanged(rev.table),
        world.unchanged_except("review"),
    ]
    text = f'{p["name"]} wants to review their {describe(world, t)}: {stars} stars, comment "{comment}".'
    world.tasks.append(task("leave-review", text, solution, checks, difficulty="medium", tags=["write", "create"]))


def _note_task(world: World) -> None:
    party, note = world.e("party"), world.e("note")
    p = world.pick(party.rows)
    body = world.rng.choice(words.NOTE_PHRASES)
    solution = [find_party(world, p), (f"add_{party.singular}_note", {party.id_arg: p["id"], "body": body})]
    checks = [
        new_row(note.table, {party.id_arg: p["id"], "body": body, "written_on": world.today}, "the note is on file"),
        added(note.table, 1),
        old_rows_unchanged(note.table),
        world.unchanged_except("note"),
    ]
    text = f'Add a note to {p["name"]}\'s file: "{body}".'
    world.tasks.append(task("add-note", text, solution, checks, difficulty="easy", tags=["write", "create"]))


def _add_address_task(world: World) -> None:
    addr, party, rng = world.e("address"), world.e("party"), world.rng
    p = world.pick(party.rows)
    street = f"{rng.randint(1, 999)} {rng.choice(words.STREETS)} {rng.choice(words.STREET_KINDS)}"
    city, postal = rng.choice(words.CITIES)[0], f"{rng.randint(10000, 99999)}"
    values = {party.id_arg: p["id"], "label": "work", "street": street, "city": city, "postal_code": postal}
    checks = [
        new_row(addr.table, values, "the address is on file"),
        added(addr.table, 1),
        old_rows_unchanged(addr.table),
        world.unchanged_except("address"),
    ]
    text = f"Please add a work address for {p['name']}: {street}, {city} {postal}."
    solution = [find_party(world, p), ("add_address", values)]
    world.tasks.append(task("add-address", text, solution, checks, difficulty="easy", tags=["write", "create"]))


def _remove_address_task(world: World) -> None:
    addr, party = world.e("address"), world.e("party")
    owners: dict[int, list[dict[str, object]]] = {}
    for a in addr.rows:
        owners.setdefault(a[party.id_arg], []).append(a)
    many = [rows for rows in owners.values() if len(rows) >= 2]
    if not many:
        return
    a = world.pick(world.pick(many))
    who = party.by_id(a[party.id_arg])
    same_owner = f"{party.id_arg} = {who['id']} AND id != {a['id']}"
    solution = [
        find_party(world, who),
        (search_name(world, addr), {party.id_arg: who["id"]}),
        ("delete_address", {"address_id": a["id"]}),
    ]
    checks = [
        (f"SELECT NOT EXISTS (SELECT 1 FROM main.{addr.table} WHERE id = {a['id']})", "that address is gone"),
        (f"SELECT {same_rows(addr.table, same_owner)}", "their other addresses are untouched"),
        others_unchanged(addr.table, [a["id"]]),
        world.unchanged_except("address"),
    ]
    text = (
        f"{who['name']} no longer uses their {a['label']} address ({a['street']}); "
        "remove it but keep their other addresses."
    )
    tags = ["write", "delete", "isolation"]
    world.tasks.append(task("remove-address", text, solution, checks, difficulty="medium", tags=tags))
