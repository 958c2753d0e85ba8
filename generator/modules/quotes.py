"""Quotes at an insurer: a price for a product and a risk class, valid for a number of days; accepting a
valid quote issues the policy (a year from its start, at the quoted premium, with the product's standard
cover), and quotes past their date expire.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, shuffled
from generator.modules.insurance import InsuranceKit
from generator.prices import plain
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

RISK = {"preferred": 85, "standard": 100, "high": 140}
"""Risk class -> premium as a percentage of the product's base premium."""


@dataclass(frozen=True)
class QuoteRules:
    valid_days: int


@dataclass(frozen=True)
class QuoteKit:
    quotes: str
    price: str
    create: str
    accept: str
    decline: str


def _premium(base: int, risk: str) -> int:
    return (base * RISK[risk] + 50) // 100


def build_quotes(w: World) -> None:
    holder, prod = w.e("customer"), w.e("insurance_product")
    rules = QuoteRules(valid_days=w.pick((14, 30, 45)))
    w.put(rules)
    quote = w.add(
        Entity(
            "quote",
            w.noun("quote"),
            [
                s.code("number", "quote number"),
                s.ref(holder),
                s.ref(prod),
                s.enum("risk_class", "risk class", tuple(RISK)),
                s.money("premium", "quoted yearly premium"),
                s.day("created_on", "date quoted", mutable=False),
                s.day("valid_until", "last day it can be accepted"),
                s.enum("status", "open, accepted, declined or expired", ("open", "accepted", "declined", "expired")),
            ],
            "number",
            f"prices offered to {holder.plural_label}",
        )
    )
    w.fact(
        f"A quote prices a product for a risk class (preferred {RISK['preferred']}%, standard 100%, high "
        f"{RISK['high']}% of the base premium) and can be accepted for {rules.valid_days} days. Accepting a valid "
        "quote issues a one-year policy at the quoted premium."
    )
    w.rule("quote_valid_days", rules.valid_days)
    for k, person in enumerate(shuffled(w, holder.rows)[: w.rng.randint(8, 18)]):
        p = w.pick(prod.rows)
        risk = w.pick(tuple(RISK))
        made = days_ago(w, 1, rules.valid_days * 2)
        until = shift(made, rules.valid_days)
        status = "open" if until >= w.today else w.pick(("expired", "open"))
        if w.chance(0.2):
            status = w.pick(("accepted", "declined"))
        quote.add(
            number=f"Q-{71000 + k * 13 + w.rng.randint(0, 12)}",
            **{holder.id_arg: person["id"], prod.id_arg: p["id"]},
            risk_class=risk,
            premium_cents=_premium(n(p, "base_premium_cents"), risk),
            created_on=made,
            valid_until=until,
            status=status,
        )


# --- tools ---------------------------------------------------------------------------------------


def quote_tools(w: World) -> None:
    quote, holder, prod = w.e("quote"), w.e("customer"), w.e("insurance_product")
    quotes = crud.search(
        w,
        quote,
        text=["number"],
        filters=[holder.id_arg, prod.id_arg, "status", "risk_class"],
        ranges=["valid_until", "premium"],
        sorts=["created_on", "premium", "valid_until"],
    )
    w.put(QuoteKit(quotes, _price(w), _create(w), _accept(w), _decline(w)))


def _factor_sql() -> str:
    return "CASE :risk_class " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in RISK.items()) + " END"


def _price(w: World) -> str:
    prod = w.e("insurance_product")
    props: dict[str, JsonSchema] = {
        prod.id_arg: id_arg("the product's id"),
        "risk_class": {"type": "string", "enum": list(RISK), "description": "the applicant's risk class"},
    }
    program: list[Step] = [
        crud.exists(w, prod),
        ret(
            "SELECT name, :risk_class AS risk_class, "
            f"ROUND((base_premium_cents * {_factor_sql()} + 50) / 100 / 100.0, 2) "
            f"AS yearly_premium FROM {prod.table} WHERE id = :{prod.id_arg}"
        ),
    ]
    output = obj(
        {"name": {"type": "string"}, "risk_class": {"type": "string"}, "yearly_premium": {"type": "number"}},
        ["name", "yearly_premium"],
    )
    return w.tool(
        make_tool(
            "price_insurance",
            "What a product costs a year for a risk class, without making a quote.",
            props,
            list(props),
            program,
            output,
            read_only=True,
        )
    )


def _create(w: World) -> str:
    quote, holder, prod = w.e("quote"), w.e("customer"), w.e("insurance_product")
    days = w.kit(QuoteRules).valid_days
    props: dict[str, JsonSchema] = {
        holder.id_arg: id_arg(f"the {holder.label}'s id"),
        prod.id_arg: id_arg("the product's id"),
        "risk_class": {"type": "string", "enum": list(RISK), "description": "the applicant's risk class"},
    }
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {holder.table} WHERE id = :{holder.id_arg}",
            f"no {holder.label} with id {{{holder.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query("p", f"SELECT base_premium_cents AS base FROM {prod.table} WHERE id = :{prod.id_arg}", "no such product"),
        execute(
            f"INSERT INTO {quote.table} (number, {holder.id_arg}, {prod.id_arg}, risk_class, premium_cents, "
            f"created_on, valid_until, status) VALUES (printf('Q-%d', 80000 + (SELECT COUNT(*) FROM {quote.table})), "
            f":{holder.id_arg}, :{prod.id_arg}, :risk_class, (:p__base * {_factor_sql()} + 50) / 100, :_today, "
            f"date(:_today, '+{days} days'), 'open')"
        ),
        ret(f"SELECT {select_list(w, quote)} FROM {quote.table} t WHERE t.id = (SELECT MAX(id) FROM {quote.table})"),
    ]
    example = {holder.id_arg: holder.rows[0]["id"], prod.id_arg: prod.rows[0]["id"], "risk_class": "standard"}
    return w.tool(
        make_tool(
            "create_quote",
            f"Quote a product for {holder.noun.a()} at a risk class; valid for {days} days.",
            props,
            list(props),
            program,
            row_schema(w, quote),
            example=example,
        )
    )


def _accept(w: World) -> str:
    quote, holder, prod, pol, cov = (w.e(k) for k in ("quote", "customer", "insurance_product", "policy", "coverage"))
    qid = quote.id_arg
    props: dict[str, JsonSchema] = {
        qid: id_arg("the quote's id"),
        "starts_on": s.day("d", "").input_schema("the policy's first day"),
    }
    new = f"(SELECT MAX(id) FROM {pol.table})"
    program: list[Step] = [
        query(
            "q",
            f"SELECT q.number, q.status, q.valid_until, q.premium_cents AS premium, q.{holder.id_arg} AS holder, "
            f"q.{prod.id_arg} AS prod, p.line, p.name AS product FROM {quote.table} q JOIN {prod.table} p ON p.id = "
            f"q.{prod.id_arg} WHERE q.id = :{qid}",
            f"no quote with id {{{qid}}}",
        ),
        check("SELECT :q__status = 'open'", "quote {q__number} is {q__status}"),
        check("SELECT :q__valid_until >= :_today", "quote {q__number} could be accepted until {q__valid_until}"),
        check("SELECT :starts_on >= :_today", "a policy cannot start in the past"),
        execute(
            f"INSERT INTO {pol.table} (number, {holder.id_arg}, {prod.id_arg}, starts_on, ends_on, premium_cents, "
            f"status) VALUES (upper(substr(:q__line, 1, 2)) || '-' || (500000 + (SELECT COUNT(*) FROM {pol.table})), "
            f":q__holder, :q__prod, :starts_on, date(:starts_on, '+365 days'), :q__premium, 'active')"
        ),
        execute(
            f"INSERT INTO {cov.table} ({pol.id_arg}, name, cover_limit_cents, deductible_cents) VALUES ({new}, "
            "'Standard cover', :q__premium * 25, 50000)"
        ),
        execute(f"UPDATE {quote.table} SET status = 'accepted' WHERE id = :{qid}"),
        ret(f"SELECT {select_list(w, pol)} FROM {pol.table} t WHERE t.id = {new}"),
    ]
    ok = next((q for q in quote.rows if q["status"] == "open" and str(q["valid_until"]) >= w.today), None)
    return w.tool(
        make_tool(
            "accept_quote",
            "Accept an open quote that is still valid: issues a one-year policy at the quoted premium with "
            "standard cover. Returns the policy.",
            props,
            list(props),
            program,
            row_schema(w, pol),
            example={qid: ok["id"], "starts_on": shift(w.today, 3)} if ok else None,
        )
    )


def _decline(w: World) -> str:
    quote = w.e("quote")
    qid = quote.id_arg
    program: list[Step] = [
        query("q", f"SELECT number, status FROM {quote.table} WHERE id = :{qid}", f"no quote with id {{{qid}}}"),
        check("SELECT :q__status = 'open'", "quote {q__number} is {q__status}"),
        execute(
            f"UPDATE {quote.table} SET status = CASE WHEN valid_until < :_today THEN 'expired' ELSE 'declined' END "
            f"WHERE id = :{qid}"
        ),
        ret(f"SELECT {select_list(w, quote)} FROM {quote.table} t WHERE t.id = :{qid}"),
    ]
    ok = next((q for q in quote.rows if q["status"] == "open"), None)
    return w.tool(
        make_tool(
            "close_quote",
            "Close an open quote: declined if it is still valid, expired if its date has passed.",
            {qid: id_arg("the quote's id")},
            [qid],
            program,
            row_schema(w, quote),
            example={qid: ok["id"]} if ok else None,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _open(w: World) -> list[Row]:
    return [q for q in w.e("quote").rows if q["status"] == "open"]


def _quote_and_accept(w: World) -> TaskCandidate | None:
    kit, holder, prod, quote = w.kit(QuoteKit), w.e("customer"), w.e("insurance_product"), w.e("quote")
    person, p = w.pick(holder.rows), w.pick(prod.rows)
    risk = w.pick(tuple(RISK))
    start = shift(w.today, w.pick((1, 7, 14)))
    premium = _premium(n(p, "base_premium_cents"), risk)
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like to take out {p['name']}. {v.my.capitalize()} risk class is {risk}. "
        "Please quote it "
        f"and, as agreed on the call, accept the quote right away with the policy starting {start}. What is the "
        "yearly premium?"
    )
    calls = [
        find(w, "customer", person, "email"),
        call(w.kit(InsuranceKit).products, query=str(p["name"])),
        call(kit.create, **{holder.id_arg: person["id"], prod.id_arg: p["id"], "risk_class": risk}),
        call(kit.accept, **{quote.id_arg: len(quote.rows) + 1, "starts_on": start}),
    ]
    return TaskCandidate(
        kind="quote-and-issue-policy",
        instruction=text,
        calls=calls,
        answer=[plain(premium)],
        competing=[plain(_premium(n(p, "base_premium_cents"), r)) for r in RISK if r != risk]
        + [plain(n(p, "base_premium_cents"))],
        difficulty="hard",
        tags=["write", "ripple", "create"],
    )


def _accept_if_valid(w: World) -> TaskCandidate | None:
    kit, quote, holder = w.kit(QuoteKit), w.e("quote"), w.e("customer")
    holds = w.chance(0.5)
    pool = [q for q in _open(w) if (str(q["valid_until"]) >= w.today) == holds]
    if not pool:
        return None
    q = w.pick(pool)
    person = holder.by_id(q[holder.id_arg])
    start = shift(w.today, 2)
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like to take quote {q['number']}, starting {start}, if it can still be accepted. "
        f"If it has run out, don't issue anything; tell {v.me} the last day it could be accepted."
    )
    return branching(
        "accept-quote-if-valid",
        text,
        condition="quote-still-valid",
        holds=holds,
        reads=[call(kit.quotes, query=str(q["number"]))],
        then=[call(kit.accept, **{quote.id_arg: q["id"], "starts_on": start})],
        otherwise=[],
        answer=[] if holds else [str(q["valid_until"])],
        competing=[] if holds else [str(q["created_on"]), w.today],
        tags=["conditional", "quotes"],
    )


def _declined_refused(w: World) -> TaskCandidate | None:
    kit, quote, holder = w.kit(QuoteKit), w.e("quote"), w.e("customer")
    pool = [q for q in quote.rows if q["status"] in ("declined", "accepted")]
    if not pool:
        return None
    q = w.pick(pool)
    person = holder.by_id(q[holder.id_arg])
    start = shift(w.today, 5)
    v = voice(w, person)
    text = v.say(f"Please issue the policy from quote {q['number']}, starting {start}.")
    return refusing(
        "accept-closed-quote-refused",
        text,
        reads=[find(w, "customer", person, "email"), call(kit.quotes, query=str(q["number"]))],
        complying=[call(kit.accept, **{quote.id_arg: q["id"], "starts_on": start})],
        reason=f"the quote is already {q['status']}",
        answer=[str(q["status"])],
        competing=[x for x in ("open", "accepted", "declined", "expired") if x != q["status"]],
        tags=["quotes"],
    )


def _expire_old(w: World) -> TaskCandidate | None:
    kit, quote = w.kit(QuoteKit), w.e("quote")
    stale = [q for q in _open(w) if str(q["valid_until"]) < w.today]
    fresh = [q for q in _open(w) if str(q["valid_until"]) >= w.today]
    if not 1 <= len(stale) <= 8 or not fresh:
        return None
    text = "Tidy up the quotes: close every open quote whose acceptance date has passed. Quotes still valid stay open."
    calls = [call(kit.quotes, status="open", valid_until_to=shift(w.today, -1), limit=100)]
    calls += [call(kit.decline, **{quote.id_arg: q["id"]}) for q in stale]
    return TaskCandidate(
        kind="expire-stale-quotes",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "bulk", "keep-others"],
    )


def _compare_risk(w: World) -> TaskCandidate | None:
    kit, prod = w.kit(QuoteKit), w.e("insurance_product")
    p = w.pick(prod.rows)
    a, b = w.rng.sample(tuple(RISK), 2)
    pa, pb = _premium(n(p, "base_premium_cents"), a), _premium(n(p, "base_premium_cents"), b)
    text = (
        f"A caller asks what {p['name']} would cost them a year as a {a}-risk customer, and what it would cost "
        f"if they were {b} risk instead. Give both yearly premiums."
    )
    third = next(r for r in RISK if r not in (a, b))
    return TaskCandidate(
        kind="premium-by-risk-class",
        instruction=text,
        calls=[
            call(w.kit(InsuranceKit).products, query=str(p["name"])),
            call(kit.price, **{prod.id_arg: p["id"], "risk_class": a}),
            call(kit.price, **{prod.id_arg: p["id"], "risk_class": b}),
        ],
        answer=[plain(pa), plain(pb)],
        competing=[plain(_premium(n(p, "base_premium_cents"), third)), plain(n(p, "base_premium_cents"))]
        if n(p, "base_premium_cents") not in (pa, pb)
        else [plain(_premium(n(p, "base_premium_cents"), third))],
        difficulty="medium",
        tags=["lookup", "compare"],
    )


QUOTES = Module(
    key="quotes",
    about="quotes by risk class, accepted into policies, expiring after their validity",
    fits=frozenset({"insurance"}),
    build=build_quotes,
    tools=quote_tools,
    tasks=(
        TaskKind("quote-and-issue-policy", _quote_and_accept),
        TaskKind("accept-quote-if-valid", _accept_if_valid),
        TaskKind("accept-closed-quote-refused", _declined_refused),
        TaskKind("expire-stale-quotes", _expire_old),
        TaskKind("premium-by-risk-class", _compare_risk),
    ),
    needs=("insurance",),
)
