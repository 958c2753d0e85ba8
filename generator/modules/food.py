"""Food ordering: restaurants with menus, orders of several dishes from one restaurant (a minimum order,
open kitchens only, a tip), couriers assigned to deliveries."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.data.catalogs.food import RESTAURANT_NAMES, VEGETARIAN
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.naming import series
from generator.prices import dollars, plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

STATES = ("placed", "preparing", "out-for-delivery", "delivered", "cancelled")


@dataclass(frozen=True)
class FoodKit:
    restaurants: str
    menu: str
    order: str
    orders: str
    items: str
    cancel: str
    dispatch: str
    couriers: str
    edit_dish: str
    set_open: str


def build_food(w: World) -> None:
    cust = w.e("customer")
    rest = w.add(
        Entity(
            "restaurant",
            w.noun("restaurant"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("cuisine", "cuisine"),
                s.money("delivery_fee", "delivery fee"),
                s.money("min_order", "smallest order subtotal"),
                s.integer("prep_minutes", "usual preparation time", 5, 90),
                s.flag("open", "open now"),
                *rating_columns(w),
            ],
            "name",
            "the kitchens orders come from",
        )
    )
    dish = w.add(
        Entity(
            "menu_item",
            w.noun("menu_item", "dish|dishes"),
            [
                s.ref(rest),
                s.text("name", "name"),
                s.text("section", "menu section"),
                s.money("price", "price"),
                s.flag("vegetarian", "vegetarian"),
                s.flag("available", "can be ordered today"),
            ],
            "name",
            "what each restaurant cooks",
        )
    )
    order = w.add(
        Entity(
            "food_order",
            w.noun("food_order", "order"),
            [
                s.code("number", "order number"),
                s.ref(cust),
                s.ref(rest),
                s.enum("status", "status", STATES),
                s.money("subtotal", "sum of the dishes"),
                s.money("delivery_fee", "delivery fee"),
                s.money("tip", "tip"),
                s.money("total", "total"),
                s.day("placed_on", "date"),
            ],
            "number",
            f"meals ordered by {cust.plural_label}",
        )
    )
    w.add(
        Entity(
            "food_order_item",
            w.noun("food_order_item", "order item"),
            [s.ref(order), s.ref(dish), s.integer("quantity", "portions", 1, 20), s.money("price", "price each")],
            "id",
            "the dishes of each order",
        )
    )
    courier = w.add(
        Entity(
            "courier",
            w.noun("courier"),
            [
                s.person("name", "full name"),
                s.phone(required=True),
                s.enum("vehicle", "vehicle", ("bike", "scooter", "car")),
                s.flag("on_shift", "working now"),
            ],
            "name",
            "who delivers",
        )
    )
    w.add(
        Entity(
            "delivery",
            w.noun("delivery"),
            [s.ref(order), s.ref(courier), s.day("assigned_on", "date")],
            "id",
            "which courier took which order",
        )
    )
    w.put(Reviewable("restaurant", "meal"))
    w.fact(
        "An order comes from one restaurant that is open, reaches its minimum subtotal and can be cancelled only "
        "until the kitchen starts preparing it."
    )
    _seed(w, rest, dish, courier)


def _seed(w: World, rest: Entity, dish: Entity, courier: Entity) -> None:
    for category in w.domain.catalog.categories:
        names = RESTAURANT_NAMES[category.name]
        for name in w.rng.sample(names, 1 if len(w.domain.catalog.categories) > 1 else w.rng.randint(1, 2)):
            row = rest.add(
                name=name,
                cuisine=category.name,
                delivery_fee_cents=w.pick((0, 199, 299, 349, 499)),
                min_order_cents=w.pick((1000, 1200, 1500, 2000)),
                prep_minutes=w.pick((15, 20, 25, 30, 40)),
                open=0 if w.chance(0.15) else 1,
            )
            for kind in category.items:
                dish.add(
                    **{rest.id_arg: row["id"]},
                    name=kind.name,
                    section=kind.specs[0],
                    price_cents=price(w.rng, kind.low, kind.high),
                    vegetarian=int(kind.name in VEGETARIAN),
                    available=0 if w.chance(0.08) else 1,
                )
    if not any(r["open"] for r in rest.rows):
        rest.rows[0]["open"] = 1
    for _ in range(w.rng.randint(4, 9)):
        courier.add(
            name=w.people.name(),
            phone=w.people.phone(),
            vehicle=w.pick(("bike", "scooter", "car")),
            on_shift=1 if w.chance(0.7) else 0,
        )
    _seed_orders(w)


def _seed_orders(w: World) -> None:
    cust, rest, dish, order, line = (
        w.e(k) for k in ("customer", "restaurant", "menu_item", "food_order", "food_order_item")
    )
    courier, delivery = w.e("courier"), w.e("delivery")
    for k in range(w.rng.randint(25, 50)):
        r = w.pick(rest.rows)
        menu = [d for d in dish.rows if d[rest.id_arg] == r["id"]]
        picks = w.rng.sample(menu, min(len(menu), w.pick((1, 2, 3))))
        age = w.rng.randint(0, 60) if k > 5 else 0
        fresh = ("placed", "preparing", "placed", "preparing", "out-for-delivery", "placed")
        status = "delivered" if age else fresh[k] if k < len(fresh) else w.pick(fresh)
        status = "cancelled" if age and w.chance(0.06) else status
        row = order.add(
            number=f"FO-{5000 + k}",
            **{cust.id_arg: w.pick(cust.rows)["id"], rest.id_arg: r["id"]},
            status=status,
            subtotal_cents=0,
            delivery_fee_cents=r["delivery_fee_cents"],
            tip_cents=w.pick((0, 200, 300, 500)),
            total_cents=0,
            placed_on=days_ago(w, age, age),
        )
        sub = 0
        for d in picks:
            qty = w.pick((1, 1, 2))
            line.add(**{order.id_arg: row["id"], dish.id_arg: d["id"]}, quantity=qty, price_cents=d["price_cents"])
            sub += qty * n(d, "price_cents")
        row["subtotal_cents"] = sub
        row["total_cents"] = sub + n(row, "delivery_fee_cents") + n(row, "tip_cents")
        if status in ("out-for-delivery", "delivered"):
            delivery.add(
                **{order.id_arg: row["id"], courier.id_arg: w.pick(courier.rows)["id"]}, assigned_on=row["placed_on"]
            )


# --- tools ---------------------------------------------------------------------------------------


def food_tools(w: World) -> None:
    rest, dish, order, line, courier = (
        w.e(k) for k in ("restaurant", "menu_item", "food_order", "food_order_item", "courier")
    )
    restaurants = crud.search(
        w,
        rest,
        text=["name", "cuisine"],
        filters=["open"],
        ranges=["delivery_fee", "min_order"],
        sorts=["name", "delivery_fee"] + (["rating"] if rest.has("rating") else []),
    )
    menu = crud.search(
        w,
        dish,
        scope=[rest.id_arg],
        text=["name"],
        filters=["section", "vegetarian", "available"],
        ranges=["price"],
        sorts=["price", "name"],
        name="show_menu",
    )
    orders = crud.search(
        w,
        order,
        text=["number"],
        filters=[w.e("customer").id_arg, rest.id_arg, "status"],
        ranges=["placed_on"],
        sorts=["placed_on", "total"],
        name="search_food_orders",
    )
    items = crud.search(w, line, scope=[order.id_arg], sorts=["id"], name="list_order_items")
    couriers = crud.search(w, courier, text=["name"], filters=["on_shift", "vehicle"], sorts=["name"])
    edit_dish = crud.update(
        w,
        dish,
        [dish.col("price"), dish.col("available")],
        about="Change a dish's price or whether it can be ordered today",
        name="update_dish",
    )
    set_open = crud.update(
        w, rest, [rest.col("open")], about="Open or close a restaurant for orders", name="set_restaurant_open"
    )
    w.put(FoodKit(restaurants, menu, _order(w), orders, items, _cancel(w), _dispatch(w), couriers, edit_dish, set_open))


def _order(w: World) -> str:
    cust, rest, dish, order, line = (
        w.e(k) for k in ("customer", "restaurant", "menu_item", "food_order", "food_order_item")
    )
    did = dish.id_arg
    props = {
        cust.id_arg: id_arg(f"the {cust.label}'s id"),
        rest.id_arg: id_arg("the restaurant's id"),
        "items": list_arg(
            {did: id_arg("the dish's id"), "quantity": {"type": "integer", "minimum": 1, "maximum": 20}},
            [did, "quantity"],
            "the dishes and how many of each, all from this restaurant",
        ),
        "tip": {"type": "number", "minimum": 0, "maximum": 200, "default": 0, "description": "tip in dollars"},
    }
    each = (
        f"SELECT json_extract(value, '$.{did}') AS did, json_extract(value, '$.quantity') AS qty FROM json_each(:items)"
    )
    new = f"(SELECT MAX(id) FROM {order.table})"
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "r",
            f"SELECT name, open, min_order_cents AS floor, printf('$%.2f', min_order_cents / 100.0) AS floor_text, "
            f"delivery_fee_cents AS fee FROM {rest.table} WHERE id = :{rest.id_arg}",
            f"no restaurant with id {{{rest.id_arg}}}; {crud.finder_hint(w, 'restaurant')}",
        ),
        check("SELECT :r__open = 1", "{r__name} is closed right now"),
        query(
            "bad",
            f"SELECT j.did AS id FROM ({each}) j WHERE NOT EXISTS (SELECT 1 FROM {dish.table} d WHERE d.id = "
            f"j.did AND d.{rest.id_arg} = :{rest.id_arg} AND d.available = 1) LIMIT 1",
        ),
        check("SELECT :bad__id IS NULL", "dish {bad__id} is not on {r__name}'s menu today; show the menu"),
        query("sub", f"SELECT SUM(d.price_cents * j.qty) AS cents FROM ({each}) j JOIN {dish.table} d ON d.id = j.did"),
        check(
            "SELECT :sub__cents >= :r__floor", "{r__name} needs an order of at least {r__floor_text} before delivery"
        ),
        execute(
            f"INSERT INTO {order.table} (number, {cust.id_arg}, {rest.id_arg}, status, subtotal_cents, "
            "delivery_fee_cents, tip_cents, total_cents, placed_on) VALUES (printf('FO-%d', 5000 + (SELECT "
            f"COUNT(*) FROM {order.table})), :{cust.id_arg}, :{rest.id_arg}, 'placed', :sub__cents, :r__fee, "
            "CAST(ROUND(COALESCE(:tip, 0) * 100) AS INTEGER), :sub__cents + :r__fee + CAST(ROUND(COALESCE(:tip, 0) "
            "* 100) AS INTEGER), :_today)"
        ),
        execute(
            f"INSERT INTO {line.table} ({order.id_arg}, {did}, quantity, price_cents) SELECT {new}, d.id, j.qty, "
            f"d.price_cents FROM ({each}) j JOIN {dish.table} d ON d.id = j.did"
        ),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = {new}"),
    ]
    text = (
        "Order dishes from one open restaurant for delivery: every dish must be on its menu today and the "
        "subtotal must reach its minimum; delivery fee and tip are added."
    )
    example = _order_example(w)
    return w.tool(
        make_tool(
            "order_food",
            text,
            props,
            [cust.id_arg, rest.id_arg, "items"],
            program,
            row_schema(w, order),
            example=example,
        )
    )


def _order_example(w: World) -> dict[str, object] | None:
    rest, dish, cust = w.e("restaurant"), w.e("menu_item"), w.e("customer")
    for r in rest.rows:
        menu = [d for d in dish.rows if d[rest.id_arg] == r["id"] and d["available"]]
        if r["open"] and menu:
            top = max(menu, key=lambda d: n(d, "price_cents"))
            qty = -(-n(r, "min_order_cents") // n(top, "price_cents"))
            return {
                cust.id_arg: cust.rows[0]["id"],
                rest.id_arg: r["id"],
                "items": [{dish.id_arg: top["id"], "quantity": max(qty, 1)}],
            }
    return None


def _cancel(w: World) -> str:
    order = w.e("food_order")
    oid = order.id_arg
    program: list[Step] = [
        query(
            "o",
            f"SELECT number, status FROM {order.table} WHERE id = :{oid}",
            f"no order with id {{{oid}}}; search orders to find it",
        ),
        check(
            "SELECT :o__status = 'placed'",
            "order {o__number} is {o__status}; once the kitchen has started it cannot be cancelled",
        ),
        execute(f"UPDATE {order.table} SET status = 'cancelled' WHERE id = :{oid}"),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = :{oid}"),
    ]
    example = next(({oid: o["id"]} for o in order.rows if o["status"] == "placed"), None)
    return w.tool(
        make_tool(
            "cancel_food_order",
            "Cancel an order the kitchen has not started.",
            {oid: id_arg("the order's id")},
            [oid],
            program,
            row_schema(w, order),
            destructive=True,
            example=example,
        )
    )


def _dispatch(w: World) -> str:
    order, courier, delivery = w.e("food_order"), w.e("courier"), w.e("delivery")
    oid, cid = order.id_arg, courier.id_arg
    program: list[Step] = [
        query("o", f"SELECT number, status FROM {order.table} WHERE id = :{oid}", f"no order with id {{{oid}}}"),
        check("SELECT :o__status = 'preparing'", "order {o__number} is {o__status}; only orders being prepared go out"),
        query("c", f"SELECT name, on_shift FROM {courier.table} WHERE id = :{cid}", f"no courier with id {{{cid}}}"),
        check("SELECT :c__on_shift = 1", "{c__name} is not on shift"),
        execute(f"INSERT INTO {delivery.table} ({oid}, {cid}, assigned_on) VALUES (:{oid}, :{cid}, :_today)"),
        execute(f"UPDATE {order.table} SET status = 'out-for-delivery' WHERE id = :{oid}"),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = :{oid}"),
    ]
    example = next(
        (
            {oid: o["id"], cid: c["id"]}
            for o in order.rows
            if o["status"] == "preparing"
            for c in courier.rows
            if c["on_shift"]
        ),
        None,
    )
    props = {oid: id_arg("the order's id"), cid: id_arg("the courier's id")}
    return w.tool(
        make_tool(
            "dispatch_order",
            "Hand a prepared order to a courier on shift; it goes out for delivery.",
            props,
            list(props),
            program,
            row_schema(w, order),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _menu(w: World, r: Row, **test: object) -> list[Row]:
    dish, rest = w.e("menu_item"), w.e("restaurant")
    return [
        d for d in dish.rows if d[rest.id_arg] == r["id"] and d["available"] and all(d[k] == v for k, v in test.items())
    ]


def _veg_main(w: World) -> TaskCandidate | None:
    kit, rest, dish, cust = w.kit(FoodKit), w.e("restaurant"), w.e("menu_item"), w.e("customer")
    for r in shuffled(w, [r for r in rest.rows if r["open"]]):
        mains = sorted(_menu(w, r, section="Mains", vegetarian=1), key=lambda d: n(d, "price_cents"))
        if len(mains) >= 2 and mains[0]["price_cents"] != mains[1]["price_cents"]:
            break
    else:
        return None
    cheap = mains[0]
    qty = max(2, -(-n(r, "min_order_cents") // n(cheap, "price_cents")))
    person = w.pick(cust.rows)
    v = voice(w, person)
    text = v.say(f"Please order {qty} of the cheapest vegetarian main at {r['name']} for {v.me}, no tip.")
    calls = [
        find(w, "customer", person, "email"),
        call(kit.restaurants, query=str(r["name"])),
        call(
            kit.menu,
            **{rest.id_arg: r["id"], "section": "Mains", "vegetarian": True, "available": True, "sort_by": "price"},
        ),
        call(
            kit.order,
            **{cust.id_arg: person["id"], rest.id_arg: r["id"], "items": [{dish.id_arg: cheap["id"], "quantity": qty}]},
        ),
    ]
    return TaskCandidate(
        kind="cheapest-veg-main", instruction=text, calls=calls, difficulty="medium", tags=["write", "filter-sort"]
    )


def _group_order(w: World) -> TaskCandidate | None:
    kit, rest, dish, cust = w.kit(FoodKit), w.e("restaurant"), w.e("menu_item"), w.e("customer")
    for r in shuffled(w, [r for r in rest.rows if r["open"]]):
        menu = _menu(w, r)
        names = [d["name"] for d in menu]
        menu = [d for d in menu if names.count(d["name"]) == 1]
        if len(menu) >= 4:
            break
    else:
        return None
    picks = w.rng.sample(menu, w.pick((3, 4)))
    qty = {d["id"]: w.pick((1, 1, 2, 3)) for d in picks}
    if sum(qty[d["id"]] * n(d, "price_cents") for d in picks) < n(r, "min_order_cents"):
        return None
    tip = w.pick((3, 4, 5))
    person = w.pick(cust.rows)
    v = voice(w, person)
    wanted = ", ".join(f"{qty[d['id']]} {d['name']}" for d in picks)
    text = v.say(f"Lunch for the office from {r['name']}: {wanted}. Add a ${tip} tip and tell {v.me} the total.")
    total = sum(qty[d["id"]] * n(d, "price_cents") for d in picks) + n(r, "delivery_fee_cents") + tip * 100
    calls = [find(w, "customer", person, "email"), call(kit.restaurants, query=str(r["name"]))]
    calls += [call(kit.menu, **{rest.id_arg: r["id"], "query": str(d["name"])}) for d in picks]
    calls.append(
        call(
            kit.order,
            **{
                cust.id_arg: person["id"],
                rest.id_arg: r["id"],
                "tip": tip,
                "items": [{dish.id_arg: d["id"], "quantity": qty[d["id"]]} for d in picks],
            },
        )
    )
    subtotal = total - n(r, "delivery_fee_cents") - tip * 100
    return TaskCandidate(
        kind="office-lunch-order",
        instruction=text,
        calls=calls,
        answer=[plain(total)],
        competing=[plain(subtotal)],
        difficulty="hard",
        tags=["write", "multi-item", "report"],
    )


def _cancel_if_early(w: World) -> TaskCandidate | None:
    kit, order, cust = w.kit(FoodKit), w.e("food_order"), w.e("customer")
    holds = w.chance(0.5)
    pool = [
        o
        for o in order.rows
        if (o["status"] == "placed") == holds and o["status"] in ("placed", "preparing", "out-for-delivery")
    ]
    if not pool:
        return None
    o = w.pick(pool)
    person = cust.by_id(o[cust.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Please cancel {v.my} order {o['number']} if the kitchen hasn't started on it. If it's too late, "
        f"leave it and tell {v.me} where it is now."
    )
    return branching(
        "cancel-food-if-early",
        text,
        condition="kitchen-not-started",
        holds=holds,
        reads=[call(kit.orders, query=str(o["number"]))],
        then=[call(kit.cancel, **{order.id_arg: o["id"]})],
        otherwise=[],
        answer=[] if holds else [str(o["status"])],
        competing=[] if holds else [s for s in STATES if s != o["status"]],
        tags=["conditional", "orders"],
    )


def _below_minimum(w: World) -> TaskCandidate | None:
    kit, rest, dish, cust = w.kit(FoodKit), w.e("restaurant"), w.e("menu_item"), w.e("customer")
    for r in shuffled(w, [r for r in rest.rows if r["open"]]):
        cheap = [d for d in _menu(w, r) if n(d, "price_cents") < n(r, "min_order_cents")]
        if cheap:
            break
    else:
        return None
    d = w.pick(cheap)
    person = w.pick(cust.rows)
    v = voice(w, person)
    text = v.say(f"Could you get {v.me} one {d['name']} from {r['name']}? Just that, nothing else.")
    reads = [
        find(w, "customer", person, "email"),
        call(kit.restaurants, query=str(r["name"])),
        call(kit.menu, **{rest.id_arg: r["id"], "query": str(d["name"])}),
    ]
    return refusing(
        "below-minimum-refused",
        text,
        reads=reads,
        complying=[
            call(
                kit.order,
                **{cust.id_arg: person["id"], rest.id_arg: r["id"], "items": [{dish.id_arg: d["id"], "quantity": 1}]},
            )
        ],
        reason=f"{r['name']} delivers orders of at least {dollars(n(r, 'min_order_cents'))}",
        answer=[plain(n(r, "min_order_cents"))],
        competing=others(
            [plain(n(x, "min_order_cents")) for x in rest.rows]
            + [plain(n(x, "delivery_fee_cents")) for x in rest.rows],
            [plain(n(r, "min_order_cents")), plain(n(d, "price_cents"))],
        ),
        tags=["orders"],
    )


def _dispatch_all(w: World) -> TaskCandidate | None:
    kit, order, courier = w.kit(FoodKit), w.e("food_order"), w.e("courier")
    ready = [o for o in order.rows if o["status"] == "preparing"]
    riders = [c for c in courier.rows if c["on_shift"]]
    if not 1 <= len(ready) <= 5 or not riders or not [o for o in order.rows if o["status"] == "placed"]:
        return None
    rider = w.pick(riders)
    text = (
        f"{rider['name']} is free. Send every order that is being prepared out with them; orders the kitchen has "
        "not started stay put."
    )
    calls = [call(kit.couriers, query=str(rider["name"])), call(kit.orders, status="preparing", limit=50)]
    calls += [call(kit.dispatch, **{order.id_arg: o["id"], courier.id_arg: rider["id"]}) for o in ready]
    return TaskCandidate(
        kind="dispatch-ready-orders",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


def _cheapest_delivery(w: World) -> TaskCandidate | None:
    kit, rest = w.kit(FoodKit), w.e("restaurant")
    open_ = sorted((r for r in rest.rows if r["open"]), key=lambda r: n(r, "delivery_fee_cents"))
    if len(open_) < 3 or open_[0]["delivery_fee_cents"] == open_[1]["delivery_fee_cents"]:
        return None
    best = open_[0]
    text = "Which restaurant that is open right now charges the lowest delivery fee, and how much is it?"
    calls = [call(kit.restaurants, open=True, sort_by="delivery_fee", sort_order="asc", limit=5)]
    return TaskCandidate(
        kind="lowest-delivery-fee",
        instruction=text,
        calls=calls,
        answer=[str(best["name"]), plain(n(best, "delivery_fee_cents"))],
        competing=others([r["name"] for r in rest.rows], [best["name"]])
        + others([plain(n(r, "delivery_fee_cents")) for r in open_[1:]], [plain(n(best, "delivery_fee_cents"))]),
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


def _sold_out(w: World) -> TaskCandidate | None:
    kit, rest, dish = w.kit(FoodKit), w.e("restaurant"), w.e("menu_item")
    for r in shuffled(w, rest.rows):
        menu = [d for d in _menu(w, r)]
        if len(menu) >= 5:
            break
    else:
        return None
    gone = w.rng.sample(menu, w.pick((2, 3)))
    text = (
        f"{r['name']} has run out of {series([str(d['name']) for d in gone])} for today. Take them off the "
        "menu until tomorrow; everything else stays orderable."
    )
    calls = [call(kit.restaurants, query=str(r["name"]))]
    calls += [call(kit.menu, **{rest.id_arg: r["id"], "query": str(d["name"])}) for d in gone]
    calls += [call(kit.edit_dish, **{dish.id_arg: d["id"], "available": False}) for d in gone]
    return TaskCandidate(
        kind="dishes-sold-out",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "bulk", "keep-others"],
    )


def _raise_mains(w: World) -> TaskCandidate | None:
    kit, rest, dish = w.kit(FoodKit), w.e("restaurant"), w.e("menu_item")
    for r in shuffled(w, rest.rows):
        mains = [d for d in dish.rows if d[rest.id_arg] == r["id"] and d["section"] == "Mains"]
        if 2 <= len(mains) <= 8:
            break
    else:
        return None
    step = w.pick((50, 75, 100, 125))
    text = (
        f"Food costs went up: raise the price of every main course at {r['name']} by {dollars(step)}. Starters, "
        "desserts and drinks keep their prices."
    )
    calls = [call(kit.restaurants, query=str(r["name"])), call(kit.menu, **{rest.id_arg: r["id"], "section": "Mains"})]
    calls += [call(kit.edit_dish, **{dish.id_arg: d["id"], "price": (n(d, "price_cents") + step) / 100}) for d in mains]
    return TaskCandidate(
        kind="raise-main-prices",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


FOOD = Module(
    key="food",
    about="restaurants, menus, orders of several dishes, couriers",
    fits=frozenset({"food"}),
    build=build_food,
    tools=food_tools,
    tasks=(
        TaskKind("cheapest-veg-main", _veg_main),
        TaskKind("office-lunch-order", _group_order),
        TaskKind("cancel-food-if-early", _cancel_if_early),
        TaskKind("below-minimum-refused", _below_minimum),
        TaskKind("dispatch-ready-orders", _dispatch_all),
        TaskKind("lowest-delivery-fee", _cheapest_delivery),
        TaskKind("dishes-sold-out", _sold_out),
        TaskKind("raise-main-prices", _raise_mains),
    ),
    needs=("customers",),
)
