"""An airline: airports, scheduled flights with cabins and seats left, bookings holding several
passengers and one or more flight segments, baggage, and a cancellation policy by fare."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import find, n, others, shuffled
from generator.naming import series
from generator.prices import plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

AIRPORTS = (
    ("SEA", "Seattle"),
    ("PDX", "Portland"),
    ("SFO", "San Francisco"),
    ("LAX", "Los Angeles"),
    ("DEN", "Denver"),
    ("ORD", "Chicago"),
    ("BOS", "Boston"),
    ("JFK", "New York"),
    ("ATL", "Atlanta"),
    ("AUS", "Austin"),
    ("MSP", "Minneapolis"),
    ("PHX", "Phoenix"),
    ("SLC", "Salt Lake City"),
    ("MIA", "Miami"),
)
CABINS = (("economy", 1.0), ("premium", 1.7), ("business", 3.2))
FLIGHT_STATES = ("scheduled", "delayed", "cancelled", "departed")


@dataclass(frozen=True)
class FarePolicy:
    bag_fee_cents: int
    change_fee_cents: int


@dataclass(frozen=True)
class AirKit:
    airports: str
    flights: str
    cabins: str
    book: str
    bookings: str
    passengers: str
    segments: str
    cancel: str
    bags: str


def build_airline(w: World) -> None:
    cust = w.e("customer")
    port = w.add(
        Entity(
            "airport",
            w.noun("airport"),
            [s.code("code", "IATA code"), s.text("city", "city")],
            "code",
            "the airports served",
        )
    )
    flight = w.add(
        Entity(
            "flight",
            w.noun("flight"),
            [
                s.code("number", "flight number", unique=False),
                s.ref(port, name="origin_id", label="origin"),
                s.ref(port, name="destination_id", label="destination"),
                s.day("departs_on", "date"),
                s.clock("departs_at", "departure time"),
                s.clock("arrives_at", "arrival time"),
                s.enum("status", "status", FLIGHT_STATES),
            ],
            "number",
            "scheduled flights",
        )
    )
    cabin = w.add(
        Entity(
            "cabin",
            w.noun("cabin", "flight cabin"),
            [
                s.ref(flight),
                s.enum("cabin", "cabin class", tuple(c for c, _ in CABINS)),
                s.money("fare", "one-way fare per passenger"),
                s.integer("seats_left", "seats left", 0, 400),
                s.flag("refundable", "whether the fare is refundable"),
            ],
            "cabin",
            "each flight's cabins, fares and seats left",
        )
    )
    booking = w.add(
        Entity(
            "booking",
            w.noun("booking"),
            [
                s.code("locator", "booking reference"),
                s.ref(cust),
                s.enum("status", "status", ("confirmed", "cancelled", "flown")),
                s.money("total", "total paid"),
                s.day("booked_on", "date booked"),
            ],
            "locator",
            f"trips booked by {cust.plural_label}",
        )
    )
    w.add(
        Entity(
            "passenger",
            w.noun("passenger"),
            [s.ref(booking), s.person("name", "full name"), s.integer("bags", "checked bags", 0, 4)],
            "name",
            "who travels on each booking",
        )
    )
    w.add(
        Entity(
            "segment",
            w.noun("segment", "flight segment"),
            [s.ref(booking), s.ref(cabin)],
            "id",
            "the flights each booking flies",
        )
    )
    policy = FarePolicy(bag_fee_cents=w.pick((3000, 3500, 4000)), change_fee_cents=w.pick((7500, 9900)))
    w.put(policy)
    w.fact(
        f"Refundable fares can be cancelled for a full refund before departure; other fares cannot be cancelled. "
        f"Each checked bag costs ${policy.bag_fee_cents / 100:.0f} per passenger and segment."
    )
    _seed(w, port, flight, cabin)


def _seed(w: World, port: Entity, flight: Entity, cabin: Entity) -> None:
    for code, city in w.rng.sample(AIRPORTS, w.rng.randint(5, 8)):
        port.add(code=code, city=city)
    routes = [(a, b) for a in port.rows for b in port.rows if a is not b]
    prefix = w.pick(("NW", "SK", "AR", "BL", "HZ"))
    for route in w.rng.sample(routes, min(len(routes), w.rng.randint(6, 10))):
        base = w.rng.randint(89, 329)
        number = f"{prefix} {w.rng.randint(100, 999)}"
        for day in range(-10, 30, w.pick((1, 2, 3))):
            hour = w.rng.randint(6, 20)
            row = flight.add(
                number=number,
                origin_id=route[0]["id"],
                destination_id=route[1]["id"],
                departs_on=shift(w.today, day),
                departs_at=f"{hour:02d}:{w.pick(('00', '15', '30', '45'))}",
                arrives_at=f"{min(hour + w.rng.randint(1, 5), 23):02d}:{w.pick(('05', '20', '40', '55'))}",
                status="departed" if day < 0 else ("cancelled" if w.chance(0.04) else "scheduled"),
            )
            for name, factor in CABINS[: w.pick((2, 3, 3))]:
                cabin.add(
                    **{flight.id_arg: row["id"]},
                    cabin=name,
                    fare_cents=price(w.rng, base * factor * 0.85, base * factor * 1.15),
                    seats_left=w.rng.randint(0, 9),
                    refundable=int(name != "economy" or w.chance(0.3)),
                )
    _seed_bookings(w)


def _seed_bookings(w: World) -> None:
    cust, booking, pas, seg, cabin, flight = (
        w.e(k) for k in ("customer", "booking", "passenger", "segment", "cabin", "flight")
    )
    for k in range(w.rng.randint(18, 36)):
        c = w.pick(cabin.rows)
        f = flight.by_id(c[flight.id_arg])
        size = w.pick((1, 1, 2, 2, 3))
        who = w.pick(cust.rows)
        status = "flown" if f["status"] == "departed" else ("cancelled" if w.chance(0.08) else "confirmed")
        row = booking.add(
            locator=(
                f"{w.rng.choice('BCDFGHJKLMNPQRSTVWXZ')}{w.rng.choice('BCDFGHJKLMNPQRSTVWXZ')}"
                f"{k:02d}{w.rng.randint(10, 99)}"
            ),
            **{cust.id_arg: who["id"]},
            status=status,
            total_cents=n(c, "fare_cents") * size,
            booked_on=shift(str(f["departs_on"]), -w.rng.randint(3, 60)),
        )
        pas.add(**{booking.id_arg: row["id"]}, name=who["name"], bags=w.pick((0, 0, 1)))
        for _ in range(size - 1):
            pas.add(**{booking.id_arg: row["id"]}, name=w.people.name(), bags=w.pick((0, 1)))
        seg.add(**{booking.id_arg: row["id"], cabin.id_arg: c["id"]})


def airline_tools(w: World) -> None:
    port, flight, cabin, booking = w.e("airport"), w.e("flight"), w.e("cabin"), w.e("booking")
    pas, seg, cust = w.e("passenger"), w.e("segment"), w.e("customer")
    airports = crud.search(w, port, text=["code", "city"], sorts=["code"], name="list_airports")
    flights = crud.search(
        w,
        flight,
        text=["number"],
        filters=["origin_id", "destination_id", "status"],
        ranges=["departs_on"],
        sorts=["departs_on", "departs_at"],
    )
    cabins = crud.search(
        w,
        cabin,
        filters=[flight.id_arg, "cabin", "refundable"],
        ranges=["fare", "seats_left"],
        sorts=["fare", "seats_left"],
        name="list_fares",
    )
    bookings = crud.search(
        w,
        booking,
        text=["locator"],
        filters=[cust.id_arg, "status"],
        ranges=["booked_on"],
        sorts=["booked_on", "total"],
    )
    passengers = crud.search(w, pas, scope=[booking.id_arg], sorts=["name"], name="list_passengers")
    flown = Computed(
        "flight_number",
        f"(SELECT f.number FROM {cabin.table} c JOIN {flight.table} f ON f.id = "
        f"c.{flight.id_arg} WHERE c.id = t.{cabin.id_arg})",
        "string",
        nullable=True,
    )
    segments = crud.search(w, seg, scope=[booking.id_arg], sorts=["id"], extras=[flown], name="list_segments")
    w.put(AirKit(airports, flights, cabins, _book(w), bookings, passengers, segments, _cancel(w), _bags(w)))


def _book(w: World) -> str:
    cabin, flight, booking, pas, seg, cust = (
        w.e(k) for k in ("cabin", "flight", "booking", "passenger", "segment", "customer")
    )
    cid = cabin.id_arg
    props = {
        cust.id_arg: id_arg(f"the booking {cust.label}'s id"),
        "fares": {
            "type": "array",
            "minItems": 1,
            "maxItems": 4,
            "items": {"type": "integer", "minimum": 1},
            "description": "the fare (flight cabin) id of each flight to fly, in order",
        },
        "passengers": {
            "type": "array",
            "minItems": 1,
            "maxItems": 6,
            "items": {"type": "string", "minLength": 2, "maxLength": 80},
            "description": "full names of everyone travelling",
        },
    }
    fares = "SELECT value AS id FROM json_each(:fares)"
    size = "json_array_length(:passengers)"
    new = f"(SELECT MAX(id) FROM {booking.table})"
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query("bad", f"SELECT j.id FROM ({fares}) j WHERE j.id NOT IN (SELECT id FROM {cabin.table}) LIMIT 1"),
        check("SELECT :bad__id IS NULL", "no fare with id {bad__id}; list a flight's fares to find them"),
        query(
            "gone",
            f"SELECT f.number, f.departs_on, f.status FROM ({fares}) j JOIN {cabin.table} c ON c.id = j.id JOIN "
            f"{flight.table} f ON f.id = c.{flight.id_arg} WHERE f.status NOT IN ('scheduled', 'delayed') OR "
            "f.departs_on <= :_today LIMIT 1",
        ),
        check(
            "SELECT :gone__number IS NULL",
            "flight {gone__number} on {gone__departs_on} cannot be booked ({gone__status} or already gone)",
        ),
        query(
            "full",
            f"SELECT f.number, c.seats_left FROM ({fares}) j JOIN {cabin.table} c ON c.id = j.id JOIN "
            f"{flight.table} f ON f.id = c.{flight.id_arg} WHERE c.seats_left < {size} LIMIT 1",
        ),
        check(
            "SELECT :full__number IS NULL", "flight {full__number} has only {full__seats_left} seats left in that cabin"
        ),
        execute(
            f"INSERT INTO {booking.table} (locator, {cust.id_arg}, status, total_cents, booked_on) VALUES ("
            f"printf('Q%s%03d', char(65 + (SELECT COUNT(*) FROM {booking.table}) % 26), (SELECT COUNT(*) FROM "
            f"{booking.table})), :{cust.id_arg}, 'confirmed', (SELECT SUM(c.fare_cents) FROM ({fares}) j JOIN "
            f"{cabin.table} c ON c.id = j.id) * {size}, :_today)"
        ),
        execute(
            f"INSERT INTO {pas.table} ({booking.id_arg}, name, bags) SELECT {new}, value, 0 FROM json_each(:passengers)"
        ),
        execute(f"INSERT INTO {seg.table} ({booking.id_arg}, {cid}) SELECT {new}, id FROM ({fares})"),
        execute(f"UPDATE {cabin.table} SET seats_left = seats_left - {size} WHERE id IN (SELECT id FROM ({fares}))"),
        ret(f"SELECT {select_list(w, booking)} FROM {booking.table} t WHERE t.id = {new}"),
    ]
    text = (
        "Book one or more flights (by fare id: a flight's cabin) for a party of passengers: seats are checked and "
        "taken on every flight, the total is each fare times the party."
    )
    open_fare = next(
        (
            c
            for c in cabin.rows
            if n(c, "seats_left") >= 1
            and flight.by_id(c[flight.id_arg])["status"] == "scheduled"
            and str(flight.by_id(c[flight.id_arg])["departs_on"]) > w.today
        ),
        None,
    )
    example = (
        {cust.id_arg: cust.rows[0]["id"], "fares": [open_fare["id"]], "passengers": ["Test Traveller"]}
        if (open_fare)
        else None
    )
    return w.tool(make_tool("book_flights", text, props, list(props), program, row_schema(w, booking), example=example))


def _cancel(w: World) -> str:
    booking, seg, cabin, pas = w.e("booking"), w.e("segment"), w.e("cabin"), w.e("passenger")
    bid = booking.id_arg
    mine = f"SELECT {cabin.id_arg} FROM {seg.table} WHERE {bid} = :{bid}"
    program: list[Step] = [
        query(
            "b",
            f"SELECT locator, status FROM {booking.table} WHERE id = :{bid}",
            f"no booking with id {{{bid}}}; {crud.finder_hint(w, 'booking')}",
        ),
        check(
            "SELECT :b__status = 'confirmed'",
            "booking {b__locator} is {b__status}; only confirmed bookings can be cancelled",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {cabin.table} WHERE id IN ({mine}) AND refundable = 0)",
            "booking {b__locator} has a non-refundable fare; it cannot be cancelled",
        ),
        execute(
            f"UPDATE {cabin.table} SET seats_left = seats_left + (SELECT COUNT(*) FROM {pas.table} WHERE {bid} = "
            f":{bid}) WHERE id IN ({mine})"
        ),
        execute(f"UPDATE {booking.table} SET status = 'cancelled' WHERE id = :{bid}"),
        ret(f"SELECT {select_list(w, booking)} FROM {booking.table} t WHERE t.id = :{bid}"),
    ]
    example = next(({bid: b["id"]} for b in booking.rows if b["status"] == "confirmed" and _refundable(w, b)), None)
    return w.tool(
        make_tool(
            "cancel_booking",
            "Cancel a confirmed booking with refundable fares: seats go back and the total is refunded.",
            {bid: id_arg("the booking's id")},
            [bid],
            program,
            row_schema(w, booking),
            destructive=True,
            example=example,
        )
    )


def _refundable(w: World, b: Row) -> bool:
    seg, cabin, booking = w.e("segment"), w.e("cabin"), w.e("booking")
    return all(cabin.by_id(x[cabin.id_arg])["refundable"] for x in seg.rows if x[booking.id_arg] == b["id"])


def _bags(w: World) -> str:
    pas, booking, seg = w.e("passenger"), w.e("booking"), w.e("segment")
    pid = pas.id_arg
    fee = w.kit(FarePolicy).bag_fee_cents
    props = {
        pid: id_arg("the passenger's id"),
        "bags": {"type": "integer", "minimum": 1, "maximum": 3, "description": "bags to add"},
    }
    program: list[Step] = [
        query(
            "p",
            f"SELECT p.name, p.bags, b.status, b.id AS booking FROM {pas.table} p JOIN {booking.table} b ON "
            f"b.id = p.{booking.id_arg} WHERE p.id = :{pid}",
            f"no passenger with id {{{pid}}}",
        ),
        check("SELECT :p__status = 'confirmed'", "that booking is {p__status}"),
        check("SELECT :p__bags + :bags <= 4", "{p__name} would have more than 4 checked bags"),
        execute(f"UPDATE {pas.table} SET bags = bags + :bags WHERE id = :{pid}"),
        execute(
            f"UPDATE {booking.table} SET total_cents = total_cents + :bags * {fee} * (SELECT COUNT(*) FROM "
            f"{seg.table} WHERE {booking.id_arg} = :p__booking) WHERE id = :p__booking"
        ),
        ret(f"SELECT {select_list(w, pas)} FROM {pas.table} t WHERE t.id = :{pid}"),
    ]
    text = f"Add checked bags for a passenger (${fee / 100:.0f} per bag and flight, added to the booking's total)."
    return w.tool(make_tool("add_checked_bags", text, props, list(props), program, row_schema(w, pas)))


# --- tasks ---------------------------------------------------------------------------------------


def _route_flights(w: World, a: Row, b: Row, day: str) -> list[Row]:
    flight = w.e("flight")
    return [
        f
        for f in flight.rows
        if f["origin_id"] == a["id"]
        and f["destination_id"] == b["id"]
        and f["departs_on"] == day
        and f["status"] == "scheduled"
    ]


def _cheapest_fare(w: World, f: Row, seats: int, cabin_name: str = "economy") -> Row | None:
    cabin, flight = w.e("cabin"), w.e("flight")
    fits = [
        c
        for c in cabin.rows
        if c[flight.id_arg] == f["id"] and c["cabin"] == cabin_name and n(c, "seats_left") >= seats
    ]
    return fits[0] if fits else None


def _book_trip(w: World) -> TaskCandidate | None:
    kit, flight, port, cust = w.kit(AirKit), w.e("flight"), w.e("airport"), w.e("customer")
    future = [f for f in flight.rows if f["status"] == "scheduled" and str(f["departs_on"]) > w.today]
    for out in shuffled(w, future):
        a, b = port.by_id(out["origin_id"]), port.by_id(out["destination_id"])
        back = [
            f
            for f in future
            if f["origin_id"] == b["id"]
            and f["destination_id"] == a["id"]
            and str(f["departs_on"]) > str(out["departs_on"])
        ]
        size = w.pick((2, 3))
        fare_out = _cheapest_fare(w, out, size)
        if back and fare_out and len(_route_flights(w, a, b, str(out["departs_on"]))) == 1:
            ret_flight = back[0]
            fare_back = _cheapest_fare(w, ret_flight, size)
            if fare_back and len(_route_flights(w, b, a, str(ret_flight["departs_on"]))) == 1:
                break
    else:
        return None
    person = w.pick(cust.rows)
    others = [w.people.name() for _ in range(size - 1)]
    v = voice(w, person)
    text = v.say(
        f"Please book economy seats from {a['city']} to {b['city']} on {out['departs_on']} and back on "
        f"{ret_flight['departs_on']}, for {series([v.me, *others])}."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.airports, query=str(a["city"])),
        call(kit.airports, query=str(b["city"])),
        call(
            kit.flights,
            origin_id=a["id"],
            destination_id=b["id"],
            departs_on_from=out["departs_on"],
            departs_on_to=out["departs_on"],
        ),
        call(kit.cabins, **{flight.id_arg: out["id"]}, cabin="economy"),
        call(
            kit.flights,
            origin_id=b["id"],
            destination_id=a["id"],
            departs_on_from=ret_flight["departs_on"],
            departs_on_to=ret_flight["departs_on"],
        ),
        call(kit.cabins, **{flight.id_arg: ret_flight["id"]}, cabin="economy"),
        call(
            kit.book,
            **{
                cust.id_arg: person["id"],
                "fares": [fare_out["id"], fare_back["id"]],
                "passengers": [str(person["name"]), *others],
            },
        ),
    ]
    return TaskCandidate(
        kind="book-round-trip",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "multi-party", "itinerary"],
    )


def _cheapest_flight(w: World) -> TaskCandidate | None:
    kit, flight, port, cabin = w.kit(AirKit), w.e("flight"), w.e("airport"), w.e("cabin")
    for f in shuffled(w, [f for f in flight.rows if f["status"] == "scheduled" and str(f["departs_on"]) > w.today]):
        a, b = port.by_id(f["origin_id"]), port.by_id(f["destination_id"])
        start = shift(str(f["departs_on"]), -w.rng.randint(1, 3))
        end = shift(start, 7)
        options = [
            (c, x)
            for x in flight.rows
            if x["origin_id"] == a["id"]
            and x["destination_id"] == b["id"]
            and start <= str(x["departs_on"]) <= end
            and x["status"] == "scheduled"
            for c in cabin.rows
            if c[flight.id_arg] == x["id"] and c["cabin"] == "economy" and n(c, "seats_left") >= 1
        ]
        options.sort(key=lambda p: n(p[0], "fare_cents"))
        if (
            len(options) >= 3
            and options[0][0]["fare_cents"] != options[1][0]["fare_cents"]
            and str(options[0][1]["departs_on"]) not in (start, end)
        ):
            break
    else:
        return None
    best_cabin, best = options[0]
    text = (
        f"What is the cheapest economy fare from {a['city']} to {b['city']} departing between {start} and {end} "
        "with a seat still free? Give the date and the fare."
    )
    calls = [
        call(kit.airports, query=str(a["city"])),
        call(kit.airports, query=str(b["city"])),
        call(kit.flights, origin_id=a["id"], destination_id=b["id"], departs_on_from=start, departs_on_to=end),
    ]
    calls += [
        call(kit.cabins, **{flight.id_arg: x["id"]}, cabin="economy")
        for x in sorted({id(x): x for _, x in options}.values(), key=lambda x: str(x["departs_on"]))
    ]
    return TaskCandidate(
        kind="cheapest-fare-window",
        instruction=text,
        calls=calls,
        answer=[str(best["departs_on"]), plain(n(best_cabin, "fare_cents"))],
        competing=others(
            [plain(n(c, "fare_cents")) for c in w.e("cabin").rows] + [str(x["departs_on"]) for _, x in options],
            [plain(n(best_cabin, "fare_cents")), str(best["departs_on"])],
        ),
        difficulty="hard",
        tags=["lookup", "compare", "filter-sort"],
    )


def _cancel_trip(w: World) -> TaskCandidate | None:
    kit, booking, cust = w.kit(AirKit), w.e("booking"), w.e("customer")
    pool = [b for b in booking.rows if b["status"] == "confirmed"]
    holds = w.chance(0.5)
    pool = [b for b in pool if _refundable(w, b) == holds]
    if not pool:
        return None
    b = w.pick(pool)
    person = cust.by_id(b[cust.id_arg])
    v = voice(w, person)
    text = v.say(
        f"If booking {b['locator']} can still be cancelled for a refund, cancel it. If it can't, leave it "
        f"as it is and tell {v.me} which flight it is on."
    )
    seg, cabin, flight = w.e("segment"), w.e("cabin"), w.e("flight")
    legs = [flight.by_id(cabin.by_id(x[cabin.id_arg])[flight.id_arg]) for x in seg.rows if x[booking.id_arg] == b["id"]]
    reads = [call(kit.bookings, query=str(b["locator"])), call(kit.segments, **{booking.id_arg: b["id"]})]
    reads += [call(kit.cabins, **{flight.id_arg: f["id"]}) for f in legs]
    others = sorted({str(f["number"]) for f in flight.rows} - {str(f["number"]) for f in legs})[:4]
    return branching(
        "cancel-if-refundable",
        text,
        condition="refundable-fare",
        holds=holds,
        reads=reads,
        then=[call(kit.cancel, **{booking.id_arg: b["id"]})],
        otherwise=[],
        answer=[] if holds else [str(legs[0]["number"])],
        competing=[] if holds else others,
        tags=["conditional", "bookings"],
    )


def _add_bags(w: World) -> TaskCandidate | None:
    kit, booking, pas = w.kit(AirKit), w.e("booking"), w.e("passenger")
    for b in shuffled(w, [b for b in booking.rows if b["status"] == "confirmed"]):
        party = [p for p in pas.rows if p[booking.id_arg] == b["id"] and n(p, "bags") <= 2]
        if len(party) >= 2:
            break
    else:
        return None
    person = w.e("customer").by_id(b[w.e("customer").id_arg])
    v = voice(w, person)
    text = v.say(f"Please add one checked bag for every passenger on booking {b['locator']}.")
    calls = [call(kit.bookings, query=str(b["locator"])), call(kit.passengers, **{booking.id_arg: b["id"]})]
    calls += [call(kit.bags, **{pas.id_arg: p["id"], "bags": 1}) for p in party]
    if len(party) != len([p for p in pas.rows if p[booking.id_arg] == b["id"]]):
        return None
    return TaskCandidate(
        kind="bags-for-everyone", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-party"]
    )


def _nonrefundable(w: World) -> TaskCandidate | None:
    kit, booking, cust = w.kit(AirKit), w.e("booking"), w.e("customer")
    pool = [b for b in booking.rows if b["status"] == "confirmed" and not _refundable(w, b)]
    if not pool:
        return None
    b = w.pick(pool)
    person = cust.by_id(b[cust.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Please cancel booking {b['locator']} and refund the fare. If it cannot be refunded, tell me the booking's"
        " total, for the insurance claim."
    )
    reads = [call(kit.bookings, query=str(b["locator"])), call(kit.segments, **{booking.id_arg: b["id"]})]
    seg, cabin = w.e("segment"), w.e("cabin")
    for x in seg.rows:
        if x[booking.id_arg] == b["id"]:
            reads.append(call(kit.cabins, **{w.e("flight").id_arg: cabin.by_id(x[cabin.id_arg])[w.e("flight").id_arg]}))
    return refusing(
        "cancel-nonrefundable-refused",
        text,
        reads=reads,
        complying=[call(kit.cancel, **{booking.id_arg: b["id"]})],
        reason="the fare is non-refundable",
        answer=[plain(n(b, "total_cents"))],
        competing=[plain(0)],
        tags=["bookings"],
    )


def _next_departure(w: World) -> TaskCandidate | None:
    kit, flight, port = w.kit(AirKit), w.e("flight"), w.e("airport")
    for f in shuffled(w, [f for f in flight.rows if f["status"] in ("scheduled", "delayed")]):
        a, b = port.by_id(f["origin_id"]), port.by_id(f["destination_id"])
        later = sorted(
            (
                x
                for x in flight.rows
                if x["origin_id"] == a["id"]
                and x["destination_id"] == b["id"]
                and str(x["departs_on"]) > w.today
                and x["status"] == "scheduled"
            ),
            key=lambda x: (str(x["departs_on"]), str(x["departs_at"])),
        )
        if len(later) >= 3 and later[0]["departs_on"] != later[1]["departs_on"]:
            break
    else:
        return None
    text = f"When is the next scheduled flight from {a['code']} to {b['code']} after today? Give the date and time."
    calls = [
        call(
            kit.flights,
            origin_id=a["id"],
            destination_id=b["id"],
            status="scheduled",
            departs_on_from=shift(w.today, 1),
            sort_by="departs_on",
            sort_order="asc",
            limit=5,
        )
    ]
    calls.insert(0, call(kit.airports, query=str(b["code"])))
    calls.insert(0, call(kit.airports, query=str(a["code"])))
    return TaskCandidate(
        kind="next-departure",
        instruction=text,
        calls=calls,
        answer=[str(later[0]["departs_on"]), str(later[0]["departs_at"])],
        competing=[str(x["departs_on"]) for x in later[1:4]],
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


def _itinerary(w: World) -> TaskCandidate | None:
    kit, booking, seg, cabin, flight = w.kit(AirKit), w.e("booking"), w.e("segment"), w.e("cabin"), w.e("flight")
    for b in shuffled(w, [b for b in booking.rows if b["status"] == "confirmed"]):
        legs = [
            flight.by_id(cabin.by_id(x[cabin.id_arg])[flight.id_arg]) for x in seg.rows if x[booking.id_arg] == b["id"]
        ]
        if len(legs) >= 2 and len({str(f["number"]) for f in legs}) == len(legs):
            break
    else:
        return None
    person = w.e("customer").by_id(b[w.e("customer").id_arg])
    v = voice(w, person)
    text = v.say(f"Which flights are on {v.my} booking {b['locator']}, and on which dates do they leave?")
    others_ = [f for f in flight.rows if f not in legs]
    return TaskCandidate(
        kind="booking-itinerary",
        instruction=text,
        calls=[call(kit.bookings, query=str(b["locator"])), call(kit.segments, **{booking.id_arg: b["id"]})],
        answer=[str(f["number"]) for f in legs] + sorted({str(f["departs_on"]) for f in legs}),
        competing=[str(f["number"]) for f in others_[:6]],
        difficulty="easy",
        tags=["lookup", "multi-item"],
    )


def _heaviest_party(w: World) -> TaskCandidate | None:
    kit, booking, pas = w.kit(AirKit), w.e("booking"), w.e("passenger")
    for b in shuffled(w, [b for b in booking.rows if b["status"] == "confirmed"]):
        party = sorted((p for p in pas.rows if p[booking.id_arg] == b["id"]), key=lambda p: -n(p, "bags"))
        if len(party) >= 3 and n(party[0], "bags") > n(party[1], "bags"):
            break
    else:
        return None
    text = (
        f"On booking {b['locator']}, which passenger has checked the most bags, and how many? The airport wants to "
        "call them to the counter."
    )
    return TaskCandidate(
        kind="most-bags-on-booking",
        instruction=text,
        calls=[call(kit.bookings, query=str(b["locator"])), call(kit.passengers, **{booking.id_arg: b["id"]})],
        answer=[str(party[0]["name"]), str(party[0]["bags"])],
        competing=[str(p["name"]) for p in party[1:]]
        + others([str(p["bags"]) for p in party[1:]], [str(party[0]["bags"])]),
        difficulty="easy",
        tags=["lookup", "compare"],
    )


AIRLINE = Module(
    key="airline",
    about="airports, flights with cabins and fares, bookings with passengers and segments",
    fits=frozenset({"travel"}),
    build=build_airline,
    tools=airline_tools,
    tasks=(
        TaskKind("book-round-trip", _book_trip),
        TaskKind("cheapest-fare-window", _cheapest_flight),
        TaskKind("cancel-if-refundable", _cancel_trip),
        TaskKind("bags-for-everyone", _add_bags),
        TaskKind("cancel-nonrefundable-refused", _nonrefundable),
        TaskKind("next-departure", _next_departure),
        TaskKind("booking-itinerary", _itinerary),
        TaskKind("most-bags-on-booking", _heaviest_party),
    ),
    needs=("customers",),
)
