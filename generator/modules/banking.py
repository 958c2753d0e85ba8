"""A bank or credit union: accounts with a ledger of transactions, transfers whose two ledger entries are
linked to the transfer, cards that can be locked and replaced, payees and bill payments, disputes."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.prices import amount, as_number, dollars, plain
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, items_of, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

KINDS = ("checking", "savings", "money market")
TXN_KINDS = (
    "deposit",
    "withdrawal",
    "transfer in",
    "transfer out",
    "card purchase",
    "bill payment",
    "loan payment",
    "fee",
    "interest",
)
CATEGORIES = ("groceries", "dining", "travel", "utilities", "shopping", "fuel", "entertainment")
MERCHANTS = {
    "groceries": ("Green Grocer", "FreshMart", "Harvest Foods"),
    "dining": ("Blue Door Bistro", "Taco Loco", "Noodle House", "Corner Cafe"),
    "travel": ("SkyWay Airlines", "Metro Rail", "CityCab"),
    "utilities": ("City Power & Light", "AquaWorks Water", "FiberNet Internet"),
    "shopping": ("Bookhaven", "Outfitters Co", "HomeGoods Depot"),
    "fuel": ("QuickFuel", "Highway Gas"),
    "entertainment": ("Cineplex 12", "StreamBox", "Arena Tickets"),
}
PAYEES = (
    "City Power & Light",
    "AquaWorks Water",
    "FiberNet Internet",
    "Northside Property Management",
    "Mutual Auto Insurance",
    "Metro Gas Company",
    "Cellular One",
)


@dataclass(frozen=True)
class BankPolicy:
    daily_limit_cents: int


@dataclass(frozen=True)
class BankKit:
    accounts: str
    history: str
    summary: str
    transfer: str
    deposit: str
    set_status: str
    spending: str
    cards: str
    lock_card: str
    replace_card: str


def build_banking(w: World) -> None:
    cust = w.e("customer")
    acct = w.add(
        Entity(
            "account",
            w.noun("account"),
            [
                s.code("number", "account number"),
                s.ref(cust),
                s.enum("kind", "account type", KINDS),
                s.money("balance", "current balance", signed=True),
                s.enum("status", "open, frozen or closed", ("open", "frozen", "closed")),
                s.day("opened_on", "date opened"),
            ],
            "number",
            f"{cust.plural_label}' accounts",
        )
    )
    transfer = w.add(
        Entity(
            "transfer",
            w.noun("transfer"),
            [
                s.ref(acct, name="from_account_id", label="the sending account's id"),
                s.ref(acct, name="to_account_id", label="the receiving account's id"),
                s.money("amount", "amount"),
                s.text("memo", "memo", required=False),
                s.day("made_on", "date"),
            ],
            "id",
            "money moved between accounts",
        )
    )
    w.add(
        Entity(
            "transaction",
            w.noun("transaction"),
            [
                s.ref(acct),
                s.day("posted_on", "date posted"),
                s.enum("kind", "kind", TXN_KINDS),
                s.text("description", "description"),
                s.enum("category", "spending category", (*CATEGORIES, "none")),
                s.money("amount", "amount (negative: money out)", signed=True),
                s.ref(transfer, required=False, label="the transfer it belongs to"),
            ],
            "description",
            "every movement of money on every account, newest last",
        )
    )
    w.add(
        Entity(
            "card",
            w.noun("card", "debit card"),
            [
                s.ref(acct),
                s.text("last4", "last four digits"),
                s.enum("status", "status", ("active", "locked", "cancelled")),
                s.text("expires", "expiry month (YYYY-MM)"),
            ],
            "last4",
            "debit cards on accounts",
        )
    )
    policy = BankPolicy(daily_limit_cents=w.pick((250000, 500000, 1000000)))
    w.put(policy)
    w.rule("daily_transfer_limit", f"{policy.daily_limit_cents / 100:.2f}")
    w.fact(
        f"Transfers and withdrawals need an open account and enough balance; no customer may transfer more than "
        f"{dollars(policy.daily_limit_cents)} in one day. Frozen and closed accounts neither send nor receive."
    )
    _seed(w)


def _seed(w: World) -> None:
    cust, acct, txn, card = w.e("customer"), w.e("account"), w.e("transaction"), w.e("card")
    for person in cust.rows:
        kinds = ["checking"] + (["savings"] if w.chance(0.7) else []) + (["money market"] if w.chance(0.15) else [])
        for kind in kinds:
            row = acct.add(
                number=f"{w.rng.randrange(10**9, 10**10)}",
                **{cust.id_arg: person["id"]},
                kind=kind,
                balance_cents=0,
                status="frozen" if w.chance(0.05) else "open",
                opened_on=days_ago(w, 200, 3000),
            )
            _history(w, row, txn)
            if kind == "checking":
                card.add(
                    **{acct.id_arg: row["id"]},
                    last4=f"{w.rng.randrange(10000):04d}",
                    status="locked" if w.chance(0.05) else "active",
                    expires=f"{int(w.today[:4]) + w.rng.randint(1, 4)}-{w.rng.randint(1, 12):02d}",
                )


def _history(w: World, row: Row, txn: Entity) -> None:
    aid = w.e("account").id_arg
    balance = amount(w.rng, 200, 9000)
    txn.add(
        **{aid: row["id"]},
        posted_on=shift(w.today, -100),
        kind="deposit",
        description="Opening balance carried forward",
        category="none",
        amount_cents=balance,
        transfer_id=None,
    )
    for _ in range(w.rng.randint(4, 14) if row["kind"] == "checking" else w.rng.randint(1, 4)):
        if row["kind"] == "checking" and w.chance(0.75):
            category = w.pick(CATEGORIES)
            cents = -amount(w.rng, 4, 180 if category != "travel" else 640)
            what, kind = w.pick(MERCHANTS[category]), "card purchase"
        else:
            category, cents, what, kind = "none", amount(w.rng, 50, 2500), "Payroll deposit", "deposit"
            if row["kind"] != "checking":
                cents, what, kind = amount(w.rng, 1, 30), "Monthly interest", "interest"
        balance += cents
        txn.add(
            **{aid: row["id"]},
            posted_on=days_ago(w, 1, 95),
            kind=kind,
            description=what,
            category=category,
            amount_cents=cents,
            transfer_id=None,
        )
    row["balance_cents"] = balance
    mine = [t for t in txn.rows if t[aid] == row["id"]]
    mine.sort(key=lambda t: str(t["posted_on"]))


# --- tools ---------------------------------------------------------------------------------------


def banking_tools(w: World) -> None:
    cust, acct, txn, card = w.e("customer"), w.e("account"), w.e("transaction"), w.e("card")
    accounts = crud.search(
        w,
        acct,
        text=["number"],
        filters=[cust.id_arg, "kind", "status"],
        ranges=["balance"],
        sorts=["opened_on", "balance"],
    )
    history = crud.search(
        w,
        txn,
        scope=[acct.id_arg],
        text=["description"],
        filters=["kind", "category"],
        ranges=["posted_on", "amount"],
        sorts=["posted_on", "amount"],
        name="account_history",
    )
    summary = crud.summarize(
        w,
        txn,
        sums=["amount"],
        filters=[acct.id_arg, "category", "kind"],
        ranges=["posted_on"],
        name="summarize_transactions",
        about="Count an account's transactions and add up their amounts (money out is negative), "
        "optionally by category, kind or date range.",
    )
    set_status = crud.update(
        w,
        acct,
        [acct.col("status")],
        about="Freeze, unfreeze or close an account",
        name="set_account_status",
        guards=[
            check(
                f"SELECT :status != 'closed' OR (SELECT balance_cents FROM {acct.table} WHERE id = :{acct.id_arg}) = 0",
                "an account can be closed only once its balance is zero; move the money out first",
            )
        ],
    )
    cards = crud.search(w, card, filters=[acct.id_arg, "status"], sorts=["expires"], name="list_cards")
    spending = _spending_tool(w)
    w.put(
        BankKit(
            accounts, history, summary, _transfer(w), _deposit(w), set_status, spending, cards, _lock(w), _replace(w)
        )
    )


def _spending_tool(w: World) -> str:
    acct, txn = w.e("account"), w.e("transaction")
    aid = acct.id_arg
    sql = (
        f"SELECT category, COUNT(*) AS purchases, ROUND(-SUM(amount_cents) / 100.0, 2) AS spent FROM {txn.table} "
        f"WHERE {aid} = :{aid} AND amount_cents < 0 AND category != 'none' AND (:posted_on_from IS NULL OR posted_on "
        ">= :posted_on_from) AND (:posted_on_to IS NULL OR posted_on <= :posted_on_to) GROUP BY category ORDER BY "
        "spent DESC"
    )
    props = {
        aid: id_arg("the account's id"),
        "posted_on_from": s.day("d", "").input_schema("from this date on"),
        "posted_on_to": s.day("d", "").input_schema("up to this date"),
    }
    row = obj(
        {"category": {"type": "string"}, "purchases": {"type": "integer"}, "spent": {"type": "number"}},
        ["category", "purchases", "spent"],
    )
    return w.tool(
        make_tool(
            "spending_by_category",
            "How much an account spent per category (money out, as a positive amount), optionally between two dates.",
            props,
            [aid],
            [crud.exists(w, acct), ret(sql, "all")],
            items_of(row),
            read_only=True,
        )
    )


def _open_account(w: World, name: str, arg: str) -> list[Step]:
    acct = w.e("account")
    return [
        query(
            name,
            f"SELECT number, status, balance_cents AS balance, printf('$%.2f', balance_cents / 100.0) AS shown, "
            f"{w.e('customer').id_arg} AS owner FROM "
            f"{acct.table} WHERE id = :{arg}",
            f"no account with id {{{arg}}}; {crud.finder_hint(w, 'account')}",
        ),
        check(
            f"SELECT :{name}__status = 'open'",
            f"account {{{name}__number}} is {{{name}__status}}; it can neither send nor receive money",
        ),
    ]


def _transfer(w: World) -> str:
    acct, txn, transfer = w.e("account"), w.e("transaction"), w.e("transfer")
    limit = w.kit(BankPolicy).daily_limit_cents
    props = {
        "from_account_id": id_arg("the account the money leaves"),
        "to_account_id": id_arg("the account the money goes to"),
        "amount": {"type": "number", "minimum": 0.01, "maximum": 1_000_000, "description": "in dollars"},
        "memo": {"type": "string", "minLength": 1, "maxLength": 140, "description": "a note for both statements"},
    }
    cents = "CAST(ROUND(:amount * 100) AS INTEGER)"
    new = f"(SELECT MAX(id) FROM {transfer.table})"
    aid = acct.id_arg
    sent_today = (
        f"(SELECT COALESCE(SUM(t.amount_cents), 0) FROM {transfer.table} t JOIN {acct.table} a ON a.id = "
        f"t.from_account_id WHERE a.{w.e('customer').id_arg} = :src__owner AND t.made_on = :_today)"
    )
    program: list[Step] = [
        check("SELECT :from_account_id != :to_account_id", "the two accounts must differ"),
        *_open_account(w, "src", "from_account_id"),
        *_open_account(w, "dst", "to_account_id"),
        check(f"SELECT :src__balance >= {cents}", "account {src__number} holds only {src__shown}; send less"),
        check(
            f"SELECT {sent_today} + {cents} <= {limit}", f"that would pass the daily transfer limit of {dollars(limit)}"
        ),
        execute(
            f"INSERT INTO {transfer.table} (from_account_id, to_account_id, amount_cents, memo, made_on) VALUES "
            f"(:from_account_id, :to_account_id, {cents}, :memo, :_today)"
        ),
        execute(
            f"INSERT INTO {txn.table} ({aid}, posted_on, kind, description, category, amount_cents, "
            f"{transfer.id_arg}) VALUES (:from_account_id, :_today, 'transfer out', 'Transfer to ' || :dst__number "
            f"|| COALESCE(': ' || :memo, ''), 'none', -{cents}, {new})"
        ),
        execute(
            f"INSERT INTO {txn.table} ({aid}, posted_on, kind, description, category, amount_cents, "
            f"{transfer.id_arg}) VALUES (:to_account_id, :_today, 'transfer in', 'Transfer from ' || :src__number "
            f"|| COALESCE(': ' || :memo, ''), 'none', {cents}, {new})"
        ),
        execute(f"UPDATE {acct.table} SET balance_cents = balance_cents - {cents} WHERE id = :from_account_id"),
        execute(f"UPDATE {acct.table} SET balance_cents = balance_cents + {cents} WHERE id = :to_account_id"),
        ret(f"SELECT {select_list(w, transfer)} FROM {transfer.table} t WHERE t.id = {new}"),
    ]
    text = (
        "Move money from one open account to another in one step: one transfer, and an entry on each account's "
        "ledger linked to it. Needs enough balance and stays within the daily limit."
    )
    opened = [a for a in acct.rows if a["status"] == "open"]
    example = {
        "from_account_id": max(opened, key=lambda a: n(a, "balance_cents"))["id"],
        "to_account_id": opened[0]["id"]
        if opened[0] is not max(opened, key=lambda a: n(a, "balance_cents"))
        else opened[1]["id"],
        "amount": 1.0,
    }
    return w.tool(
        make_tool(
            "transfer_funds",
            text,
            props,
            ["from_account_id", "to_account_id", "amount"],
            program,
            row_schema(w, transfer),
            example=example,
        )
    )


def _deposit(w: World) -> str:
    acct, txn = w.e("account"), w.e("transaction")
    aid = acct.id_arg
    props = {
        aid: id_arg("the account's id"),
        "amount": {"type": "number", "minimum": 0.01, "maximum": 1_000_000, "description": "in dollars"},
        "description": {"type": "string", "minLength": 2, "maxLength": 140, "description": "what it is"},
    }
    cents = "CAST(ROUND(:amount * 100) AS INTEGER)"
    program: list[Step] = [
        *_open_account(w, "a", aid),
        execute(
            f"INSERT INTO {txn.table} ({aid}, posted_on, kind, description, category, amount_cents) VALUES "
            f"(:{aid}, :_today, 'deposit', :description, 'none', {cents})"
        ),
        execute(f"UPDATE {acct.table} SET balance_cents = balance_cents + {cents} WHERE id = :{aid}"),
        ret(f"SELECT {select_list(w, acct)} FROM {acct.table} t WHERE t.id = :{aid}"),
    ]
    return w.tool(
        make_tool(
            "deposit_funds",
            "Pay money into an open account (cash or cheque at the counter).",
            props,
            list(props),
            program,
            row_schema(w, acct),
        )
    )


def _lock(w: World) -> str:
    card = w.e("card")
    cid = card.id_arg
    props = {
        cid: id_arg("the card's id"),
        "locked": {"type": "boolean", "description": "true to lock, false to unlock"},
    }
    program: list[Step] = [
        query("c", f"SELECT last4, status FROM {card.table} WHERE id = :{cid}", f"no card with id {{{cid}}}"),
        check(
            "SELECT :c__status != 'cancelled'", "card ending {c__last4} is cancelled; it cannot be locked or unlocked"
        ),
        execute(
            f"UPDATE {card.table} SET status = CASE WHEN :locked THEN 'locked' ELSE 'active' END WHERE id = :{cid}"
        ),
        ret(f"SELECT {select_list(w, card)} FROM {card.table} t WHERE t.id = :{cid}"),
    ]
    return w.tool(
        make_tool(
            "lock_card",
            "Lock a card (no payments go through) or unlock it again.",
            props,
            list(props),
            program,
            row_schema(w, card),
            idempotent=True,
        )
    )


def _replace(w: World) -> str:
    card = w.e("card")
    cid = card.id_arg
    program: list[Step] = [
        query(
            "c",
            f"SELECT last4, status, {w.e('account').id_arg} AS account FROM {card.table} WHERE id = :{cid}",
            f"no card with id {{{cid}}}",
        ),
        check("SELECT :c__status != 'cancelled'", "card ending {c__last4} is already cancelled"),
        execute(f"UPDATE {card.table} SET status = 'cancelled' WHERE id = :{cid}"),
        execute(
            f"INSERT INTO {card.table} ({w.e('account').id_arg}, last4, status, expires) VALUES (:c__account, "
            f"printf('%04d', (:{cid} * 7919 + 1234) % 10000), 'active', printf('%d-%s', "
            "CAST(substr(:_today, 1, 4) AS INTEGER) + 4, substr(:_today, 6, 2)))"
        ),
        ret(f"SELECT {select_list(w, card)} FROM {card.table} t WHERE t.id = (SELECT MAX(id) FROM {card.table})"),
    ]
    example = next(({cid: c["id"]} for c in card.rows if c["status"] != "cancelled"), None)
    return w.tool(
        make_tool(
            "replace_card",
            "Cancel a card (lost, stolen, damaged) and issue a new one on the same account.",
            {cid: id_arg("the card's id")},
            [cid],
            program,
            row_schema(w, card),
            destructive=True,
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _accounts_of(w: World, person: Row, status: str = "open") -> list[Row]:
    cid = w.e("customer").id_arg
    return [a for a in w.e("account").rows if a[cid] == person["id"] and a["status"] == status]


def _move_savings(w: World) -> TaskCandidate | None:
    kit = w.kit(BankKit)
    for person in shuffled(w, w.e("customer").rows):
        mine = {a["kind"]: a for a in _accounts_of(w, person)}
        if "checking" in mine and "savings" in mine and n(mine["checking"], "balance_cents") > 20000:
            break
    else:
        return None
    src, dst = mine["checking"], mine["savings"]
    cents = min(n(src, "balance_cents") // 2, w.kit(BankPolicy).daily_limit_cents - 1000) // 1000 * 1000 + 25
    memo = w.pick(("rainy day fund", "vacation savings", "emergency fund", "holiday savings"))
    v = voice(w, person)
    text = v.say(
        f'Please move {dollars(cents)} from {v.my} checking account to {v.my} savings, memo "{memo}", and '
        f"tell {v.me} the checking balance afterwards."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.accounts, **{w.e("customer").id_arg: person["id"]}),
        call(kit.transfer, from_account_id=src["id"], to_account_id=dst["id"], amount=as_number(cents), memo=memo),
        call(kit.accounts, **{w.e("customer").id_arg: person["id"]}, kind="checking"),
    ]
    return TaskCandidate(
        kind="transfer-to-savings",
        instruction=text,
        calls=calls,
        answer=[plain(n(src, "balance_cents") - cents)],
        competing=[plain(n(src, "balance_cents")), plain(n(dst, "balance_cents") + cents)],
        difficulty="medium",
        tags=["write", "ledger", "report"],
    )


def _transfer_if_enough(w: World) -> TaskCandidate | None:
    kit = w.kit(BankKit)
    for person in shuffled(w, w.e("customer").rows):
        mine = {a["kind"]: a for a in _accounts_of(w, person)}
        if "checking" in mine and "savings" in mine:
            break
    else:
        return None
    src, dst = mine["savings"], mine["checking"]
    holds = w.chance(0.5)
    have = n(src, "balance_cents")
    cents = max(100, have // 2 // 100 * 100) if holds else have + w.rng.randint(5, 90) * 100
    if cents > w.kit(BankPolicy).daily_limit_cents:
        return None
    v = voice(w, person)
    text = v.say(
        f"If {v.my} savings account has at least {dollars(cents)}, move that amount to {v.my} checking. "
        f"If not, leave both accounts alone and tell {v.me} the savings balance."
    )
    reads = [find(w, "customer", person, "email"), call(kit.accounts, **{w.e("customer").id_arg: person["id"]})]
    return branching(
        "transfer-if-funds",
        text,
        condition="enough-funds",
        holds=holds,
        reads=reads,
        then=[call(kit.transfer, from_account_id=src["id"], to_account_id=dst["id"], amount=as_number(cents))],
        otherwise=[],
        answer=[] if holds else [plain(have)],
        competing=[] if holds else [plain(n(dst, "balance_cents"))],
        tags=["conditional", "ledger"],
    )


def _frozen(w: World) -> TaskCandidate | None:
    kit, acct = w.kit(BankKit), w.e("account")
    for person in shuffled(w, w.e("customer").rows):
        frozen = _accounts_of(w, person, "frozen")
        other = [a for a in acct.rows if a["status"] == "open" and a[w.e("customer").id_arg] != person["id"]]
        if frozen and other:
            break
    else:
        return None
    src, dst = frozen[0], w.pick(other)
    cents = amount(w.rng, 20, 300)
    v = voice(w, person)
    text = v.say(
        f"Please send {dollars(cents)} from {v.my} {src['kind']} account {src['number']} to account {dst['number']}."
    )
    reads = [find(w, "customer", person, "email"), call(kit.accounts, query=str(src["number"]))]
    return refusing(
        "transfer-frozen-refused",
        text,
        reads=reads,
        complying=[call(kit.transfer, from_account_id=src["id"], to_account_id=dst["id"], amount=as_number(cents))],
        reason=f"account {src['number']} is frozen",
        answer=["frozen"],
        competing=["open", "closed"],
        tags=["transfers"],
    )


def _spending(w: World) -> TaskCandidate | None:
    kit, acct, txn = w.kit(BankKit), w.e("account"), w.e("transaction")
    for a in shuffled(w, [a for a in acct.rows if a["kind"] == "checking"]):
        mine = [t for t in txn.rows if t[acct.id_arg] == a["id"] and t["category"] != "none"]
        sums: dict[str, int] = {}
        for t in mine:
            sums[str(t["category"])] = sums.get(str(t["category"]), 0) + n(t, "amount_cents")
        if len(sums) >= 3:
            break
    else:
        return None
    category = w.pick(sorted(sums))
    person = w.e("customer").by_id(a[w.e("customer").id_arg])
    text = (
        f"How much has {person['name']} spent on {category} with their checking account ({a['number']}) over the "
        "last 95 days? Give the total as a positive amount."
    )
    start = shift(w.today, -95)
    calls = [
        call(kit.accounts, query=str(a["number"])),
        call(kit.spending, **{acct.id_arg: a["id"], "posted_on_from": start}),
    ]
    return TaskCandidate(
        kind="spending-by-category",
        instruction=text,
        calls=calls,
        answer=[plain(-sums[category])],
        competing=[plain(-v) for k, v in sums.items() if k != category],
        difficulty="medium",
        tags=["lookup", "aggregate"],
    )


def _lost_card(w: World) -> TaskCandidate | None:
    kit, card, acct = w.kit(BankKit), w.e("card"), w.e("account")
    pool = [c for c in card.rows if c["status"] == "active"]
    if not pool:
        return None
    c = w.pick(pool)
    a = acct.by_id(c[acct.id_arg])
    person = w.e("customer").by_id(a[w.e("customer").id_arg])
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} lost {v.my} debit card ending {c['last4']}. Please cancel it and send a "
        "replacement for the same account."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.accounts, **{w.e("customer").id_arg: person["id"]}),
        call(kit.cards, **{acct.id_arg: a["id"]}),
        call(kit.replace_card, **{card.id_arg: c["id"]}),
    ]
    return TaskCandidate(
        kind="replace-lost-card", instruction=text, calls=calls, difficulty="medium", tags=["write", "cards"]
    )


def _biggest_purchase(w: World) -> TaskCandidate | None:
    kit, acct, txn = w.kit(BankKit), w.e("account"), w.e("transaction")
    for a in shuffled(w, [a for a in acct.rows if a["kind"] == "checking"]):
        buys = sorted(
            (t for t in txn.rows if t[acct.id_arg] == a["id"] and t["kind"] == "card purchase"),
            key=lambda t: n(t, "amount_cents"),
        )
        if len(buys) >= 3 and buys[0]["amount_cents"] != buys[1]["amount_cents"]:
            break
    else:
        return None
    top = buys[0]
    text = f"What was the largest card purchase on account {a['number']}: where, on what date, and for how much?"
    calls = [
        call(kit.accounts, query=str(a["number"])),
        call(kit.history, **{acct.id_arg: a["id"]}, kind="card purchase", sort_by="amount", sort_order="asc", limit=5),
    ]
    return TaskCandidate(
        kind="largest-card-purchase",
        instruction=text,
        calls=calls,
        answer=[str(top["description"]), str(top["posted_on"])],
        competing=sorted({str(t["description"]) for t in buys[1:4]} - {str(top["description"])}),
        difficulty="medium",
        tags=["lookup", "filter-sort"],
    )


def _close_refused(w: World) -> TaskCandidate | None:
    kit, acct = w.kit(BankKit), w.e("account")
    pool = [a for a in acct.rows if a["status"] == "open" and a["kind"] != "checking" and n(a, "balance_cents") > 0]
    if not pool:
        return None
    a = w.pick(pool)
    person = w.e("customer").by_id(a[w.e("customer").id_arg])
    v = voice(w, person)
    text = v.say(f"Please close {v.my} {a['kind']} account {a['number']} today.")
    reads = [find(w, "customer", person, "email"), call(kit.accounts, query=str(a["number"]))]
    return refusing(
        "close-account-refused",
        text,
        reads=reads,
        complying=[call(kit.set_status, **{acct.id_arg: a["id"], "status": "closed"})],
        reason="an account can be closed only with a zero balance",
        answer=[plain(n(a, "balance_cents"))],
        competing=others([plain(n(x, "balance_cents")) for x in acct.rows], [plain(n(a, "balance_cents"))]),
        tags=["accounts"],
    )


def _freeze_all(w: World) -> TaskCandidate | None:
    kit, acct = w.kit(BankKit), w.e("account")
    for person in shuffled(w, w.e("customer").rows):
        mine = _accounts_of(w, person)
        if len(mine) >= 2:
            break
    else:
        return None
    text = (
        f"Fraud team: {person['name']} ({person['email']}) reported identity theft. Freeze every open account they "
        "hold and lock every active card on them."
    )
    calls = [find(w, "customer", person, "email"), call(kit.accounts, **{w.e("customer").id_arg: person["id"]})]
    calls += [call(kit.set_status, **{acct.id_arg: a["id"], "status": "frozen"}) for a in mine]
    cards = [c for c in w.e("card").rows if c[acct.id_arg] in {a["id"] for a in mine} and c["status"] == "active"]
    for a in mine:
        if any(c[acct.id_arg] == a["id"] for c in cards):
            calls.append(call(kit.cards, **{acct.id_arg: a["id"]}))
    calls += [call(kit.lock_card, **{w.e("card").id_arg: c["id"], "locked": True}) for c in cards]
    return TaskCandidate(
        kind="freeze-for-fraud", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk"]
    )


BANKING = Module(
    key="banking",
    about="accounts, a linked ledger, transfers, cards",
    fits=frozenset({"banking"}),
    build=build_banking,
    tools=banking_tools,
    tasks=(
        TaskKind("transfer-to-savings", _move_savings),
        TaskKind("transfer-if-funds", _transfer_if_enough),
        TaskKind("transfer-frozen-refused", _frozen),
        TaskKind("spending-by-category", _spending),
        TaskKind("replace-lost-card", _lost_card),
        TaskKind("largest-card-purchase", _biggest_purchase),
        TaskKind("close-account-refused", _close_refused),
        TaskKind("freeze-for-fraud", _freeze_all),
    ),
    needs=("customers",),
)
