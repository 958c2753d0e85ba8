"""Loans at a bank or credit union: loan products with a rate, a term and a ceiling, applications that are
approved (the money lands in the borrower's account) or declined, and monthly payments from an account
whose ledger entry is linked to the payment (interest first, the rest off the balance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.banking import BankKit
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.prices import amount, as_number, dollars, plain
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

PRODUCTS = (
    ("New Auto Loan", 5.4, 8.9, 60, 45000),
    ("Used Auto Loan", 6.2, 10.4, 48, 30000),
    ("Personal Loan", 8.9, 15.9, 36, 25000),
    ("Home Improvement Loan", 6.9, 11.5, 120, 60000),
    ("Student Refinance Loan", 4.9, 8.2, 120, 90000),
    ("Share-Secured Loan", 3.1, 4.9, 24, 20000),
)
STATES = ("pending", "active", "paid off", "declined")


@dataclass(frozen=True)
class LoanKit:
    products: str
    loans: str
    payments: str
    apply: str
    decide: str
    pay: str
    payoff: str


def _interest(balance: int, rate: float) -> int:
    """One month's interest in cents, as the tools compute it (rounded to the cent)."""
    return math.floor(balance * rate / 1200 + 0.5)


def build_loans(w: World) -> None:
    cust, acct, txn = w.e("customer"), w.e("account"), w.e("transaction")
    product = w.add(
        Entity(
            "loan_product",
            w.noun("loan_product", "loan product"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.real("rate", "annual interest rate (%)", 0, 30),
                s.integer("term_months", "term in months", 6, 360),
                s.money("max_amount", "largest amount lent"),
            ],
            "name",
            "the loans on offer",
        )
    )
    loan = w.add(
        Entity(
            "loan",
            w.noun("loan"),
            [
                s.code("number", "loan number"),
                s.ref(cust),
                s.ref(product),
                s.money("principal", "amount borrowed", mutable=False),
                s.money("balance", "amount still owed"),
                s.money("monthly_payment", "monthly payment"),
                s.enum("status", "status", STATES),
                s.day("opened_on", "date applied", mutable=False),
                s.day("next_due", "next payment due", required=False),
            ],
            "number",
            f"loans of {cust.plural_label}",
        )
    )
    w.add(
        Entity(
            "loan_payment",
            w.noun("loan_payment", "loan payment"),
            [
                s.ref(loan),
                s.ref(acct, label="the account it was paid from"),
                s.ref(txn, label="the ledger entry on that account"),
                s.day("paid_on", "date paid", mutable=False),
                s.money("amount", "amount paid"),
                s.money("interest", "part that paid interest"),
            ],
            "id",
            "payments made on loans",
        )
    )
    w.fact(
        "A loan payment comes from the borrower's own open account: one month's interest on the balance is paid "
        "first and the rest comes off the balance; the payment appears on the account's ledger. An approved loan "
        "is paid out into the borrower's checking account. No loan may exceed its product's maximum."
    )
    _seed(w, product, loan)


def _seed(w: World, product: Entity, loan: Entity) -> None:
    cust, acct = w.e("customer"), w.e("account")
    for name, low, high, term, most in w.rng.sample(PRODUCTS, w.rng.randint(3, len(PRODUCTS))):
        product.add(
            name=name,
            rate=round(w.rng.uniform(low, high), 2),
            term_months=term,
            max_amount_cents=most * 100,
        )
    for k, person in enumerate(shuffled(w, cust.rows)[: w.rng.randint(8, 18)]):
        checking = [a for a in acct.rows if a[cust.id_arg] == person["id"] and a["kind"] == "checking"]
        if not checking:
            continue
        p = w.pick(product.rows)
        principal = round(amount(w.rng, 2000, n(p, "max_amount_cents") / 100 * 0.8) / 100) * 100
        status = (
            "pending" if not loan.rows else w.pick(("active", "active", "active", "paid off", "pending", "declined"))
        )
        paid_share = w.rng.uniform(0.05, 0.7) if status == "active" else 1.0 if status == "paid off" else 0.0
        balance = int(principal * (1 - paid_share)) if status == "active" else 0 if status != "pending" else principal
        if status == "declined":
            balance = 0
        monthly = principal // int(p["term_months"]) + _interest(principal, float(p["rate"]))  # type: ignore[arg-type]
        loan.add(
            number=f"L-{40000 + k * 37 + w.rng.randint(0, 30)}",
            **{cust.id_arg: person["id"], product.id_arg: p["id"]},
            principal_cents=principal,
            balance_cents=balance,
            monthly_payment_cents=monthly,
            status=status,
            opened_on=days_ago(w, 30 if status == "pending" else 90, 900)
            if status != "pending"
            else days_ago(w, 1, 10),
            next_due=shift(w.today, w.rng.randint(1, 28)) if status == "active" else None,
        )


# --- tools ---------------------------------------------------------------------------------------


def loan_tools(w: World) -> None:
    product, loan, pay, cust = w.e("loan_product"), w.e("loan"), w.e("loan_payment"), w.e("customer")
    products = crud.search(
        w, product, text=["name"], ranges=["rate", "max_amount", "term_months"], sorts=["rate", "max_amount", "name"]
    )
    loans = crud.search(
        w,
        loan,
        text=["number"],
        filters=[cust.id_arg, product.id_arg, "status"],
        ranges=["balance", "next_due"],
        sorts=["next_due", "balance", "opened_on"],
    )
    payments = crud.search(w, pay, scope=[loan.id_arg], sorts=["paid_on"], name="list_loan_payments")
    w.put(LoanKit(products, loans, payments, _apply(w), _decide(w), _pay(w), _payoff(w)))


def _apply(w: World) -> str:
    cust, product, loan = w.e("customer"), w.e("loan_product"), w.e("loan")
    pid = product.id_arg
    props: dict[str, JsonSchema] = {
        cust.id_arg: id_arg(f"the {cust.label}'s id"),
        pid: id_arg("the loan product's id"),
        "amount": {"type": "number", "minimum": 100, "maximum": 1_000_000, "description": "amount to borrow"},
    }
    cents = "CAST(ROUND(:amount * 100) AS INTEGER)"
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "p",
            f"SELECT name, rate, term_months AS term, max_amount_cents AS most, printf('$%.2f', max_amount_cents / "
            f"100.0) AS most_text FROM {product.table} WHERE id = :{pid}",
            f"no loan product with id {{{pid}}}",
        ),
        check(f"SELECT {cents} <= :p__most", "{p__name} lends at most {p__most_text}"),
        execute(
            f"INSERT INTO {loan.table} (number, {cust.id_arg}, {pid}, principal_cents, balance_cents, "
            "monthly_payment_cents, status, opened_on, next_due) VALUES (printf('L-%d', 60000 + (SELECT COUNT(*) "
            f"FROM {loan.table})), :{cust.id_arg}, :{pid}, {cents}, {cents}, {cents} / :p__term + "
            f"CAST(ROUND({cents} * :p__rate / 1200) AS INTEGER), 'pending', :_today, NULL)"
        ),
        ret(f"SELECT {select_list(w, loan)} FROM {loan.table} t WHERE t.id = (SELECT MAX(id) FROM {loan.table})"),
    ]
    p = product.rows[0]
    example = {cust.id_arg: cust.rows[0]["id"], pid: p["id"], "amount": 1500}
    return w.tool(
        make_tool(
            "apply_for_loan",
            "Open a loan application (pending until decided). The monthly payment is the amount over the term plus "
            "one month's interest.",
            props,
            list(props),
            program,
            row_schema(w, loan),
            example=example,
        )
    )


def _decide(w: World) -> str:
    cust, loan, acct, txn = w.e("customer"), w.e("loan"), w.e("account"), w.e("transaction")
    lid, aid = loan.id_arg, acct.id_arg
    props: dict[str, JsonSchema] = {
        lid: id_arg("the loan's id"),
        "approve": {"type": "boolean", "description": "true approves and pays out, false declines"},
    }
    target = (
        f"(SELECT id FROM {acct.table} WHERE {cust.id_arg} = :l__owner AND kind = 'checking' AND status = 'open' "
        "ORDER BY id LIMIT 1)"
    )
    program: list[Step] = [
        query(
            "l",
            f"SELECT number, status, principal_cents AS cents, {cust.id_arg} AS owner FROM {loan.table} WHERE id = "
            f":{lid}",
            f"no loan with id {{{lid}}}",
        ),
        check(
            "SELECT :l__status = 'pending'", "loan {l__number} is {l__status}; only pending applications are decided"
        ),
        query("into", f"SELECT {target} AS id"),
        check(
            "SELECT NOT :approve OR :into__id IS NOT NULL",
            "the borrower has no open checking account to pay the loan into",
        ),
        execute(
            f"UPDATE {loan.table} SET status = CASE WHEN :approve THEN 'active' ELSE 'declined' END, balance_cents = "
            f"CASE WHEN :approve THEN principal_cents ELSE 0 END, next_due = CASE WHEN :approve THEN date(:_today, "
            f"'+1 month') END WHERE id = :{lid}"
        ),
        execute(
            f"INSERT INTO {txn.table} ({aid}, posted_on, kind, description, category, amount_cents, "
            f"{w.e('transfer').id_arg}) SELECT :into__id, :_today, 'deposit', 'Loan ' || :l__number || ' paid out', "
            "'none', :l__cents, NULL WHERE :approve"
        ),
        execute(f"UPDATE {acct.table} SET balance_cents = balance_cents + :l__cents WHERE id = :into__id AND :approve"),
        ret(f"SELECT {select_list(w, loan)} FROM {loan.table} t WHERE t.id = :{lid}"),
    ]
    pending = next((x for x in loan.rows if x["status"] == "pending"), None)
    return w.tool(
        make_tool(
            "decide_loan",
            "Approve a pending loan (the amount is paid into the borrower's checking account and the first payment "
            "falls due in a month) or decline it.",
            props,
            list(props),
            program,
            row_schema(w, loan),
            example={lid: pending["id"], "approve": False} if pending else None,
        )
    )


def _pay(w: World) -> str:
    cust, loan, product, acct, txn, pay = (
        w.e(k) for k in ("customer", "loan", "loan_product", "account", "transaction", "loan_payment")
    )
    lid, aid = loan.id_arg, acct.id_arg
    props: dict[str, JsonSchema] = {
        lid: id_arg("the loan's id"),
        aid: id_arg("the account to pay from"),
        "amount": {"type": "number", "minimum": 0.01, "maximum": 1_000_000, "description": "amount in dollars"},
    }
    cents = "CAST(ROUND(:amount * 100) AS INTEGER)"
    program: list[Step] = [
        query(
            "l",
            f"SELECT l.number, l.status, l.balance_cents AS owed, l.{cust.id_arg} AS owner, CAST(ROUND(l.balance_cents "
            f"* p.rate / 1200) AS INTEGER) AS interest, printf('$%.2f', (l.balance_cents + CAST(ROUND(l.balance_cents "
            f"* p.rate / 1200) AS INTEGER)) / 100.0) AS payoff FROM {loan.table} l JOIN {product.table} p ON p.id = "
            f"l.{product.id_arg} WHERE l.id = :{lid}",
            f"no loan with id {{{lid}}}",
        ),
        check("SELECT :l__status = 'active'", "loan {l__number} is {l__status}; payments go to active loans"),
        query(
            "a",
            f"SELECT number, status, balance_cents AS balance, {cust.id_arg} AS owner FROM {acct.table} WHERE id = "
            f":{aid}",
            f"no account with id {{{aid}}}; {crud.finder_hint(w, 'account')}",
        ),
        check("SELECT :a__owner = :l__owner", "account {a__number} does not belong to the borrower"),
        check("SELECT :a__status = 'open'", "account {a__number} is {a__status}"),
        check(f"SELECT :a__balance >= {cents}", "account {a__number} does not hold enough"),
        check(f"SELECT {cents} >= :l__interest", "a payment must at least cover this month's interest"),
        check(f"SELECT {cents} <= :l__owed + :l__interest", "that is more than the payoff amount of {l__payoff}"),
        execute(
            f"INSERT INTO {txn.table} ({aid}, posted_on, kind, description, category, amount_cents, "
            f"{w.e('transfer').id_arg}) VALUES (:{aid}, :_today, 'loan payment', 'Payment on loan ' || :l__number, "
            f"'none', -{cents}, NULL)"
        ),
        execute(f"UPDATE {acct.table} SET balance_cents = balance_cents - {cents} WHERE id = :{aid}"),
        execute(
            f"INSERT INTO {pay.table} ({lid}, {aid}, {txn.id_arg}, paid_on, amount_cents, interest_cents) VALUES "
            f"(:{lid}, :{aid}, (SELECT MAX(id) FROM {txn.table}), :_today, {cents}, :l__interest)"
        ),
        execute(
            f"UPDATE {loan.table} SET balance_cents = balance_cents - ({cents} - :l__interest), status = CASE WHEN "
            f"balance_cents - ({cents} - :l__interest) = 0 THEN 'paid off' ELSE status END, next_due = CASE WHEN "
            f"balance_cents - ({cents} - :l__interest) = 0 THEN NULL ELSE date(next_due, '+1 month') END WHERE id = "
            f":{lid}"
        ),
        ret(f"SELECT {select_list(w, loan)} FROM {loan.table} t WHERE t.id = :{lid}"),
    ]
    return w.tool(
        make_tool(
            "make_loan_payment",
            "Pay toward an active loan from one of the borrower's open accounts: this month's interest first, the "
            "rest off the balance; the loan is paid off when nothing is owed.",
            props,
            list(props),
            program,
            row_schema(w, loan),
            example=_pay_example(w),
        )
    )


def _pay_example(w: World) -> dict[str, object] | None:
    cust, loan, product, acct = w.e("customer"), w.e("loan"), w.e("loan_product"), w.e("account")
    for x in loan.rows:
        if x["status"] != "active":
            continue
        rate = float(product.by_id(x[product.id_arg])["rate"])  # type: ignore[arg-type]
        need = n(x, "monthly_payment_cents")
        if need < _interest(n(x, "balance_cents"), rate) or need > n(x, "balance_cents"):
            continue
        for a in acct.rows:
            if a[cust.id_arg] == x[cust.id_arg] and a["status"] == "open" and n(a, "balance_cents") >= need:
                return {loan.id_arg: x["id"], acct.id_arg: a["id"], "amount": as_number(need)}
    return None


def _payoff(w: World) -> str:
    loan, product = w.e("loan"), w.e("loan_product")
    lid = loan.id_arg
    program: list[Step] = [
        crud.exists(w, loan),
        ret(
            f"SELECT l.number, l.status, ROUND(l.balance_cents / 100.0, 2) AS balance, ROUND(CAST(ROUND(l.balance_cents"
            f" * p.rate / 1200) AS INTEGER) / 100.0, 2) AS interest_this_month, ROUND((l.balance_cents + CAST(ROUND("
            f"l.balance_cents * p.rate / 1200) AS INTEGER)) / 100.0, 2) AS payoff_amount FROM {loan.table} l JOIN "
            f"{product.table} p ON p.id = l.{product.id_arg} WHERE l.id = :{lid}"
        ),
    ]
    output = obj(
        {
            "number": {"type": "string"},
            "status": {"type": "string"},
            "balance": {"type": "number"},
            "interest_this_month": {"type": "number"},
            "payoff_amount": {"type": "number"},
        },
        ["number", "balance", "payoff_amount"],
    )
    return w.tool(
        make_tool(
            "get_loan_payoff",
            "What it takes to pay a loan off today: the balance plus this month's interest.",
            {lid: id_arg("the loan's id")},
            [lid],
            program,
            output,
            read_only=True,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _rate(w: World, x: Row) -> float:
    product = w.e("loan_product")
    return float(product.by_id(x[product.id_arg])["rate"])  # type: ignore[arg-type]


def _checking(w: World, person: Row) -> Row | None:
    cust = w.e("customer")
    return next(
        (
            a
            for a in w.e("account").rows
            if a[cust.id_arg] == person["id"] and a["kind"] == "checking" and a["status"] == "open"
        ),
        None,
    )


def _pay_installment(w: World) -> TaskCandidate | None:
    kit, bank, cust, loan, acct = w.kit(LoanKit), w.kit(BankKit), w.e("customer"), w.e("loan"), w.e("account")
    for x in shuffled(w, [x for x in loan.rows if x["status"] == "active"]):
        person = cust.by_id(x[cust.id_arg])
        src = _checking(w, person)
        due = n(x, "monthly_payment_cents")
        interest = _interest(n(x, "balance_cents"), _rate(w, x))
        mine = [y for y in loan.rows if y[cust.id_arg] == person["id"] and y["status"] == "active"]
        if src and n(src, "balance_cents") >= due and interest <= due < n(x, "balance_cents") and len(mine) == 1:
            break
    else:
        return None
    left = n(x, "balance_cents") - (due - interest)
    product = w.e("loan_product").by_id(x[w.e("loan_product").id_arg])
    v = voice(w, person)
    text = v.say(
        f"Please make this month's payment on {v.my} {str(product['name']).lower()} from {v.my} checking account, "
        f"the usual monthly amount. What is left on the loan afterwards?"
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.loans, **{cust.id_arg: person["id"]}, status="active"),
        call(bank.accounts, **{cust.id_arg: person["id"]}, kind="checking"),
        call(kit.pay, **{loan.id_arg: x["id"], acct.id_arg: src["id"], "amount": as_number(due)}),
    ]
    return TaskCandidate(
        kind="pay-loan-installment",
        instruction=text,
        calls=calls,
        answer=[plain(left)],
        competing=[plain(n(x, "balance_cents")), plain(n(x, "balance_cents") - due)],
        difficulty="hard",
        tags=["write", "ledger", "ripple"],
    )


def _payoff_if_enough(w: World) -> TaskCandidate | None:
    kit, bank, cust, loan, acct = w.kit(LoanKit), w.kit(BankKit), w.e("customer"), w.e("loan"), w.e("account")
    holds = w.chance(0.5)
    for x in shuffled(w, [x for x in loan.rows if x["status"] == "active"]):
        person = cust.by_id(x[cust.id_arg])
        payoff = n(x, "balance_cents") + _interest(n(x, "balance_cents"), _rate(w, x))
        savings = next(
            (
                a
                for a in acct.rows
                if a[cust.id_arg] == person["id"] and a["kind"] == "savings" and a["status"] == "open"
            ),
            None,
        )
        mine = [y for y in loan.rows if y[cust.id_arg] == person["id"] and y["status"] == "active"]
        if savings and (n(savings, "balance_cents") >= payoff) == holds and len(mine) == 1:
            break
    else:
        return None
    v = voice(w, person)
    text = v.say(
        f"If {v.my} savings account holds enough to pay off {v.my} loan {x['number']} completely today, pay it off "
        f"from savings. If not, leave everything as it is and tell {v.me} the payoff amount."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.payoff, **{loan.id_arg: x["id"]}),
        call(bank.accounts, **{cust.id_arg: person["id"]}, kind="savings"),
    ]
    return branching(
        "pay-off-loan-if-enough",
        text,
        condition="savings-cover-payoff",
        holds=holds,
        reads=reads,
        then=[call(kit.pay, **{loan.id_arg: x["id"], acct.id_arg: savings["id"], "amount": as_number(payoff)})],
        otherwise=[],
        answer=[] if holds else [plain(payoff)],
        competing=[] if holds else [plain(n(x, "balance_cents")), plain(n(savings, "balance_cents"))],
        tags=["conditional", "loans"],
    )


def _over_max_refused(w: World) -> TaskCandidate | None:
    kit, cust, product = w.kit(LoanKit), w.e("customer"), w.e("loan_product")
    p = w.pick(product.rows)
    person = w.pick(cust.rows)
    most = n(p, "max_amount_cents")
    ask = most + w.rng.randint(1, 20) * 500 * 100
    v = voice(w, person)
    text = v.say(f"{v.i.capitalize()} would like to apply for a {str(p['name']).lower()} of {dollars(ask)}.")
    return refusing(
        "loan-over-maximum-refused",
        text,
        reads=[find(w, "customer", person, "email"), call(kit.products, query=str(p["name"]))],
        complying=[call(kit.apply, **{cust.id_arg: person["id"], product.id_arg: p["id"], "amount": as_number(ask)})],
        reason="the amount is above the product's maximum",
        answer=[plain(most)],
        competing=others([plain(n(q, "max_amount_cents")) for q in product.rows], [plain(most)]),
        tags=["loans"],
    )


def _approve_pending(w: World) -> TaskCandidate | None:
    kit, bank, cust, loan = w.kit(LoanKit), w.kit(BankKit), w.e("customer"), w.e("loan")
    for x in shuffled(w, [x for x in loan.rows if x["status"] == "pending"]):
        person = cust.by_id(x[cust.id_arg])
        into = _checking(w, person)
        if into:
            break
    else:
        return None
    text = (
        f"Underwriting approved {person['name']}'s loan application {x['number']}. Please approve it so the money "
        "is paid out, and tell me their checking balance once it lands."
    )
    calls = [
        call(kit.loans, query=str(x["number"])),
        call(kit.decide, **{loan.id_arg: x["id"], "approve": True}),
        call(bank.accounts, **{cust.id_arg: person["id"]}, kind="checking"),
    ]
    after = n(into, "balance_cents") + n(x, "principal_cents")
    return TaskCandidate(
        kind="approve-loan-payout",
        instruction=text,
        calls=calls,
        answer=[plain(after)],
        competing=[plain(n(into, "balance_cents")), plain(n(x, "principal_cents"))],
        difficulty="medium",
        tags=["write", "ledger", "ripple"],
    )


def _best_product(w: World) -> TaskCandidate | None:
    kit, product = w.kit(LoanKit), w.e("loan_product")
    want = w.rng.randint(5, 30) * 1000
    fits = [p for p in product.rows if n(p, "max_amount_cents") >= want * 100]
    if len(fits) < 2 or len(fits) == len(product.rows):
        return None
    best = min(fits, key=lambda p: float(p["rate"]))  # type: ignore[arg-type]
    if sum(float(p["rate"]) == float(best["rate"]) for p in fits) > 1:  # type: ignore[arg-type]
        return None
    text = (
        f"Which of our loans can lend {dollars(want * 100)} or more, and of those, which has the lowest rate? "
        "Give its name and rate."
    )
    return TaskCandidate(
        kind="cheapest-loan-for-amount",
        instruction=text,
        calls=[call(kit.products, min_max_amount=want, sort_by="rate", sort_order="asc")],
        answer=[str(best["name"]), str(best["rate"])],
        competing=[str(p["name"]) for p in product.rows if p is not best]
        + [str(p["rate"]) for p in fits if p is not best],
        difficulty="medium",
        tags=["lookup", "filter-sort", "compare"],
    )


LOANS = Module(
    key="loans",
    about="loan products, applications and payouts, monthly payments linked to the account ledger",
    fits=frozenset({"banking"}),
    build=build_loans,
    tools=loan_tools,
    tasks=(
        TaskKind("pay-loan-installment", _pay_installment),
        TaskKind("pay-off-loan-if-enough", _payoff_if_enough),
        TaskKind("loan-over-maximum-refused", _over_max_refused),
        TaskKind("approve-loan-payout", _approve_pending),
        TaskKind("cheapest-loan-for-amount", _best_product),
    ),
    needs=("banking",),
)
