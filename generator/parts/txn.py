"""The domain's transactions (bookings, orders, enrollments, rentals...): entity, seed rows and tools.

Three modes of counting what is taken: ``per_date`` (a resource's capacity per day, e.g. rooms,
appointments), ``total`` (a fixed number of places, e.g. course seats) and ``stock`` (units on hand,
decremented by an order and restored by a cancellation).
"""

from __future__ import annotations

from generator.blocks import Entity, Field, Row, draw, lit
from generator.calendar import between, shift
from generator.naming import snake
from generator.spec import parse_field
from generator.world import World

MAX_QTY = 20


def states(world: World) -> dict[str, str]:
    initial, active, done, cancelled = world.domain.states
    names = {"initial": initial, "active": active, "done": done, "cancelled": cancelled}
    if world.rules.approval:
        names.update(pending="pending", declined="declined")
    if world.domain.mode == "stock":
        names["returned"] = "returned" if "returned" not in names.values() else "taken_back"
    return names


def return_days(world: World) -> int:
    """Days after the order date within which a finished order can be returned (stock mode)."""
    return (14, 30, 45)[world.seed % 3]


def open_states(world: World) -> list[str]:
    s = states(world)
    return [s[k] for k in ("pending", "initial", "active") if k in s]


def cancellable(world: World) -> list[str]:
    s = states(world)
    return [s[k] for k in ("pending", "initial") if k in s]


def past(verb: str) -> str:
    return verb + ("d" if verb.endswith("e") else "ed")


def in_list(values: list[str]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def date_col(world: World) -> str:
    return snake(world.domain.date_label)


def add_txn(world: World) -> None:
    d, noun = world.domain, world.nouns["txn"]
    party, res = world.e("party"), world.e("resource")
    fields = [
        Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
        Field(res.id_arg, "ref", f"{res.label} id", ref=res.table),
        Field(date_col(world), "date", d.date_label),
    ]
    if d.qty:
        fields.append(Field("quantity", "int", f"number of {d.qty}", lo=1, hi=MAX_QTY))
    fields += [
        Field("total", "money", "total price (in dollars)", hi=d.price[1] * MAX_QTY),
        Field("status", "enum", "status", choices=tuple(states(world).values())),
    ]
    if world.has("staff") and not world.has_module("cases"):
        staff = world.e("staff")
        fields.append(Field(staff.id_arg, "ref", f"assigned {staff.label} id", ref=staff.table, required=False))
    fields += [parse_field(s) for s in world.variant.txn_extras]
    ent = Entity(noun.plural, noun.snake, noun.words, noun.plural_words, fields, date_col(world))
    ent.description = f"{noun.plural_words} made by {party.plural_label}"
    ent.refs_display = {party.id_arg: (party.table, "name"), res.id_arg: (res.table, "name")}
    if world.has("staff") and ent.has(world.e("staff").id_arg):
        ent.refs_display[world.e("staff").id_arg] = (world.e("staff").table, "name")
    world.entities["txn"] = ent
    _seed(world, ent)
    world.facts += _rule_facts(world)


def _rule_facts(world: World) -> list[str]:
    """The transaction rules, said once in the environment's description."""
    d, rules = world.domain, world.rules
    party, txn = world.nouns["party"], world.nouns["txn"]
    facts = []
    if rules.party_limit:
        facts.append(f"A {party.words} may have at most {rules.party_limit} open {txn.plural_words}.")
    if d.mode == "per_date":
        lo, hi = rules.window
        facts.append(f"{txn.title}s can be made from {lo} to {hi} days ahead.")
    if rules.cutoff:
        facts.append(f"Cancellations need at least {rules.cutoff} day(s) notice.")
    if d.mode == "stock":
        facts.append(
            f"{states(world)['done'].capitalize()} {txn.plural_words} can be returned within {return_days(world)} days."
        )
    return facts


def used(world: World, res_id: int, day: str | None, skip: int | None = None) -> int:
    """Places (or units) of a resource taken by open transactions, on ``day`` if per-date."""
    ent, col = world.e("txn"), date_col(world)
    return sum(
        r.get("quantity", 1)
        for r in ent.rows
        if r[world.e("resource").id_arg] == res_id
        and r["status"] in open_states(world)
        and (day is None or r[col] == day)
        and r["id"] != skip
    )


def remaining(world: World, res: Row, day: str | None) -> int:
    if world.domain.mode == "stock":
        return int(res["stock"])
    return int(res["capacity"]) - used(world, res["id"], day if world.domain.mode == "per_date" else None)


def open_count(world: World, party_id: int) -> int:
    pid = world.e("party").id_arg
    return sum(1 for r in world.e("txn").rows if r[pid] == party_id and r["status"] in open_states(world))


def party_can_book(world: World, party: Row, spare: int = 1) -> bool:
    if party.get("status", "active") != "active":
        return False
    limit = world.rules.party_limit
    return not limit or open_count(world, party["id"]) + spare <= limit


def _seed(world: World, ent: Entity) -> None:
    rng, d, s = world.rng, world.domain, states(world)
    party, res = world.e("party"), world.e("resource")
    if d.mode == "total":
        active = [r["id"] for r in res.rows if r["status"] == "active"]
        world.kept_free = frozenset(rng.sample(active, max(2, len(active) // 3)) if len(active) > 2 else [])
    for p in party.rows:
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            r = rng.choice(res.rows)
            if d.mode == "per_date":
                day = shift(world.today, rng.randint(-150, 40))
            else:
                day = shift(world.today, -rng.randint(0, 200))
            status = _status_for(world, day)
            qty = rng.randint(1, min(4, max(1, r.get("capacity", 4)))) if d.qty else 1
            if status in open_states(world) and (
                r["status"] != "active"
                or not party_can_book(world, p)
                or remaining(world, r, day) < qty
                or r["id"] in world.kept_free
            ):
                status = s["cancelled"] if day >= world.today else s["done"]
            _append(world, ent, p, r, day, qty, status)
    _fill_one(world, ent)
    _ensure_states(world, ent)
    if d.mode == "stock":
        _ensure_returnable(world, ent)


def _ensure_returnable(world: World, ent: Entity) -> None:
    """Finished orders both inside and outside the return window, so returns have something to act on."""
    rng, done, col = world.rng, states(world)["done"], date_col(world)
    window = shift(world.today, -return_days(world))
    items = [r for r in world.e("resource").rows if r["status"] == "active"]
    for inside in (False, True):  # the ones inside the window last: the newest rows
        have = sum(1 for r in ent.rows if r["status"] == done and (r[col] >= window) == inside)
        for _ in range(3 - have):
            days = rng.randint(1, return_days(world) - 1) if inside else rng.randint(return_days(world) + 2, 120)
            _append(
                world, ent, rng.choice(world.e("party").rows), rng.choice(items), shift(world.today, -days), 1, done
            )


def _ensure_states(world: World, ent: Entity) -> None:
    """At least three transactions in every state, so every workflow has something to act on."""
    rng, s, mode = world.rng, states(world), world.domain.mode
    items = [r for r in world.e("resource").rows if r["status"] == "active"]
    for key in ("pending", "initial", "active", "done", "cancelled"):
        if key not in s:
            continue
        for _ in range(3 - sum(1 for r in ent.rows if r["status"] == s[key])):
            is_open = s[key] in open_states(world)
            parties = [p for p in world.e("party").rows if not is_open or party_can_book(world, p)]
            if not parties:
                return
            if mode == "per_date":
                offset = {"active": 0, "done": -rng.randint(2, 60), "cancelled": rng.randint(-30, 30)}.get(
                    key, rng.randint(5, 30)
                )
                day = shift(world.today, offset)
            else:
                day = shift(world.today, -rng.randint(0, 10) if is_open else -rng.randint(30, 120))
            res = _roomy(world, items, day) if is_open else rng.choice(items)
            if res is None:
                continue
            _append(world, ent, rng.choice(parties), res, day, 1, s[key])


def _roomy(world: World, items: list[Row], day: str) -> Row | None:
    """An active resource with room on ``day``, sparing the ones kept free (all but one, if need be)."""
    roomy = [r for r in items if remaining(world, r, day) >= 1 and r["id"] not in world.kept_free]
    if not roomy:
        spare = sorted(world.kept_free)[1:]
        roomy = [r for r in items if r["id"] in spare and remaining(world, r, day) >= 1]
    return world.rng.choice(roomy) if roomy else None


def _status_for(world: World, day: str) -> str:
    rng, s, mode = world.rng, states(world), world.domain.mode
    if mode == "per_date":
        if day < world.today:
            return s["done"] if rng.random() < 0.78 else s["cancelled"]
        if day == world.today:
            return s["active"] if rng.random() < 0.5 else s["initial"]
        pick = rng.random()
        if "pending" in s and pick < 0.25:
            return s["pending"]
        return s["cancelled"] if pick > 0.9 else s["initial"]
    age = between(day, world.today)
    pick = rng.random()
    if pick < 0.12:
        return s["cancelled"]
    if age < 20:
        return s["pending"] if "pending" in s and pick < 0.35 else s["initial"] if pick < 0.6 else s["active"]
    return s["done"] if age > 60 or pick < 0.5 else s["active"]


def _append(world: World, ent: Entity, party: Row, res: Row, day: str, qty: int, status: str) -> Row:
    row: Row = {
        "id": len(ent.rows) + 1,
        world.e("party").id_arg: party["id"],
        world.e("resource").id_arg: res["id"],
        date_col(world): day,
        "total_cents": res["price_cents"] * qty,
        "status": status,
    }
    if world.domain.qty:
        row["quantity"] = qty
    for f in ent.fields:
        if f.column not in row:
            row[f.column] = None
            if f.kind in ("enum", "text", "int", "bool") and world.rng.random() < 0.7:
                row[f.column] = draw(f, world.rng, world.names, world.today)
    ent.rows.append(row)
    return row


def _fill_one(world: World, ent: Entity) -> None:
    """Make one resource full (on one day, for per-date) so that capacity rules have something to hit."""
    rng, d = world.rng, world.domain
    active = [r for r in world.e("resource").rows if r["status"] == "active" and r["id"] not in world.kept_free]
    if d.mode == "stock":
        rng.choice(active)["stock"] = rng.randint(0, 2)
        return
    res = rng.choice(active)
    day = shift(world.today, rng.randint(world.rules.window[0] + 3, 25)) if d.mode == "per_date" else world.today
    parties = [p for p in world.e("party").rows]
    rng.shuffle(parties)
    for p in parties:
        left = remaining(world, res, day)
        if left <= 0:
            break
        if party_can_book(world, p):
            qty = min(left, rng.randint(1, 3)) if d.qty else 1
            _append(world, ent, p, res, day, qty, states(world)["initial"])


def reserve_name(world: World) -> str:
    verb, noun = world.domain.verb, world.e("txn").singular
    return f"{'create' if noun.startswith(verb[:5]) else verb}_{noun}"


def summary_name(world: World) -> str:
    return f"get_{world.e('party').singular}_summary"
