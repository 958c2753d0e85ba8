"""Payments against transactions: charges, refunds, balances, and their rules (no overpaying,
no refunding more than was paid, nothing taken for a cancelled transaction)."""

from __future__ import annotations

from generator.blocks import Entity, Field, Row, dollars, money_text
from generator.parts.txn import in_list, states
from generator.parts.txn_tasks import describe, find_party, find_txns, net_paid, unique_desc
from generator.toolkit import (
    Json,
    added,
    branch,
    check,
    execute,
    integer,
    new_row,
    obj,
    old_rows_unchanged,
    query,
    ret,
    task,
    tool,
)
from generator.tools import add_search, exists
from generator.world import World

METHODS = ("card", "cash", "bank_transfer")


def add_payments(world: World) -> None:
    txn = world.e("txn")
    fields = [
        Field(txn.id_arg, "ref", f"{txn.label} id", ref=txn.table),
        Field("amount", "money", "amount (in dollars)", hi=100000),
        Field("method", "enum", "payment method", choices=METHODS),
        Field("kind", "enum", "charge or refund", choices=("charge", "refund")),
        Field("paid_on", "date", "date of the payment"),
    ]
    ent = Entity(
        "payments",
        "payment",
        "payment",
        "payments",
        fields,
        "paid_on",
        description=f"money taken for and refunded on {txn.plural_label}",
    )
    s, rng = states(world), world.rng
    for t in txn.rows:
        total, method = t["total_cents"], rng.choice(METHODS)
        if t["status"] == s["done"] and rng.random() < 0.9:
            _pay(ent, t, txn, total, method, "charge", world)
        elif t["status"] in (s["initial"], s["active"]) and rng.random() < 0.5:
            _pay(ent, t, txn, total if rng.random() < 0.4 else total // 100 * 50, method, "charge", world)
        elif t["status"] == s["cancelled"] and rng.random() < 0.4:
            _pay(ent, t, txn, total, method, "charge", world)
            _pay(ent, t, txn, total, method, "refund", world)
    world.entities["payment"] = ent


def _pay(ent: Entity, t: Row, txn: Entity, amount: int, method: str, kind: str, world: World) -> None:
    if amount <= 0:
        return
    day = min(t[next(f.column for f in txn.fields if f.kind == "date")], world.today)
    ent.rows.append(
        {
            "id": len(ent.rows) + 1,
            txn.id_arg: t["id"],
            "amount_cents": amount,
            "method": method,
            "kind": kind,
            "paid_on": day,
        }
    )


def _account(world: World) -> Json:
    txn, pay = world.e("txn"), world.e("payment")
    net = (
        "COALESCE((SELECT SUM(CASE kind WHEN 'charge' THEN amount_cents ELSE -amount_cents END) "
        f"FROM {pay.table} WHERE {txn.id_arg} = t.id), 0)"
    )
    return query(
        "acct",
        f"SELECT t.status, t.total_cents, {net} AS paid, ROUND({net} / 100.0, 2) AS paid_amount, "
        f"t.total_cents - {net} AS due FROM {txn.table} t WHERE t.id ="
        f" :{txn.id_arg}",
    )


def balance_sql(world: World) -> str:
    txn, pay = world.e("txn"), world.e("payment")
    net = (
        "COALESCE((SELECT SUM(CASE kind WHEN 'charge' THEN amount_cents ELSE -amount_cents END) "
        f"FROM {pay.table} WHERE {txn.id_arg} = t.id), 0)"
    )
    return (
        f"SELECT t.id AS {txn.id_arg}, t.status, ROUND(t.total_cents / 100.0, 2) AS total, ROUND({net} / 100.0, 2) AS"
        " paid, "
        f"ROUND((t.total_cents - {net}) / 100.0, 2) AS balance_due FROM {txn.table} t WHERE t.id = :{txn.id_arg}"
    )


BALANCE_OUT = obj(
    {
        "status": {"type": "string"},
        "total": {"type": "number"},
        "paid": {"type": "number"},
        "balance_due": {"type": "number"},
    },
    ["total", "paid", "balance_due"],
)


AMOUNT = {"type": "number", "exclusiveMinimum": 0, "maximum": 1000000, "description": "in dollars"}
CENTS = "CAST(ROUND(:amount * 100) AS INTEGER)"


def payment_tools(world: World) -> None:
    txn, pay = world.e("txn"), world.e("payment")
    add_search(world, pay, [], [txn.id_arg, "kind", "method"], ["paid_on"], ["paid_on", "amount"])
    _balance_tool(world)
    _pay_tool(world)
    _refund_tool(world)


def _balance_out(world: World) -> Json:
    txn_id = world.e("txn").id_arg
    return {**BALANCE_OUT, "properties": {txn_id: {"type": "integer"}, **BALANCE_OUT["properties"]}}


def _balance_tool(world: World) -> None:
    txn = world.e("txn")
    props = {txn.id_arg: integer(f"the {txn.label}'s id")}
    text = f"What a {txn.label} costs, what was paid (net of refunds) and the balance still due, in dollars."
    steps = [exists(world, txn), ret(balance_sql(world))]
    world.add_tool(
        tool(f"get_{txn.singular}_balance", text, props, [txn.id_arg], steps, _balance_out(world), read_only=True)
    )


def _pay_tool(world: World) -> None:
    txn, pay, s = world.e("txn"), world.e("payment"), states(world)
    closed = [s["cancelled"]] + ([s["declined"]] if "declined" in s else [])
    steps = [
        exists(world, txn),
        _account(world),
        check(
            f"SELECT :acct__status NOT IN {in_list(closed)}",
            f"{txn.label} {{{txn.id_arg}}} is {{acct__status}}; it takes no payments",
        ),
        check(
            f"SELECT {CENTS} <= :acct__due",
            f"{{amount}} is more than the balance due on {txn.label} {{{txn.id_arg}}}; "
            f"take at most the balance (see get_{txn.singular}_balance)",
        ),
        execute(
            f"INSERT INTO {pay.table} ({txn.id_arg}, amount_cents, method, kind, paid_on) "
            f"VALUES (:{txn.id_arg}, {CENTS}, :method, 'charge', :_today)"
        ),
        ret(balance_sql(world)),
    ]
    method = {"type": "string", "enum": list(METHODS), "description": "how they pay"}
    props = {txn.id_arg: integer(f"the {txn.label}'s id"), "amount": AMOUNT, "method": method}
    text = f"Record a payment toward a {txn.label}, in dollars. It cannot exceed the balance due."
    world.add_tool(tool(f"record_{pay.singular}", text, props, list(props), steps, _balance_out(world)))


def _refund_tool(world: World) -> None:
    txn, pay = world.e("txn"), world.e("payment")
    method = (
        f"COALESCE((SELECT method FROM {pay.table} WHERE {txn.id_arg} = :{txn.id_arg} AND kind = 'charge' "
        "ORDER BY id DESC LIMIT 1), 'card')"
    )
    steps = [
        exists(world, txn),
        _account(world),
        check(
            f"SELECT {CENTS} <= :acct__paid",
            f"{{amount}} is more than was paid for {txn.label} {{{txn.id_arg}}} "
            "(net {acct__paid_amount}); refund at most that",
        ),
        execute(
            f"INSERT INTO {pay.table} ({txn.id_arg}, amount_cents, method, kind, paid_on) "
            f"VALUES (:{txn.id_arg}, {CENTS}, {method}, 'refund', :_today)"
        ),
        ret(balance_sql(world)),
    ]
    props = {txn.id_arg: integer(f"the {txn.label}'s id"), "amount": AMOUNT}
    text = (
        f"Refund part or all of what was paid for a {txn.label}, in dollars, to the original payment method. "
        "At most what was paid."
    )
    world.add_tool(
        tool(f"refund_{txn.singular}", text, props, list(props), steps, _balance_out(world), destructive=True)
    )


def payment_tasks(world: World) -> None:
    txn, s = world.e("txn"), states(world)
    open_rows = [t for t in txn.rows if t["status"] in (s["initial"], s["active"])]
    due = [(t, t["total_cents"] - net_paid(world, t["id"])) for t in open_rows]
    due = [(t, d) for t, d in due if d > 0 and _unique(world, t)]
    if due:
        _pay_task(world, "pay-balance", *world.pick(due))
        enough = [(t, d) for t, d in due if d >= 1000]  # room for an offer below what is owed
        if enough:
            _pay_task(world, "overpay-rule", *world.pick(enough))
        owed, amount = world.pick(due)
        _balance_lookup(world, owed, amount, [d for _, d in due])
    paid = [t for t in txn.rows if t["status"] == s["done"] and net_paid(world, t["id"]) >= 1000 and _unique(world, t)]
    if paid:
        _refund_task(world, world.pick(paid))


def _pay_task(world: World, kind: str, t: Row, due: int) -> None:
    """Pay off the balance; or (overpay-rule) take what is handed over, but no more than what is owed."""
    txn, pay = world.e("txn"), world.e("payment")
    p = world.e("party").by_id(t[world.e("party").id_arg])
    method = world.rng.choice(METHODS)
    say = method.replace("_", " ")
    paid, fork = due, None
    if kind == "pay-balance":
        text = f"{p['name']} wants to pay off the rest of their {describe(world, t)} by {say}."
        difficulty, tags = "medium", ["write", "workflow"]
    else:
        holds = world.rng.random() < 0.5
        offer = due + world.rng.randint(2, 40) * 500 if holds else world.rng.randint(1, (due - 1) // 500) * 500
        text = (
            f"{p['name']} is handing over ${money_text(offer)} by {say} for their {describe(world, t)}. "
            "If that's more than they owe, only take what they owe."
        )
        difficulty, tags = "hard", ["write", "rule"]
        paid = due if holds else offer
        other = (
            f"record_{pay.singular}",
            {txn.id_arg: t["id"], "amount": dollars(offer if holds else due), "method": method},
        )
        fork = branch("overpaying", holds, [other])
    solution = [
        find_party(world, p),
        find_txns(world, p),
        (f"get_{txn.singular}_balance", {txn.id_arg: t["id"]}),
        (f"record_{pay.singular}", {txn.id_arg: t["id"], "amount": dollars(paid), "method": method}),
    ]
    expect = {txn.id_arg: t["id"], "amount_cents": paid, "method": method, "kind": "charge"}
    checks = [
        new_row(pay.table, expect, f"{money_text(paid)} paid by {say}"),
        added(pay.table, 1),
        old_rows_unchanged(pay.table),
        world.unchanged_except("payment"),
    ]
    world.tasks.append(task(kind, text, solution, checks, difficulty=difficulty, tags=tags, branch=fork))


def _balance_lookup(world: World, t: Row, due: int, dues: list[int]) -> None:
    txn = world.e("txn")
    p = world.e("party").by_id(t[world.e("party").id_arg])
    solution = [find_party(world, p), find_txns(world, p), (f"get_{txn.singular}_balance", {txn.id_arg: t["id"]})]
    text = f"How much does {p['name']} still owe on their {describe(world, t)}?"
    world.tasks.append(
        task(
            "lookup-balance",
            text,
            solution,
            [world.unchanged_except()],
            answer=[money_text(due)],
            competing=[money_text(v) for v in (t["total_cents"], t["total_cents"] - due, *dues)],
            difficulty="easy",
            tags=["lookup"],
        )
    )


def _refund_task(world: World, t: Row) -> None:
    txn, pay = world.e("txn"), world.e("payment")
    amount = net_paid(world, t["id"]) // 200 * 100
    p = world.e("party").by_id(t[world.e("party").id_arg])
    solution = [
        find_party(world, p),
        find_txns(world, p),
        (f"refund_{txn.singular}", {txn.id_arg: t["id"], "amount": dollars(amount)}),
    ]
    checks = [
        new_row(
            pay.table, {txn.id_arg: t["id"], "amount_cents": amount, "kind": "refund"}, f"{money_text(amount)} refunded"
        ),
        added(pay.table, 1),
        old_rows_unchanged(pay.table),
        world.unchanged_except("payment"),
    ]
    text = f"As a goodwill gesture, refund ${money_text(amount)} to {p['name']} for their {describe(world, t)}."
    world.tasks.append(task("partial-refund", text, solution, checks, difficulty="medium", tags=["write", "refund"]))


def _unique(world: World, t: Row) -> bool:

    return unique_desc(world, t)
