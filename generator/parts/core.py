"""Parties (customers, patients, students...), categories, locations and the catalog of resources."""

from __future__ import annotations

from generator import words
from generator.blocks import Entity, Field, dollars, draw, money_text
from generator.spec import parse_field
from generator.toolkit import added, closest, new_row, old_rows_unchanged, others_unchanged, row_is, task
from generator.tools import add_create, add_delete, add_get, add_search, add_update, search_name
from generator.world import World

TIERS = ("standard", "silver", "gold")


def add_party(world: World) -> None:
    noun, opts = world.nouns["party"], world.variant.party_fields
    fields = [
        Field("name", "person", "full name", mutable=False),
        Field("email", "email", "email address", unique=True),
    ]
    if "phone" in opts:
        fields.append(Field("phone", "phone", "phone number", required=False))
    if "city" in opts:
        fields.append(Field("city", "city", "home city", required=False))
    if "tier" in opts:
        fields.append(Field("tier", "enum", "loyalty tier", choices=TIERS))
    if "status" in opts:
        fields.append(Field("status", "enum", "account status", choices=("active", "suspended")))
    if "joined" in opts:
        fields.append(Field("joined_on", "date", "date they joined", mutable=False))
    fields += [parse_field(s) for s in world.variant.party_extras]
    ent = Entity(noun.plural, noun.snake, noun.words, noun.plural_words, fields, "name")
    ent.description = f"the {noun.plural_words} of {world.title}"
    count = world.rng.randint(24, 60)
    for i in range(1, count + 1):
        name = world.names.person()
        row = {"id": i, "name": name, "email": world.names.email(name)}
        for f in fields[2:]:
            row[f.column] = draw(f, world.rng, world.names, world.today)
            if f.name == "tier":
                row["tier"] = world.rng.choice(("standard", "standard", "standard", "silver", "gold"))
            if f.name == "status":
                row["status"] = "suspended" if world.rng.random() < 0.12 else "active"
            if not f.required and world.rng.random() < 0.1:
                row[f.column] = None
        ent.rows.append(row)
    world.entities["party"] = ent
    if "status" in opts:
        world.facts.append(f"Suspended {noun.plural_words} cannot make new {world.nouns['txn'].plural_words}.")


def add_unattached_parties(world: World) -> None:
    """A few parties with nothing on file yet (just registered), so deleting a party can be done."""
    ent = world.e("party")
    for _ in range(world.rng.randint(2, 4)):
        name = world.names.person()
        row = {**world.rng.choice(ent.rows), "id": len(ent.rows) + 1, "name": name, "email": world.names.email(name)}
        if "joined_on" in row:
            row["joined_on"] = world.today
        if "status" in row:
            row["status"] = "active"
        ent.rows.append(row)


def add_catalog(world: World) -> None:
    d, rng = world.domain, world.rng
    cat_noun = world.nouns["category"]
    category = Entity(
        f"{world.nouns['resource'].snake}_{cat_noun.plural}",
        f"{world.nouns['resource'].snake}_{cat_noun.snake}",
        f"{world.nouns['resource'].words} {cat_noun.words}",
        f"{world.nouns['resource'].words} {cat_noun.plural_words}",
        [Field("name", "text", "name", unique=True), Field("description", "text", "short description", required=False)],
        "name",
        description=f"how {world.nouns['resource'].plural_words} are grouped",
    )
    names = list(d.categories)
    rng.shuffle(names)
    for i, name in enumerate(sorted(names[: rng.randint(min(4, len(names)), min(8, len(names)))]), start=1):
        category.rows.append({"id": i, "name": name, "description": f"{name} {world.nouns['resource'].plural_words}"})
    world.entities["category"] = category
    if "locations" in world.variant.modules:
        _add_locations(world)
    _add_resources(world)


def _add_locations(world: World) -> None:
    noun = world.nouns["location"]
    ent = Entity(
        noun.plural,
        noun.snake,
        noun.words,
        noun.plural_words,
        [
            Field("name", "text", "name", unique=True, mutable=False),
            Field("street", "text", "street address"),
            Field("city", "city", "city"),
            Field("phone", "phone", "phone number", required=False),
        ],
        "name",
        description=f"the {noun.plural_words} where {world.nouns['resource'].plural_words} are offered",
    )
    cities = [world.city] + [c for c, _ in world.rng.sample(words.CITIES, 4) if c != world.city]
    for i in range(1, world.rng.randint(3, 5) + 1):
        city = cities[(i - 1) % len(cities)]
        street = (
            f"{world.rng.randint(10, 990)} {world.rng.choice(words.STREETS)} {world.rng.choice(words.STREET_KINDS)}"
        )
        name = f"{city} {world.rng.choice(words.STREETS)}" if i > 1 else f"{city} Main"
        ent.rows.append({"id": i, "name": name, "street": street, "city": city, "phone": world.names.phone_number()})
    world.entities["location"] = ent


def _resource_names(world: World, count: int) -> list[str]:
    d, rng = world.domain, world.rng
    items = list(d.items)
    rng.shuffle(items)
    names = items[:count]
    editions = list(d.editions or words.EDITIONS)
    tries = 0
    while len(names) < count and tries < 1000:
        tries += 1
        name = f"{rng.choice(items)} ({rng.choice(editions)})"
        if name not in names:
            names.append(name)
    return names


def _add_resources(world: World) -> None:
    d, rng, noun = world.domain, world.rng, world.nouns["resource"]
    cat = world.e("category")
    amount = "stock" if d.mode == "stock" else "capacity"
    amount_label = "units in stock" if d.mode == "stock" else f"capacity ({d.qty or 'places'})"
    lo, hi = (0, 500) if d.mode == "stock" else (1, max(d.capacity[1], 2) * 5)
    fields = [
        Field("name", "text", "name", unique=True, mutable=False),
        Field(f"{cat.singular}_id", "ref", f"{cat.label} id", ref=cat.table),
        Field(
            "price",
            "money",
            "price (in dollars)" + (f" per {d.qty[:-1] if d.qty.endswith('s') else d.qty}" if d.qty else ""),
            hi=d.price[1],
        ),
        Field(amount, "int", amount_label, lo=lo, hi=hi),
        Field("status", "enum", "status", choices=("active", "retired")),
    ]
    if world.has("location"):
        loc = world.e("location")
        fields.insert(2, Field(f"{loc.singular}_id", "ref", f"{loc.label} id", ref=loc.table))
    fields += [parse_field(s) for s in world.variant.resource_extras]
    ent = Entity(noun.plural, noun.snake, noun.words, noun.plural_words, fields, "name")
    ent.description = f"the {noun.plural_words} {world.title} offers"
    ent.refs_display[f"{cat.singular}_id"] = (cat.table, "name")
    if world.has("location"):
        ent.refs_display[f"{world.e('location').singular}_id"] = (world.e("location").table, "name")
    count = rng.randint(min(10, len(d.items)), len(d.items) + 8)
    for i, name in enumerate(_resource_names(world, count), start=1):
        row = {
            "id": i,
            "name": name,
            f"{cat.singular}_id": rng.choice(cat.rows)["id"],
            "price_cents": rng.randint(d.price[0] * 2, d.price[1] * 2) * 50,
            amount: rng.randint(0, 60) if amount == "stock" else rng.randint(*d.capacity),
            "status": "retired" if rng.random() < 0.1 else "active",
        }
        if world.has("location"):
            row[f"{world.e('location').singular}_id"] = rng.choice(world.e("location").rows)["id"]
        for f in fields[len(row) - 1 :]:
            row[f.column] = draw(f, rng, world.names, world.today)
        ent.rows.append(row)
    world.entities["resource"] = ent


def party_tools(world: World) -> None:
    ent = world.e("party")
    filters = [n for n in ("status", "tier", "city") if ent.has(n)] + [
        f.name for f in ent.fields if f.kind == "enum" and f.name not in ("status", "tier")
    ][:1]
    sorts = ["name"] + (["joined_on"] if ent.has("joined_on") else [])
    add_search(world, ent, ["name", "email"], filters, [], sorts)
    add_get(world, ent, "contact details and account information")
    creatable = [f for f in ent.fields if f.name not in ("tier", "status", "joined_on")]
    fixed = {"tier": "'standard'", "status": "'active'", "joined_on": ":_today"}
    fixed = {k: v for k, v in fixed.items() if ent.has(k)}
    add_create(world, ent, creatable, fixed, f"Register a new {ent.label} of {world.title}")
    add_update(world, ent, [f for f in ent.fields if f.mutable], f"Change a {ent.label}'s details")
    blockers = [
        (e, f.column) for e in world.entities.values() for f in e.fields if f.kind == "ref" and f.ref == ent.table
    ]
    add_delete(world, ent, blockers)


def catalog_tools(world: World) -> None:
    cat, res = world.e("category"), world.e("resource")
    add_search(world, cat, ["name"], [], [], ["name"])
    add_create(world, cat, cat.fields, {}, f"Add a new {cat.label}")
    if world.has("location"):
        loc = world.e("location")
        add_search(world, loc, ["name", "city"], [], [], ["name", "city"])
        add_get(world, loc, "address and phone number")
    amount = "stock" if res.has("stock") else "capacity"
    filters = [f.name for f in res.fields if f.kind == "ref"] + ["status"]
    add_search(world, res, ["name"], filters, ["price"], ["name", "price", amount])
    add_get(world, res)
    creatable = [f for f in res.fields if f.name != "status"]
    add_create(world, res, creatable, {"status": "'active'"}, f"Add a new {res.label} to the catalog")
    add_update(world, res, [f for f in res.fields if f.mutable and f.kind != "ref"], f"Change a {res.label}")


# --- tasks ---------------------------------------------------------------------------------------


def party_tasks(world: World) -> None:
    ent, rng = world.e("party"), world.rng
    search = search_name(world, ent)
    row = world.pick(ent.rows)
    field = "phone" if ent.has("phone") and row.get("phone") and rng.random() < 0.5 else "email"
    label = ent.field(field).label
    asks = (f"What {label} do we have on file for {row['name']}?", f"Can you look up {row['name']}'s {label} for me?")
    others = [str(r[field]) for r in ent.rows if r["id"] != row["id"] and r.get(field)]
    own = [str(row[f]) for f in ("email", "phone") if f != field and ent.has(f) and row.get(f)]
    world.tasks.append(
        task(
            "lookup-contact",
            rng.choice(asks),
            [(search, {"query": row["name"]})],
            [world.unchanged_except()],
            answer=[row[field]],
            competing=own + others,
            difficulty="easy",
            tags=["lookup"],
        )
    )
    _update_contact(world, ent, search)
    _create_party(world, ent)
    _delete_party(world, ent, search)


def _update_contact(world: World, ent: Entity, search: str) -> None:
    row = world.pick(ent.rows)
    if ent.has("phone") and world.rng.random() < 0.6:
        field, value = "phone", world.names.phone_number()
        ask = f"{row['name']} has a new phone number, {value}. Please update their profile."
    else:
        first, last = row["name"].lower().split(" ", 1)
        field, value = (
            "email",
            f"{first[0]}{last.replace(' ', '')}@{world.rng.choice(('mailbox.org', 'fastmail.com', 'proton.me'))}",
        )
        ask = f"Please change the email address of {row['name']} to {value}."
    keep = {c: v for c, v in row.items() if c not in ("id", field)}
    world.tasks.append(
        task(
            "update-contact",
            ask,
            [
                (search, {"query": row["name"]}),
                (f"{world.verb('update')}_{ent.singular}", {ent.id_arg: row["id"], field: value}),
            ],
            [
                row_is(ent.table, row["id"], {field: value}, f"{row['name']}'s {field} is {value}"),
                row_is(ent.table, row["id"], keep, "nothing else in the profile changed"),
                others_unchanged(ent.table, [row["id"]]),
                world.unchanged_except("party"),
            ],
            difficulty="easy",
            tags=["write"],
        )
    )


def _create_party(world: World, ent: Entity) -> None:
    name = world.names.person()
    email = world.names.email(name)
    args: dict[str, object] = {"name": name, "email": email}
    text = f"Please register a new {ent.label}: {name}, email {email}"
    if ent.has("phone"):
        args["phone"] = world.names.phone_number()
        text += f", phone {args['phone']}"
    expect = dict(args)
    if ent.has("status"):
        expect["status"] = "active"
    world.tasks.append(
        task(
            "create-party",
            text + ".",
            [(f"{world.verb('create')}_{ent.singular}", args)],
            [
                new_row(ent.table, expect, f"{name} is registered"),
                added(ent.table, 1),
                old_rows_unchanged(ent.table),
                world.unchanged_except("party"),
            ],
            difficulty="easy",
            tags=["write", "create"],
        )
    )


def _delete_party(world: World, ent: Entity, search: str) -> None:
    referenced = {
        r[f.column]
        for e in world.entities.values()
        for f in e.fields
        if f.kind == "ref" and f.ref == ent.table
        for r in e.rows
    }
    free = [r for r in ent.rows if r["id"] not in referenced]
    if not free:
        return
    row = world.pick(free)
    world.tasks.append(
        task(
            "delete-party",
            f"{row['name']} ({row['email']}) asked us to close their profile and delete it. Please remove it.",
            [(search, {"query": row["email"]}), (f"delete_{ent.singular}", {ent.id_arg: row["id"]})],
            [
                (
                    f"SELECT NOT EXISTS (SELECT 1 FROM main.{ent.table} WHERE id = {row['id']})",
                    f"{row['name']} is deleted",
                ),
                others_unchanged(ent.table, [row["id"]]),
                world.unchanged_except("party"),
            ],
            difficulty="easy",
            tags=["write", "delete"],
        )
    )


def catalog_tasks(world: World) -> None:
    res, cat, rng = world.e("resource"), world.e("category"), world.rng
    search = search_name(world, res)
    row = world.pick(res.rows)
    world.tasks.append(
        task(
            "lookup-price",
            f'How much does the {res.label} "{row["name"]}" cost?',
            [(search, {"query": row["name"]})],
            [world.unchanged_except()],
            answer=[money_text(row["price_cents"])],
            competing=[money_text(r["price_cents"]) for r in closest(res.rows, row, "price_cents")],
            difficulty="easy",
            tags=["lookup"],
        )
    )
    _cheapest(world, res, cat)
    row = world.pick([r for r in res.rows if r["status"] == "active"] or res.rows)
    new_price = max(100, row["price_cents"] + rng.choice((-1, 1)) * rng.randint(2, 20) * 50)
    keep = {c: v for c, v in row.items() if c not in ("id", "price_cents")}
    world.tasks.append(
        task(
            "update-price",
            f'We\'re changing our prices: "{row["name"]}" now costs ${money_text(new_price)}. Please update it.',
            [
                (search, {"query": row["name"]}),
                (f"{world.verb('update')}_{res.singular}", {res.id_arg: row["id"], "price": dollars(new_price)}),
            ],
            [
                row_is(res.table, row["id"], {"price_cents": new_price}, f"the price is {money_text(new_price)}"),
                row_is(res.table, row["id"], keep, "nothing else about it changed"),
                others_unchanged(res.table, [row["id"]]),
                world.unchanged_except("resource"),
            ],
            difficulty="easy",
            tags=["write"],
        )
    )
    _create_resource(world, res, cat)


def _cheapest(world: World, res: Entity, cat: Entity) -> None:
    cid = f"{cat.singular}_id"
    for c in world.rng.sample(cat.rows, len(cat.rows)):
        rows = sorted(
            (r for r in res.rows if r[cid] == c["id"] and r["status"] == "active"), key=lambda r: r["price_cents"]
        )
        if len(rows) >= 2 and rows[0]["price_cents"] < rows[1]["price_cents"]:
            break
    else:
        return
    world.tasks.append(
        task(
            "lookup-cheapest",
            f'Which {res.label} in the "{c["name"]}" {cat.label} that is still active is the cheapest? Give me its'
            " name and price.",
            [
                (search_name(world, cat), {"query": c["name"]}),
                (
                    search_name(world, res),
                    {cid: c["id"], "status": "active", "sort_by": "price", "sort_order": "asc", "limit": 5},
                ),
            ],
            [world.unchanged_except()],
            answer=[rows[0]["name"], money_text(rows[0]["price_cents"])],
            competing=[v for r in rows[1:] for v in (r["name"], money_text(r["price_cents"]))],
            difficulty="medium",
            tags=["lookup", "multi-step"],
        )
    )


def _create_resource(world: World, res: Entity, cat: Entity) -> None:
    rng, d = world.rng, world.domain
    taken = {r["name"] for r in res.rows}
    fresh = [f"{item} ({edition})" for edition in words.NEW_EDITIONS for item in d.items]
    name = rng.choice([n for n in fresh if n not in taken])
    c = world.pick(cat.rows)
    price = rng.randint(d.price[0] * 2, d.price[1] * 2) * 50
    amount = "stock" if res.has("stock") else "capacity"
    qty = rng.randint(*d.capacity) if amount == "capacity" else rng.randint(5, 80)
    args = {"name": name, f"{cat.singular}_id": c["id"], "price": dollars(price), amount: qty}
    expect = {"name": name, f"{cat.singular}_id": c["id"], "price_cents": price, amount: qty, "status": "active"}
    if world.has("location"):
        loc = world.pick(world.e("location").rows)
        args[f"{world.e('location').singular}_id"] = loc["id"]
        expect[f"{world.e('location').singular}_id"] = loc["id"]  # the instruction names it: check it
    extra = f" at our {loc['name']} {world.e('location').label}" if world.has("location") else ""
    solution = [(search_name(world, cat), {"query": c["name"]})]
    if world.has("location"):
        solution.append((search_name(world, world.e("location")), {"query": loc["name"]}))
    solution.append((f"{world.verb('create')}_{res.singular}", args))
    world.tasks.append(
        task(
            "create-resource",
            f'Add a new {res.label} called "{name}" to the "{c["name"]}" {cat.label}{extra}: '
            f"${money_text(price)}, {amount} {qty}.",
            solution,
            [
                new_row(res.table, expect, f"{name} exists with those details"),
                added(res.table, 1),
                old_rows_unchanged(res.table),
                world.unchanged_except("resource"),
            ],
            difficulty="medium",
            tags=["write", "create", "multi-step"],
        )
    )
