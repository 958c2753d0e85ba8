"""A place to stay: room types and rooms, reservations for a party of guests, check-in to a clean room,
a folio of charges, check-out that settles it, and a cancellation policy with a fee."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import between, shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.naming import series
from generator.prices import as_number, dollars, plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, items_of, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

ROOM_STATES = ("clean", "dirty", "occupied", "out-of-service")
STAY_STATES = ("booked", "checked-in", "checked-out", "cancelled")
CHARGES = ("room", "minibar", "restaurant", "parking", "spa", "fee")
EXTRAS = {
    "minibar": (
        ("Sparkling water", 350),
        ("Local craft beer", 850),
        ("Red wine, half bottle", 2400),
        ("Salted nuts", 650),
    ),
    "restaurant": (("Breakfast buffet", 2450), ("Room service dinner", 4875), ("Lunch at the bistro", 3190)),
    "parking": (("Valet parking, one night", 3500), ("Self parking, one night", 1800)),
    "spa": (("Massage, 60 minutes", 13500), ("Sauna pass", 2500)),
}


@dataclass(frozen=True)
class StayPolicy:
    free_cancel_days: int
    max_nights: int


@dataclass(frozen=True)
class StayKit:
    types: str
    availability: str
    rooms: str
    room_status: str
    book: str
    search: str
    get: str
    party: str
    add_guest: str
    change_dates: str
    cancel: str
    check_in: str
    check_out: str
    charge: str
    folio: str


def build_lodging(w: World) -> None:
    guest = w.e("customer")
    types = w.add(
        Entity(
            "room_type",
            w.noun("room_type", "room type"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("category", "category (rooms, suites or cabins)"),
                s.money("nightly_rate", "rate per night (in dollars)"),
                s.integer("max_guests", "most people it sleeps", 1, 12),
                *rating_columns(w),
            ],
            "name",
            "the kinds of room on offer, with their rates",
        )
    )
    rooms = w.add(
        Entity(
            "room",
            w.noun("room"),
            [
                s.code("number", "room number"),
                s.ref(types, mutable=False),
                s.integer("floor", "floor", 0, 40),
                s.enum("status", "housekeeping status", ROOM_STATES),
            ],
            "number",
            "every room, with its housekeeping status",
        )
    )
    stay = w.add(
        Entity(
            "reservation",
            w.noun("reservation"),
            [
                s.code("confirmation", "confirmation code"),
                s.ref(guest),
                s.ref(types),
                s.ref(rooms, label="the assigned room's id", required=False, mutable=True),
                s.day("check_in", "arrival date"),
                s.day("check_out", "departure date"),
                s.integer("guests", "people staying", 1, 12),
                s.enum("status", "status", STAY_STATES),
                s.money("nightly_rate", "agreed rate per night"),
                s.money("total", "room total for the stay"),
                s.day("booked_on", "date booked"),
            ],
            "confirmation",
            f"stays booked by {guest.plural_label}",
        )
    )
    w.add(
        Entity(
            "stay_guest",
            w.noun("stay_guest", "party member"),
            [s.ref(stay), s.person("name", "full name")],
            "name",
            "the other people in each reservation's party",
        )
    )
    w.add(
        Entity(
            "folio_charge",
            w.noun("folio_charge", "folio charge"),
            [
                s.ref(stay),
                s.enum("category", "kind of charge", CHARGES),
                s.text("description", "what it is"),
                s.money("amount", "amount"),
                s.day("posted_on", "date posted"),
            ],
            "description",
            "what each stay is billed",
        )
    )
    w.add(
        Entity(
            "stay_payment",
            w.noun("stay_payment", "stay payment"),
            [
                s.ref(stay),
                s.money("amount", "amount paid"),
                s.enum("method", "how", ("card", "cash", "transfer")),
                s.day("paid_on", "date paid"),
            ],
            "id",
            "what guests paid against their folio",
        )
    )
    policy = StayPolicy(free_cancel_days=w.pick((1, 2, 3, 7)), max_nights=w.pick((14, 21, 28)))
    w.put(policy)
    w.rule("free_cancellation_until_days_before", policy.free_cancel_days)
    w.rule("max_nights_per_stay", policy.max_nights)
    w.put(Reviewable("room_type", "stay"))
    w.fact(
        f"Reservations can be cancelled free of charge until {policy.free_cancel_days} day"
        f"{'s' if policy.free_cancel_days > 1 else ''} before arrival; later cancellations are charged one night. "
        f"Stays are limited to {policy.max_nights} nights and to the room type's maximum number of guests."
    )
    _seed_rooms(w, types, rooms)
    _seed_stays(w)
    _ready_for_arrivals(w)


def _seed_rooms(w: World, types: Entity, rooms: Entity) -> None:
    for category in w.domain.catalog.categories:
        for kind in category.items:
            types.add(
                name=kind.name,
                category=category.name,
                nightly_rate_cents=price(w.rng, kind.low, kind.high),
                max_guests=kind.size or 2,
            )
    floors = w.rng.randint(2, 5)
    for row in types.rows:
        for _ in range(w.rng.randint(2, 5)):
            floor = w.rng.randint(1, floors)
            taken = {r["number"] for r in rooms.rows}
            number = next(str(floor * 100 + k) for k in range(1, 60) if str(floor * 100 + k) not in taken)
            rooms.add(
                number=number,
                **{types.id_arg: row["id"]},
                floor=floor,
                status="out-of-service" if w.chance(0.05) else w.pick(("clean", "clean", "dirty")),
            )


def _seed_stays(w: World) -> None:
    guest, types, rooms, stay = w.e("customer"), w.e("room_type"), w.e("room"), w.e("reservation")
    party, folio, paid = w.e("stay_guest"), w.e("folio_charge"), w.e("stay_payment")
    for k in range(w.rng.randint(30, 60)):
        kind = w.pick(types.rows)
        start = shift(w.today, w.rng.randint(-60, 45) if k >= 6 else (-1, -2, -1, 0, 0, 0)[k])
        nights = w.pick((1, 2, 2, 3, 3, 4, 5, 7)) if k >= 3 else 4
        end = shift(start, nights)
        free = _free_rooms(w, kind, start, end)
        if not free:
            continue
        status = "checked-out" if end <= w.today else "checked-in" if start < w.today else "booked"
        if status != "checked-out" and w.chance(0.08):
            status = "cancelled"
        room = w.pick(free) if status == "checked-in" else None
        if status == "checked-in" and room is None:
            continue
        who = w.pick(guest.rows)
        size = w.rng.randint(1, n(kind, "max_guests"))
        row = stay.add(
            confirmation=f"{w.pick('HKMTW')}{w.rng.randrange(100000, 999999)}",
            **{guest.id_arg: who["id"]},
            **{types.id_arg: kind["id"]},
            **{rooms.id_arg: room["id"] if room else None},
            check_in=start,
            check_out=end,
            guests=size,
            status=status,
            nightly_rate_cents=kind["nightly_rate_cents"],
            total_cents=n(kind, "nightly_rate_cents") * nights,
            booked_on=shift(start, -w.rng.randint(3, 90)),
        )
        if room is not None:
            room["status"] = "occupied"
        for _ in range(size - 1):
            party.add(**{stay.id_arg: row["id"]}, name=w.people.name())
        if status in ("checked-in", "checked-out"):
            _seed_folio(w, row, folio, paid, nights)


def _ready_for_arrivals(w: World) -> None:
    """Today's arrivals find a clean room of their type waiting."""
    rooms, stay, tid = w.e("room"), w.e("reservation"), w.e("room_type").id_arg
    for r in stay.rows:
        if r["status"] == "booked" and str(r["check_in"]) <= w.today:
            mine = [m for m in rooms.rows if m[tid] == r[tid] and m["status"] in ("clean", "dirty")]
            if mine and not any(m["status"] == "clean" for m in mine):
                mine[0]["status"] = "clean"


def _free_rooms(w: World, kind: Row, start: str, end: str) -> list[Row]:
    rooms, stay, types = w.e("room"), w.e("reservation"), w.e("room_type")
    mine = [r for r in rooms.rows if r[types.id_arg] == kind["id"] and r["status"] in ("clean", "dirty")]
    busy = sum(
        1
        for r in stay.rows
        if r[types.id_arg] == kind["id"]
        and r["status"] in ("booked", "checked-in")
        and str(r["check_in"]) < end
        and str(r["check_out"]) > start
    )
    return mine if busy < len(mine) else []


def _seed_folio(w: World, row: Row, folio: Entity, paid: Entity, nights: int) -> None:
    sid = w.e("reservation").id_arg
    total = 0
    for k in range(nights):
        day = shift(str(row["check_in"]), k)
        folio.add(
            **{sid: row["id"]},
            category="room",
            description=f"Room night {day}",
            amount_cents=row["nightly_rate_cents"],
            posted_on=day,
        )
        total += n(row, "nightly_rate_cents")
    for _ in range(w.pick((0, 0, 1, 2))):
        category = w.pick(tuple(EXTRAS))
        what, cents = w.pick(EXTRAS[category])
        folio.add(
            **{sid: row["id"]},
            category=category,
            description=what,
            amount_cents=cents,
            posted_on=shift(str(row["check_in"]), w.rng.randrange(0, nights)),
        )
        total += cents
    if row["status"] == "checked-out":
        paid.add(
            **{sid: row["id"]}, amount_cents=total, method=w.pick(("card", "card", "cash")), paid_on=row["check_out"]
        )


# --- tools ---------------------------------------------------------------------------------------


def lodging_tools(w: World) -> None:
    types, rooms, stay = w.e("room_type"), w.e("room"), w.e("reservation")
    party, folio = w.e("stay_guest"), w.e("folio_charge")
    type_tool = crud.search(
        w,
        types,
        text=["name"],
        filters=["category"],
        ranges=["nightly_rate", "max_guests"],
        sorts=["nightly_rate", "name", "max_guests"],
    )
    room_tool = crud.search(w, rooms, text=["number"], filters=[types.id_arg, "status", "floor"], sorts=["number"])
    status = crud.update(
        w, rooms, [rooms.col("status")], about="Set a room's housekeeping status", name=f"set_{rooms.noun.snake}_status"
    )
    balance = Computed(
        "balance",
        f"(SELECT COALESCE(SUM(amount_cents), 0) FROM {folio.table} f WHERE "
        f"f.{stay.id_arg} = t.id) / 100.0 - (SELECT COALESCE(SUM(amount_cents), 0) FROM "
        f"{w.e('stay_payment').table} p WHERE p.{stay.id_arg} = t.id) / 100.0",
        "number",
    )
    search = crud.search(
        w,
        stay,
        text=["confirmation"],
        filters=[w.e("customer").id_arg, "status", types.id_arg, rooms.id_arg],
        ranges=["check_in"],
        sorts=["check_in", "total"],
    )
    get = crud.get(w, stay, extras=[balance], about="dates, party size, room, status and the folio balance")
    members = crud.search(w, party, scope=[stay.id_arg], sorts=["name"], name=f"list_{stay.noun.snake}_party")
    folio_tool = crud.search(
        w, folio, scope=[stay.id_arg], filters=["category"], sorts=["posted_on"], name=f"list_{stay.noun.snake}_folio"
    )
    w.put(
        StayKit(
            type_tool,
            _availability(w),
            room_tool,
            status,
            _book(w),
            search,
            get,
            members,
            _add_guest(w),
            _change_dates(w),
            _cancel(w),
            _check_in(w),
            _check_out(w),
            _post_charge(w),
            folio_tool,
        )
    )


def _overlap(w: World, alias: str = "r") -> str:
    return (
        f"{alias}.status IN ('booked', 'checked-in') AND {alias}.check_in < :check_out AND "
        f"{alias}.check_out > :check_in"
    )


def _dates(w: World) -> list[Step]:
    pol = w.kit(StayPolicy)
    return [
        check("SELECT :check_out > :check_in", "the departure date must be after the arrival date"),
        check("SELECT :check_in >= :_today", "{check_in} is in the past; today is {_today}"),
        check(
            f"SELECT julianday(:check_out) - julianday(:check_in) <= {pol.max_nights}",
            f"stays are limited to {pol.max_nights} nights",
        ),
    ]


def _availability(w: World) -> str:
    types, rooms, stay = w.e("room_type"), w.e("room"), w.e("reservation")
    tid = types.id_arg
    nights = "CAST(julianday(:check_out) - julianday(:check_in) AS INTEGER)"
    sql = (
        f"SELECT t.id, t.name, t.max_guests, ROUND(t.nightly_rate_cents / 100.0, 2) AS nightly_rate, "
        f"ROUND(t.nightly_rate_cents * {nights} / 100.0, 2) AS stay_total, "
        f"(SELECT COUNT(*) FROM {rooms.table} m WHERE m.{tid} = t.id AND m.status != 'out-of-service') - "
        f"(SELECT COUNT(*) FROM {stay.table} r WHERE r.{tid} = t.id AND {_overlap(w)}) AS rooms_free "
        f"FROM {types.table} t WHERE t.max_guests >= :guests ORDER BY t.nightly_rate_cents, t.id"
    )
    props = {
        "check_in": s.day("check_in", "").input_schema("arrival date"),
        "check_out": s.day("check_out", "").input_schema("departure date"),
        "guests": {"type": "integer", "minimum": 1, "maximum": 12, "default": 1, "description": "people staying"},
    }
    row = obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "max_guests": {"type": "integer"},
            "nightly_rate": {"type": "number"},
            "stay_total": {"type": "number"},
            "rooms_free": {"type": "integer"},
        },
        ["id"],
    )
    text = (
        "Which room types sleep the party and how many of their rooms are free for the whole stay, with the rate "
        "and the stay's room total; cheapest first."
    )
    return w.tool(
        make_tool(
            "check_availability",
            text,
            props,
            ["check_in", "check_out"],
            [*_dates(w), ret(sql, "all")],
            items_of(row),
            read_only=True,
            example={"check_in": shift(w.today, 30), "check_out": shift(w.today, 32)},
        )
    )


def _book(w: World) -> str:
    types, stay, party, guest = w.e("room_type"), w.e("reservation"), w.e("stay_guest"), w.e("customer")
    tid, gid = types.id_arg, guest.id_arg
    props = {
        gid: id_arg(f"the booking {guest.label}'s id"),
        tid: id_arg("the room type's id"),
        "check_in": s.day("check_in", "").input_schema("arrival date"),
        "check_out": s.day("check_out", "").input_schema("departure date"),
        "companions": {
            "type": "array",
            "maxItems": 11,
            "items": {"type": "string", "minLength": 2, "maxLength": 80},
            "default": [],
            "description": "full names of the other people staying",
        },
    }
    nights = "CAST(julianday(:check_out) - julianday(:check_in) AS INTEGER)"
    size = "(1 + json_array_length(COALESCE(:companions, '[]')))"
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {guest.table} WHERE id = :{gid}",
            f"no {guest.label} with id {{{gid}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "kind",
            f"SELECT name, max_guests, nightly_rate_cents AS rate FROM {types.table} WHERE id = :{tid}",
            f"no room type with id {{{tid}}}; {crud.finder_hint(w, 'room_type')}",
        ),
        *_dates(w),
        check(f"SELECT {size} <= :kind__max_guests", "{kind__name} sleeps at most {kind__max_guests}"),
        query(
            "free",
            f"SELECT (SELECT COUNT(*) FROM {w.e('room').table} m WHERE m.{tid} = :{tid} AND "
            f"m.status != 'out-of-service') - (SELECT COUNT(*) FROM {stay.table} r WHERE r.{tid} = :{tid} AND "
            f"{_overlap(w)}) AS rooms",
        ),
        check(
            "SELECT :free__rooms > 0",
            "no {kind__name} is free from {check_in} to {check_out}; try other dates or another room type",
        ),
        execute(
            f"INSERT INTO {stay.table} (confirmation, {gid}, {tid}, check_in, check_out, guests, status, "
            f"nightly_rate_cents, total_cents, booked_on) VALUES (printf('R%06d', 100000 + (SELECT COUNT(*) FROM "
            f"{stay.table}) * 37), :{gid}, :{tid}, :check_in, :check_out, {size}, 'booked', :kind__rate, "
            f":kind__rate * {nights}, :_today)"
        ),
        execute(
            f"INSERT INTO {party.table} ({stay.id_arg}, name) SELECT (SELECT MAX(id) FROM {stay.table}), value "
            "FROM json_each(COALESCE(:companions, '[]'))"
        ),
        ret(f"SELECT {select_list(w, stay)} FROM {stay.table} t WHERE t.id = (SELECT MAX(id) FROM {stay.table})"),
    ]
    text = (
        f"Book a stay for {guest.noun.a()} and the people with them: checks the dates, the room type's capacity "
        "and that a room is free every night; the rate is today's."
    )
    example = {
        gid: guest.rows[0]["id"],
        tid: types.rows[0]["id"],
        "check_in": shift(w.today, 40),
        "check_out": shift(w.today, 41),
    }
    return w.tool(
        make_tool(
            "book_stay", text, props, [gid, tid, "check_in", "check_out"], program, row_schema(w, stay), example=example
        )
    )


def _stay_steps(w: World, allowed: tuple[str, ...], what: str) -> list[Step]:
    stay = w.e("reservation")
    listed = ", ".join(f"'{a}'" for a in allowed)
    return [
        query(
            "st",
            f"SELECT confirmation, status, check_in, check_out, guests, nightly_rate_cents AS rate, "
            f"{w.e('room_type').id_arg} AS kind, {w.e('room').id_arg} AS room FROM {stay.table} "
            f"WHERE id = :{stay.id_arg}",
            f"no reservation with id {{{stay.id_arg}}}; {crud.finder_hint(w, 'reservation')}",
        ),
        check(f"SELECT :st__status IN ({listed})", f"reservation {{st__confirmation}} is {{st__status}}; {what}"),
    ]


def _add_guest(w: World) -> str:
    stay, party = w.e("reservation"), w.e("stay_guest")
    sid = stay.id_arg
    props = {
        sid: id_arg("the reservation's id"),
        "name": {"type": "string", "minLength": 2, "maxLength": 80, "description": "full name of the person joining"},
    }
    program: list[Step] = [
        *_stay_steps(w, ("booked", "checked-in"), "only upcoming or current stays can change"),
        query("cap", f"SELECT name, max_guests FROM {w.e('room_type').table} WHERE id = :st__kind"),
        check(
            "SELECT :st__guests < :cap__max_guests", "{cap__name} sleeps at most {cap__max_guests}; the party is full"
        ),
        execute(f"INSERT INTO {party.table} ({sid}, name) VALUES (:{sid}, :name)"),
        execute(f"UPDATE {stay.table} SET guests = guests + 1 WHERE id = :{sid}"),
        ret(f"SELECT {select_list(w, stay)} FROM {stay.table} t WHERE t.id = :{sid}"),
    ]
    return w.tool(
        make_tool(
            "add_party_member",
            "Add a person to a reservation's party, within the room's capacity.",
            props,
            list(props),
            program,
            row_schema(w, stay),
        )
    )


def _change_dates(w: World) -> str:
    stay = w.e("reservation")
    sid, tid = stay.id_arg, w.e("room_type").id_arg
    props = {
        sid: id_arg("the reservation's id"),
        "check_in": s.day("check_in", "").input_schema("new arrival date"),
        "check_out": s.day("check_out", "").input_schema("new departure date"),
    }
    nights = "CAST(julianday(:check_out) - julianday(:check_in) AS INTEGER)"
    program: list[Step] = [
        *_stay_steps(w, ("booked",), "only stays that have not started can move"),
        *_dates(w),
        query(
            "free",
            f"SELECT (SELECT COUNT(*) FROM {w.e('room').table} m WHERE m.{tid} = :st__kind AND "
            f"m.status != 'out-of-service') - (SELECT COUNT(*) FROM {stay.table} r WHERE r.{tid} = :st__kind "
            f"AND r.id != :{sid} AND {_overlap(w)}) AS rooms",
        ),
        check("SELECT :free__rooms > 0", "no room of that type is free from {check_in} to {check_out}"),
        execute(
            f"UPDATE {stay.table} SET check_in = :check_in, check_out = :check_out, total_cents = nightly_rate_cents "
            f"* {nights} WHERE id = :{sid}"
        ),
        ret(f"SELECT {select_list(w, stay)} FROM {stay.table} t WHERE t.id = :{sid}"),
    ]
    text = "Move an upcoming reservation to new dates (same room type and rate), if a room is free; the total follows."
    example = next(
        (
            {sid: r["id"], "check_in": r["check_in"], "check_out": r["check_out"]}
            for r in stay.rows
            if r["status"] == "booked" and str(r["check_in"]) >= w.today
        ),
        None,
    )
    return w.tool(
        make_tool("change_stay_dates", text, props, list(props), program, row_schema(w, stay), example=example)
    )


def _cancel(w: World) -> str:
    stay, folio = w.e("reservation"), w.e("folio_charge")
    sid = stay.id_arg
    days = w.kit(StayPolicy).free_cancel_days
    program: list[Step] = [
        *_stay_steps(w, ("booked",), "only stays that have not started can be cancelled"),
        execute(
            f"INSERT INTO {folio.table} ({sid}, category, description, amount_cents, posted_on) SELECT :{sid}, "
            f"'fee', 'Late cancellation, one night', :st__rate, :_today WHERE :_today > date(:st__check_in, "
            f"'-{days} days')"
        ),
        execute(f"UPDATE {stay.table} SET status = 'cancelled' WHERE id = :{sid}"),
        ret(f"SELECT {select_list(w, stay)} FROM {stay.table} t WHERE t.id = :{sid}"),
    ]
    example = next(({sid: r["id"]} for r in stay.rows if r["status"] == "booked"), None)
    text = (
        f"Cancel a reservation that has not started. Free until {days} day{'s' if days > 1 else ''} before "
        "arrival; after that one night is charged to the folio."
    )
    return w.tool(
        make_tool(
            "cancel_reservation",
            text,
            {sid: id_arg("the reservation's id")},
            [sid],
            program,
            row_schema(w, stay),
            destructive=True,
            example=example,
        )
    )


def _check_in(w: World) -> str:
    stay, rooms, folio = w.e("reservation"), w.e("room"), w.e("folio_charge")
    sid, rid, tid = stay.id_arg, rooms.id_arg, w.e("room_type").id_arg
    props = {sid: id_arg("the reservation's id"), rid: id_arg("the room to give them")}
    program: list[Step] = [
        *_stay_steps(w, ("booked",), "only booked stays can check in"),
        check("SELECT :st__check_in <= :_today", "this stay starts on {st__check_in}; it cannot check in before"),
        query(
            "rm",
            f"SELECT number, status, {tid} AS kind FROM {rooms.table} WHERE id = :{rid}",
            f"no room with id {{{rid}}}; {crud.finder_hint(w, 'room')}",
        ),
        check("SELECT :rm__kind = :st__kind", "room {rm__number} is not of the booked room type"),
        check("SELECT :rm__status = 'clean'", "room {rm__number} is {rm__status}; give them a clean room"),
        execute(f"UPDATE {rooms.table} SET status = 'occupied' WHERE id = :{rid}"),
        execute(f"UPDATE {stay.table} SET status = 'checked-in', {rid} = :{rid} WHERE id = :{sid}"),
        execute(
            f"INSERT INTO {folio.table} ({sid}, category, description, amount_cents, posted_on) "
            f"WITH RECURSIVE nights(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM nights WHERE k + 1 < "
            f"julianday(:st__check_out) - julianday(:st__check_in)) SELECT :{sid}, 'room', 'Room night ' || "
            f"date(:st__check_in, '+' || k || ' days'), :st__rate, date(:st__check_in, '+' || k || ' days') "
            "FROM nights"
        ),
        ret(f"SELECT {select_list(w, stay)} FROM {stay.table} t WHERE t.id = :{sid}"),
    ]
    text = (
        "Check a guest in to a clean room of the booked type on or after the arrival date; the room becomes "
        "occupied and every night of the stay is posted to the folio."
    )
    return w.tool(
        make_tool("check_in_stay", text, props, list(props), program, row_schema(w, stay), example=_arrival_example(w))
    )


def _arrival_example(w: World) -> dict[str, object] | None:
    stay, rooms, tid = w.e("reservation"), w.e("room"), w.e("room_type").id_arg
    for r in stay.rows:
        if r["status"] == "booked" and str(r["check_in"]) <= w.today:
            for m in rooms.rows:
                if m[tid] == r[tid] and m["status"] == "clean":
                    return {stay.id_arg: r["id"], rooms.id_arg: m["id"]}
    return None


def _check_out(w: World) -> str:
    stay, rooms, folio, paid = w.e("reservation"), w.e("room"), w.e("folio_charge"), w.e("stay_payment")
    sid = stay.id_arg
    props = {
        sid: id_arg("the reservation's id"),
        "method": {"type": "string", "enum": ["card", "cash", "transfer"], "description": "how they pay"},
    }
    due = (
        f"(SELECT COALESCE(SUM(amount_cents), 0) FROM {folio.table} WHERE {sid} = :{sid}) - "
        f"(SELECT COALESCE(SUM(amount_cents), 0) FROM {paid.table} WHERE {sid} = :{sid})"
    )
    program: list[Step] = [
        *_stay_steps(w, ("checked-in",), "only guests who are checked in can check out"),
        query("due", f"SELECT {due} AS cents"),
        execute(
            f"INSERT INTO {paid.table} ({sid}, amount_cents, method, paid_on) SELECT :{sid}, :due__cents, :method, "
            ":_today WHERE :due__cents > 0"
        ),
        execute(f"UPDATE {rooms.table} SET status = 'dirty' WHERE id = :st__room"),
        execute(f"UPDATE {stay.table} SET status = 'checked-out' WHERE id = :{sid}"),
        ret(
            f"SELECT t.id, t.confirmation, t.status, ROUND(:due__cents / 100.0, 2) AS paid_now FROM {stay.table} t "
            f"WHERE t.id = :{sid}"
        ),
    ]
    output = obj(
        {
            "id": {"type": "integer"},
            "confirmation": {"type": "string"},
            "status": {"type": "string"},
            "paid_now": {"type": "number"},
        },
        ["id", "confirmation", "status", "paid_now"],
    )
    example = next(({sid: r["id"], "method": "card"} for r in stay.rows if r["status"] == "checked-in"), None)
    text = "Check a guest out: the folio balance is paid, the room goes to housekeeping (dirty)."
    return w.tool(make_tool("check_out_stay", text, props, list(props), program, output, example=example))


def _post_charge(w: World) -> str:
    stay, folio = w.e("reservation"), w.e("folio_charge")
    sid = stay.id_arg
    props = {
        sid: id_arg("the reservation's id"),
        "category": {
            "type": "string",
            "enum": [c for c in CHARGES if c not in ("room", "fee")],
            "description": "kind of charge",
        },
        "description": {"type": "string", "minLength": 2, "maxLength": 120, "description": "what it is"},
        "amount": {"type": "number", "minimum": 0.01, "maximum": 10000, "description": "in dollars"},
    }
    program: list[Step] = [
        *_stay_steps(w, ("checked-in",), "charges go only on the folio of a guest who is checked in"),
        execute(
            f"INSERT INTO {folio.table} ({sid}, category, description, amount_cents, posted_on) VALUES (:{sid}, "
            ":category, :description, CAST(ROUND(:amount * 100) AS INTEGER), :_today)"
        ),
        ret(f"SELECT {select_list(w, folio)} FROM {folio.table} t WHERE t.id = (SELECT MAX(id) FROM {folio.table})"),
    ]
    example = next(
        (
            {sid: r["id"], "category": "minibar", "description": "Sparkling water", "amount": 3.5}
            for r in stay.rows
            if r["status"] == "checked-in"
        ),
        None,
    )
    return w.tool(
        make_tool(
            "post_folio_charge",
            "Put a charge (minibar, restaurant, parking, spa) on a current guest's folio.",
            props,
            list(props),
            program,
            row_schema(w, folio),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _future_window(w: World, kind: Row, nights: int) -> str | None:
    for _ in range(15):
        start = shift(w.today, w.rng.randint(5, 40))
        if _free_rooms(w, kind, start, shift(start, nights)):
            return start
    return None


def _book_party(w: World) -> TaskCandidate | None:
    kit, types, guest = w.kit(StayKit), w.e("room_type"), w.e("customer")
    kind = w.pick([t for t in types.rows if n(t, "max_guests") >= 2])
    nights = w.pick((2, 3, 4))
    start = _future_window(w, kind, nights)
    if start is None:
        return None
    end = shift(start, nights)
    person = w.pick(guest.rows)
    others = [w.people.name() for _ in range(w.rng.randint(1, n(kind, "max_guests") - 1))]
    v = voice(w, person)
    text = v.say(f"Please book a {kind['name']} from {start} to {end} for {series([v.me, *others])}.")
    calls = [
        find(w, "customer", person, "email"),
        call(kit.availability, check_in=start, check_out=end, guests=1 + len(others)),
        call(
            kit.book,
            **{
                guest.id_arg: person["id"],
                types.id_arg: kind["id"],
                "check_in": start,
                "check_out": end,
                "companions": others,
            },
        ),
    ]
    return TaskCandidate(
        kind="book-stay-party", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-party"]
    )


def _cheapest_available(w: World) -> TaskCandidate | None:
    kit, types = w.kit(StayKit), w.e("room_type")
    size = w.pick((2, 3, 4))
    nights = w.pick((2, 3))
    start = shift(w.today, w.rng.randint(3, 30))
    end = shift(start, nights)
    fits = sorted(
        (t for t in types.rows if n(t, "max_guests") >= size and _free_rooms(w, t, start, end)),
        key=lambda t: (n(t, "nightly_rate_cents"), n(t, "id")),
    )
    if len(fits) < 2 or fits[0]["nightly_rate_cents"] == fits[1]["nightly_rate_cents"]:
        return None
    best = fits[0]
    text = (
        f"For {size} people arriving {start} and leaving {end}, what is the cheapest room type we still have free, "
        "and what would the room total for the stay be?"
    )
    calls = [call(kit.availability, check_in=start, check_out=end, guests=size)]
    return TaskCandidate(
        kind="cheapest-free-room",
        instruction=text,
        calls=calls,
        answer=[str(best["name"]), plain(n(best, "nightly_rate_cents") * nights)],
        competing=[str(t["name"]) for t in fits[1:]] + [plain(n(t, "nightly_rate_cents") * nights) for t in fits[1:]],
        difficulty="medium",
        tags=["lookup", "availability"],
    )


def _cancel_if_free(w: World) -> TaskCandidate | None:
    kit, stay, guest = w.kit(StayKit), w.e("reservation"), w.e("customer")
    days = w.kit(StayPolicy).free_cancel_days
    booked = [r for r in stay.rows if r["status"] == "booked"]
    free = [r for r in booked if w.today <= shift(str(r["check_in"]), -days)]
    late = [r for r in booked if w.today > shift(str(r["check_in"]), -days)]
    branch = "then" if w.chance(0.5) else "else"
    pool = free if branch == "then" else late
    if not pool:
        return None
    r = w.pick(pool)
    person = guest.by_id(r[guest.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Please cancel reservation {r['confirmation']} if it can still be cancelled free of charge. If a "
        f"fee would apply, keep the booking and tell {v.me} how much the fee would be."
    )
    holds = branch == "then"
    return branching(
        "cancel-stay-if-free",
        text,
        condition="free-cancellation",
        holds=holds,
        reads=[call(kit.search, query=str(r["confirmation"]))],
        then=[call(kit.cancel, **{stay.id_arg: r["id"]})],
        otherwise=[],
        answer=[] if holds else [plain(n(r, "nightly_rate_cents"))],
        competing=[] if holds else [plain(n(r, "total_cents"))],
        tags=["conditional", "policy"],
    )


def _cancel_refused(w: World) -> TaskCandidate | None:
    kit, stay, guest = w.kit(StayKit), w.e("reservation"), w.e("customer")
    pool = [r for r in stay.rows if r["status"] in ("checked-out", "checked-in")]
    if not pool:
        return None
    r = w.pick(pool)
    person = guest.by_id(r[guest.id_arg])
    v = voice(w, person)
    text = v.say(f"Please cancel reservation {r['confirmation']} and refund it.")
    return refusing(
        "cancel-stay-refused",
        text,
        reads=[call(kit.search, query=str(r["confirmation"]))],
        complying=[call(kit.cancel, **{stay.id_arg: r["id"]})],
        reason=f"only booked stays can be cancelled; this one is {r['status']}",
        answer=[str(r["status"])],
        competing=[x for x in STAY_STATES if x != r["status"]],
        tags=["reservations"],
    )


def _extend(w: World) -> TaskCandidate | None:
    kit, stay, guest, types = w.kit(StayKit), w.e("reservation"), w.e("customer"), w.e("room_type")
    for r in shuffled(w, [r for r in stay.rows if r["status"] == "booked"]):
        extra = w.pick((1, 2))
        end = shift(str(r["check_out"]), extra)
        kind = types.by_id(r[types.id_arg])
        busy = sum(
            1
            for x in stay.rows
            if x is not r
            and x[types.id_arg] == kind["id"]
            and x["status"] in ("booked", "checked-in")
            and str(x["check_in"]) < end
            and str(x["check_out"]) > str(r["check_in"])
        )
        rooms = sum(1 for m in w.e("room").rows if m[types.id_arg] == kind["id"] and m["status"] != "out-of-service")
        if busy < rooms and between(str(r["check_in"]), end) <= w.kit(StayPolicy).max_nights:
            break
    else:
        return None
    person = guest.by_id(r[guest.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Could you extend reservation {r['confirmation']} by {extra} night{'s' if extra > 1 else ''}, "
        f"leaving on {end} instead? Tell {v.me} the new room total."
    )
    new_total = n(r, "nightly_rate_cents") * between(str(r["check_in"]), end)
    calls = [
        call(kit.search, query=str(r["confirmation"])),
        call(kit.change_dates, **{stay.id_arg: r["id"], "check_in": r["check_in"], "check_out": end}),
    ]
    return TaskCandidate(
        kind="extend-stay",
        instruction=text,
        calls=calls,
        answer=[plain(new_total)],
        competing=[plain(n(r, "total_cents"))],
        difficulty="medium",
        tags=["write", "ripple"],
    )


def _arrival(w: World) -> TaskCandidate | None:
    kit, stay, rooms, types = w.kit(StayKit), w.e("reservation"), w.e("room"), w.e("room_type")
    for r in shuffled(w, [r for r in stay.rows if r["status"] == "booked" and str(r["check_in"]) <= w.today]):
        clean = sorted(
            (m for m in rooms.rows if m[types.id_arg] == r[types.id_arg] and m["status"] == "clean"),
            key=lambda m: str(m["number"]),
        )
        if clean:
            break
    else:
        return None
    person = w.e("customer").by_id(r[w.e("customer").id_arg])
    text = (
        f"{person['name']} has just arrived for reservation {r['confirmation']}. Check them in to the clean room "
        "of their booked type with the lowest room number, and tell me the room number."
    )
    calls = [
        call(kit.search, query=str(r["confirmation"])),
        call(kit.rooms, **{types.id_arg: r[types.id_arg], "status": "clean", "sort_by": "number"}),
        call(kit.check_in, **{stay.id_arg: r["id"], rooms.id_arg: clean[0]["id"]}),
    ]
    return TaskCandidate(
        kind="check-in-arrival",
        instruction=text,
        calls=calls,
        answer=[str(clean[0]["number"])],
        competing=[str(m["number"]) for m in clean[1:]],
        difficulty="medium",
        tags=["write", "workflow"],
    )


def _checkout(w: World) -> TaskCandidate | None:
    kit, stay = w.kit(StayKit), w.e("reservation")
    pool = [r for r in stay.rows if r["status"] == "checked-in"]
    if not pool:
        return None
    r = w.pick(pool)
    charges = sum(n(f, "amount_cents") for f in w.e("folio_charge").rows if f[stay.id_arg] == r["id"])
    method = w.pick(("card", "cash"))
    text = (
        f"The guests of reservation {r['confirmation']} are leaving. Check them out, paying the balance by "
        f"{method}, and tell me how much they paid."
    )
    calls = [
        call(kit.search, query=str(r["confirmation"])),
        call(kit.folio, **{stay.id_arg: r["id"]}),
        call(kit.check_out, **{stay.id_arg: r["id"], "method": method}),
    ]
    return TaskCandidate(
        kind="check-out-and-settle",
        instruction=text,
        calls=calls,
        answer=[plain(charges)],
        competing=others(
            [plain(n(r, "total_cents")), plain(n(r, "nightly_rate_cents"))]
            + [plain(n(x, "total_cents")) for x in stay.rows],
            [plain(charges)],
        ),
        difficulty="medium",
        tags=["write", "workflow", "report"],
    )


def _minibar(w: World) -> TaskCandidate | None:
    kit, stay, rooms = w.kit(StayKit), w.e("reservation"), w.e("room")
    pool = [r for r in stay.rows if r["status"] == "checked-in" and r[rooms.id_arg]]
    if not pool:
        return None
    r = w.pick(pool)
    room = rooms.by_id(r[rooms.id_arg])
    picks = w.rng.sample(EXTRAS["minibar"], w.pick((2, 3)))
    listed = ", ".join(f"{what} ({dollars(cents)})" for what, cents in picks)
    text = f"Housekeeping reports minibar use in room {room['number']}: {listed}. Put each item on that guest's folio."
    calls = [
        call(kit.rooms, query=str(room["number"])),
        call(kit.search, status="checked-in", **{rooms.id_arg: room["id"]}),
    ]
    calls += [
        call(
            kit.charge, **{stay.id_arg: r["id"], "category": "minibar", "description": what, "amount": as_number(cents)}
        )
        for what, cents in picks
    ]
    return TaskCandidate(
        kind="post-minibar", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-item"]
    )


def _housekeeping(w: World) -> TaskCandidate | None:
    kit, rooms = w.kit(StayKit), w.e("room")
    floors = sorted({n(r, "floor") for r in rooms.rows})
    for floor in shuffled(w, floors):
        dirty = [r for r in rooms.rows if r["floor"] == floor and r["status"] == "dirty"]
        if 2 <= len(dirty) <= 8 and any(r["status"] == "dirty" and r["floor"] != floor for r in rooms.rows):
            break
    else:
        return None
    text = (
        f"Housekeeping has finished floor {floor}: mark every dirty room on that floor as clean. Other floors "
        "are still being done."
    )
    calls = [call(kit.rooms, floor=floor, status="dirty")]
    calls += [call(kit.room_status, **{rooms.id_arg: r["id"], "status": "clean"}) for r in dirty]
    return TaskCandidate(
        kind="floor-cleaned", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "keep-others"]
    )


def _full_party(w: World) -> TaskCandidate | None:
    """Adding one more person would break the room's capacity: refuse, and say the limit."""
    kit, stay, types = w.kit(StayKit), w.e("reservation"), w.e("room_type")
    pool = [
        r
        for r in stay.rows
        if r["status"] == "booked" and n(r, "guests") >= n(types.by_id(r[types.id_arg]), "max_guests")
    ]
    if not pool:
        return None
    r = w.pick(pool)
    kind = types.by_id(r[types.id_arg])
    person = w.e("customer").by_id(r[w.e("customer").id_arg])
    v = voice(w, person)
    newcomer = w.people.name()
    text = v.say(f"Please add {newcomer} to reservation {r['confirmation']}.")
    calls = [call(kit.search, query=str(r["confirmation"])), call(kit.party, **{stay.id_arg: r["id"]})]
    return refusing(
        "party-full-refused",
        text,
        reads=calls,
        complying=[call(kit.add_guest, **{stay.id_arg: r["id"], "name": newcomer})],
        reason=f"a {kind['name']} sleeps at most {kind['max_guests']}",
        answer=[str(kind["max_guests"])],
        competing=sorted({str(t["max_guests"]) for t in types.rows} - {str(kind["max_guests"])}),
        tags=["reservations"],
    )


LODGING = Module(
    key="lodging",
    about="room types, rooms, reservations with parties, folios, check-in and check-out",
    fits=frozenset({"lodging", "travel_agency"}),
    build=build_lodging,
    tools=lodging_tools,
    tasks=(
        TaskKind("book-stay-party", _book_party),
        TaskKind("cheapest-free-room", _cheapest_available),
        TaskKind("cancel-stay-if-free", _cancel_if_free),
        TaskKind("cancel-stay-refused", _cancel_refused),
        TaskKind("extend-stay", _extend),
        TaskKind("check-in-arrival", _arrival),
        TaskKind("check-out-and-settle", _checkout),
        TaskKind("post-minibar", _minibar),
        TaskKind("floor-cleaned", _housekeeping),
        TaskKind("party-full-refused", _full_party),
    ),
    needs=("customers",),
)
