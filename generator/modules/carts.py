"""Shopping carts: a cart per customer with items, and checkout, which turns the cart into an order
(lines at today's prices, stock taken, totals, payment, points) and empties it, in one call."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, call
from generator.module import Module, TaskKind
from generator.modules.catalog import Sellable
from generator.modules.common import days_ago, find, n, shuffled
from generator.modules.orders import checkout_steps
from generator.schema import Entity, JsonSchema
from generator.tooling import Step, check, execute, id_arg, items_of, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World


@dataclass(frozen=True)
class CartKit:
    view: str
    add: str
    set_quantity: str
    remove: str
    checkout: str


def build_carts(w: World) -> None:
    cust, sell = w.e("customer"), w.kit(Sellable)
    item = w.e(sell.entity)
    cart = w.add(
        Entity(
            "cart",
            w.noun("cart", "shopping cart"),
            [s.ref(cust), s.day("updated_on", "last changed")],
            "id",
            f"one open shopping cart per {cust.label}",
        )
    )
    cart_item = w.add(
        Entity(
            "cart_item",
            w.noun("cart_item", "cart item"),
            [s.ref(cart), s.ref(item), s.integer("quantity", "units", 1, 99), s.day("added_on", "date added")],
            "id",
            f"the {item.plural_label} waiting in each cart",
        )
    )
    active = [r for r in item.rows if r.get("status", "active") == "active"]
    for person in shuffled(w, cust.rows)[: len(cust.rows) // 3]:
        row = cart.add(**{cust.id_arg: person["id"]}, updated_on=days_ago(w, 0, 20))
        for product in w.rng.sample(active, w.pick((1, 1, 2, 3))):
            cart_item.add(
                **{cart.id_arg: row["id"], item.id_arg: product["id"]},
                quantity=w.pick((1, 1, 2)),
                added_on=row["updated_on"],
            )


def cart_tools(w: World) -> None:
    cust, cart, ci, sell = w.e("customer"), w.e("cart"), w.e("cart_item"), w.kit(Sellable)
    item = w.e(sell.entity)
    cid, pid = cust.id_arg, item.id_arg
    view_sql = (
        f"SELECT ci.id, ci.{pid}, p.name AS {item.noun.snake}_name, ci.quantity, ROUND(p.price_cents / 100.0, 2) AS "
        f"unit_price, ROUND(p.price_cents * ci.quantity / 100.0, 2) AS line_total, ci.added_on FROM {ci.table} ci "
        f"JOIN {cart.table} c ON c.id = ci.{cart.id_arg} JOIN {item.table} p ON p.id = ci.{pid} "
        f"WHERE c.{cid} = :{cid} ORDER BY ci.id"
    )
    row = obj(
        {
            "id": {"type": "integer"},
            pid: {"type": "integer"},
            f"{item.noun.snake}_name": {"type": "string"},
            "quantity": {"type": "integer"},
            "unit_price": {"type": "number"},
            "line_total": {"type": "number"},
            "added_on": {"type": "string"},
        },
        ["id"],
    )
    props = {cid: id_arg(f"the {cust.label}'s id")}
    view = w.tool(
        make_tool(
            f"view_{cart.noun.snake}",
            f"What is in {cust.noun.a()}'s cart, at today's prices.",
            props,
            [cid],
            [_who(w), ret(view_sql, "all")],
            items_of(row),
            read_only=True,
        )
    )
    w.put(CartKit(view, _add(w), _set_quantity(w), _remove(w), _checkout(w)))


def _who(w: World) -> Step:
    cust = w.e("customer")
    return query(
        "who",
        f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
        f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
    )


def _add(w: World) -> str:
    cust, cart, ci, sell = w.e("customer"), w.e("cart"), w.e("cart_item"), w.kit(Sellable)
    item = w.e(sell.entity)
    cid, pid = cust.id_arg, item.id_arg
    props = {
        cid: id_arg(f"the {cust.label}'s id"),
        pid: id_arg(f"the {item.label}'s id"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 99, "default": 1, "description": "units"},
    }
    cart_of = f"(SELECT id FROM {cart.table} WHERE {cid} = :{cid})"
    program: list[Step] = [
        _who(w),
        query(
            "p",
            f"SELECT name, status FROM {item.table} WHERE id = :{pid}",
            f"no {item.label} with id {{{pid}}}; {crud.finder_hint(w, item.key)}",
        ),
        check("SELECT :p__status = 'active'", "{p__name} is no longer sold"),
        execute(
            f"INSERT INTO {cart.table} ({cid}, updated_on) SELECT :{cid}, :_today WHERE NOT EXISTS "
            f"(SELECT 1 FROM {cart.table} WHERE {cid} = :{cid})"
        ),
        execute(f"UPDATE {cart.table} SET updated_on = :_today WHERE {cid} = :{cid}"),
        execute(
            f"UPDATE {ci.table} SET quantity = quantity + :quantity WHERE {cart.id_arg} = {cart_of} AND {pid} = :{pid}"
        ),
        execute(
            f"INSERT INTO {ci.table} ({cart.id_arg}, {pid}, quantity, added_on) SELECT {cart_of}, :{pid}, "
            f":quantity, :_today WHERE NOT EXISTS (SELECT 1 FROM {ci.table} WHERE {cart.id_arg} = {cart_of} AND "
            f"{pid} = :{pid})"
        ),
        ret(f"SELECT {select_list(w, ci)} FROM {ci.table} t WHERE t.{cart.id_arg} = {cart_of} AND t.{pid} = :{pid}"),
    ]
    text = f"Put {item.noun.a()} in {cust.noun.a()}'s cart (adds to the quantity if it is already there)."
    return w.tool(make_tool(f"add_to_{cart.noun.snake}", text, props, [cid, pid], program, row_schema(w, ci)))


def _item_steps(w: World) -> list[Step]:
    ci = w.e("cart_item")
    return [
        query(
            "ci",
            f"SELECT {w.e('cart').id_arg} AS cart FROM {ci.table} WHERE id = :{ci.id_arg}",
            f"no cart item with id {{{ci.id_arg}}}; view the cart to find it",
        )
    ]


def _set_quantity(w: World) -> str:
    ci = w.e("cart_item")
    props = {
        ci.id_arg: id_arg("the cart item's id"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 99, "description": "the new quantity"},
    }
    program = [
        *_item_steps(w),
        execute(f"UPDATE {ci.table} SET quantity = :quantity WHERE id = :{ci.id_arg}"),
        ret(f"SELECT {select_list(w, ci)} FROM {ci.table} t WHERE t.id = :{ci.id_arg}"),
    ]
    return w.tool(
        make_tool(
            f"set_{ci.noun.snake}_quantity",
            "Change how many units of a cart item the cart holds.",
            props,
            list(props),
            program,
            row_schema(w, ci),
            idempotent=True,
        )
    )


def _remove(w: World) -> str:
    ci = w.e("cart_item")
    props = {ci.id_arg: id_arg("the cart item's id")}
    program = [
        *_item_steps(w),
        execute(f"DELETE FROM {ci.table} WHERE id = :{ci.id_arg}"),
        ret(f"SELECT :{ci.id_arg} AS id, 'removed' AS result"),
    ]
    output = obj({"id": {"type": "integer"}, "result": {"type": "string"}}, ["id", "result"])
    return w.tool(
        make_tool(
            f"remove_from_{w.e('cart').noun.snake}",
            "Take an item out of a cart.",
            props,
            list(props),
            program,
            output,
            destructive=True,
        )
    )


def _checkout(w: World) -> str:
    cust, cart, ci, order, sell = w.e("customer"), w.e("cart"), w.e("cart_item"), w.e("order"), w.kit(Sellable)
    cid, pid = cust.id_arg, w.e(sell.entity).id_arg
    props: dict[str, JsonSchema] = {cid: id_arg(f"the {cust.label}'s id")}
    each = (
        f"SELECT ci.{pid} AS pid, ci.quantity AS qty FROM {ci.table} ci JOIN {cart.table} c ON "
        f"c.id = ci.{cart.id_arg} WHERE c.{cid} = :{cid}"
    )
    program: list[Step] = [check(f"SELECT EXISTS ({each})", "the cart is empty; add items first")]
    program += checkout_steps(w, props, each)
    program.append(
        execute(f"DELETE FROM {ci.table} WHERE {cart.id_arg} IN (SELECT id FROM {cart.table} WHERE {cid} = :{cid})")
    )
    program.append(execute(f"UPDATE {cart.table} SET updated_on = :_today WHERE {cid} = :{cid}"))
    program.append(
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = (SELECT MAX(id) FROM {order.table})")
    )
    text = (
        f"Check out {cust.noun.a()}'s cart: it becomes {order.noun.a()} at today's prices (stock checked and "
        "taken, totals computed, payment charged) and the cart is emptied."
    )
    example = next(({cid: c[cid]} for c in cart.rows if any(i[cart.id_arg] == c["id"] for i in ci.rows)), None)
    return w.tool(
        make_tool(
            f"checkout_{cart.noun.snake}",
            text,
            props,
            [cid],
            program,
            row_schema(w, order),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _cheapest_then_checkout(w: World) -> TaskCandidate | None:
    """The AWM classic: add the cheapest matching item to the cart and check out."""
    kit, sell = w.kit(CartKit), w.kit(Sellable)
    item, cat = w.e(sell.entity), w.e("category")
    carts = {c[w.e("customer").id_arg] for c in w.e("cart").rows}
    people = [c for c in w.e("customer").rows if c["id"] not in carts and c.get("status", "active") == "active"]
    for category in shuffled(w, cat.rows):
        pool = sorted(
            (
                r
                for r in item.rows
                if r[cat.id_arg] == category["id"] and r["status"] == "active" and n(r, "stock") >= 2
            ),
            key=lambda r: n(r, "price_cents"),
        )
        if len(pool) >= 2 and pool[0]["price_cents"] != pool[1]["price_cents"] and people:
            break
    else:
        return None
    best, person = pool[0], w.pick(people)
    v = voice(w, person)
    text = v.say(
        f"Add the cheapest {category['name']} {item.label} you have in stock to {v.my} cart, two of them, "
        "and check out."
    )
    catalog = w.searches[sell.entity].tool
    calls = [
        find(w, "customer", person, "email"),
        call(w.searches["category"].tool, query=str(category["name"])),
        call(
            catalog,
            **{cat.id_arg: category["id"]},
            status="active",
            min_stock=2,
            sort_by="price",
            sort_order="asc",
            limit=5,
        ),
        call(kit.add, **{w.e("customer").id_arg: person["id"], item.id_arg: best["id"], "quantity": 2}),
        call(kit.checkout, **{w.e("customer").id_arg: person["id"]}),
    ]
    return TaskCandidate(
        kind="cheapest-to-cart-checkout",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "filter-sort", "multi-step"],
    )


def _trim_cart(w: World) -> TaskCandidate | None:
    kit, ci, cart = w.kit(CartKit), w.e("cart_item"), w.e("cart")
    for c in shuffled(w, cart.rows):
        items = [i for i in ci.rows if i[cart.id_arg] == c["id"]]
        if len(items) >= 2:
            break
    else:
        return None
    person = w.e("customer").by_id(c[w.e("customer").id_arg])
    sell = w.kit(Sellable)
    keep = w.pick(items)
    names = {i["id"]: w.e(sell.entity).by_id(i[w.e(sell.entity).id_arg])["name"] for i in items}
    v = voice(w, person)
    text = v.say(f"Please empty {v.my} cart except for the {names[keep['id']]}, and make that three units.")
    calls = [find(w, "customer", person, "email"), call(kit.view, **{w.e("customer").id_arg: person["id"]})]
    calls += [call(kit.remove, **{ci.id_arg: i["id"]}) for i in items if i is not keep]
    if keep["quantity"] != 3:
        calls.append(call(kit.set_quantity, **{ci.id_arg: keep["id"], "quantity": 3}))
    return TaskCandidate(
        kind="trim-cart", instruction=text, calls=calls, difficulty="medium", tags=["write", "keep-others"]
    )


def _checkout_existing(w: World) -> TaskCandidate | None:
    kit, ci, cart, sell = w.kit(CartKit), w.e("cart_item"), w.e("cart"), w.kit(Sellable)
    item = w.e(sell.entity)
    for c in shuffled(w, cart.rows):
        items = [i for i in ci.rows if i[cart.id_arg] == c["id"]]
        person = w.e("customer").by_id(c[w.e("customer").id_arg])
        ok = all(
            item.by_id(i[item.id_arg])["status"] == "active"
            and n(item.by_id(i[item.id_arg]), "stock") >= n(i, "quantity") + 1
            for i in items
        )
        if items and ok and person.get("status", "active") == "active":
            break
    else:
        return None
    extra = w.pick(
        [
            r
            for r in item.rows
            if r["status"] == "active" and n(r, "stock") >= 3 and all(r["id"] != i[item.id_arg] for i in items)
        ]
    )
    v = voice(w, person)
    text = v.say(f"Add one {extra['name']} to what's already in {v.my} cart and place the order.")
    calls = [
        find(w, "customer", person, "email"),
        call(kit.view, **{w.e("customer").id_arg: person["id"]}),
        find(w, sell.entity, extra),
        call(kit.add, **{w.e("customer").id_arg: person["id"], item.id_arg: extra["id"], "quantity": 1}),
        call(kit.checkout, **{w.e("customer").id_arg: person["id"]}),
    ]
    return TaskCandidate(
        kind="add-and-checkout",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "multi-item", "ripple"],
    )


CARTS = Module(
    key="carts",
    about="shopping carts and checkout",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_carts,
    tools=cart_tools,
    tasks=(
        TaskKind("cheapest-to-cart-checkout", _cheapest_then_checkout),
        TaskKind("trim-cart", _trim_cart),
        TaskKind("add-and-checkout", _checkout_existing),
    ),
    needs=("orders",),
)
