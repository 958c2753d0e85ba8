"""Orders with lines, and the payments ledger behind them.

An order belongs to a customer and holds lines (an item, a quantity, the unit price at the time).
Its subtotal is the sum of its open lines, its total the subtotal less any coupon discount plus
shipping. Placing one checks every line's stock and takes it; cancelling one (or one line, or
changing a quantity) puts stock back, recomputes the totals and refunds the difference through the
payments ledger, and moves loyalty points, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import schema as s
from generator.calendar import shift
from generator.module import Module
from generator.modules.catalog import Sellable
from generator.modules.common import n
from generator.modules.reviews import Reviewable
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.world import World

STATES = ("placed", "packed", "shipped", "delivered", "cancelled")
OPEN = ("placed", "packed")


@dataclass(frozen=True)
class OrderPolicy:
    free_shipping_cents: int
    shipping_cents: int
    points_per_dollar: int


@dataclass(frozen=True)
class OrderKit:
    search: str
    get: str
    lines: str
    place: str
    cancel: str
    cancel_line: str
    change_quantity: str
    payments: str | None
    summary: str


def policy(w: World) -> OrderPolicy:
    return w.kit(OrderPolicy)


def build_orders(w: World) -> None:
    sell = w.kit(Sellable)
    cust, item = w.e("customer"), w.e(sell.entity)
    noun = w.noun("order")
    columns = [
        s.code("order_number", "order number"),
        s.ref(cust),
        s.day("placed_on", "date placed", mutable=False),
        s.enum("status", "status", STATES),
    ]
    if w.has("address"):
        columns.append(s.ref(w.e("address"), label="the delivery address's id", mutable=True))
    if w.has("payment_method"):
        columns.append(s.ref(w.e("payment_method")))
    columns += [s.money("subtotal", "sum of the open lines"), s.money("shipping", "shipping charged")]
    if w.has("coupon"):
        columns += [s.ref(w.e("coupon"), required=False), s.money("discount", "coupon discount")]
    columns.append(s.money("total", "amount charged: subtotal less discount plus shipping"))
    order = w.add(Entity("order", noun, columns, "order_number", f"{cust.plural_label}' {noun.plural_words}"))
    line = w.add(
        Entity(
            "order_line",
            w.noun("order_line", f"{noun.words} line"),
            [
                s.ref(order),
                s.ref(item),
                s.integer("quantity", "units", 1, 99),
                s.money("unit_price", "price per unit when ordered"),
                s.money("line_total", "quantity times unit price"),
                s.enum("status", "whether the line still stands", ("open", "cancelled")),
            ],
            "id",
            f"the {item.plural_label} on each {noun.words}",
        )
    )
    free = w.pick((3500, 4900, 5000, 7500, 9900))
    w.put(
        OrderPolicy(
            free_shipping_cents=free, shipping_cents=w.pick((499, 599, 695, 799)), points_per_dollar=w.pick((1, 1, 2))
        )
    )
    pol = policy(w)
    w.rule("shipping_fee", f"{pol.shipping_cents / 100:.2f}")
    w.rule("free_shipping_from_subtotal", f"{free / 100:.2f}")
    w.fact(
        f"Shipping costs ${pol.shipping_cents / 100:.2f} per {noun.words} unless the subtotal is ${free / 100:.2f} or "
        f"more; a {noun.words} can be cancelled or changed only while it is placed or packed."
    )
    if w.on("payments"):
        _payments_entity(w)
    if w.on("reviews"):
        cid, pid = cust.id_arg, item.id_arg
        bought = (
            f"EXISTS (SELECT 1 FROM {line.table} l JOIN {order.table} o ON o.id = l.{order.id_arg} WHERE "
            f"o.{cid} = :{cid} AND l.{pid} = :{pid} AND o.status = 'delivered' AND l.status = 'open')"
        )
        pairs = tuple(
            (o[cid], ln[pid])
            for o in order.rows
            if o["status"] == "delivered"
            for ln in line.rows
            if ln[order.id_arg] == o["id"] and ln["status"] == "open"
        )
        w.put(Reviewable(sell.entity, "product", eligible=bought, pairs=pairs))
    _seed_orders(w, order, line, item, sell)


def _payments_entity(w: World) -> None:
    order = w.e("order")
    columns = [
        s.ref(order),
        s.enum("kind", "charge or refund", ("charge", "refund")),
        s.money("amount", "amount"),
        s.day("created_on", "date"),
    ]
    if w.has("payment_method"):
        columns.insert(1, s.ref(w.e("payment_method"), required=False))
    w.add(Entity("payment", w.noun("payment"), columns, "id", f"money taken and given back for {order.plural_label}"))


def _seed_orders(w: World, order: Entity, line: Entity, item: Entity, sell: Sellable) -> None:
    customers = [c for c in w.e("customer").rows if c.get("status", "active") == "active"]
    active = [r for r in item.rows if r.get("status", "active") == "active"]
    count = w.rng.randint(36, 80)
    days = sorted((w.rng.randint(0, 150) if w.chance(0.7) else w.rng.randint(0, 9) for _ in range(count)), reverse=True)
    days[-3:] = [min(d, 2) for d in days[-3:]]
    days[len(days) // 2 : len(days) // 2 + 3] = [12, 11, 8]
    days.sort(reverse=True)
    for age in days:
        who = w.pick(customers)
        status = _status_for(w, age)
        row = order.add(
            order_number=f"SO-{10000 + order.next_id():05d}",
            **{w.e("customer").id_arg: who["id"]},
            placed_on=shift(w.today, -age),
            status=status,
        )
        _links(w, row, who)
        picks = w.rng.sample(active, min(len(active), w.pick((1, 1, 2, 2, 3, 4))))
        for product in picks:
            qty = w.pick((1, 1, 1, 2, 2, 3))
            line.add(
                **{order.id_arg: row["id"]},
                **{item.id_arg: product["id"]},
                quantity=qty,
                unit_price_cents=product["price_cents"],
                line_total_cents=n(product, "price_cents") * qty,
                status="cancelled" if status == "cancelled" else "open",
            )
        _totals(w, row, line)
        if w.has("payment"):
            _seed_payments(w, row)
    if not any(o["status"] == "packed" for o in order.rows):
        next(o for o in reversed(order.rows) if o["status"] == "placed")["status"] = "packed"


def _status_for(w: World, age: int) -> str:
    if w.chance(0.07):
        return "cancelled"
    if age <= 2:
        return w.pick(("placed", "placed", "packed"))
    if age <= 6:
        return w.pick(("packed", "shipped", "shipped"))
    if age <= 10:
        return w.pick(("shipped", "delivered"))
    return "delivered"


def _links(w: World, row: Row, who: Row) -> None:
    if w.has("address"):
        cid = w.e("customer").id_arg
        homes = [a for a in w.e("address").rows if a[cid] == who["id"]]
        row[w.e("address").id_arg] = homes[0]["id"]
    if w.has("payment_method"):
        cards = [m for m in w.e("payment_method").rows if m[w.e("customer").id_arg] == who["id"]]
        row[w.e("payment_method").id_arg] = cards[0]["id"]
    if w.has("coupon"):
        row[w.e("coupon").id_arg] = None
        row["discount_cents"] = 0


def _totals(w: World, row: Row, line: Entity) -> None:
    pol = policy(w)
    lines = [ln for ln in line.rows if ln[w.e("order").id_arg] == row["id"]]
    sub = sum(n(ln, "line_total_cents") for ln in lines if ln["status"] == "open")
    if row["status"] == "cancelled":
        sub = sum(n(ln, "line_total_cents") for ln in lines)
    row["subtotal_cents"] = sub
    row["shipping_cents"] = 0 if sub >= pol.free_shipping_cents else pol.shipping_cents
    row["total_cents"] = sub - n(row, "discount_cents") + n(row, "shipping_cents")


def _seed_payments(w: World, row: Row) -> None:
    pay = w.e("payment")
    base = {w.e("order").id_arg: row["id"], "created_on": row["placed_on"]}
    if w.has("payment_method") and pay.has(w.e("payment_method").id_arg):
        pmid = w.e("payment_method").id_arg
        base[pmid] = row.get(pmid)
    pay.add(**base, kind="charge", amount_cents=row["total_cents"])
    if row["status"] == "cancelled":
        pay.add(**base, kind="refund", amount_cents=row["total_cents"])


# --- tools ---------------------------------------------------------------------------------------


def order_tools(w: World) -> None:
    order, line = w.e("order"), w.e("order_line")
    filters = [w.e("customer").id_arg, "status"]
    search = crud.search(
        w, order, text=["order_number"], filters=filters, ranges=["placed_on", "total"], sorts=["placed_on", "total"]
    )
    lines_count = Computed(
        "open_lines", f"(SELECT COUNT(*) FROM {line.table} l WHERE l.order_id = t.id AND l.status = 'open')", "integer"
    )
    get = crud.get(w, order, extras=[lines_count], about="status, totals and where it goes")
    lines = crud.search(
        w, line, scope=[order.id_arg], filters=["status"], sorts=["id"], name=f"list_{order.noun.snake}_lines"
    )
    payments = None
    if w.has("payment"):
        pay = w.e("payment")
        payments = crud.search(
            w,
            pay,
            scope=[order.id_arg],
            filters=["kind"],
            sorts=["created_on"],
            name=f"list_{order.noun.snake}_payments",
        )
    summary = crud.summarize(
        w,
        order,
        sums=["total"],
        filters=[w.e("customer").id_arg, "status"],
        ranges=["placed_on"],
        about=f"Count {order.plural_label} and add up their totals (what was charged, shipping included), optionally "
        f"for one {w.e('customer').label}, one status or a date range.",
    )
    kit = OrderKit(search, get, lines, _place(w), _cancel(w), _cancel_line(w), _change_quantity(w), payments, summary)
    w.put(kit)


def _place(w: World) -> str:
    sell, order, cust = w.kit(Sellable), w.e("order"), w.e("customer")
    item = w.e(sell.entity)
    pid = item.id_arg
    props = {
        cust.id_arg: id_arg(f"the {cust.label}'s id"),
        "items": list_arg(
            {pid: id_arg(f"the {item.label}'s id"), "quantity": {"type": "integer", "minimum": 1, "maximum": 99}},
            [pid, "quantity"],
            f"the {item.plural_label} and how many of each, each {item.label} once",
        ),
    }
    required = [cust.id_arg, "items"]
    each = (
        f"SELECT json_extract(value, '$.{pid}') AS pid, json_extract(value, '$.quantity') AS qty FROM json_each(:items)"
    )
    program = checkout_steps(w, props, each)
    new = f"(SELECT MAX(id) FROM {order.table})"
    program.append(ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = {new}"))
    verb = w.pick(("place", "create", "submit"))
    text = (
        f"{verb.capitalize()} {order.noun.a()} for {cust.noun.a()}: several {item.plural_label} at once, each with a "
        f"quantity. Checks that every {item.label} is sold and in stock, takes the stock, computes the totals and "
        "charges it."
    )
    example = _place_example(w)
    return w.tool(
        make_tool(f"{verb}_{order.noun.snake}", text, props, required, program, row_schema(w, order), example=example)
    )


def _place_example(w: World) -> dict[str, Any] | None:
    """A call that works on the seed: an active customer with what checkout defaults to, one item in stock."""
    sell, cust = w.kit(Sellable), w.e("customer")
    item = w.e(sell.entity)
    goods = [p for p in item.rows if p.get("status") == "active" and (not sell.stock or n(p, sell.stock) >= 1)]
    for person in cust.rows:
        if cust.has("status") and person.get("status") != "active":
            continue
        if w.has("address") and not w.e("address").where(**{cust.id_arg: person["id"], "is_default": 1}):
            continue
        if w.has("payment_method") and not w.e("payment_method").where(
            **{cust.id_arg: person["id"], "is_default": 1, "status": "active"}
        ):
            continue
        if goods:
            return {cust.id_arg: person["id"], "items": [{item.id_arg: goods[0]["id"], "quantity": 1}]}
    return None


def checkout_steps(w: World, props: dict[str, Any], each: str) -> list[Step]:
    """Steps that turn the rows of ``each`` (``pid``, ``qty``) into a new order of the customer ``:<id>``."""
    sell, order, line, cust = w.kit(Sellable), w.e("order"), w.e("order_line"), w.e("customer")
    item = w.e(sell.entity)
    pid = item.id_arg
    program: list[Step] = [*_customer_checks(w)]
    program += [
        check(
            f"SELECT COUNT(*) = COUNT(DISTINCT pid) FROM ({each})",
            f"list each {item.label} once, with its total quantity",
        ),
        query(
            "missing", f"SELECT j.pid AS id FROM ({each}) j WHERE j.pid NOT IN (SELECT id FROM {item.table}) LIMIT 1"
        ),
        check(
            "SELECT :missing__id IS NULL", f"no {item.label} with id {{missing__id}}; {crud.finder_hint(w, item.key)}"
        ),
        query(
            "retired",
            f"SELECT p.name AS name FROM ({each}) j JOIN {item.table} p ON p.id = j.pid "
            "WHERE p.status != 'active' LIMIT 1",
        ),
        check("SELECT :retired__name IS NULL", "{retired__name} is no longer sold; leave it out"),
    ]
    if sell.stock:
        program += [
            query(
                "short",
                f"SELECT p.name AS name, p.{sell.stock} AS left FROM ({each}) j JOIN {item.table} p "
                f"ON p.id = j.pid WHERE p.{sell.stock} < j.qty LIMIT 1",
            ),
            check("SELECT :short__name IS NULL", "only {short__left} of {short__name} in stock; order fewer"),
        ]
    columns, values = (
        ["order_number", cust.id_arg, "placed_on", "status"],
        [
            f"printf('SO-%05d', 10001 + (SELECT COALESCE(MAX(id), 0) FROM {order.table}))",
            f":{cust.id_arg}",
            ":_today",
            "'placed'",
        ],
    )
    program += _delivery_args(w, props, columns, values)
    program.append(
        query("sub", f"SELECT SUM(p.price_cents * j.qty) AS cents FROM ({each}) j JOIN {item.table} p ON p.id = j.pid")
    )
    pol = policy(w)
    shipping = f"CASE WHEN :sub__cents >= {pol.free_shipping_cents} THEN 0 ELSE {pol.shipping_cents} END"
    columns += ["subtotal_cents", "shipping_cents", "total_cents"]
    values += [":sub__cents", shipping, f":sub__cents + {shipping}"]
    if w.has("coupon"):
        program += _coupon_steps(w, props)
        columns += [w.e("coupon").id_arg, "discount_cents"]
        values += [":coupon__id", "(:sub__cents * COALESCE(:coupon__percent, 0) + 50) / 100"]
        values[values.index(f":sub__cents + {shipping}")] = (
            f":sub__cents - (:sub__cents * COALESCE(:coupon__percent, 0) + 50) / 100 + {shipping}"
        )
    program.append(execute(f"INSERT INTO {order.table} ({', '.join(columns)}) VALUES ({', '.join(values)})"))
    new = f"(SELECT MAX(id) FROM {order.table})"
    program.append(
        execute(
            f"INSERT INTO {line.table} ({order.id_arg}, {pid}, quantity, unit_price_cents, line_total_cents, status) "
            f"SELECT {new}, p.id, j.qty, p.price_cents, p.price_cents * j.qty, 'open' FROM ({each}) j "
            f"JOIN {item.table} p ON p.id = j.pid"
        )
    )
    if sell.stock:
        program.append(
            execute(
                f"UPDATE {item.table} SET {sell.stock} = {sell.stock} - (SELECT j.qty FROM ({each}) j WHERE "
                f"j.pid = {item.table}.id) WHERE id IN (SELECT pid FROM ({each}))"
            )
        )
    program += _money_moves(w, new, "charge", f"(SELECT total_cents FROM {order.table} WHERE id = {new})")
    return program


def _customer_checks(w: World) -> list[Step]:
    cust = w.e("customer")
    steps: list[Step] = [
        query(
            "who",
            f"SELECT name{', status' if cust.has('status') else ''} FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
    ]
    if cust.has("status"):
        steps.append(
            check(
                "SELECT :who__status = 'active'",
                "{who__name} is suspended and cannot order until the account is reactivated",
            )
        )
    return steps


def _delivery_args(w: World, props: dict[str, Any], columns: list[str], values: list[str]) -> list[Step]:
    cust = w.e("customer")
    steps: list[Step] = []
    if w.has("address"):
        addr = w.e("address")
        props[addr.id_arg] = {**id_arg("the delivery address's id (default: their default address)")}
        steps.append(
            query(
                "addr",
                f"SELECT COALESCE(:{addr.id_arg}, (SELECT id FROM {addr.table} WHERE {cust.id_arg} = "
                f":{cust.id_arg} AND is_default = 1)) AS id",
            )
        )
        steps.append(
            check(
                f"SELECT EXISTS (SELECT 1 FROM {addr.table} WHERE id = :addr__id AND {cust.id_arg} = :{cust.id_arg})",
                "address {addr__id} is not one of {who__name}'s addresses",
            )
        )
        columns.append(addr.id_arg)
        values.append(":addr__id")
    if w.has("payment_method"):
        pm = w.e("payment_method")
        props[pm.id_arg] = {**id_arg("the card or account to charge (default: their default one)")}
        steps.append(
            query(
                "card",
                f"SELECT COALESCE(:{pm.id_arg}, (SELECT id FROM {pm.table} WHERE {cust.id_arg} = "
                f":{cust.id_arg} AND is_default = 1)) AS id",
            )
        )
        steps.append(
            check(
                f"SELECT EXISTS (SELECT 1 FROM {pm.table} WHERE id = :card__id AND {cust.id_arg} = "
                f":{cust.id_arg} AND status = 'active')",
                "payment method {card__id} is not an active payment method of {who__name}",
            )
        )
        columns.append(pm.id_arg)
        values.append(":card__id")
    return steps


def _coupon_steps(w: World, props: dict[str, Any]) -> list[Step]:
    coupon = w.e("coupon")
    props["coupon_code"] = {"type": "string", "minLength": 3, "maxLength": 40, "description": "a coupon code to apply"}
    return [
        query(
            "coupon",
            f"SELECT id, percent, min_subtotal_cents AS floor, printf('$%.2f', min_subtotal_cents / 100.0) "
            f"AS floor_text, expires_on FROM {coupon.table} WHERE upper(code) = upper(:coupon_code)",
        ),
        check("SELECT :coupon_code IS NULL OR :coupon__id IS NOT NULL", "there is no coupon {coupon_code}"),
        check(
            "SELECT :coupon_code IS NULL OR :coupon__expires_on >= :_today",
            "coupon {coupon_code} expired on {coupon__expires_on}",
        ),
        check(
            "SELECT :coupon_code IS NULL OR :sub__cents >= :coupon__floor",
            "coupon {coupon_code} needs a subtotal of at least {coupon__floor_text}",
        ),
    ]


def _money_moves(w: World, order_sql: str, kind: str, amount_sql: str) -> list[Step]:
    """Ledger and points effects of money changing hands on an order (charge or refund)."""
    steps: list[Step] = []
    order = w.e("order")
    if w.has("payment"):
        pay = w.e("payment")
        pmid = w.e("payment_method").id_arg if w.has("payment_method") else ""
        method = f", {pmid}" if pmid else ""
        method_value = f", o.{pmid}" if pmid else ""
        steps.append(
            execute(
                f"INSERT INTO {pay.table} ({order.id_arg}{method}, kind, amount_cents, created_on) "
                f"SELECT o.id{method_value}, '{kind}', {amount_sql}, :_today FROM {order.table} o "
                f"WHERE o.id = {order_sql} AND {amount_sql} > 0"
            )
        )
    if w.has("loyalty_account"):
        steps += _points(w, order_sql, kind, amount_sql)
    return steps


def _points(w: World, order_sql: str, kind: str, amount_sql: str) -> list[Step]:
    acct, ledger, order = w.e("loyalty_account"), w.e("points_entry"), w.e("order")
    cid = w.e("customer").id_arg
    rate = policy(w).points_per_dollar
    sign = "" if kind == "charge" else "-"
    points = f"{sign}({amount_sql} / 100 * {rate})"
    who = f"(SELECT {cid} FROM {order.table} WHERE id = {order_sql})"
    reason = "'earned on ' || o.order_number" if kind == "charge" else "'returned with refund on ' || o.order_number"
    return [
        execute(
            f"INSERT INTO {ledger.table} ({acct.id_arg}, {order.id_arg}, points, reason, created_on) "
            f"SELECT a.id, o.id, {points}, {reason}, :_today FROM {acct.table} a JOIN {order.table} o ON "
            f"o.{cid} = a.{cid} WHERE o.id = {order_sql} AND {amount_sql} / 100 * {rate} > 0"
        ),
        execute(f"UPDATE {acct.table} SET points = MAX(0, points + {points}) WHERE {cid} = {who}"),
    ]


def _order_state(w: World, arg: str) -> list[Step]:
    order = w.e("order")
    return [
        query(
            "o",
            f"SELECT order_number, status, total_cents FROM {order.table} WHERE id = {arg}",
            f"no {order.label} with that id; {crud.finder_hint(w, 'order')}",
        ),
        check(
            "SELECT :o__status IN ('placed', 'packed')",
            f"{order.label} {{o__order_number}} is {{o__status}}; only placed or packed {order.plural_label} can be "
            "changed",
        ),
    ]


def _recompute(w: World, order_sql: str) -> Step:
    order, line = w.e("order"), w.e("order_line")
    pol = policy(w)
    sub = (
        f"(SELECT COALESCE(SUM(line_total_cents), 0) FROM {line.table} "
        f"WHERE {order.id_arg} = {order_sql} AND status = 'open')"
    )
    ship = f"CASE WHEN {sub} >= {pol.free_shipping_cents} OR {sub} = 0 THEN 0 ELSE {pol.shipping_cents} END"
    sets = [f"subtotal_cents = {sub}", f"shipping_cents = {ship}"]
    discount = "0"
    if w.has("coupon"):
        pct = f"COALESCE((SELECT percent FROM {w.e('coupon').table} WHERE id = {w.e('coupon').id_arg}), 0)"
        discount = f"({sub} * {pct} + 50) / 100"
        sets.append(f"discount_cents = {discount}")
    sets.append(f"total_cents = {sub} - {discount} + {ship}")
    return execute(f"UPDATE {order.table} SET {', '.join(sets)} WHERE id = {order_sql}")


def _restock(w: World, where: str) -> list[Step]:
    sell, line = w.kit(Sellable), w.e("order_line")
    if not sell.stock:
        return []
    item = w.e(sell.entity)
    pid = item.id_arg
    return [
        execute(
            f"UPDATE {item.table} SET {sell.stock} = {sell.stock} + (SELECT SUM(l.quantity) FROM {line.table} l "
            f"WHERE {where} AND l.{pid} = {item.table}.id) "
            f"WHERE id IN (SELECT l.{pid} FROM {line.table} l WHERE {where})"
        )
    ]


def _cancel(w: World) -> str:
    order, line = w.e("order"), w.e("order_line")
    arg = f":{order.id_arg}"
    program: list[Step] = [crud.exists(w, order), *_order_state(w, arg)]
    program += _restock(w, f"l.{order.id_arg} = {arg} AND l.status = 'open'")
    program.append(
        execute(f"UPDATE {line.table} SET status = 'cancelled' WHERE {order.id_arg} = {arg} AND status = 'open'")
    )
    program.append(execute(f"UPDATE {order.table} SET status = 'cancelled' WHERE id = {arg}"))
    program += _money_moves(w, arg, "refund", ":o__total_cents")
    program.append(ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = {arg}"))
    props = {order.id_arg: id_arg(f"the {order.label}'s id")}
    text = (
        f"Cancel a whole {order.label} that has not shipped yet: its lines are cancelled, the stock goes back "
        "and what was charged is refunded."
    )
    return w.tool(
        make_tool(
            f"cancel_{order.noun.snake}",
            text,
            props,
            [order.id_arg],
            program,
            row_schema(w, order),
            destructive=True,
            example=_example(w, order.id_arg, "order"),
        )
    )


def _example(w: World, arg: str, what: str) -> dict[str, object] | None:
    """A call of an order-changing tool that works on the initial state, or None if none does."""
    order, line, sell = w.e("order"), w.e("order_line"), w.kit(Sellable)
    for o in order.rows:
        if o["status"] not in OPEN:
            continue
        if what == "order":
            return {arg: o["id"]}
        for ln in line.rows:
            if ln[order.id_arg] != o["id"] or ln["status"] != "open":
                continue
            if what == "line":
                return {arg: ln["id"]}
            stock = n(w.e(sell.entity).by_id(ln[w.e(sell.entity).id_arg]), sell.stock) if sell.stock else 99
            if stock >= 1:
                return {arg: ln["id"], "quantity": n(ln, "quantity") + 1}
    return None


def _line_steps(w: World) -> list[Step]:
    line = w.e("order_line")
    return [
        query(
            "ln",
            f"SELECT {w.e('order').id_arg} AS order_id, quantity, status FROM {line.table} WHERE id = :{line.id_arg}",
            f"no {line.label} with id {{{line.id_arg}}}; list the {w.e('order').label}'s lines to find it",
        ),
        *_order_state(w, ":ln__order_id"),
        check("SELECT :ln__status = 'open'", f"that {line.label} is already cancelled"),
    ]


def _cancel_line(w: World) -> str:
    order, line = w.e("order"), w.e("order_line")
    program: list[Step] = [*_line_steps(w)]
    program += _restock(w, f"l.id = :{line.id_arg}")
    program.append(execute(f"UPDATE {line.table} SET status = 'cancelled' WHERE id = :{line.id_arg}"))
    program.append(_recompute(w, ":ln__order_id"))
    refund = f"(:o__total_cents - (SELECT total_cents FROM {order.table} WHERE id = :ln__order_id))"
    program += _money_moves(w, ":ln__order_id", "refund", refund)
    program.append(ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = :ln__order_id"))
    props = {line.id_arg: id_arg(f"the {line.label}'s id")}
    text = (
        f"Cancel one line of {order.noun.a()} that has not shipped: its stock goes back, the {order.label}'s "
        "totals are recomputed and the difference is refunded. Returns the updated "
        f"{order.label}."
    )
    return w.tool(
        make_tool(
            f"cancel_{line.noun.snake}",
            text,
            props,
            [line.id_arg],
            program,
            row_schema(w, order),
            destructive=True,
            example=_example(w, line.id_arg, "line"),
        )
    )


def _change_quantity(w: World) -> str:
    sell, order, line = w.kit(Sellable), w.e("order"), w.e("order_line")
    item = w.e(sell.entity)
    program: list[Step] = [*_line_steps(w)]
    program.append(check("SELECT :quantity != :ln__quantity", "the line already has that quantity"))
    if sell.stock:
        program.append(
            query(
                "p",
                f"SELECT name, {sell.stock} AS left FROM {item.table} WHERE id = (SELECT {item.id_arg} FROM "
                f"{line.table} WHERE id = :{line.id_arg})",
            )
        )
        program.append(
            check(
                "SELECT :quantity - :ln__quantity <= :p__left",
                "only {p__left} more of {p__name} in stock; ask for fewer",
            )
        )
        program.append(
            execute(
                f"UPDATE {item.table} SET {sell.stock} = {sell.stock} - (:quantity - :ln__quantity) WHERE id = "
                f"(SELECT {item.id_arg} FROM {line.table} WHERE id = :{line.id_arg})"
            )
        )
    program.append(
        execute(
            f"UPDATE {line.table} SET quantity = :quantity, line_total_cents = unit_price_cents * "
            f":quantity WHERE id = :{line.id_arg}"
        )
    )
    program.append(_recompute(w, ":ln__order_id"))
    new_total = f"(SELECT total_cents FROM {order.table} WHERE id = :ln__order_id)"
    program += _money_moves(w, ":ln__order_id", "charge", f"({new_total} - :o__total_cents)")
    program += _money_moves(w, ":ln__order_id", "refund", f"(:o__total_cents - {new_total})")
    program.append(ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = :ln__order_id"))
    props = {
        line.id_arg: id_arg(f"the {line.label}'s id"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 99, "description": "the new quantity"},
    }
    text = (
        f"Change how many units a line of {order.noun.a()} that has not shipped holds; stock, totals and the "
        "payment follow. Returns the updated "
        f"{order.label}."
    )
    return w.tool(
        make_tool(
            f"change_{line.noun.snake}_quantity",
            text,
            props,
            list(props),
            program,
            row_schema(w, order),
            example=_example(w, line.id_arg, "quantity"),
        )
    )


ORDERS = Module(
    key="orders",
    about="orders with lines, placed, cancelled and changed with stock and totals kept right",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_orders,
    tools=order_tools,
    needs=("customers",),
)

PAYMENTS = Module(
    key="payments",
    about="the ledger of charges and refunds on orders",
    fits=frozenset({"retail", "pharmacy"}),
    build=lambda w: None,
    tools=lambda w: None,
    needs=("orders",),
)
