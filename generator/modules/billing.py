"""Billing for businesses that invoice their clients: invoices with lines, payments against them (in full
or, where the business allows it, in part), voiding, and what a client owes past the due date.

It fits businesses that send bills after the fact (a property manager's service charges, a warehouse's
storage and handling, a school's tuition and fees, an event organizer's group bookings, a permit
office's fees); shops, clinics and software companies have their own order, clinic and subscription
billing instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.prices import amount, as_number, dollars, plain, price
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

METHODS = ("card", "bank transfer", "check", "cash")
BILLABLE = {
    "property": (
        ("Key replacement", 18, 65),
        ("Carpet cleaning", 90, 240),
        ("Parking permit, monthly", 35, 120),
        ("Pet fee", 25, 75),
        ("Lockout call-out", 45, 110),
        ("Storage locker, monthly", 30, 90),
        ("Move-out cleaning", 150, 420),
        ("Appliance repair (tenant damage)", 80, 350),
    ),
    "logistics": (
        ("Pallet storage, weekly", 12, 40),
        ("Pick and pack, per order", 2, 6),
        ("Inbound receiving, per pallet", 9, 25),
        ("Labeling, per unit", 1, 3),
        ("Freight surcharge", 40, 260),
        ("Customs brokerage", 75, 300),
        ("Returns processing, per unit", 3, 9),
        ("Kitting, per kit", 4, 12),
    ),
    "education": (
        ("Registration fee", 45, 150),
        ("Lab fee", 25, 120),
        ("Materials kit", 30, 180),
        ("Late registration fee", 20, 75),
        ("Transcript request", 8, 20),
        ("Exam resit fee", 35, 110),
    ),
    "events": (
        ("Group tickets", 300, 2400),
        ("Hospitality package", 450, 3200),
        ("Private room hire", 600, 2800),
        ("Catering, per head", 22, 85),
        ("Parking passes", 40, 260),
        ("Branded lanyards", 60, 240),
    ),
    "government": (
        ("Re-inspection fee", 60, 180),
        ("Late filing penalty", 25, 150),
        ("Certified copy", 8, 30),
        ("Expedited processing", 40, 200),
        ("Plan review fee", 90, 600),
    ),
}


@dataclass(frozen=True)
class BillingPolicy:
    due_days: int
    partial: bool
    """Whether a payment may cover part of an invoice."""


@dataclass(frozen=True)
class BillingKit:
    invoices: str
    lines: str
    payments: str
    create: str
    add_line: str
    pay: str
    void: str
    statement: str


def _items(w: World) -> list[tuple[str, float, float]]:
    """What this business bills for: its own fees, and for a school its courses' tuition."""
    out: list[tuple[str, float, float]] = list(BILLABLE.get(w.domain.family, BILLABLE["property"]))
    if w.domain.family in ("education", "government"):
        for category in w.domain.catalog.categories:
            for item in category.items[:2]:
                word = "Tuition" if w.domain.family == "education" else "Fee"
                out.append((f"{word}: {item.name}", item.low, item.high))
    return out


def build_billing(w: World) -> None:
    cust = w.e("customer")
    policy = BillingPolicy(due_days=w.pick((14, 21, 30)), partial=w.feature("billing.partial"))
    w.put(policy)
    bill = w.add(
        Entity(
            "bill",
            w.noun("bill", "invoice"),
            [
                s.code("number", "invoice number"),
                s.ref(cust),
                s.day("issued_on", "date issued", mutable=False),
                s.day("due_on", "due date"),
                s.enum("status", "open, paid or void", ("open", "paid", "void")),
                s.money("total", "invoice total"),
                s.money("balance", "amount still owed"),
            ],
            "number",
            f"what {cust.plural_label} are billed",
            table="invoices",
        )
    )
    line = w.add(
        Entity(
            "bill_line",
            w.noun("bill_line", "invoice line"),
            [
                s.ref(bill),
                s.text("description", "what is billed"),
                s.integer("quantity", "quantity", 1, 500),
                s.money("unit_price", "price per unit"),
                s.money("amount", "line amount"),
            ],
            "description",
            "the lines of each invoice",
            table="invoice_lines",
        )
    )
    pay = w.add(
        Entity(
            "bill_payment",
            w.noun("bill_payment", "invoice payment"),
            [
                s.ref(bill),
                s.day("paid_on", "date paid", mutable=False),
                s.money("amount", "amount paid"),
                s.enum("method", "how it was paid", METHODS),
            ],
            "id",
            "payments received against invoices",
            table="invoice_payments",
        )
    )
    w.fact(
        f"Invoices are due {policy.due_days} days after they are issued. "
        + (
            "A payment may cover part of an invoice; it is paid once nothing is owed."
            if policy.partial
            else "A payment must settle an invoice's whole balance."
        )
        + " Only an open invoice with no payments can be voided."
    )
    w.rule("invoice_due_days", policy.due_days)
    w.rule("partial_payments_allowed", "yes" if policy.partial else "no")
    items = _items(w)
    for k, person in enumerate(shuffled(w, cust.rows)[: w.rng.randint(10, 22)]):
        for j in range(w.rng.choice((1, 1, 2, 3))):
            issued = days_ago(w, 3, 120)
            row = bill.add(
                number=f"INV-{w.rng.randint(2, 9)}{k:02d}{j}{w.rng.randint(10, 99)}",
                **{cust.id_arg: person["id"]},
                issued_on=issued,
                due_on=shift(issued, policy.due_days),
                status="open",
                total_cents=0,
                balance_cents=0,
            )
            total = 0
            for desc, low, high in w.rng.sample(items, w.rng.randint(1, min(4, len(items)))):
                qty = 1 if high > 200 else w.rng.randint(1, 12)
                unit = price(w.rng, low, high)
                line.add(
                    **{bill.id_arg: row["id"]},
                    description=desc,
                    quantity=qty,
                    unit_price_cents=unit,
                    amount_cents=qty * unit,
                )
                total += qty * unit
            row["total_cents"] = total
            roll = w.rng.random()
            paid = 0
            if roll < 0.35:
                paid = total
            elif roll < 0.5 and policy.partial:
                paid = amount(w.rng, total / 400, total / 200)
            if paid:
                pay.add(
                    **{bill.id_arg: row["id"]},
                    paid_on=shift(issued, w.rng.randint(1, 20)),
                    amount_cents=paid,
                    method=w.pick(METHODS),
                )
            row["balance_cents"] = total - paid
            row["status"] = "paid" if paid == total else "void" if w.chance(0.06) and not paid else "open"
            if row["status"] == "void":
                row["balance_cents"] = 0


# --- tools ---------------------------------------------------------------------------------------


def billing_tools(w: World) -> None:
    bill, line, pay, cust = w.e("bill"), w.e("bill_line"), w.e("bill_payment"), w.e("customer")
    lines_count = Computed("lines", f"(SELECT COUNT(*) FROM {line.table} l WHERE l.{bill.id_arg} = t.id)", "integer")
    invoices = crud.search(
        w,
        bill,
        text=["number"],
        filters=[cust.id_arg, "status"],
        ranges=["due_on", "balance"],
        sorts=["due_on", "issued_on", "balance", "total"],
        extras=[lines_count],
    )
    lines = crud.search(w, line, scope=[bill.id_arg], sorts=["amount", "description"], name="list_invoice_lines")
    payments = crud.search(w, pay, scope=[bill.id_arg], sorts=["paid_on"], name="list_invoice_payments")
    w.put(BillingKit(invoices, lines, payments, _create(w), _add_line(w), _pay(w), _void(w), _statement(w, bill, cust)))


def _line_args() -> dict[str, JsonSchema]:
    return {
        "description": {"type": "string", "minLength": 2, "maxLength": 200, "description": "what is billed"},
        "quantity": {"type": "integer", "minimum": 1, "maximum": 500, "description": "how many"},
        "unit_price": {"type": "number", "minimum": 0.01, "maximum": 100000, "description": "price per unit, dollars"},
    }


def _create(w: World) -> str:
    bill, line, cust = w.e("bill"), w.e("bill_line"), w.e("customer")
    due = w.kit(BillingPolicy).due_days
    props: dict[str, JsonSchema] = {
        cust.id_arg: id_arg(f"the {cust.label}'s id"),
        "lines": list_arg(_line_args(), ["description", "quantity", "unit_price"], "what to bill, one line each"),
    }
    each = (
        "SELECT json_extract(value, '$.description') AS d, json_extract(value, '$.quantity') AS q, "
        "CAST(ROUND(json_extract(value, '$.unit_price') * 100) AS INTEGER) AS p FROM json_each(:lines)"
    )
    new = f"(SELECT MAX(id) FROM {bill.table})"
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query("sum", f"SELECT SUM(q * p) AS cents, MIN(q) AS fewest FROM ({each})"),
        check("SELECT :sum__fewest >= 1", "every line needs a quantity of at least 1"),
        execute(
            f"INSERT INTO {bill.table} (number, {cust.id_arg}, issued_on, due_on, status, total_cents, balance_cents) "
            f"VALUES (printf('INV-%d', 90000 + (SELECT COUNT(*) FROM {bill.table})), :{cust.id_arg}, :_today, "
            f"date(:_today, '+{due} days'), 'open', :sum__cents, :sum__cents)"
        ),
        execute(
            f"INSERT INTO {line.table} ({bill.id_arg}, description, quantity, unit_price_cents, amount_cents) "
            f"SELECT {new}, d, q, p, q * p FROM ({each})"
        ),
        ret(f"SELECT {select_list(w, bill)} FROM {bill.table} t WHERE t.id = {new}"),
    ]
    example = {
        cust.id_arg: cust.rows[0]["id"],
        "lines": [{"description": "Late fee", "quantity": 1, "unit_price": 25.5}],
    }
    return w.tool(
        make_tool(
            "create_invoice",
            f"Bill {cust.noun.a()}: one invoice with its lines, due {due} days from today. Returns the invoice.",
            props,
            list(props),
            program,
            row_schema(w, bill),
            example=example,
        )
    )


def _add_line(w: World) -> str:
    bill, line = w.e("bill"), w.e("bill_line")
    bid = bill.id_arg
    props: dict[str, JsonSchema] = {bid: id_arg("the invoice's id"), **_line_args()}
    cents = "CAST(ROUND(:unit_price * 100) AS INTEGER)"
    program: list[Step] = [
        query("i", f"SELECT number, status FROM {bill.table} WHERE id = :{bid}", f"no invoice with id {{{bid}}}"),
        check("SELECT :i__status = 'open'", "invoice {i__number} is {i__status}; only open invoices take new lines"),
        execute(
            f"INSERT INTO {line.table} ({bid}, description, quantity, unit_price_cents, amount_cents) VALUES "
            f"(:{bid}, :description, :quantity, {cents}, :quantity * {cents})"
        ),
        execute(
            f"UPDATE {bill.table} SET total_cents = total_cents + :quantity * {cents}, balance_cents = balance_cents "
            f"+ :quantity * {cents} WHERE id = :{bid}"
        ),
        ret(f"SELECT {select_list(w, bill)} FROM {bill.table} t WHERE t.id = :{bid}"),
    ]
    example = next(
        (
            {bid: b["id"], "description": "Late fee", "quantity": 1, "unit_price": 15.25}
            for b in bill.rows
            if b["status"] == "open"
        ),
        None,
    )
    return w.tool(
        make_tool(
            "add_invoice_line",
            "Add a line to an open invoice; its total and balance grow by the line's amount.",
            props,
            list(props),
            program,
            row_schema(w, bill),
            example=example,
        )
    )


def _pay(w: World) -> str:
    bill, pay = w.e("bill"), w.e("bill_payment")
    bid = bill.id_arg
    partial = w.kit(BillingPolicy).partial
    props: dict[str, JsonSchema] = {
        bid: id_arg("the invoice's id"),
        "amount": {"type": "number", "minimum": 0.01, "maximum": 1_000_000, "description": "amount paid, dollars"},
        "method": {"type": "string", "enum": list(METHODS), "description": "how it was paid"},
    }
    cents = "CAST(ROUND(:amount * 100) AS INTEGER)"
    program: list[Step] = [
        query(
            "i",
            f"SELECT number, status, balance_cents AS owed, printf('$%.2f', balance_cents / 100.0) AS owed_text "
            f"FROM {bill.table} WHERE id = :{bid}",
            f"no invoice with id {{{bid}}}",
        ),
        check("SELECT :i__status = 'open'", "invoice {i__number} is {i__status}; nothing is owed on it"),
        check(f"SELECT {cents} <= :i__owed", "invoice {i__number} has only {i__owed_text} left to pay"),
    ]
    if not partial:
        program.append(check(f"SELECT {cents} = :i__owed", "a payment must settle the whole balance of {i__owed_text}"))
    program += [
        execute(
            f"INSERT INTO {pay.table} ({bid}, paid_on, amount_cents, method) VALUES (:{bid}, :_today, {cents}, :method)"
        ),
        execute(
            f"UPDATE {bill.table} SET balance_cents = balance_cents - {cents}, status = CASE WHEN balance_cents = "
            f"{cents} THEN 'paid' ELSE status END WHERE id = :{bid}"
        ),
        ret(f"SELECT {select_list(w, bill)} FROM {bill.table} t WHERE t.id = :{bid}"),
    ]
    example = next(
        (
            {bid: b["id"], "amount": as_number(n(b, "balance_cents")), "method": "card"}
            for b in bill.rows
            if b["status"] == "open" and n(b, "balance_cents") > 0
        ),
        None,
    )
    rule = "in part or in full" if partial else "in full (the whole balance)"
    return w.tool(
        make_tool(
            "record_invoice_payment",
            f"Record a payment against an open invoice, {rule}; the invoice is paid once nothing is owed.",
            props,
            list(props),
            program,
            row_schema(w, bill),
            example=example,
        )
    )


def _void(w: World) -> str:
    bill, pay = w.e("bill"), w.e("bill_payment")
    bid = bill.id_arg
    program: list[Step] = [
        query("i", f"SELECT number, status FROM {bill.table} WHERE id = :{bid}", f"no invoice with id {{{bid}}}"),
        check("SELECT :i__status = 'open'", "invoice {i__number} is {i__status}; only open invoices can be voided"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {pay.table} WHERE {bid} = :{bid})",
            "invoice {i__number} has payments recorded; it cannot be voided",
        ),
        execute(f"UPDATE {bill.table} SET status = 'void', balance_cents = 0 WHERE id = :{bid}"),
        ret(f"SELECT {select_list(w, bill)} FROM {bill.table} t WHERE t.id = :{bid}"),
    ]
    paid = {p[bid] for p in pay.rows}
    example = next(({bid: b["id"]} for b in bill.rows if b["status"] == "open" and b["id"] not in paid), None)
    return w.tool(
        make_tool(
            "void_invoice",
            "Void an open invoice that has no payments (billed by mistake); nothing is owed on it afterwards.",
            {bid: id_arg("the invoice's id")},
            [bid],
            program,
            row_schema(w, bill),
            destructive=True,
            example=example,
        )
    )


def _statement(w: World, bill: Entity, cust: Entity) -> str:
    cid = cust.id_arg
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cid}",
            f"no {cust.label} with id {{{cid}}}; {crud.finder_hint(w, 'customer')}",
        ),
        ret(
            "SELECT :who__name AS name, COUNT(*) AS open_invoices, ROUND(COALESCE(SUM(balance_cents), 0) / 100.0, 2) "
            "AS owed, ROUND(COALESCE(SUM(CASE WHEN due_on < :_today THEN balance_cents END), 0) / 100.0, 2) AS "
            f"overdue, MIN(due_on) AS next_due FROM {bill.table} WHERE {cid} = :{cid} AND status = 'open'"
        ),
    ]
    output: JsonSchema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "open_invoices": {"type": "integer"},
            "owed": {"type": "number"},
            "overdue": {"type": "number"},
            "next_due": {"type": ["string", "null"]},
        },
        "required": ["name", "open_invoices", "owed", "overdue"],
    }
    return w.tool(
        make_tool(
            "get_account_statement",
            f"What {cust.noun.a()} owes: open invoices, the total owed, the part past its due date, the next due date.",
            {cid: id_arg(f"the {cust.label}'s id")},
            [cid],
            program,
            output,
            read_only=True,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _open_of(w: World, person: Row) -> list[Row]:
    cust = w.e("customer")
    return [b for b in w.e("bill").rows if b[cust.id_arg] == person["id"] and b["status"] == "open"]


def _bill_client(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(BillingKit), w.e("customer")
    person = w.pick(cust.rows)
    chosen = w.rng.sample(_items(w), min(len(_items(w)), w.rng.randint(2, 4)))
    billed = [(desc, 1 if high > 200 else w.rng.randint(2, 9), price(w.rng, low, high)) for desc, low, high in chosen]
    lines = [{"description": d, "quantity": q, "unit_price": as_number(c)} for d, q, c in billed]
    said = "; ".join(f"{d}, {q} at {dollars(c)}" for d, q, c in billed)
    total = sum(q * c for _, q, c in billed)
    text = (
        f"Please invoice {person['name']} ({person['email']}) for the following: {said}. Tell me the invoice "
        "total and its due date."
    )
    due = shift(w.today, w.kit(BillingPolicy).due_days)
    return TaskCandidate(
        kind="invoice-client",
        instruction=text,
        calls=[find(w, "customer", person, "email"), call(kit.create, **{cust.id_arg: person["id"], "lines": lines})],
        answer=[plain(total), due],
        competing=[
            *others([plain(n(b, "total_cents")) for b in w.e("bill").rows], [plain(total)], 12),
            w.today,
            shift(w.today, 7),
        ],
        difficulty="medium",
        tags=["write", "multi-item", "create"],
    )


def _pay_oldest(w: World) -> TaskCandidate | None:
    kit, cust, bill = w.kit(BillingKit), w.e("customer"), w.e("bill")
    for person in shuffled(w, cust.rows):
        mine = sorted(_open_of(w, person), key=lambda b: (b["due_on"], b["id"]))
        if len(mine) >= 2 and mine[0]["due_on"] != mine[1]["due_on"] and n(mine[0], "balance_cents") > 0:
            break
    else:
        return None
    oldest = mine[0]
    method = w.pick(METHODS)
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like to pay off {v.my} open invoice with the earliest due date, in full, by "
        f"{method}. What was the amount?"
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.invoices, **{cust.id_arg: person["id"]}, status="open", sort_by="due_on", sort_order="asc"),
        call(kit.pay, **{bill.id_arg: oldest["id"], "amount": as_number(n(oldest, "balance_cents")), "method": method}),
    ]
    return TaskCandidate(
        kind="pay-oldest-invoice",
        instruction=text,
        calls=calls,
        answer=[plain(n(oldest, "balance_cents"))],
        competing=[plain(n(b, "balance_cents")) for b in mine[1:]] + [plain(n(b, "total_cents")) for b in mine[1:]],
        difficulty="medium",
        tags=["write", "filter-sort"],
    )


def _pay_if_covers(w: World) -> TaskCandidate | None:
    kit, cust, bill = w.kit(BillingKit), w.e("customer"), w.e("bill")
    pool = [b for b in bill.rows if b["status"] == "open" and n(b, "balance_cents") > 2000]
    if not pool:
        return None
    b = w.pick(pool)
    person = cust.by_id(b[cust.id_arg])
    owed = n(b, "balance_cents")
    holds = w.chance(0.5)
    sent = owed + w.rng.randint(0, 40) * 100 if holds else owed - w.rng.randint(1, max(1, owed // 200)) * 100 - 37
    if sent <= 0:
        return None
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} sent {dollars(sent)} by bank transfer for invoice {b['number']}. If that covers what is "
        f"still owed on it, record a payment of exactly the amount owed. If it does not, record nothing and tell "
        f"{v.me} how much is owed."
    )
    reads = [call(kit.invoices, query=str(b["number"]))]
    return branching(
        "pay-invoice-if-covered",
        text,
        condition="payment-covers",
        holds=holds,
        reads=reads,
        then=[call(kit.pay, **{bill.id_arg: b["id"], "amount": as_number(owed), "method": "bank transfer"})],
        otherwise=[],
        answer=[] if holds else [plain(owed)],
        competing=[] if holds else others([plain(n(x, "balance_cents")) for x in pool], [plain(owed)], 8),
        tags=["conditional", "billing"],
    )


def _void_paid_refused(w: World) -> TaskCandidate | None:
    kit, bill, pay = w.kit(BillingKit), w.e("bill"), w.e("bill_payment")
    paid = {p[bill.id_arg]: p for p in pay.rows}
    pool = [b for b in bill.rows if b["id"] in paid]
    if not pool:
        return None
    b = w.pick(pool)
    got = paid[b["id"]]
    text = (
        f"Invoice {b['number']} was sent by mistake. Please void it; if it cannot be voided any more, tell me how"
        " much has been paid on it."
    )
    return refusing(
        "void-paid-invoice-refused",
        text,
        reads=[call(kit.invoices, query=str(b["number"])), call(kit.payments, **{bill.id_arg: b["id"]})],
        complying=[call(kit.void, **{bill.id_arg: b["id"]})],
        reason="the invoice already has a payment recorded against it",
        answer=[plain(n(got, "amount_cents"))],
        competing=others([plain(n(p, "amount_cents")) for p in pay.rows], [plain(n(got, "amount_cents"))], 12),
        tags=["billing"],
    )


def _overdue(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(BillingKit), w.e("customer")
    for person in shuffled(w, cust.rows):
        mine = _open_of(w, person)
        late = [b for b in mine if str(b["due_on"]) < w.today]
        if late and len(mine) > len(late):
            break
    else:
        return None
    overdue = sum(n(b, "balance_cents") for b in late)
    owed = sum(n(b, "balance_cents") for b in mine)
    text = (
        f"{person['name']} ({person['email']}) asked what they owe us. How much of it is past its due date, and "
        "how much is owed in total?"
    )
    return TaskCandidate(
        kind="overdue-balance",
        instruction=text,
        calls=[find(w, "customer", person, "email"), call(kit.statement, **{cust.id_arg: person["id"]})],
        answer=[plain(overdue), plain(owed)],
        competing=[plain(n(b, "balance_cents")) for b in mine if n(b, "balance_cents") not in (overdue, owed)][:6],
        difficulty="easy",
        tags=["lookup", "report"],
    )


def _add_fee_then_settle(w: World) -> TaskCandidate | None:
    kit, bill, cust = w.kit(BillingKit), w.e("bill"), w.e("customer")
    pool = [b for b in bill.rows if b["status"] == "open" and n(b, "balance_cents") > 0]
    if not pool:
        return None
    b = w.pick(pool)
    person = cust.by_id(b[cust.id_arg])
    desc, low, high = w.pick(_items(w))
    unit = price(w.rng, low, min(high, low + 60))
    owed = n(b, "balance_cents") + unit
    method = w.pick(METHODS)
    text = (
        f"Add one {desc.lower()} at {dollars(unit)} to {person['name']}'s invoice {b['number']}, then record their "
        f"{method} payment of everything owed on it. Confirm the amount paid."
    )
    calls = [
        call(kit.invoices, query=str(b["number"])),
        call(kit.lines, **{bill.id_arg: b["id"]}),
        call(kit.add_line, **{bill.id_arg: b["id"], "description": desc, "quantity": 1, "unit_price": as_number(unit)}),
        call(kit.pay, **{bill.id_arg: b["id"], "amount": as_number(owed), "method": method}),
    ]
    return TaskCandidate(
        kind="add-fee-and-settle",
        instruction=text,
        calls=calls,
        answer=[plain(owed)],
        competing=[plain(n(b, "balance_cents")), plain(n(b, "total_cents"))],
        difficulty="hard",
        tags=["write", "ripple"],
    )


def _void_unpaid_for(w: World) -> TaskCandidate | None:
    kit, bill, pay, cust = w.kit(BillingKit), w.e("bill"), w.e("bill_payment"), w.e("customer")
    paid = {p[bill.id_arg] for p in pay.rows}
    for person in shuffled(w, cust.rows):
        mine = [b for b in bill.rows if b[cust.id_arg] == person["id"] and b["status"] == "open"]
        clean = [b for b in mine if b["id"] not in paid]
        if len(clean) >= 2 or (clean and len(mine) > len(clean)):
            break
    else:
        return None
    text = (
        f"{person['name']} ({person['email']}) moved away and we are writing off what we billed them. Void every "
        "open invoice of theirs that has no payment on it; leave any invoice with a payment as it is."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.invoices, **{cust.id_arg: person["id"]}, status="open"),
    ]
    calls += [call(kit.payments, **{bill.id_arg: b["id"]}) for b in mine]
    calls += [call(kit.void, **{bill.id_arg: b["id"]}) for b in clean]
    return TaskCandidate(
        kind="write-off-unpaid-invoices",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


BILLING = Module(
    key="billing",
    about="invoices with lines, payments against them, voids, statements",
    fits=frozenset({"property", "logistics", "education", "events", "government"}),
    build=build_billing,
    tools=billing_tools,
    tasks=(
        TaskKind("invoice-client", _bill_client),
        TaskKind("pay-oldest-invoice", _pay_oldest),
        TaskKind("pay-invoice-if-covered", _pay_if_covers),
        TaskKind("void-paid-invoice-refused", _void_paid_refused),
        TaskKind("overdue-balance", _overdue),
        TaskKind("add-fee-and-settle", _add_fee_then_settle),
        TaskKind("write-off-unpaid-invoices", _void_unpaid_for),
    ),
    needs=("customers",),
    features=("billing.partial",),
)
