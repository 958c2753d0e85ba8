"""Tables at the restaurants: dining tables with seats and an area, and bookings for one of three evening
sittings. A party needs a table with enough seats, a table takes one party per sitting, and a booking can
be moved to another table or sitting while one is free.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ahead, find, n, others, shuffled
from generator.modules.food import FoodKit
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, items_of, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

AREAS = ("main room", "window", "patio", "bar", "private room")


@dataclass(frozen=True)
class Sittings:
    times: tuple[str, ...]


@dataclass(frozen=True)
class DiningKit:
    tables: str
    bookings: str
    free: str
    book: str
    move: str
    cancel: str


def build_dining(w: World) -> None:
    rest, cust = w.e("restaurant"), w.e("customer")
    sittings = Sittings(w.pick((("17:30", "19:30", "21:30"), ("18:00", "20:00", "22:00"), ("17:00", "19:00", "21:00"))))
    w.put(sittings)
    table = w.add(
        Entity(
            "dining_table",
            w.noun("dining_table", "table"),
            [
                s.ref(rest),
                s.text("label", "table name"),
                s.integer("seats", "seats", 1, 20),
                s.enum("area", "where it is", AREAS),
            ],
            "label",
            "tables at each restaurant",
            table="dining_tables",
        )
    )
    booking = w.add(
        Entity(
            "table_booking",
            w.noun("table_booking", "table booking"),
            [
                s.ref(cust),
                s.ref(table),
                s.day("day", "date"),
                s.clock("sitting", "sitting (start time)"),
                s.integer("party_size", "people", 1, 20),
                s.enum("status", "booked or cancelled", ("booked", "cancelled")),
            ],
            "id",
            "table reservations",
        )
    )
    w.fact(
        f"Tables are booked for one of three sittings ({', '.join(sittings.times)}); a table takes one party per "
        "sitting, and the party may not outnumber its seats."
    )
    w.rule("sittings", ", ".join(sittings.times))
    for r in rest.rows:
        for k in range(w.rng.randint(4, 9)):
            table.add(
                **{rest.id_arg: r["id"]},
                label=f"T{k + 1}",
                seats=w.pick((2, 2, 4, 4, 4, 6, 8)),
                area=w.pick(AREAS[:4]) if k < 8 else "private room",
            )
    taken: set[tuple[object, str, str]] = set()
    for person in shuffled(w, cust.rows)[: w.rng.randint(15, 35)]:
        t = w.pick(table.rows)
        day, sitting = days_ahead(w, 0, 10), w.pick(sittings.times)
        if (t["id"], day, sitting) in taken:
            continue
        taken.add((t["id"], day, sitting))
        booking.add(
            **{cust.id_arg: person["id"], table.id_arg: t["id"]},
            day=day,
            sitting=sitting,
            party_size=w.rng.randint(1, n(t, "seats")),
            status="cancelled" if w.chance(0.1) else "booked",
        )


# --- tools ---------------------------------------------------------------------------------------


def dining_tools(w: World) -> None:
    table, booking, rest, cust = w.e("dining_table"), w.e("table_booking"), w.e("restaurant"), w.e("customer")
    tables = crud.search(
        w, table, text=["label"], filters=[rest.id_arg, "area"], ranges=["seats"], sorts=["seats", "label"]
    )
    bookings = crud.search(
        w, booking, filters=[cust.id_arg, table.id_arg, "status"], ranges=["day"], sorts=["day", "sitting"]
    )
    w.put(DiningKit(tables, bookings, _free(w), _book(w), _move(w), _cancel(w)))


def _sitting_arg(w: World) -> JsonSchema:
    return {"type": "string", "enum": list(w.kit(Sittings).times), "description": "the sitting's start time"}


def _free(w: World) -> str:
    table, booking, rest = w.e("dining_table"), w.e("table_booking"), w.e("restaurant")
    props: dict[str, JsonSchema] = {
        rest.id_arg: id_arg("the restaurant's id"),
        "day": s.day("day", "").input_schema("date"),
        "sitting": _sitting_arg(w),
        "party_size": {"type": "integer", "minimum": 1, "maximum": 20, "description": "only tables this big"},
    }
    program: list[Step] = [
        crud.exists(w, rest),
        ret(
            f"SELECT t.id AS {table.id_arg}, t.label, t.seats, t.area FROM {table.table} t WHERE t.{rest.id_arg} = "
            f":{rest.id_arg} AND t.seats >= COALESCE(:party_size, 1) AND NOT EXISTS (SELECT 1 FROM {booking.table} b "
            f"WHERE b.{table.id_arg} = t.id AND b.day = :day AND b.sitting = :sitting AND b.status = 'booked') "
            "ORDER BY t.seats, t.label",
            "all",
        ),
    ]
    row = obj(
        {
            table.id_arg: {"type": "integer"},
            "label": {"type": "string"},
            "seats": {"type": "integer"},
            "area": {"type": "string"},
        },
        [table.id_arg, "label", "seats"],
    )
    return w.tool(
        make_tool(
            "find_free_tables",
            "The tables of a restaurant still free at a sitting, smallest first (optionally only those that seat a "
            "party of a given size).",
            props,
            [rest.id_arg, "day", "sitting"],
            program,
            items_of(row),
            read_only=True,
        )
    )


def _slot_checks(w: World, table_arg: str, own: str = "") -> list[Step]:
    booking = w.e("table_booking")
    other = f" AND id != :{own}" if own else ""
    return [
        check("SELECT :day >= :_today", "tables are booked from today on"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {booking.table} WHERE {w.e('dining_table').id_arg} = {table_arg} AND "
            f"day = :day AND sitting = :sitting AND status = 'booked'{other})",
            "that table is taken at {sitting} on {day}",
        ),
    ]


def _book(w: World) -> str:
    table, booking, cust = w.e("dining_table"), w.e("table_booking"), w.e("customer")
    tid = table.id_arg
    props: dict[str, JsonSchema] = {
        cust.id_arg: id_arg(f"the {cust.label}'s id"),
        tid: id_arg("the table's id"),
        "day": s.day("day", "").input_schema("date"),
        "sitting": _sitting_arg(w),
        "party_size": {"type": "integer", "minimum": 1, "maximum": 20, "description": "people"},
    }
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query("t", f"SELECT label, seats FROM {table.table} WHERE id = :{tid}", f"no table with id {{{tid}}}"),
        check("SELECT :party_size <= :t__seats", "table {t__label} seats {t__seats}"),
        *_slot_checks(w, f":{tid}"),
        execute(
            f"INSERT INTO {booking.table} ({cust.id_arg}, {tid}, day, sitting, party_size, status) VALUES "
            f"(:{cust.id_arg}, :{tid}, :day, :sitting, :party_size, 'booked')"
        ),
        ret(
            f"SELECT {select_list(w, booking)} FROM {booking.table} t "
            f"WHERE t.id = (SELECT MAX(id) FROM {booking.table})"
        ),
    ]
    example = {
        cust.id_arg: cust.rows[0]["id"],
        tid: table.rows[0]["id"],
        "day": days_ahead(w, 30, 40),
        "sitting": w.kit(Sittings).times[0],
        "party_size": 1,
    }
    return w.tool(
        make_tool(
            "book_table",
            "Reserve a table for a party at a sitting (from today on); the table must seat them and be free.",
            props,
            list(props),
            program,
            row_schema(w, booking),
            example=example,
        )
    )


def _move(w: World) -> str:
    table, booking = w.e("dining_table"), w.e("table_booking")
    bid, tid = booking.id_arg, table.id_arg
    props: dict[str, JsonSchema] = {
        bid: id_arg("the booking's id"),
        tid: id_arg("the table to move to (default: the same table)"),
        "day": s.day("day", "").input_schema("new date"),
        "sitting": _sitting_arg(w),
    }
    program: list[Step] = [
        query(
            "b",
            f"SELECT b.status, b.party_size AS party, COALESCE(:{tid}, b.{tid}) AS target FROM {booking.table} b "
            f"WHERE b.id = :{bid}",
            f"no booking with id {{{bid}}}",
        ),
        check("SELECT :b__status = 'booked'", "that booking is cancelled"),
        query("t", f"SELECT label, seats FROM {table.table} WHERE id = :b__target", "no table with id {b__target}"),
        check("SELECT :b__party <= :t__seats", "table {t__label} seats {t__seats}"),
        *_slot_checks(w, ":b__target", own=bid),
        execute(f"UPDATE {booking.table} SET {tid} = :b__target, day = :day, sitting = :sitting WHERE id = :{bid}"),
        ret(f"SELECT {select_list(w, booking)} FROM {booking.table} t WHERE t.id = :{bid}"),
    ]
    ok = next((b for b in booking.rows if b["status"] == "booked"), None)
    example = {bid: ok["id"], "day": days_ahead(w, 45, 50), "sitting": ok["sitting"]} if ok else None
    return w.tool(
        make_tool(
            "move_table_booking",
            "Move a booking to another day, sitting or table, if the table seats the party and is free then.",
            props,
            [bid, "day", "sitting"],
            program,
            row_schema(w, booking),
            example=example,
        )
    )


def _cancel(w: World) -> str:
    booking = w.e("table_booking")
    bid = booking.id_arg
    program: list[Step] = [
        query("b", f"SELECT status FROM {booking.table} WHERE id = :{bid}", f"no booking with id {{{bid}}}"),
        check("SELECT :b__status = 'booked'", "that booking is already cancelled"),
        execute(f"UPDATE {booking.table} SET status = 'cancelled' WHERE id = :{bid}"),
        ret(f"SELECT {select_list(w, booking)} FROM {booking.table} t WHERE t.id = :{bid}"),
    ]
    ok = next((b for b in booking.rows if b["status"] == "booked"), None)
    return w.tool(
        make_tool(
            "cancel_table_booking",
            "Cancel a table booking.",
            {bid: id_arg("the booking's id")},
            [bid],
            program,
            row_schema(w, booking),
            example={bid: ok["id"]} if ok else None,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _busy(w: World, day: str, sitting: str) -> set[object]:
    tid = w.e("dining_table").id_arg
    return {
        b[tid]
        for b in w.e("table_booking").rows
        if b["day"] == day and b["sitting"] == sitting and b["status"] == "booked"
    }


def _tables_of(w: World, r: Row) -> list[Row]:
    rid = w.e("restaurant").id_arg
    return [t for t in w.e("dining_table").rows if t[rid] == r["id"]]


def _smallest_fit(w: World) -> TaskCandidate | None:
    kit, food, cust, table, rest = (
        w.kit(DiningKit),
        w.kit(FoodKit),
        w.e("customer"),
        w.e("dining_table"),
        w.e("restaurant"),
    )
    times = w.kit(Sittings).times
    for r in shuffled(w, rest.rows):
        day, sitting, party = days_ahead(w, 1, 8), w.pick(times), w.rng.randint(2, 7)
        free = sorted(
            (t for t in _tables_of(w, r) if t["id"] not in _busy(w, day, sitting) and n(t, "seats") >= party),
            key=lambda t: (n(t, "seats"), str(t["label"])),
        )
        if len(free) >= 2:
            break
    else:
        return None
    person = w.pick(cust.rows)
    v = voice(w, person)
    text = v.say(
        f"Please book a table for {party} at {r['name']} on {day} for the {sitting} sitting: the smallest free table "
        f"that seats everyone. Which table did {v.i} get?"
    )
    calls = [
        find(w, "customer", person, "email"),
        call(food.restaurants, query=str(r["name"])),
        call(kit.free, **{rest.id_arg: r["id"], "day": day, "sitting": sitting, "party_size": party}),
        call(
            kit.book,
            **{cust.id_arg: person["id"], table.id_arg: free[0]["id"], "day": day, "sitting": sitting},
            party_size=party,
        ),
    ]
    return TaskCandidate(
        kind="book-smallest-table",
        instruction=text,
        calls=calls,
        answer=[str(free[0]["label"])],
        competing=[str(t["label"]) for t in free[1:6]],
        difficulty="medium",
        tags=["write", "filter-sort", "create"],
    )


def _move_if_free(w: World) -> TaskCandidate | None:
    kit, cust, table, booking = w.kit(DiningKit), w.e("customer"), w.e("dining_table"), w.e("table_booking")
    times = w.kit(Sittings).times
    holds = w.chance(0.5)
    for b in shuffled(w, [b for b in booking.rows if b["status"] == "booked" and str(b["day"]) > w.today]):
        later = [t for t in times if t != b["sitting"] and (b[table.id_arg] not in _busy(w, str(b["day"]), t)) == holds]
        person = cust.by_id(b[cust.id_arg])
        if later and sum(x[cust.id_arg] == person["id"] and x["status"] == "booked" for x in booking.rows) == 1:
            break
    else:
        return None
    sitting = w.pick(later)
    t = table.by_id(b[table.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Could {v.my} table booking on {b['day']} move to the {sitting} sitting, same table? If that table is taken "
        f"then, keep the booking as it is and tell {v.me} which sitting it is for."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.bookings, **{cust.id_arg: person["id"]}, status="booked"),
        call(kit.free, **{w.e("restaurant").id_arg: t[w.e("restaurant").id_arg], "day": b["day"], "sitting": sitting}),
    ]
    return branching(
        "move-table-if-free",
        text,
        condition="table-free-at-sitting",
        holds=holds,
        reads=reads,
        then=[call(kit.move, **{booking.id_arg: b["id"], "day": b["day"], "sitting": sitting})],
        otherwise=[],
        answer=[] if holds else [str(b["sitting"])],
        competing=[] if holds else [x for x in times if x not in (b["sitting"], sitting)],
        tags=["conditional", "tables"],
    )


def _too_big_refused(w: World) -> TaskCandidate | None:
    kit, food, cust, rest, table = (
        w.kit(DiningKit),
        w.kit(FoodKit),
        w.e("customer"),
        w.e("restaurant"),
        w.e("dining_table"),
    )
    r = w.pick(rest.rows)
    mine = _tables_of(w, r)
    if not mine:
        return None
    biggest = max(n(t, "seats") for t in mine)
    party = biggest + w.rng.randint(1, 4)
    if party > 20:
        return None
    day, sitting = days_ahead(w, 2, 9), w.pick(w.kit(Sittings).times)
    person = w.pick(cust.rows)
    top = max(mine, key=lambda t: n(t, "seats"))
    v = voice(w, person)
    text = v.say(f"Please book one table for a party of {party} at {r['name']} on {day}, {sitting} sitting.")
    return refusing(
        "party-too-large-refused",
        text,
        reads=[
            find(w, "customer", person, "email"),
            call(food.restaurants, query=str(r["name"])),
            call(kit.tables, **{rest.id_arg: r["id"]}, sort_by="seats", sort_order="desc"),
        ],
        complying=[
            call(
                kit.book,
                **{cust.id_arg: person["id"], table.id_arg: top["id"], "day": day, "sitting": sitting},
                party_size=party,
            )
        ],
        reason="no table there seats that many",
        answer=[str(biggest)],
        competing=others([str(n(t, "seats")) for t in mine] + [str(party - 1)], [str(biggest)]),
        tags=["tables"],
    )


def _closed_night(w: World) -> TaskCandidate | None:
    kit, food, table, booking, rest = (
        w.kit(DiningKit),
        w.kit(FoodKit),
        w.e("dining_table"),
        w.e("table_booking"),
        w.e("restaurant"),
    )
    days = Counter(
        (table.by_id(b[table.id_arg])[rest.id_arg], str(b["day"]))
        for b in booking.rows
        if b["status"] == "booked" and str(b["day"]) > w.today
    )
    pool = [k for k, c in days.items() if 2 <= c <= 6]
    if not pool:
        return None
    rid, day = w.pick(sorted(pool, key=str))
    r = rest.by_id(rid)
    mine = [
        b
        for b in booking.rows
        if b["status"] == "booked" and b["day"] == day and table.by_id(b[table.id_arg])[rest.id_arg] == rid
    ]
    if not any(b["day"] != day for b in booking.rows if b["status"] == "booked"):
        return None
    text = (
        f"{r['name']} will be closed on {day} for a private event. Cancel every table booking there that evening; "
        "bookings on other days stay."
    )
    calls = [call(food.restaurants, query=str(r["name"])), call(kit.tables, **{rest.id_arg: rid}, limit=100)]
    calls += [
        call(kit.bookings, **{table.id_arg: t["id"]}, day_from=day, day_to=day, status="booked")
        for t in _tables_of(w, r)
    ]
    calls += [call(kit.cancel, **{booking.id_arg: b["id"]}) for b in mine]
    return TaskCandidate(
        kind="cancel-closed-evening",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


def _free_seats(w: World) -> TaskCandidate | None:
    kit, food, rest = w.kit(DiningKit), w.kit(FoodKit), w.e("restaurant")
    times = w.kit(Sittings).times
    r = w.pick(rest.rows)
    day, sitting = days_ahead(w, 0, 6), w.pick(times)
    free = sorted((t for t in _tables_of(w, r) if t["id"] not in _busy(w, day, sitting)), key=lambda t: -n(t, "seats"))
    if len(free) < 2 or n(free[0], "seats") == n(free[1], "seats"):
        return None
    text = f"What is the biggest table still free at {r['name']} on {day} at {sitting}, and how many does it seat?"
    busy = _busy(w, day, sitting)
    taken = [t for t in _tables_of(w, r) if t["id"] in busy]
    return TaskCandidate(
        kind="biggest-free-table",
        instruction=text,
        calls=[
            call(food.restaurants, query=str(r["name"])),
            call(kit.free, **{rest.id_arg: r["id"], "day": day, "sitting": sitting}),
        ],
        answer=[str(free[0]["label"]), str(free[0]["seats"])],
        competing=[str(t["label"]) for t in free[1:] + taken]
        + others([str(t["seats"]) for t in free[1:]], [str(free[0]["seats"])]),
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


DINING = Module(
    key="dining",
    about="tables by sitting: bookings sized to the party, moves, cancellations",
    fits=frozenset({"food"}),
    build=build_dining,
    tools=dining_tools,
    tasks=(
        TaskKind("book-smallest-table", _smallest_fit),
        TaskKind("move-table-if-free", _move_if_free),
        TaskKind("party-too-large-refused", _too_big_refused),
        TaskKind("cancel-closed-evening", _closed_night),
        TaskKind("biggest-free-table", _free_seats),
    ),
    needs=("food",),
)
