"""Task kinds about orders: multi-item orders, cancellations that ripple, line changes, reorders,
spending questions, and the cancellation that must not happen."""

from __future__ import annotations

from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import TaskKind
from generator.modules.catalog import Sellable
from generator.modules.common import find, n, shuffled
from generator.modules.orders import OrderKit
from generator.modules.reviews import post_review
from generator.naming import series
from generator.prices import plain
from generator.schema import Row
from generator.voice import voice
from generator.world import World


def orders_of(w: World, person: Row, *states: str) -> list[Row]:
    return [
        o
        for o in w.e("order").rows
        if o[w.e("customer").id_arg] == person["id"] and (not states or o["status"] in states)
    ]


def lines_of(w: World, order: Row, status: str = "open") -> list[Row]:
    return [ln for ln in w.e("order_line").rows if ln[w.e("order").id_arg] == order["id"] and ln["status"] == status]


def item_of(w: World, line: Row) -> Row:
    sell = w.kit(Sellable)
    return w.e(sell.entity).by_id(line[w.e(sell.entity).id_arg])


def customer_of(w: World, order: Row) -> Row:
    return w.e("customer").by_id(order[w.e("customer").id_arg])


def _buyers(w: World) -> list[Row]:
    return [c for c in w.e("customer").rows if c.get("status", "active") == "active"]


def _multi_item(w: World) -> TaskCandidate | None:
    kit, sell = w.kit(OrderKit), w.kit(Sellable)
    item = w.e(sell.entity)
    stocked = [r for r in item.rows if r["status"] == "active" and (not sell.stock or n(r, sell.stock) >= 4)]
    if len(stocked) < 4:
        return None
    person = w.pick(_buyers(w))
    picks = w.rng.sample(stocked, w.pick((2, 3, 3, 4)))
    qty = {p["id"]: w.pick((1, 1, 2, 3)) for p in picks}
    v = voice(w, person)
    wanted = ", ".join(f"{qty[p['id']]} x {p['name']}" for p in picks)
    calls = [find(w, "customer", person, "email"), *(find(w, sell.entity, p) for p in picks)]
    calls.append(
        call(
            kit.place,
            **{
                w.e("customer").id_arg: person["id"],
                "items": [{w.e(sell.entity).id_arg: p["id"], "quantity": qty[p["id"]]} for p in picks],
            },
        )
    )
    text = v.say(f"I would like to order {wanted}." if v.my == "my" else f"They would like to order {wanted}.")
    if w.has("address"):
        text += f" Send it to {v.my} default address."
    return TaskCandidate(
        kind="multi-item-order", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-item"]
    )


def _cancel_by_date(w: World) -> TaskCandidate | None:
    """Cancel an order named by its date; a conditional: only if it has not shipped."""
    kit, order = w.kit(OrderKit), w.e("order")
    pool = []
    for person in shuffled(w, _buyers(w)):
        mine = orders_of(w, person)
        for o in mine:
            same_day = [x for x in mine if x["placed_on"] == o["placed_on"]]
            if len(same_day) == 1 and o["status"] != "cancelled":
                pool.append((person, o))
    takes = [p for p in pool if p[1]["status"] in ("placed", "packed")]
    passes = [p for p in pool if p[1]["status"] in ("shipped", "delivered")]
    branch = "then" if w.chance(0.5) else "else"
    options = takes if branch == "then" else passes
    if not options:
        return None
    person, o = w.pick(options)
    v = voice(w, person)
    text = v.say(
        f"Please cancel the {order.label} {v.i} placed on {o['placed_on']} if that is still possible. If it is too "
        "late, don't change anything; just tell me where it stands."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(
            kit.search,
            **{w.e("customer").id_arg: person["id"]},
            placed_on_from=o["placed_on"],
            placed_on_to=o["placed_on"],
        ),
    ]
    others = [s for s in ("placed", "packed", "shipped", "delivered", "cancelled") if s != o["status"]]
    return branching(
        "cancel-if-not-shipped",
        text,
        condition="not-shipped",
        holds=branch == "then",
        reads=calls,
        then=[call(kit.cancel, **{order.id_arg: o["id"]})],
        otherwise=[],
        answer=[] if branch == "then" else [str(o["status"])],
        competing=[] if branch == "then" else others,
        tags=["conditional", "ripple"],
    )


def _drop_line(w: World) -> TaskCandidate | None:
    kit, order, line = w.kit(OrderKit), w.e("order"), w.e("order_line")
    pool = [o for o in order.rows if o["status"] in ("placed", "packed") and len(lines_of(w, o)) >= 2]
    if not pool:
        return None
    o = w.pick(pool)
    person = customer_of(w, o)
    keep = lines_of(w, o)
    drop = w.pick(keep)
    product = item_of(w, drop)
    v = voice(w, person)
    rest = [str(item_of(w, ln)["name"]) for ln in keep if ln is not drop]
    text = v.say(
        f"On {v.my} {order.label} {o['order_number']}, please take off the {product['name']}; keep the rest "
        f"({series(rest)}) as it is."
    )
    calls = [
        call(kit.search, query=str(o["order_number"])),
        call(kit.lines, **{order.id_arg: o["id"]}),
        call(kit.cancel_line, **{line.id_arg: drop["id"]}),
    ]
    return TaskCandidate(
        kind="drop-order-line",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "ripple", "keep-others"],
    )


def _change_quantity(w: World) -> TaskCandidate | None:
    kit, order, line, sell = w.kit(OrderKit), w.e("order"), w.e("order_line"), w.kit(Sellable)
    for o in shuffled(w, [o for o in order.rows if o["status"] in ("placed", "packed")]):
        for ln in lines_of(w, o):
            product = item_of(w, ln)
            room = n(product, sell.stock) if sell.stock else 50
            if room >= 2:
                new = n(ln, "quantity") + w.pick((1, 2)) if w.chance(0.6) or n(ln, "quantity") == 1 else 1
                if new - n(ln, "quantity") <= room:
                    break
        else:
            continue
        break
    else:
        return None
    person = customer_of(w, o)
    v = voice(w, person)
    text = v.say(
        f"Could you change {v.my} {order.label} {o['order_number']} to {new} of the {product['name']} "
        f"instead of {ln['quantity']}?"
    )
    calls = [
        call(kit.search, query=str(o["order_number"])),
        call(kit.lines, **{order.id_arg: o["id"]}),
        call(kit.change_quantity, **{line.id_arg: ln["id"], "quantity": new}),
    ]
    return TaskCandidate(
        kind="change-line-quantity", instruction=text, calls=calls, difficulty="medium", tags=["write", "ripple"]
    )


def _reorder(w: World) -> TaskCandidate | None:
    kit, order, sell = w.kit(OrderKit), w.e("order"), w.kit(Sellable)
    item = w.e(sell.entity)
    for o in shuffled(w, [o for o in order.rows if o["status"] == "delivered"]):
        lines = lines_of(w, o)
        products = [item_of(w, ln) for ln in lines]
        person = customer_of(w, o)
        ok = all(
            p["status"] == "active" and (not sell.stock or n(p, sell.stock) >= n(ln, "quantity"))
            for p, ln in zip(products, lines, strict=True)
        )
        if len(lines) >= 2 and ok and person.get("status", "active") == "active":
            break
    else:
        return None
    v = voice(w, person)
    text = v.say(f"Please order again exactly what was in {v.my} {order.label} {o['order_number']}, same quantities.")
    items = [{item.id_arg: ln[item.id_arg], "quantity": ln["quantity"]} for ln in lines]
    calls = [
        call(kit.search, query=str(o["order_number"])),
        call(kit.lines, **{order.id_arg: o["id"]}),
        call(kit.place, **{w.e("customer").id_arg: person["id"]}, items=items),
    ]
    return TaskCandidate(
        kind="reorder", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-item", "multi-step"]
    )


def _spent(w: World) -> TaskCandidate | None:
    kit, order = w.kit(OrderKit), w.e("order")
    for person in shuffled(w, w.e("customer").rows):
        mine = orders_of(w, person)
        done = [o for o in mine if o["status"] == "delivered"]
        if len(done) >= 2 and len(mine) > len(done):
            break
    else:
        return None
    total = sum(n(o, "total_cents") for o in done)
    every = sum(n(o, "total_cents") for o in mine)
    text = (
        f"What do the totals of {person['name']}'s delivered {order.plural_label} add up to? Count only "
        f"delivered ones, shipping included."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.summary, **{w.e("customer").id_arg: person["id"]}, status="delivered"),
    ]
    competing = [plain(every), *(plain(n(o, "total_cents")) for o in done)]
    return TaskCandidate(
        kind="delivered-spend",
        instruction=text,
        calls=calls,
        answer=[plain(total)],
        competing=[c for c in competing if c != plain(total)],
        difficulty="medium",
        tags=["lookup", "aggregate"],
    )


def _largest_order(w: World) -> TaskCandidate | None:
    kit, order = w.kit(OrderKit), w.e("order")
    for person in shuffled(w, w.e("customer").rows):
        mine = sorted(orders_of(w, person), key=lambda o: -n(o, "total_cents"))
        if len(mine) >= 3 and mine[0]["total_cents"] != mine[1]["total_cents"]:
            break
    else:
        return None
    top = mine[0]
    text = f"Which of {person['name']}'s {order.plural_label} had the largest total, and how much was it?"
    calls = [
        find(w, "customer", person, "email"),
        call(kit.search, **{w.e("customer").id_arg: person["id"]}, sort_by="total", sort_order="desc", limit=5),
    ]
    return TaskCandidate(
        kind="largest-order",
        instruction=text,
        calls=calls,
        answer=[str(top["order_number"]), plain(n(top, "total_cents"))],
        competing=[str(o["order_number"]) for o in mine[1:]] + [plain(n(o, "total_cents")) for o in mine[1:]],
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


def _cancel_all_open(w: World) -> TaskCandidate | None:
    kit, order = w.kit(OrderKit), w.e("order")
    for person in shuffled(w, w.e("customer").rows):
        open_ = orders_of(w, person, "placed", "packed")
        shipped = orders_of(w, person, "shipped", "delivered")
        if len(open_) >= 2 and shipped:
            break
    else:
        return None
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like every {order.label} that hasn't shipped yet cancelled. Leave the ones "
        "already on their way alone."
    )
    calls = [find(w, "customer", person, "email"), call(kit.search, **{w.e("customer").id_arg: person["id"]}, limit=50)]
    calls += [call(kit.cancel, **{order.id_arg: o["id"]}) for o in open_]
    return TaskCandidate(
        kind="cancel-all-open", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "keep-others"]
    )


ORDER_TASKS: tuple[TaskKind, ...] = (
    TaskKind("multi-item-order", _multi_item, ("orders",)),
    TaskKind("cancel-if-not-shipped", _cancel_by_date, ("orders",)),
    TaskKind("drop-order-line", _drop_line, ("orders",)),
    TaskKind("change-line-quantity", _change_quantity, ("orders",)),
    TaskKind("reorder", _reorder, ("orders",)),
    TaskKind("delivered-spend", _spent, ("orders",)),
    TaskKind("largest-order", _largest_order, ("orders",)),
    TaskKind("cancel-all-open", _cancel_all_open, ("orders",)),
)


def _cancel_refused(w: World) -> TaskCandidate | None:
    """A plain cancellation the policy forbids: the order has shipped. Right outcome: no change, and why."""
    kit, order = w.kit(OrderKit), w.e("order")
    pool = [o for o in order.rows if o["status"] in ("shipped", "delivered")]
    if not pool:
        return None
    o = w.pick(pool)
    person = customer_of(w, o)
    v = voice(w, person)
    text = v.say(f"Please cancel {v.my} {order.label} {o['order_number']} and refund it.")
    calls = [call(kit.search, query=str(o["order_number"]))]
    others = [s for s in ("placed", "packed", "shipped", "delivered", "cancelled") if s != o["status"]]
    return refusing(
        "cancel-refused",
        text,
        reads=calls,
        complying=[call(kit.cancel, **{order.id_arg: o["id"]})],
        reason=f"only placed or packed {order.plural_label} can be cancelled; this one is {o['status']}",
        answer=[str(o["status"])],
        competing=others,
        tags=["orders"],
    )


ORDER_TASKS = (*ORDER_TASKS, TaskKind("cancel-refused", _cancel_refused, ("orders",)))


def _verified_review(w: World) -> TaskCandidate | None:
    """A customer reviews something they received (the only kind of review the shop accepts)."""
    pairs = []
    for o in w.e("order").rows:
        if o["status"] == "delivered":
            pairs += [(customer_of(w, o), item_of(w, ln)) for ln in lines_of(w, o)]
    return post_review(w, pairs)


ORDER_TASKS = (*ORDER_TASKS, TaskKind("post-verified-review", _verified_review, ("orders", "reviews")))
