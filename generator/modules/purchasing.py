"""Buying stock: suppliers, purchase orders with lines, and receiving them into stock."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, call
from generator.module import Module, TaskKind
from generator.modules.catalog import Sellable
from generator.modules.common import days_ago, find, n, shuffled
from generator.prices import amount, plain
from generator.schema import Entity
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.world import World

PO_STATES = ("draft", "sent", "received", "cancelled")
SUPPLIER_WORDS = ("Wholesale", "Distribution", "Supply Co", "Trading", "Imports")


@dataclass(frozen=True)
class PurchaseKit:
    suppliers: str
    search: str
    lines: str
    create: str
    receive: str
    cancel: str


def build_purchasing(w: World) -> None:
    sell = w.kit(Sellable)
    item = w.e(sell.entity)
    sup = w.add(
        Entity(
            "supplier",
            w.noun("supplier"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.email("email", "order desk email"),
                s.phone(),
                s.integer("lead_days", "days from order to delivery", 1, 90),
            ],
            "name",
            f"who {w.title} buys its stock from",
        )
    )
    po = w.add(
        Entity(
            "purchase_order",
            w.noun("purchase_order", "purchase order"),
            [
                s.code("po_number", "purchase order number"),
                s.ref(sup),
                s.enum("status", "status", PO_STATES),
                s.day("ordered_on", "date ordered"),
                s.day("expected_on", "expected delivery"),
                s.money("total", "cost of all lines"),
            ],
            "po_number",
            "stock ordered from suppliers",
        )
    )
    line = w.add(
        Entity(
            "po_line",
            w.noun("po_line", "purchase order line"),
            [s.ref(po), s.ref(item), s.integer("quantity", "units", 1, 10000), s.money("unit_cost", "cost per unit")],
            "id",
            "what each purchase order buys",
        )
    )
    for word in w.rng.sample(SUPPLIER_WORDS, w.rng.randint(3, 5)):
        base = w.pick(("Atlas", "Northwind", "Harbor", "Keystone", "Pioneer", "Summit", "Cascade", "Lakeside"))
        name = f"{base} {word}"
        if any(r["name"] == name for r in sup.rows):
            continue
        domain = name.lower().replace(" ", "") + ".com"
        sup.add(name=name, email=f"orders@{domain}", phone=w.people.phone(), lead_days=w.pick((3, 5, 7, 10, 14)))
    stocked = [r for r in item.rows if r.get("status", "active") == "active"]
    for k in range(w.rng.randint(5, 12)):
        vendor = w.pick(sup.rows)
        ordered = days_ago(w, 0, 90)
        expected = shift(ordered, n(vendor, "lead_days"))
        status = "received" if expected < w.today and k % 4 else w.pick(("draft", "sent", "sent"))
        status = "sent" if k == 0 else status
        row = po.add(
            po_number=f"PO-{2400 + k}",
            **{sup.id_arg: vendor["id"]},
            status=status,
            ordered_on=ordered,
            expected_on=expected,
            total_cents=0,
        )
        total = 0
        for product in w.rng.sample(stocked, min(len(stocked), w.pick((1, 2, 3, 4)))):
            cost = amount(w.rng, n(product, "price_cents") * 0.35 / 100, n(product, "price_cents") * 0.6 / 100)
            qty = w.pick((10, 12, 20, 24, 30, 50))
            line.add(**{po.id_arg: row["id"], item.id_arg: product["id"]}, quantity=qty, unit_cost_cents=cost)
            total += qty * cost
        row["total_cents"] = total


def purchasing_tools(w: World) -> None:
    sup, po, line = w.e("supplier"), w.e("purchase_order"), w.e("po_line")
    suppliers = crud.search(w, sup, text=["name", "email"], ranges=["lead_days"], sorts=["name", "lead_days"])
    count = Computed("lines", f"(SELECT COUNT(*) FROM {line.table} l WHERE l.{po.id_arg} = t.id)", "integer")
    search = crud.search(
        w,
        po,
        text=["po_number"],
        filters=[sup.id_arg, "status"],
        ranges=["ordered_on"],
        sorts=["ordered_on", "total"],
        extras=[count],
    )
    lines = crud.search(w, line, scope=[po.id_arg], sorts=["id"], name="list_purchase_order_lines")
    w.put(PurchaseKit(suppliers, search, lines, _create(w), _receive(w), _cancel(w)))


def _create(w: World) -> str:
    sup, po, line, sell = w.e("supplier"), w.e("purchase_order"), w.e("po_line"), w.kit(Sellable)
    item = w.e(sell.entity)
    pid = item.id_arg
    props = {
        sup.id_arg: id_arg("the supplier's id"),
        "lines": list_arg(
            {
                pid: id_arg(f"the {item.label}'s id"),
                "quantity": {"type": "integer", "minimum": 1, "maximum": 10000},
                "unit_cost": {"type": "number", "minimum": 0.01, "maximum": 100000},
            },
            [pid, "quantity", "unit_cost"],
            "what to buy: each item once, how many, and the agreed cost per unit in dollars",
        ),
    }
    each = (
        f"SELECT json_extract(value, '$.{pid}') AS pid, json_extract(value, '$.quantity') AS qty, "
        "CAST(ROUND(json_extract(value, '$.unit_cost') * 100) AS INTEGER) AS cost FROM json_each(:lines)"
    )
    new = f"(SELECT MAX(id) FROM {po.table})"
    program: list[Step] = [
        query(
            "v",
            f"SELECT name, lead_days FROM {sup.table} WHERE id = :{sup.id_arg}",
            f"no supplier with id {{{sup.id_arg}}}; {crud.finder_hint(w, 'supplier')}",
        ),
        check(f"SELECT COUNT(*) = COUNT(DISTINCT pid) FROM ({each})", f"list each {item.label} once"),
        query(
            "missing", f"SELECT j.pid AS id FROM ({each}) j WHERE j.pid NOT IN (SELECT id FROM {item.table}) LIMIT 1"
        ),
        check("SELECT :missing__id IS NULL", f"no {item.label} with id {{missing__id}}"),
        execute(
            f"INSERT INTO {po.table} (po_number, {sup.id_arg}, status, ordered_on, expected_on, total_cents) "
            f"SELECT printf('PO-%d', 2400 + (SELECT COUNT(*) FROM {po.table})), :{sup.id_arg}, 'sent', :_today, "
            f"date(:_today, '+' || :v__lead_days || ' days'), (SELECT SUM(qty * cost) FROM ({each}))"
        ),
        execute(
            f"INSERT INTO {line.table} ({po.id_arg}, {pid}, quantity, unit_cost_cents) SELECT {new}, pid, qty, cost "
            f"FROM ({each})"
        ),
        ret(f"SELECT {select_list(w, po)} FROM {po.table} t WHERE t.id = {new}"),
    ]
    text = (
        "Send a purchase order to a supplier for several items at once; it is expected after the supplier's lead time."
    )
    example = {sup.id_arg: 1, "lines": [{pid: item.rows[0]["id"], "quantity": 10, "unit_cost": 4.5}]}
    return w.tool(
        make_tool("create_purchase_order", text, props, list(props), program, row_schema(w, po), example=example)
    )


def _receive(w: World) -> str:
    po, line, sell = w.e("purchase_order"), w.e("po_line"), w.kit(Sellable)
    item = w.e(sell.entity)
    oid = po.id_arg
    program: list[Step] = [
        query(
            "p",
            f"SELECT po_number, status FROM {po.table} WHERE id = :{oid}",
            f"no purchase order with id {{{oid}}}; search purchase orders to find it",
        ),
        check("SELECT :p__status = 'sent'", "purchase order {p__po_number} is {p__status}; only sent ones arrive"),
        execute(
            f"UPDATE {item.table} SET {sell.stock} = {sell.stock} + (SELECT SUM(l.quantity) FROM {line.table} l "
            f"WHERE l.{oid} = :{oid} AND l.{item.id_arg} = {item.table}.id) WHERE id IN (SELECT {item.id_arg} "
            f"FROM {line.table} WHERE {oid} = :{oid})"
        ),
        execute(f"UPDATE {po.table} SET status = 'received' WHERE id = :{oid}"),
        ret(f"SELECT {select_list(w, po)} FROM {po.table} t WHERE t.id = :{oid}"),
    ]
    example = next(({oid: r["id"]} for r in po.rows if r["status"] == "sent"), None)
    text = "Book a delivered purchase order into stock: every line's units are added and the order is received."
    return w.tool(
        make_tool(
            "receive_purchase_order",
            text,
            {oid: id_arg("the purchase order's id")},
            [oid],
            program,
            row_schema(w, po),
            example=example,
        )
    )


def _cancel(w: World) -> str:
    po = w.e("purchase_order")
    oid = po.id_arg
    program: list[Step] = [
        query(
            "p", f"SELECT po_number, status FROM {po.table} WHERE id = :{oid}", f"no purchase order with id {{{oid}}}"
        ),
        check("SELECT :p__status IN ('draft', 'sent')", "purchase order {p__po_number} is already {p__status}"),
        execute(f"UPDATE {po.table} SET status = 'cancelled' WHERE id = :{oid}"),
        ret(f"SELECT {select_list(w, po)} FROM {po.table} t WHERE t.id = :{oid}"),
    ]
    example = next(({oid: r["id"]} for r in po.rows if r["status"] in ("draft", "sent")), None)
    return w.tool(
        make_tool(
            "cancel_purchase_order",
            "Cancel a purchase order that has not arrived.",
            {oid: id_arg("the purchase order's id")},
            [oid],
            program,
            row_schema(w, po),
            destructive=True,
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _reorder_low(w: World) -> TaskCandidate | None:
    kit, sell, sup = w.kit(PurchaseKit), w.kit(Sellable), w.e("supplier")
    item = w.e(sell.entity)
    threshold = w.pick((3, 5, 6))
    low = [r for r in item.rows if r["status"] == "active" and n(r, "stock") < threshold]
    if not 2 <= len(low) <= 6:
        return None
    vendor = w.pick(sup.rows)
    qty = w.pick((20, 24, 30, 40))
    lines = []
    for r in sorted(low, key=lambda r: n(r, "id")):
        cost = n(r, "price_cents") * 45 // 100
        lines.append({item.id_arg: r["id"], "quantity": qty, "unit_cost": cost / 100})
    prices = "; ".join(
        f"{r['name']} at ${n(r, 'price_cents') * 45 // 100 / 100:.2f}" for r in sorted(low, key=lambda r: n(r, "id"))
    )
    text = (
        f"Order {qty} units of every active {item.label} with fewer than {threshold} in stock from {vendor['name']}, "
        f"on one purchase order, at these agreed unit costs: {prices}. Tell me the purchase order number."
    )
    calls = [
        call(w.searches[item.key].tool, status="active", max_stock=threshold - 1, limit=50),
        find(w, "supplier", vendor),
        call(kit.create, **{sup.id_arg: vendor["id"], "lines": lines}),
    ]
    number = f"PO-{2400 + len(w.e('purchase_order').rows)}"
    return TaskCandidate(
        kind="reorder-low-stock",
        instruction=text,
        calls=calls,
        answer=[number],
        competing=[str(p["po_number"]) for p in w.e("purchase_order").rows][-3:],
        difficulty="hard",
        tags=["write", "multi-item", "filter-sort", "report"],
    )


def _receive_expected(w: World) -> TaskCandidate | None:
    kit, po = w.kit(PurchaseKit), w.e("purchase_order")
    due = [p for p in po.rows if p["status"] == "sent" and str(p["expected_on"]) <= w.today]
    later = [p for p in po.rows if p["status"] == "sent" and str(p["expected_on"]) > w.today]
    if not due or len(due) > 5 or not later:
        return None
    text = (
        "The warehouse confirms every sent purchase order that was expected on or before today has arrived. "
        "Receive them into stock; the ones expected later have not come yet."
    )
    calls = [call(kit.search, status="sent", limit=50)]
    calls += [call(kit.receive, **{po.id_arg: p["id"]}) for p in due]
    return TaskCandidate(
        kind="receive-due-pos",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "ripple", "keep-others"],
    )


def _po_cost(w: World) -> TaskCandidate | None:
    kit, po, sup = w.kit(PurchaseKit), w.e("purchase_order"), w.e("supplier")
    for vendor in shuffled(w, sup.rows):
        mine = [p for p in po.rows if p[sup.id_arg] == vendor["id"] and p["status"] != "cancelled"]
        if len(mine) >= 2:
            break
    else:
        return None
    biggest = max(mine, key=lambda p: n(p, "total_cents"))
    if sum(1 for p in mine if p["total_cents"] == biggest["total_cents"]) > 1:
        return None
    text = f"Of our purchase orders with {vendor['name']}, which one cost the most, and how much was it?"
    calls = [
        find(w, "supplier", vendor),
        call(kit.search, **{sup.id_arg: vendor["id"]}, sort_by="total", sort_order="desc"),
    ]
    return TaskCandidate(
        kind="largest-purchase-order",
        instruction=text,
        calls=calls,
        answer=[str(biggest["po_number"]), plain(n(biggest, "total_cents"))],
        competing=[str(p["po_number"]) for p in mine if p is not biggest]
        + [plain(n(p, "total_cents")) for p in mine if p is not biggest],
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


PURCHASING = Module(
    key="purchasing",
    about="suppliers and purchase orders received into stock",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_purchasing,
    tools=purchasing_tools,
    tasks=(
        TaskKind("reorder-low-stock", _reorder_low),
        TaskKind("receive-due-pos", _receive_expected),
        TaskKind("largest-purchase-order", _po_cost),
    ),
    needs=("catalog",),
)
