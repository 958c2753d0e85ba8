"""After the order: shipments with tracking events, and returns within a return window.

Shipping a packed order creates its shipment and first tracking event and marks the order shipped;
delivering it closes both. A return is accepted for delivered lines within the window, and approving
one puts the units back in stock and refunds them through the payments ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import between, shift
from generator.candidate import TaskCandidate, branching, call
from generator.data.places import CITIES
from generator.module import Module, TaskKind
from generator.modules.catalog import Sellable
from generator.modules.common import n, others
from generator.modules.order_tasks import customer_of, item_of, lines_of
from generator.modules.orders import OrderKit
from generator.prices import plain
from generator.schema import Entity, Row
from generator.sql import lit
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

CARRIERS = ("UPS", "FedEx", "USPS", "DHL")
SHIP_STATES = ("in_transit", "delivered", "returned_to_sender")
EVENTS = ("Label created", "Picked up by carrier", "Arrived at sorting facility", "Out for delivery", "Delivered")


@dataclass(frozen=True)
class ShipmentKit:
    list: str
    events: str
    ship: str
    deliver: str


def build_shipments(w: World) -> None:
    order = w.e("order")
    ship = w.add(
        Entity(
            "shipment",
            w.noun("shipment"),
            [
                s.ref(order),
                s.enum("carrier", "carrier", CARRIERS),
                s.code("tracking_number", "tracking number"),
                s.enum("status", "where it is", SHIP_STATES),
                s.day("shipped_on", "date shipped"),
                s.day("delivered_on", "date delivered", required=False),
            ],
            "tracking_number",
            f"parcels sent for {order.plural_label}",
        )
    )
    event = w.add(
        Entity(
            "tracking_event",
            w.noun("tracking_event", "tracking event"),
            [
                s.ref(ship),
                s.day("happened_on", "date"),
                s.text("location", "where"),
                s.text("description", "what happened"),
            ],
            "description",
            "each step of a shipment's journey",
        )
    )
    hubs = [c for c, _ in w.rng.sample(list(CITIES), 4)]
    for o in order.rows:
        if o["status"] not in ("shipped", "delivered"):
            continue
        sent = shift(str(o["placed_on"]), w.pick((1, 1, 2)))
        done = o["status"] == "delivered"
        arrived = shift(sent, w.pick((2, 3, 4, 5))) if done else None
        row = ship.add(
            **{order.id_arg: o["id"]},
            carrier=w.pick(CARRIERS),
            tracking_number=f"1Z{w.rng.randrange(10**9, 10**10)}",
            status="delivered" if done else "in_transit",
            shipped_on=sent,
            delivered_on=arrived,
        )
        steps = EVENTS if done else EVENTS[: w.pick((2, 3, 4))]
        for k, what in enumerate(steps):
            day = min(shift(sent, k), arrived or w.today)
            where = w.city if k in (0, len(EVENTS) - 1, len(EVENTS) - 2) else hubs[k % len(hubs)]
            event.add(**{ship.id_arg: row["id"]}, happened_on=day, location=where, description=what)


def shipment_tools(w: World) -> None:
    order, ship, event = w.e("order"), w.e("shipment"), w.e("tracking_event")
    listing = crud.search(
        w, ship, text=["tracking_number"], filters=[order.id_arg, "status", "carrier"], sorts=["shipped_on"]
    )
    events = crud.search(w, event, scope=[ship.id_arg], sorts=["happened_on"], name=f"track_{ship.noun.snake}")
    w.put(ShipmentKit(listing, events, _ship(w), _deliver(w)))


def _ship(w: World) -> str:
    order, ship, event = w.e("order"), w.e("shipment"), w.e("tracking_event")
    oid = order.id_arg
    props = {
        oid: id_arg(f"the {order.label}'s id"),
        "carrier": {"type": "string", "enum": list(CARRIERS), "description": "who carries it"},
    }
    program: list[Step] = [
        query(
            "o",
            f"SELECT order_number, status FROM {order.table} WHERE id = :{oid}",
            f"no {order.label} with id {{{oid}}}; {crud.finder_hint(w, 'order')}",
        ),
        check(
            "SELECT :o__status = 'packed'",
            f"{order.label} {{o__order_number}} is {{o__status}}; only packed {order.plural_label} can be shipped",
        ),
        execute(
            f"INSERT INTO {ship.table} ({oid}, carrier, tracking_number, status, shipped_on) VALUES (:{oid}, "
            f":carrier, printf('1Z%010d', 4100000000 + :{oid} * 7919), 'in_transit', :_today)"
        ),
        execute(
            f"INSERT INTO {event.table} ({ship.id_arg}, happened_on, location, description) VALUES "
            f"((SELECT MAX(id) FROM {ship.table}), :_today, {lit(w.city)}, 'Picked up by carrier')"
        ),
        execute(f"UPDATE {order.table} SET status = 'shipped' WHERE id = :{oid}"),
        ret(f"SELECT {select_list(w, ship)} FROM {ship.table} t WHERE t.id = (SELECT MAX(id) FROM {ship.table})"),
    ]
    example = next(({oid: o["id"], "carrier": "UPS"} for o in order.rows if o["status"] == "packed"), None)
    text = f"Hand a packed {order.label} to a carrier: creates its shipment and first tracking event, marks it shipped."
    return w.tool(
        make_tool(f"ship_{order.noun.snake}", text, props, list(props), program, row_schema(w, ship), example=example)
    )


def _deliver(w: World) -> str:
    order, ship, event = w.e("order"), w.e("shipment"), w.e("tracking_event")
    sid = ship.id_arg
    props = {sid: id_arg("the shipment's id")}
    program: list[Step] = [
        query(
            "sh",
            f"SELECT tracking_number, status, {order.id_arg} AS order_id FROM {ship.table} WHERE id = :{sid}",
            f"no shipment with id {{{sid}}}; list the {order.label}'s shipments to find it",
        ),
        check("SELECT :sh__status = 'in_transit'", "shipment {sh__tracking_number} is {sh__status}, not in transit"),
        execute(f"UPDATE {ship.table} SET status = 'delivered', delivered_on = :_today WHERE id = :{sid}"),
        execute(
            f"INSERT INTO {event.table} ({sid}, happened_on, location, description) VALUES (:{sid}, :_today, "
            f"{lit(w.city)}, 'Delivered')"
        ),
        execute(f"UPDATE {order.table} SET status = 'delivered' WHERE id = :sh__order_id"),
        ret(f"SELECT {select_list(w, ship)} FROM {ship.table} t WHERE t.id = :{sid}"),
    ]
    example = next(({sid: r["id"]} for r in ship.rows if r["status"] == "in_transit"), None)
    text = f"Record that a shipment was delivered today: the shipment and its {order.label} become delivered."
    return w.tool(
        make_tool(
            f"mark_{ship.noun.snake}_delivered", text, props, list(props), program, row_schema(w, ship), example=example
        )
    )


def _where_is_it(w: World) -> TaskCandidate | None:
    kit, okit, ship, event = w.kit(ShipmentKit), w.kit(OrderKit), w.e("shipment"), w.e("tracking_event")
    pool = [r for r in ship.rows if r["status"] == "in_transit"]
    if not pool:
        return None
    sh = w.pick(pool)
    trail = [e for e in event.rows if e[ship.id_arg] == sh["id"]]
    last = trail[-1]
    o = w.e("order").by_id(sh[w.e("order").id_arg])
    person = customer_of(w, o)
    v = voice(w, person)
    text = v.say(f"Where is {v.my} {w.e('order').label} {o['order_number']} right now, and what was the last update?")
    calls = [
        call(okit.search, query=str(o["order_number"])),
        call(kit.list, **{w.e("order").id_arg: o["id"]}),
        call(kit.events, **{ship.id_arg: sh["id"]}),
    ]
    others = [str(e["description"]) for e in trail[:-1]]
    return TaskCandidate(
        kind="where-is-my-order",
        instruction=text,
        calls=calls,
        answer=[str(last["location"]), str(last["description"])],
        competing=others,
        difficulty="medium",
        tags=["lookup", "multi-step"],
    )


def _ship_packed(w: World) -> TaskCandidate | None:
    kit, okit, order = w.kit(ShipmentKit), w.kit(OrderKit), w.e("order")
    packed = [o for o in order.rows if o["status"] == "packed"]
    if not 1 <= len(packed) <= 6 or not [o for o in order.rows if o["status"] == "placed"]:
        return None
    carrier = w.pick(CARRIERS)
    text = (
        f"The {carrier} truck is here. Ship every {order.label} that is packed with {carrier}; orders that are only "
        "placed stay where they are."
    )
    calls = [call(okit.search, status="packed", limit=50)]
    calls += [call(kit.ship, **{order.id_arg: o["id"], "carrier": carrier}) for o in packed]
    return TaskCandidate(
        kind="ship-packed", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "keep-others"]
    )


SHIPMENTS = Module(
    key="shipments",
    about="shipments and their tracking events",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_shipments,
    tools=shipment_tools,
    tasks=(TaskKind("where-is-my-order", _where_is_it), TaskKind("ship-packed", _ship_packed)),
    needs=("orders",),
)


# --- returns -------------------------------------------------------------------------------------

REASONS = ("damaged", "wrong item", "not as described", "changed mind", "too small", "too large")
RETURN_STATES = ("requested", "approved", "rejected")


@dataclass(frozen=True)
class ReturnPolicy:
    days: int


@dataclass(frozen=True)
class ReturnKit:
    search: str
    request: str
    approve: str


def build_returns(w: World) -> None:
    line, order = w.e("order_line"), w.e("order")
    ent = w.add(
        Entity(
            "return",
            w.noun("return", "return request"),
            [
                s.ref(line),
                s.integer("quantity", "units returned", 1, 99),
                s.enum("reason", "why", REASONS),
                s.enum("status", "where it stands", RETURN_STATES),
                s.day("requested_on", "date requested"),
                s.money("refund", "amount refunded"),
            ],
            "id",
            f"items sent back from delivered {order.plural_label}",
            table="return_requests",
        )
    )
    days = w.pick((14, 30, 30, 45))
    w.put(ReturnPolicy(days))
    w.rule("return_window_days", days)
    w.fact(f"Delivered items can be returned within {days} days of delivery.")
    delivered = (
        {r[order.id_arg]: r for r in w.e("shipment").rows if r["status"] == "delivered"} if w.has("shipment") else {}
    )
    for o in order.rows:
        if o["status"] != "delivered" or not (w.chance(0.15) or not ent.rows):
            continue
        ln = w.pick(lines_of(w, o))
        asked = shift(str(delivered[o["id"]]["delivered_on"]) if o["id"] in delivered else str(o["placed_on"]), 3)
        state = w.pick(("requested", "approved", "approved", "rejected")) if ent.rows else "requested"
        ent.add(
            **{line.id_arg: ln["id"]},
            quantity=1,
            reason=w.pick(REASONS),
            status=state,
            requested_on=min(asked, w.today),
            refund_cents=n(ln, "unit_price_cents") if state == "approved" else 0,
        )


def delivered_on(w: World, o: Row) -> str:
    """When an order arrived: its shipment's delivery date, or (without shipments) three days after it was placed."""
    if w.has("shipment"):
        for sh in w.e("shipment").rows:
            if sh[w.e("order").id_arg] == o["id"] and sh["delivered_on"]:
                return str(sh["delivered_on"])
    return shift(str(o["placed_on"]), 3)


def return_tools(w: World) -> None:
    ent, line = w.e("return"), w.e("order_line")
    search = crud.search(
        w, ent, filters=[line.id_arg, "status", "reason"], ranges=["requested_on"], sorts=["requested_on"]
    )
    w.put(ReturnKit(search, _request(w), _approve(w)))


def _delivery_sql(w: World) -> str:
    order = w.e("order")
    if w.has("shipment"):
        ship = w.e("shipment")
        return f"(SELECT MAX(delivered_on) FROM {ship.table} WHERE {order.id_arg} = :l__order_id)"
    return f"(SELECT date(placed_on, '+3 days') FROM {order.table} WHERE id = :l__order_id)"


def _request(w: World) -> str:
    ent, line, order = w.e("return"), w.e("order_line"), w.e("order")
    days = w.kit(ReturnPolicy).days
    lid = line.id_arg
    props = {
        lid: id_arg(f"the {line.label}'s id"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 99, "description": "units to return"},
        "reason": {"type": "string", "enum": list(REASONS), "description": "why"},
    }
    program: list[Step] = [
        query(
            "l",
            f"SELECT l.{order.id_arg} AS order_id, l.quantity, l.status AS line_status, o.status, "
            f"o.order_number FROM {line.table} l JOIN {order.table} o ON o.id = l.{order.id_arg} WHERE l.id = :{lid}",
            f"no {line.label} with id {{{lid}}}; list the {order.label}'s lines to find it",
        ),
        check(
            "SELECT :l__status = 'delivered' AND :l__line_status = 'open'",
            f"{order.label} {{l__order_number}} is {{l__status}}; only delivered items can be returned",
        ),
        query("d", f"SELECT {_delivery_sql(w)} AS day"),
        check(
            f"SELECT :_today <= date(:d__day, '+{days} days')",
            f"{order.label} {{l__order_number}} was delivered on {{d__day}}; the {days}-day return window is over",
        ),
        query(
            "done",
            f"SELECT COALESCE(SUM(quantity), 0) AS units FROM {ent.table} WHERE {lid} = :{lid} AND "
            "status != 'rejected'",
        ),
        check(
            "SELECT :done__units + :quantity <= :l__quantity",
            "only {l__quantity} were bought and {done__units} are already being returned",
        ),
        execute(
            f"INSERT INTO {ent.table} ({lid}, quantity, reason, status, requested_on, refund_cents) VALUES "
            f"(:{lid}, :quantity, :reason, 'requested', :_today, 0)"
        ),
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = (SELECT MAX(id) FROM {ent.table})"),
    ]
    text = f"Start a return for a delivered {line.label}, within {days} days of delivery. It waits for approval."
    return w.tool(
        make_tool(
            f"request_{ent.noun.snake}", text, props, list(props), program, row_schema(w, ent), example=_returnable(w)
        )
    )


def _returnable(w: World) -> dict[str, object] | None:
    """A request_return call that works on the initial state."""
    order, line, days = w.e("order"), w.e("order_line"), w.kit(ReturnPolicy).days
    taken = {r[line.id_arg] for r in w.e("return").rows}
    for o in order.rows:
        if o["status"] == "delivered" and between(delivered_on(w, o), w.today) <= days:
            for ln in lines_of(w, o):
                if ln["id"] not in taken:
                    return {line.id_arg: ln["id"], "quantity": 1, "reason": "damaged"}
    return None


def _approve(w: World) -> str:
    ent, line, order, sell = w.e("return"), w.e("order_line"), w.e("order"), w.kit(Sellable)
    item = w.e(sell.entity)
    rid = ent.id_arg
    program: list[Step] = [
        query(
            "r",
            f"SELECT r.status, r.quantity, l.unit_price_cents AS price, l.{item.id_arg} AS item, "
            f"l.{order.id_arg} AS order_id FROM {ent.table} r JOIN {line.table} l ON l.id = r.{line.id_arg} "
            f"WHERE r.id = :{rid}",
            f"no return with id {{{rid}}}",
        ),
        check("SELECT :r__status = 'requested'", "that return is already {r__status}"),
        execute(
            f"UPDATE {ent.table} SET status = 'approved', refund_cents = :r__quantity * :r__price WHERE id = :{rid}"
        ),
    ]
    if sell.stock:
        program.append(
            execute(f"UPDATE {item.table} SET {sell.stock} = {sell.stock} + :r__quantity WHERE id = :r__item")
        )
    if w.has("payment"):
        pay = w.e("payment")
        program.append(
            execute(
                f"INSERT INTO {pay.table} ({order.id_arg}, kind, amount_cents, created_on) VALUES "
                f"(:r__order_id, 'refund', :r__quantity * :r__price, :_today)"
            )
        )
    program.append(ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = :{rid}"))
    example = next(({rid: r["id"]} for r in ent.rows if r["status"] == "requested"), None)
    text = "Approve a requested return: the units go back into stock and their price is refunded."
    return w.tool(
        make_tool(
            f"approve_{ent.noun.snake}",
            text,
            {rid: id_arg("the return's id")},
            [rid],
            program,
            row_schema(w, ent),
            example=example,
        )
    )


def _return_if_in_window(w: World) -> TaskCandidate | None:
    kit, okit, order, line = w.kit(ReturnKit), w.kit(OrderKit), w.e("order"), w.e("order_line")
    days = w.kit(ReturnPolicy).days
    inside: list[tuple[Row, Row]] = []
    outside: list[tuple[Row, Row]] = []
    for o in order.rows:
        if o["status"] != "delivered":
            continue
        age = between(delivered_on(w, o), w.today)
        returned = {r[line.id_arg] for r in w.e("return").rows}
        lines = [ln for ln in lines_of(w, o) if ln["id"] not in returned]
        if lines:
            (inside if age <= days else outside).append((o, w.pick(lines)))
    branch = "then" if w.chance(0.5) else "else"
    pool = inside if branch == "then" else outside
    if not pool:
        return None
    o, ln = w.pick(pool)
    product = item_of(w, ln)
    person = customer_of(w, o)
    reason = w.pick(REASONS)
    v = voice(w, person)
    text = v.say(
        f"The {product['name']} from {v.my} {order.label} {o['order_number']} has to go back (reason: {reason}). "
        f"If it's still within the return window, start a return for one unit; if not, tell {v.me} the date it was "
        "delivered."
    )
    calls = [call(okit.search, query=str(o["order_number"])), call(okit.lines, **{order.id_arg: o["id"]})]
    calls.append(call(w.kit(ShipmentKit).list, **{order.id_arg: o["id"]}))
    holds = branch == "then"
    return branching(
        "return-if-in-window",
        text,
        condition="in-return-window",
        holds=holds,
        reads=calls,
        then=[call(kit.request, **{line.id_arg: ln["id"], "quantity": 1, "reason": reason})],
        otherwise=[],
        answer=[] if holds else [delivered_on(w, o)],
        competing=[] if holds else [str(o["placed_on"]), w.today],
        difficulty="hard",
        tags=["conditional", "returns"],
    )


def _approve_pending(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(ReturnKit), w.e("return")
    pending = [r for r in ent.rows if r["status"] == "requested"]
    if not 1 <= len(pending) <= 6:
        return None
    reason = w.pick([r["reason"] for r in pending])
    chosen = [r for r in pending if r["reason"] == reason]
    if len(chosen) == len(pending) and len(pending) > 1:
        return None
    text = (
        f'Approve every pending return whose reason is "{reason}" and tell me how much was refunded in total. '
        "Leave the other pending returns for review."
    )
    refunds = []
    for r in chosen:
        ln = w.e("order_line").by_id(r[w.e("order_line").id_arg])
        refunds.append(n(r, "quantity") * n(ln, "unit_price_cents"))
    calls = [call(kit.search, status="requested", reason=reason, limit=50)]
    calls += [call(kit.approve, **{ent.id_arg: r["id"]}) for r in chosen]
    if len(chosen) > 1:
        return TaskCandidate(
            kind="approve-returns",
            instruction=text.replace(" and tell me how much was refunded in total", ""),
            calls=calls,
            difficulty="hard",
            tags=["write", "bulk", "keep-others"],
        )
    return TaskCandidate(
        kind="approve-returns",
        instruction=text,
        calls=calls,
        answer=[plain(sum(refunds))],
        competing=others([plain(n(x, "refund_cents")) for x in ent.rows], [plain(sum(refunds))]),
        difficulty="medium",
        tags=["write", "keep-others"],
    )


RETURNS = Module(
    key="returns",
    about="returns of delivered items within a window, with refunds and restocking",
    fits=frozenset({"retail"}),
    build=build_returns,
    tools=return_tools,
    tasks=(TaskKind("return-if-in-window", _return_if_in_window), TaskKind("approve-returns", _approve_pending)),
    needs=("orders", "shipments"),
)
