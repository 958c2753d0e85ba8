"""Events and ticketing: venues, events with ticket tiers, orders of several named tickets (a per-order
limit), refunds until a cutoff before the event, ticket transfers and door check-in."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.naming import series
from generator.prices import price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.policies import POLICY_TOOL
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

TIERS = (("General Admission", 1.0), ("Reserved Seating", 1.6), ("VIP", 3.1), ("Balcony", 1.3))
VENUE_WORDS = ("Hall", "Arena", "Theater", "Pavilion", "Amphitheater", "Ballroom", "Club")


@dataclass(frozen=True)
class TicketPolicy:
    max_per_order: int
    refund_days: int


@dataclass(frozen=True)
class EventKit:
    venues: str
    events: str
    tiers: str
    buy: str
    orders: str
    tickets: str
    refund: str
    transfer: str
    scan: str
    set_status: str


def build_events(w: World) -> None:
    cust = w.e("customer")
    venue = w.add(
        Entity(
            "venue",
            w.noun("venue"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("city", "city"),
                s.integer("capacity", "capacity", 50, 90000),
            ],
            "name",
            "where events happen",
        )
    )
    event = w.add(
        Entity(
            "event",
            w.noun("event"),
            [
                s.text("title", "title"),
                s.ref(venue),
                s.text("category", "kind of event"),
                s.day("held_on", "date"),
                s.clock("starts_at", "start time"),
                s.enum("status", "status", ("on-sale", "sold-out", "cancelled", "past")),
                *rating_columns(w),
            ],
            "title",
            "what is on, where and when",
        )
    )
    tier = w.add(
        Entity(
            "ticket_tier",
            w.noun("ticket_tier", "ticket tier"),
            [
                s.ref(event),
                s.text("name", "tier name"),
                s.money("price", "price per ticket"),
                s.integer("capacity", "tickets in the tier", 1, 90000),
                s.integer("sold", "tickets sold", 0, 90000),
            ],
            "name",
            "the kinds of ticket each event sells",
        )
    )
    order = w.add(
        Entity(
            "ticket_order",
            w.noun("ticket_order", "ticket order"),
            [
                s.code("number", "order number"),
                s.ref(cust),
                s.ref(event),
                s.enum("status", "status", ("paid", "refunded")),
                s.money("total", "total paid"),
                s.day("ordered_on", "date"),
            ],
            "number",
            f"tickets bought by {cust.plural_label}",
        )
    )
    w.add(
        Entity(
            "ticket",
            w.noun("ticket"),
            [
                s.ref(order),
                s.ref(tier),
                s.person("attendee", "name on the ticket"),
                s.code("barcode", "barcode"),
                s.enum("status", "status", ("valid", "used", "void")),
            ],
            "barcode",
            "every ticket, in whose name",
        )
    )
    policy = TicketPolicy(max_per_order=w.pick((4, 6, 8)), refund_days=w.pick((2, 3, 7)))
    w.put(policy)
    w.rule("max_tickets_per_order", policy.max_per_order)
    w.rule("refund_closes_days_before_event", policy.refund_days)
    w.put(Reviewable("event", "event"))
    w.fact(
        f"An order holds at most {policy.max_per_order} tickets, each in an attendee's name. Orders can be refunded "
        f"in full until {policy.refund_days} days before the event; a cancelled event is refunded whatever the date."
    )
    _seed(w, venue, event, tier)


def _seed(w: World, venue: Entity, event: Entity, tier: Entity) -> None:
    for word in w.rng.sample(VENUE_WORDS, w.rng.randint(2, 4)):
        venue.add(
            name=f"{w.pick(('Riverside', 'Union', 'Grand', 'Harbor', 'Liberty', 'Summit'))} {word}",
            city=w.city,
            capacity=w.pick((400, 900, 1800, 2500, 6000)),
        )
    for category in w.domain.catalog.categories:
        for kind in category.items:
            day = shift(w.today, w.rng.randint(-20, 60)) if event.rows else w.today
            v = w.pick(venue.rows)
            row = event.add(
                title=kind.name,
                **{venue.id_arg: v["id"]},
                category=category.name,
                held_on=day,
                starts_at=w.pick(("18:30", "19:00", "19:30", "20:00", "14:00")),
                status="past" if day < w.today else ("cancelled" if w.chance(0.05) and event.rows else "on-sale"),
            )
            for name, factor in w.rng.sample(TIERS, w.rng.randint(2, 3)):
                cap = w.pick((20, 40, 60, 100))
                tier.add(
                    **{event.id_arg: row["id"]},
                    name=name,
                    price_cents=price(w.rng, kind.low * factor, kind.high * factor),
                    capacity=cap,
                    sold=0,
                )
    _seed_orders(w)


def _seed_orders(w: World) -> None:
    cust, event, tier, order, ticket = (w.e(k) for k in ("customer", "event", "ticket_tier", "ticket_order", "ticket"))
    for k in range(w.rng.randint(25, 50)):
        t = w.pick(tier.rows) if k >= 3 else tier.rows[k % 2]
        e = event.by_id(t[event.id_arg])
        size = w.pick((1, 2, 2, 3, 4))
        if n(t, "sold") + size > n(t, "capacity") or e["status"] == "cancelled":
            continue
        who = w.pick(cust.rows)
        refunded = e["status"] == "on-sale" and w.chance(0.06)
        row = order.add(
            number=f"TK-{7000 + order.next_id() - 1}",
            **{cust.id_arg: who["id"], event.id_arg: e["id"]},
            status="refunded" if refunded else "paid",
            total_cents=n(t, "price_cents") * size,
            ordered_on=shift(str(e["held_on"]), -w.rng.randint(3, 50)),
        )
        for j in range(size):
            name = who["name"] if j == 0 else w.people.name()
            state = "void" if refunded else ("used" if e["status"] == "past" and w.chance(0.9) else "valid")
            ticket.add(
                **{order.id_arg: row["id"], tier.id_arg: t["id"]},
                attendee=name,
                barcode=f"{w.rng.randrange(10**11, 10**12)}",
                status=state,
            )
        if not refunded:
            t["sold"] = n(t, "sold") + size
    for t in tier.rows:
        if t["sold"] == t["capacity"]:
            event.by_id(t[event.id_arg])["status"] = (
                "sold-out"
                if event.by_id(t[event.id_arg])["status"] == "on-sale"
                else event.by_id(t[event.id_arg])["status"]
            )


def event_tools(w: World) -> None:
    venue, event, tier, order, ticket = (w.e(k) for k in ("venue", "event", "ticket_tier", "ticket_order", "ticket"))
    left = Computed("left", "t.capacity - t.sold", "integer")
    venues = crud.search(w, venue, text=["name"], ranges=["capacity"], sorts=["name", "capacity"])
    events = crud.search(
        w,
        event,
        text=["title"],
        filters=[venue.id_arg, "category", "status"],
        ranges=["held_on"],
        sorts=["held_on", "title"],
    )
    tiers = crud.search(
        w, tier, scope=[event.id_arg], ranges=["price"], sorts=["price"], extras=[left], name="list_ticket_tiers"
    )
    orders = crud.search(
        w,
        order,
        text=["number"],
        filters=[w.e("customer").id_arg, event.id_arg, "status"],
        sorts=["ordered_on"],
        name="search_ticket_orders",
    )
    tickets = crud.search(
        w, ticket, text=["attendee", "barcode"], filters=[order.id_arg, "status"], sorts=["id"], name="search_tickets"
    )
    set_status = crud.update(
        w,
        event,
        [event.col("status")],
        about="Set an event's status (on sale, sold out, cancelled)",
        name="set_event_status",
    )
    w.put(EventKit(venues, events, tiers, _buy(w), orders, tickets, _refund(w), _transfer(w), _scan(w), set_status))


def _buy(w: World) -> str:
    cust, event, tier, order, ticket = (w.e(k) for k in ("customer", "event", "ticket_tier", "ticket_order", "ticket"))
    tid = tier.id_arg
    most = w.kit(TicketPolicy).max_per_order
    props = {
        cust.id_arg: id_arg(f"the buying {cust.label}'s id"),
        tid: id_arg("the ticket tier's id"),
        "attendees": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {"type": "string", "minLength": 2, "maxLength": 80},
            "description": "the name to print on each ticket, one per ticket",
        },
    }
    size = "json_array_length(:attendees)"
    new = f"(SELECT MAX(id) FROM {order.table})"
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "t",
            f"SELECT t.name, t.price_cents, t.capacity - t.sold AS left, e.id AS event, e.title, e.status FROM "
            f"{tier.table} t JOIN {event.table} e ON e.id = t.{event.id_arg} WHERE t.id = :{tid}",
            f"no ticket tier with id {{{tid}}}; list the event's ticket tiers",
        ),
        check("SELECT :t__status = 'on-sale'", "{t__title} is {t__status}; no tickets are sold for it"),
        check(f"SELECT {size} <= {most}", f"an order holds at most {most} tickets"),
        check(f"SELECT {size} <= :t__left", "only {t__left} {t__name} tickets are left"),
        execute(
            f"INSERT INTO {order.table} (number, {cust.id_arg}, {event.id_arg}, status, total_cents, ordered_on) "
            f"VALUES (printf('TK-%d', 7000 + (SELECT COUNT(*) FROM {order.table})), :{cust.id_arg}, :t__event, "
            f"'paid', :t__price_cents * {size}, :_today)"
        ),
        execute(
            f"INSERT INTO {ticket.table} ({order.id_arg}, {tid}, attendee, barcode, status) SELECT {new}, :{tid}, "
            f"value, printf('%d%02d', 900000000000 + {new} * 1000, key), 'valid' FROM json_each(:attendees)"
        ),
        execute(f"UPDATE {tier.table} SET sold = sold + {size} WHERE id = :{tid}"),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = {new}"),
    ]
    example = next(
        (
            {cust.id_arg: cust.rows[0]["id"], tid: t["id"], "attendees": ["Test Person"]}
            for t in tier.rows
            if event.by_id(t[event.id_arg])["status"] == "on-sale" and n(t, "sold") < n(t, "capacity")
        ),
        None,
    )
    text = f"Buy tickets of one tier for an event on sale, one per attendee (at most {most} per order)."
    return w.tool(make_tool("buy_tickets", text, props, list(props), program, row_schema(w, order), example=example))


def _refund(w: World) -> str:
    order, event, ticket, tier = w.e("ticket_order"), w.e("event"), w.e("ticket"), w.e("ticket_tier")
    oid = order.id_arg
    days = w.kit(TicketPolicy).refund_days
    program: list[Step] = [
        query(
            "o",
            f"SELECT o.number, o.status, e.held_on, e.status AS event_status FROM {order.table} o JOIN "
            f"{event.table} e ON e.id = o.{event.id_arg} WHERE o.id = :{oid}",
            f"no ticket order with id {{{oid}}}; search ticket orders to find it",
        ),
        check("SELECT :o__status = 'paid'", "order {o__number} is already {o__status}"),
        check(
            f"SELECT :o__event_status = 'cancelled' OR :_today <= date(:o__held_on, '-{days} days')",
            f"the event is on {{o__held_on}}; refunds close {days} days before it",
        ),
        execute(
            f"UPDATE {tier.table} SET sold = sold - (SELECT COUNT(*) FROM {ticket.table} k WHERE k.{oid} = :{oid} "
            f"AND k.{tier.id_arg} = {tier.table}.id) WHERE id IN (SELECT {tier.id_arg} FROM {ticket.table} WHERE "
            f"{oid} = :{oid})"
        ),
        execute(f"UPDATE {ticket.table} SET status = 'void' WHERE {oid} = :{oid}"),
        execute(f"UPDATE {order.table} SET status = 'refunded' WHERE id = :{oid}"),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = :{oid}"),
    ]
    example = next(
        (
            {oid: o["id"]}
            for o in order.rows
            if o["status"] == "paid" and str(event.by_id(o[event.id_arg])["held_on"]) >= shift(w.today, days)
        ),
        None,
    )
    return w.tool(
        make_tool(
            "refund_ticket_order",
            f"Refund a whole order until {days} days before the event (any "
            "time if the event is cancelled): its tickets are voided and go back on sale.",
            {oid: id_arg("the order's id")},
            [oid],
            program,
            row_schema(w, order),
            destructive=True,
            example=example,
        )
    )


def _transfer(w: World) -> str:
    ticket = w.e("ticket")
    kid = ticket.id_arg
    props = {
        kid: id_arg("the ticket's id"),
        "attendee": {"type": "string", "minLength": 2, "maxLength": 80, "description": "the new name on the ticket"},
    }
    program: list[Step] = [
        query("k", f"SELECT barcode, status FROM {ticket.table} WHERE id = :{kid}", f"no ticket with id {{{kid}}}"),
        check("SELECT :k__status = 'valid'", "ticket {k__barcode} is {k__status}; only valid tickets change hands"),
        execute(f"UPDATE {ticket.table} SET attendee = :attendee WHERE id = :{kid}"),
        ret(f"SELECT {select_list(w, ticket)} FROM {ticket.table} t WHERE t.id = :{kid}"),
    ]
    example = next(({kid: k["id"], "attendee": "New Holder"} for k in ticket.rows if k["status"] == "valid"), None)
    return w.tool(
        make_tool(
            "transfer_ticket",
            "Put a valid ticket in another attendee's name.",
            props,
            list(props),
            program,
            row_schema(w, ticket),
            example=example,
        )
    )


def _scan(w: World) -> str:
    ticket, event, order = w.e("ticket"), w.e("event"), w.e("ticket_order")
    kid = ticket.id_arg
    program: list[Step] = [
        query(
            "k",
            f"SELECT k.barcode, k.status, e.held_on FROM {ticket.table} k JOIN {order.table} o ON o.id = "
            f"k.{order.id_arg} JOIN {event.table} e ON e.id = o.{event.id_arg} WHERE k.id = :{kid}",
            f"no ticket with id {{{kid}}}",
        ),
        check("SELECT :k__status = 'valid'", "ticket {k__barcode} is {k__status}; do not let it in"),
        check("SELECT :k__held_on = :_today", "ticket {k__barcode} is for {k__held_on}, not today"),
        execute(f"UPDATE {ticket.table} SET status = 'used' WHERE id = :{kid}"),
        ret(f"SELECT {select_list(w, ticket)} FROM {ticket.table} t WHERE t.id = :{kid}"),
    ]
    return w.tool(
        make_tool(
            "scan_ticket",
            "Let a ticket in at the door on the event's day (it becomes used).",
            {kid: id_arg("the ticket's id")},
            [kid],
            program,
            row_schema(w, ticket),
            example=_tonight(w),
        )
    )


def _tonight(w: World) -> dict[str, object] | None:
    ticket, order, event = w.e("ticket"), w.e("ticket_order"), w.e("event")
    for k in ticket.rows:
        e = event.by_id(order.by_id(k[order.id_arg])[event.id_arg])
        if k["status"] == "valid" and e["held_on"] == w.today:
            return {ticket.id_arg: k["id"]}
    return None


# --- tasks ---------------------------------------------------------------------------------------


def _on_sale(w: World) -> list[Row]:
    return [e for e in w.e("event").rows if e["status"] == "on-sale" and str(e["held_on"]) > w.today]


def _tiers(w: World, e: Row) -> list[Row]:
    return [t for t in w.e("ticket_tier").rows if t[w.e("event").id_arg] == e["id"]]


def _buy_for_friends(w: World) -> TaskCandidate | None:
    kit, cust, tier = w.kit(EventKit), w.e("customer"), w.e("ticket_tier")
    for e in shuffled(w, _on_sale(w)):
        cheap = sorted(
            (t for t in _tiers(w, e) if n(t, "capacity") - n(t, "sold") >= 3), key=lambda t: n(t, "price_cents")
        )
        if cheap and len({t["price_cents"] for t in _tiers(w, e)}) > 1:
            break
    else:
        return None
    t = cheap[0]
    person = w.pick(cust.rows)
    friends = [w.people.name() for _ in range(w.pick((1, 2)))]
    v = voice(w, person)
    text = v.say(
        f"Please get tickets to {e['title']} on {e['held_on']} in the cheapest tier that still has seats, "
        f"one each for {series([v.me, *friends])}, with each name on its ticket."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.events, query=str(e["title"])),
        call(kit.tiers, **{w.e("event").id_arg: e["id"]}, sort_by="price"),
        call(
            kit.buy, **{cust.id_arg: person["id"], tier.id_arg: t["id"], "attendees": [str(person["name"]), *friends]}
        ),
    ]
    return TaskCandidate(
        kind="tickets-for-friends",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "multi-party", "filter-sort"],
    )


def _refund_if_allowed(w: World) -> TaskCandidate | None:
    kit, order, event, cust = w.kit(EventKit), w.e("ticket_order"), w.e("event"), w.e("customer")
    days = w.kit(TicketPolicy).refund_days
    paid = [
        o
        for o in order.rows
        if o["status"] == "paid" and event.by_id(o[event.id_arg])["status"] in ("on-sale", "sold-out")
    ]
    holds = w.chance(0.5)
    pool = [o for o in paid if (str(event.by_id(o[event.id_arg])["held_on"]) >= shift(w.today, days)) == holds]
    if not pool:
        return None
    o = w.pick(pool)
    e = event.by_id(o[event.id_arg])
    person = cust.by_id(o[cust.id_arg])
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} can't make it to {e['title']}. If order {o['number']} can still be refunded, "
        f"refund it; if not, keep it and tell {v.me} how many days before the event refunds close."
    )
    return branching(
        "refund-if-before-cutoff",
        text,
        condition="before-refund-cutoff",
        holds=holds,
        reads=[call(kit.orders, query=str(o["number"])), call(kit.events, query=str(e["title"])), call(POLICY_TOOL)],
        then=[call(kit.refund, **{order.id_arg: o["id"]})],
        otherwise=[],
        answer=[] if holds else [str(days)],
        competing=[] if holds else others([str(d) for d in (1, 2, 3, 5, 7, 10, 14)], [str(days)]),
        tags=["conditional", "tickets"],
    )


def _too_many(w: World) -> TaskCandidate | None:
    kit, cust, tier = w.kit(EventKit), w.e("customer"), w.e("ticket_tier")
    most = w.kit(TicketPolicy).max_per_order
    for e in shuffled(w, _on_sale(w)):
        roomy = [t for t in _tiers(w, e) if n(t, "capacity") - n(t, "sold") > most]
        if roomy:
            break
    else:
        return None
    t = w.pick(roomy)
    person = w.pick(cust.rows)
    names = [str(person["name"])] + [w.people.name() for _ in range(most)]
    v = voice(w, person)
    text = v.say(f"Please buy {len(names)} {t['name']} tickets to {e['title']} on one order, for {series(names)}.")
    reads = [
        find(w, "customer", person, "email"),
        call(kit.events, query=str(e["title"])),
        call(kit.tiers, **{w.e("event").id_arg: e["id"]}),
        call(POLICY_TOOL),
    ]
    return refusing(
        "too-many-tickets-refused",
        text,
        reads=reads,
        complying=[call(kit.buy, **{cust.id_arg: person["id"], tier.id_arg: t["id"], "attendees": names})],
        reason=f"an order holds at most {most} tickets",
        answer=[str(most)],
        competing=others([str(k) for k in (4, 6, 8, 10, 12)], [str(most), str(len(names))]),
        tags=["tickets"],
    )


def _rename(w: World) -> TaskCandidate | None:
    kit, ticket, order = w.kit(EventKit), w.e("ticket"), w.e("ticket_order")
    for o in shuffled(w, [o for o in order.rows if o["status"] == "paid"]):
        mine = [k for k in ticket.rows if k[order.id_arg] == o["id"] and k["status"] == "valid"]
        if len(mine) >= 2:
            break
    else:
        return None
    k = w.pick(mine[1:])
    new = w.people.name()
    person = w.e("customer").by_id(o[w.e("customer").id_arg])
    v = voice(w, person)
    text = v.say(
        f"{k['attendee']} can't come, so {new} will use their ticket on order {o['number']}. Please change the "
        "name on that ticket only."
    )
    calls = [
        call(kit.orders, query=str(o["number"])),
        call(kit.tickets, **{order.id_arg: o["id"]}),
        call(kit.transfer, **{ticket.id_arg: k["id"], "attendee": new}),
    ]
    return TaskCandidate(
        kind="rename-ticket", instruction=text, calls=calls, difficulty="medium", tags=["write", "keep-others"]
    )


def _cancelled_event(w: World) -> TaskCandidate | None:
    kit, order, event = w.kit(EventKit), w.e("ticket_order"), w.e("event")
    for e in shuffled(w, _on_sale(w)):
        paid = [o for o in order.rows if o[event.id_arg] == e["id"] and o["status"] == "paid"]
        if 2 <= len(paid) <= 7:
            break
    else:
        return None
    text = (
        f"{e['title']} on {e['held_on']} has been called off by the organizer. Mark it cancelled and refund every "
        "paid order for it."
    )
    calls = [
        call(kit.events, query=str(e["title"])),
        call(kit.set_status, **{event.id_arg: e["id"], "status": "cancelled"}),
        call(kit.orders, **{event.id_arg: e["id"]}, status="paid"),
    ]
    calls += [call(kit.refund, **{order.id_arg: o["id"]}) for o in paid]
    return TaskCandidate(
        kind="event-called-off", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "ripple"]
    )


def _door(w: World) -> TaskCandidate | None:
    kit, ticket, order, event = w.kit(EventKit), w.e("ticket"), w.e("ticket_order"), w.e("event")
    tonight = [e for e in event.rows if e["held_on"] == w.today and e["status"] in ("on-sale", "sold-out")]
    for e in shuffled(w, tonight):
        for o in shuffled(w, [o for o in order.rows if o[event.id_arg] == e["id"] and o["status"] == "paid"]):
            party = [k for k in ticket.rows if k[order.id_arg] == o["id"] and k["status"] == "valid"]
            if len(party) >= 2:
                text = (
                    f"The group on order {o['number']} has arrived at the door for {e['title']}. Check all of "
                    "their tickets in."
                )
                calls = [call(kit.orders, query=str(o["number"])), call(kit.tickets, **{order.id_arg: o["id"]})]
                calls += [call(kit.scan, **{ticket.id_arg: k["id"]}) for k in party]
                return TaskCandidate(
                    kind="door-check-in",
                    instruction=text,
                    calls=calls,
                    difficulty="medium",
                    tags=["write", "multi-party"],
                )
    return None


def _seats_left(w: World) -> TaskCandidate | None:
    kit, event = w.kit(EventKit), w.e("event")
    for e in shuffled(w, _on_sale(w)):
        tiers = _tiers(w, e)
        left = {str(t["name"]): n(t, "capacity") - n(t, "sold") for t in tiers}
        if len(set(left.values())) == len(left) >= 2:
            break
    else:
        return None
    name = w.pick(sorted(left))
    text = f"How many {name} tickets are left for {e['title']} on {e['held_on']}?"
    calls = [call(kit.events, query=str(e["title"])), call(kit.tiers, **{event.id_arg: e["id"]})]
    return TaskCandidate(
        kind="tickets-left",
        instruction=text,
        calls=calls,
        answer=[str(left[name])],
        competing=others(
            [str(v) for k, v in left.items() if k != name]
            + [str(t["capacity"]) for t in tiers]
            + [str(t["sold"]) for t in tiers],
            [str(left[name])],
        ),
        difficulty="easy",
        tags=["lookup"],
    )


EVENTS = Module(
    key="events",
    about="venues, events, ticket tiers, orders of named tickets, refunds and door check-in",
    fits=frozenset({"events"}),
    build=build_events,
    tools=event_tools,
    tasks=(
        TaskKind("tickets-for-friends", _buy_for_friends),
        TaskKind("refund-if-before-cutoff", _refund_if_allowed),
        TaskKind("too-many-tickets-refused", _too_many),
        TaskKind("rename-ticket", _rename),
        TaskKind("event-called-off", _cancelled_event),
        TaskKind("door-check-in", _door),
        TaskKind("tickets-left", _seats_left),
    ),
    needs=("customers",),
)
