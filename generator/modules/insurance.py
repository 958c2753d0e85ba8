"""Insurance: policies on products with coverages (limits and deductibles), premium payments, claims filed
within a window with their documents, decided by adjusters."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import between, shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, n, others, shuffled
from generator.prices import amount, as_number, dollars, plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.policies import POLICY_TOOL
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

CLAIM_STATES = ("filed", "under review", "approved", "denied", "paid")
DOCS = ("incident report", "photos", "repair estimate", "police report", "receipt", "medical bill")


@dataclass(frozen=True)
class Line:
    """What a line of insurance covers, the incidents claimed on it and the papers that come with them."""

    covers: tuple[str, ...]
    incidents: tuple[str, ...]
    documents: tuple[str, ...]


LINES = {
    "Auto": Line(
        ("Collision", "Liability", "Theft", "Windshield", "Roadside assistance"),
        (
            "A tree branch fell on the car",
            "Rear-ended at a stop light",
            "Cracked windshield on the highway",
            "Car broken into overnight",
            "Hit a deer on the county road",
        ),
        ("incident report", "photos", "repair estimate", "police report"),
    ),
    "Home": Line(
        ("Water damage", "Fire", "Theft", "Liability", "Storm damage"),
        (
            "Water leaked from the upstairs flat",
            "Burst pipe flooded the kitchen",
            "Bike stolen from the garage",
            "Storm tore shingles off the roof",
            "Kitchen fire damaged the cabinets",
        ),
        ("photos", "repair estimate", "police report", "receipt"),
    ),
    "Travel": Line(
        ("Trip cancellation", "Medical care abroad", "Lost luggage", "Hospital stay", "Travel delay"),
        (
            "Phone stolen on the bus",
            "Emergency room visit abroad",
            "Suitcase lost on a connecting flight",
            "Trip cancelled after a family illness",
            "Flight delayed overnight",
        ),
        ("incident report", "receipt", "medical bill", "police report"),
    ),
}
"""By the product's line (the category of the domain's catalog)."""


def line_of(w: World, policy: Row) -> Line:
    """The line of ``policy``'s product."""
    return LINES[str(w.e("insurance_product").by_id(policy[w.e("insurance_product").id_arg])["line"])]


@dataclass(frozen=True)
class ClaimRules:
    file_within_days: int
    documents_needed: int


@dataclass(frozen=True)
class InsuranceKit:
    products: str
    policies: str
    coverages: str
    claims: str
    file_claim: str
    add_document: str
    documents: str
    decide: str
    premiums: str
    pay_premium: str


def build_insurance(w: World) -> None:
    holder = w.e("customer")
    prod = w.add(
        Entity(
            "insurance_product",
            w.noun("insurance_product", "insurance product"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("line", "line of business"),
                s.money("base_premium", "yearly premium before factors"),
            ],
            "name",
            "what the insurer sells",
        )
    )
    pol = w.add(
        Entity(
            "policy",
            w.noun("policy", "policy|policies"),
            [
                s.code("number", "policy number"),
                s.ref(holder),
                s.ref(prod),
                s.day("starts_on", "start"),
                s.day("ends_on", "end"),
                s.money("premium", "yearly premium"),
                s.enum("status", "status", ("active", "lapsed", "cancelled")),
            ],
            "number",
            f"policies held by {holder.plural_label}",
        )
    )
    w.add(
        Entity(
            "coverage",
            w.noun("coverage", "coverage|coverages"),
            [
                s.ref(pol),
                s.text("name", "what is covered"),
                s.money("cover_limit", "most it pays"),
                s.money("deductible", "what the holder pays first"),
            ],
            "name",
            "what each policy covers",
        )
    )
    adj = w.add(
        Entity(
            "adjuster",
            w.noun("adjuster", "claims adjuster"),
            [s.person("name", "full name"), s.email(), s.integer("open_cases", "claims in hand", 0, 200)],
            "name",
            "who decides claims",
        )
    )
    claim = w.add(
        Entity(
            "claim",
            w.noun("claim"),
            [
                s.code("number", "claim number"),
                s.ref(pol),
                s.day("incident_on", "date of the incident"),
                s.day("filed_on", "date filed"),
                s.text("description", "what happened"),
                s.money("claimed", "amount claimed"),
                s.money("approved", "amount approved", required=False),
                s.enum("status", "status", CLAIM_STATES),
                s.ref(adj, required=False, mutable=True),
            ],
            "number",
            "claims against policies",
        )
    )
    w.add(
        Entity(
            "claim_document",
            w.noun("claim_document", "claim document"),
            [s.ref(claim), s.enum("kind", "kind of document", DOCS), s.day("received_on", "date received")],
            "kind",
            "evidence sent in for each claim",
        )
    )
    w.add(
        Entity(
            "premium_payment",
            w.noun("premium_payment", "premium payment"),
            [s.ref(pol), s.money("amount", "amount"), s.day("paid_on", "date paid")],
            "id",
            "premiums received",
        )
    )
    rules = ClaimRules(file_within_days=w.pick((30, 60, 90)), documents_needed=w.pick((2, 3)))
    w.put(rules)
    w.rule("claims_filed_within_days_of_incident", rules.file_within_days)
    w.rule("documents_needed_to_approve", rules.documents_needed)
    w.fact(
        f"A claim must be filed within {rules.file_within_days} days of the incident, on a policy that was active "
        f"that day. It can be approved once {rules.documents_needed} documents are in, for at most the coverage "
        "limit less the deductible."
    )
    _seed(w, prod, pol, adj)


def _seed(w: World, prod: Entity, pol: Entity, adj: Entity) -> None:
    holder, cov, _claim, _docs, prem = (
        w.e(k) for k in ("customer", "coverage", "claim", "claim_document", "premium_payment")
    )
    for category in w.domain.catalog.categories:
        for kind in category.items:
            prod.add(name=kind.name, line=category.name, base_premium_cents=price(w.rng, kind.low, kind.high))
    for _ in range(w.rng.randint(3, 6)):
        name = w.people.name()
        adj.add(name=name, email=w.people.staff_email(name), open_cases=0)
    for k, person in enumerate(shuffled(w, holder.rows)[: len(holder.rows) * 3 // 4]):
        p = w.pick(prod.rows)
        start = days_ago(w, 30, 700)
        end = shift(start, 365)
        premium = n(p, "base_premium_cents") + amount(w.rng, -40, 120)
        row = pol.add(
            number=f"{str(p['line'])[:2].upper()}-{400000 + k * 37}",
            **{holder.id_arg: person["id"], prod.id_arg: p["id"]},
            starts_on=start,
            ends_on=end,
            premium_cents=premium,
            status="lapsed" if end < w.today else ("cancelled" if w.chance(0.05) else "active"),
        )
        for what in w.rng.sample(LINES[str(p["line"])].covers, 2):
            cov.add(
                **{pol.id_arg: row["id"]},
                name=what,
                cover_limit_cents=w.pick((500000, 1000000, 2500000, 5000000)),
                deductible_cents=w.pick((25000, 50000, 100000)),
            )
        for m in range(0, min(between(start, w.today) // 30, 6), 2):
            prem.add(**{pol.id_arg: row["id"]}, amount_cents=premium // 6, paid_on=shift(start, 30 * m))
    _seed_claims(w)


def _seed_claims(w: World) -> None:
    pol, claim, docs, adj = w.e("policy"), w.e("claim"), w.e("claim_document"), w.e("adjuster")
    needed = w.kit(ClaimRules).documents_needed
    for _k, p in enumerate(shuffled(w, pol.rows)[: w.rng.randint(6, 14)]):
        incident = shift(str(p["starts_on"]), w.rng.randint(5, 200))
        if incident > w.today:
            continue
        filed = shift(incident, w.rng.randint(1, 20))
        status = (
            w.pick(("filed", "under review", "under review", "approved", "denied", "paid"))
            if filed < w.today
            else ("filed")
        )
        who = w.pick(adj.rows) if status != "filed" else None
        claimed = amount(w.rng, 300, 9000)
        row = claim.add(
            number=f"CL-{90000 + claim.next_id() - 1}",
            **{pol.id_arg: p["id"]},
            incident_on=incident,
            filed_on=min(filed, w.today),
            description=w.pick(line_of(w, p).incidents),
            claimed_cents=claimed,
            approved_cents=claimed - 25000 if status in ("approved", "paid") and claimed > 25000 else None,
            status=status,
            **{adj.id_arg: who["id"] if who else None},
        )
        if who:
            who["open_cases"] = n(who, "open_cases") + (1 if status == "under review" else 0)
        have = needed if status in ("approved", "paid") else w.pick((0, 1, needed, needed + 1))
        papers = line_of(w, p).documents
        for kind in w.rng.sample(papers, min(have, len(papers))):
            docs.add(**{claim.id_arg: row["id"]}, kind=kind, received_on=row["filed_on"])


# --- tools ---------------------------------------------------------------------------------------


def insurance_tools(w: World) -> None:
    prod, pol, cov, claim, docs, prem, adj = (
        w.e(k)
        for k in ("insurance_product", "policy", "coverage", "claim", "claim_document", "premium_payment", "adjuster")
    )
    holder = w.e("customer")
    products = crud.search(w, prod, text=["name"], filters=["line"], ranges=["base_premium"], sorts=["base_premium"])
    policies = crud.search(
        w,
        pol,
        text=["number"],
        filters=[holder.id_arg, prod.id_arg, "status"],
        ranges=["ends_on"],
        sorts=["starts_on", "ends_on", "premium"],
    )
    coverages = crud.search(w, cov, scope=[pol.id_arg], sorts=["name"], name="list_coverages")
    count = Computed("documents", f"(SELECT COUNT(*) FROM {docs.table} d WHERE d.{claim.id_arg} = t.id)", "integer")
    claims = crud.search(
        w,
        claim,
        text=["number"],
        filters=[pol.id_arg, "status", adj.id_arg],
        ranges=["filed_on"],
        sorts=["filed_on", "claimed"],
        extras=[count],
    )
    documents = crud.search(w, docs, scope=[claim.id_arg], sorts=["received_on"], name="list_claim_documents")
    add_doc = crud.create(
        w,
        docs,
        [docs.col(claim.id_arg), docs.col("kind")],
        fixed={"received_on": ":_today"},
        about="Record a document received for a claim",
        name="add_claim_document",
    )
    premiums = crud.search(w, prem, scope=[pol.id_arg], sorts=["paid_on"], name="list_premium_payments")
    pay = crud.create(
        w,
        prem,
        [prem.col(pol.id_arg), prem.col("amount")],
        fixed={"paid_on": ":_today"},
        about="Record a premium payment on a policy",
        name="record_premium_payment",
    )
    crud.search(w, adj, text=["name"], ranges=["open_cases"], sorts=["open_cases", "name"])
    w.put(InsuranceKit(products, policies, coverages, claims, _file(w), add_doc, documents, _decide(w), premiums, pay))


def _file(w: World) -> str:
    pol, claim = w.e("policy"), w.e("claim")
    days = w.kit(ClaimRules).file_within_days
    pid = pol.id_arg
    props = {
        pid: id_arg("the policy's id"),
        "incident_on": s.day("d", "").input_schema("date of the incident"),
        "description": {"type": "string", "minLength": 5, "maxLength": 400, "description": "what happened"},
        "claimed": {"type": "number", "minimum": 1, "maximum": 10_000_000, "description": "amount claimed"},
    }
    program: list[Step] = [
        query(
            "p",
            f"SELECT number, starts_on, ends_on, status FROM {pol.table} WHERE id = :{pid}",
            f"no policy with id {{{pid}}}; {crud.finder_hint(w, 'policy')}",
        ),
        check("SELECT :incident_on <= :_today", "the incident date cannot be in the future"),
        check(
            "SELECT :incident_on BETWEEN :p__starts_on AND :p__ends_on AND :p__status != 'cancelled'",
            "policy {p__number} did not cover {incident_on} (it ran {p__starts_on} to {p__ends_on}, {p__status})",
        ),
        check(
            f"SELECT :_today <= date(:incident_on, '+{days} days')",
            f"claims must be filed within {days} days of the incident",
        ),
        execute(
            f"INSERT INTO {claim.table} (number, {pid}, incident_on, filed_on, description, claimed_cents, status) "
            f"VALUES (printf('CL-%d', 90000 + (SELECT COUNT(*) FROM {claim.table})), :{pid}, :incident_on, :_today, "
            ":description, CAST(ROUND(:claimed * 100) AS INTEGER), 'filed')"
        ),
        ret(f"SELECT {select_list(w, claim)} FROM {claim.table} t WHERE t.id = (SELECT MAX(id) FROM {claim.table})"),
    ]
    example = next(
        (
            {pid: p["id"], "incident_on": w.today, "description": "Hail damage", "claimed": 500.0}
            for p in pol.rows
            if p["status"] == "active"
        ),
        None,
    )
    return w.tool(
        make_tool(
            "file_claim",
            f"File a claim on a policy that covered the incident date, within {days} days of it.",
            props,
            list(props),
            program,
            row_schema(w, claim),
            example=example,
        )
    )


def _decide(w: World) -> str:
    claim, docs, adj, pol, cov = (w.e(k) for k in ("claim", "claim_document", "adjuster", "policy", "coverage"))
    cid = claim.id_arg
    needed = w.kit(ClaimRules).documents_needed
    props = {
        cid: id_arg("the claim's id"),
        "approve": {"type": "boolean", "description": "true approves"},
        "amount": {
            "type": "number",
            "minimum": 0,
            "maximum": 10_000_000,
            "description": "amount approved (approvals only)",
        },
    }
    cents = "CAST(ROUND(COALESCE(:amount, 0) * 100) AS INTEGER)"
    program: list[Step] = [
        query(
            "c",
            f"SELECT number, status, {pol.id_arg} AS policy, (SELECT COUNT(*) FROM {docs.table} WHERE {cid} = "
            f":{cid}) AS docs FROM {claim.table} WHERE id = :{cid}",
            f"no claim with id {{{cid}}}; {crud.finder_hint(w, 'claim')}",
        ),
        check("SELECT :c__status IN ('filed', 'under review')", "claim {c__number} is already {c__status}"),
        check(
            f"SELECT NOT :approve OR :c__docs >= {needed}",
            f"claim {{c__number}} has {{c__docs}} documents; {needed} are needed before it can be approved",
        ),
        query(
            "room",
            f"SELECT MAX(cover_limit_cents - deductible_cents) AS cents FROM {cov.table} "
            f"WHERE {pol.id_arg} = :c__policy",
        ),
        check(
            f"SELECT NOT :approve OR {cents} BETWEEN 1 AND :room__cents",
            "an approval needs an amount above zero and within the coverage limit less the deductible",
        ),
        execute(
            f"UPDATE {claim.table} SET status = CASE WHEN :approve THEN 'approved' ELSE 'denied' END, "
            f"approved_cents = CASE WHEN :approve THEN {cents} ELSE NULL END WHERE id = :{cid}"
        ),
        ret(f"SELECT {select_list(w, claim)} FROM {claim.table} t WHERE t.id = :{cid}"),
    ]
    example = next(
        ({cid: c["id"], "approve": False} for c in claim.rows if c["status"] in ("filed", "under review")), None
    )
    del adj
    return w.tool(
        make_tool(
            "decide_claim",
            f"Approve (with an amount) or deny a claim; approval needs {needed} documents.",
            props,
            [cid, "approve"],
            program,
            row_schema(w, claim),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _docs(w: World, c: Row) -> list[Row]:
    return [d for d in w.e("claim_document").rows if d[w.e("claim").id_arg] == c["id"]]


def _file_with_docs(w: World) -> TaskCandidate | None:
    kit, pol, claim, holder = w.kit(InsuranceKit), w.e("policy"), w.e("claim"), w.e("customer")
    days = w.kit(ClaimRules).file_within_days
    pool = [p for p in pol.rows if p["status"] == "active" and str(p["starts_on"]) < shift(w.today, -3)]
    if not pool:
        return None
    p = w.pick(pool)
    person = holder.by_id(p[holder.id_arg])
    incident = shift(w.today, -w.rng.randint(1, min(days - 1, 20)))
    claimed = amount(w.rng, 400, 6000)
    line = line_of(w, p)
    kinds = w.rng.sample(line.documents, 2)
    what = w.pick(line.incidents)
    v = voice(w, person)
    text = v.say(
        f"{what} on {incident}. Please file a claim on {v.my} policy {p['number']} for {dollars(claimed)} "
        f'(description: "{what}") and log the {kinds[0]} and the {kinds[1]} {v.i} sent in.'
    )
    new = len(claim.rows) + 1
    calls = [
        call(kit.policies, query=str(p["number"])),
        call(
            kit.file_claim,
            **{pol.id_arg: p["id"], "incident_on": incident, "description": what, "claimed": as_number(claimed)},
        ),
        call(kit.add_document, **{claim.id_arg: new, "kind": kinds[0]}),
        call(kit.add_document, **{claim.id_arg: new, "kind": kinds[1]}),
    ]
    return TaskCandidate(
        kind="file-claim-with-documents",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "multi-item", "workflow"],
    )


def _approve_if_complete(w: World) -> TaskCandidate | None:
    kit, claim, cov, pol = w.kit(InsuranceKit), w.e("claim"), w.e("coverage"), w.e("policy")
    needed = w.kit(ClaimRules).documents_needed
    holds = w.chance(0.5)
    pool = [c for c in claim.rows if c["status"] in ("filed", "under review") and (len(_docs(w, c)) >= needed) == holds]
    if not pool:
        return None
    c = w.pick(pool)
    room = max(n(x, "cover_limit_cents") - n(x, "deductible_cents") for x in cov.rows if x[pol.id_arg] == c[pol.id_arg])
    pay = min(n(c, "claimed_cents"), room)
    text = (
        f"Approve claim {c['number']} for the full amount claimed if its paperwork is complete. If documents are "
        "still missing, deny nothing and change nothing; tell me how many documents it has."
    )
    reads = [
        call(kit.claims, query=str(c["number"])),
        call(kit.documents, **{claim.id_arg: c["id"]}),
        call(kit.coverages, **{pol.id_arg: c[pol.id_arg]}),
    ]
    return branching(
        "approve-claim-if-complete",
        text,
        condition="documents-complete",
        holds=holds,
        reads=reads,
        then=[call(kit.decide, **{claim.id_arg: c["id"], "approve": True, "amount": as_number(pay)})],
        otherwise=[],
        answer=[] if holds else [str(len(_docs(w, c)))],
        competing=[] if holds else others([str(k) for k in range(0, 6)], [str(len(_docs(w, c)))]),
        tags=["conditional", "claims"],
    )


def _late_claim(w: World) -> TaskCandidate | None:
    kit, pol, holder = w.kit(InsuranceKit), w.e("policy"), w.e("customer")
    days = w.kit(ClaimRules).file_within_days
    pool = [p for p in pol.rows if p["status"] == "active" and between(str(p["starts_on"]), w.today) > days + 10]
    if not pool:
        return None
    p = w.pick(pool)
    person = holder.by_id(p[holder.id_arg])
    incident = shift(w.today, -(days + w.rng.randint(3, 9)))
    what = w.pick(line_of(w, p).incidents)
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like to claim $850.00 on policy {p['number']} for this: {what.lower()}, "
        f"on {incident}."
    )
    return refusing(
        "late-claim-refused",
        text,
        reads=[call(kit.policies, query=str(p["number"])), call(POLICY_TOOL)],
        complying=[
            call(
                kit.file_claim,
                **{pol.id_arg: p["id"], "incident_on": incident, "description": what, "claimed": 850},
            )
        ],
        reason=f"claims must be filed within {days} days of the incident",
        answer=[str(days)],
        competing=others([str(d) for d in (14, 30, 45, 60, 90, 120)], [str(days)]),
        tags=["claims"],
    )


def _deductible(w: World) -> TaskCandidate | None:
    kit, pol, cov = w.kit(InsuranceKit), w.e("policy"), w.e("coverage")
    for p in shuffled(w, pol.rows):
        mine = [c for c in cov.rows if c[pol.id_arg] == p["id"]]
        if len({c["deductible_cents"] for c in mine}) == len(mine) >= 2:
            break
    else:
        return None
    c = w.pick(mine)
    text = f"What is the deductible for {str(c['name']).lower()} on policy {p['number']}, and its limit?"
    calls = [call(kit.policies, query=str(p["number"])), call(kit.coverages, **{pol.id_arg: p["id"]})]
    return TaskCandidate(
        kind="coverage-deductible",
        instruction=text,
        calls=calls,
        answer=[plain(n(c, "deductible_cents")), plain(n(c, "cover_limit_cents"))],
        competing=others(
            [plain(n(x, "deductible_cents")) for x in cov.rows] + [plain(n(x, "cover_limit_cents")) for x in cov.rows],
            [plain(n(c, "deductible_cents")), plain(n(c, "cover_limit_cents"))],
        ),
        difficulty="easy",
        tags=["lookup"],
    )


def _assign_claims(w: World) -> TaskCandidate | None:
    kit, claim, adj = w.kit(InsuranceKit), w.e("claim"), w.e("adjuster")
    loose = [c for c in claim.rows if c["status"] == "filed" and c[adj.id_arg] is None]
    if not 1 <= len(loose) <= 5:
        return None
    least = min(adj.rows, key=lambda a: (n(a, "open_cases"), n(a, "id")))
    if sum(1 for a in adj.rows if a["open_cases"] == least["open_cases"]) > 1:
        return None
    text = (
        "Give every newly filed claim that has no adjuster to the adjuster with the fewest claims in hand, and "
        "mark those claims under review."
    )
    calls = [
        call(w.searches["adjuster"].tool, sort_by="open_cases", sort_order="asc", limit=5),
        call(kit.claims, status="filed"),
    ]
    calls += [
        call(_assign_tool(w), **{claim.id_arg: c["id"], adj.id_arg: least["id"], "status": "under review"})
        for c in loose
    ]
    return TaskCandidate(
        kind="assign-new-claims",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "filter-sort"],
    )


def _assign_tool(w: World) -> str:
    return w.kit(AssignKit).assign


@dataclass(frozen=True)
class AssignKit:
    assign: str


def _assign_tools(w: World) -> None:
    claim, adj = w.e("claim"), w.e("adjuster")
    w.put(
        AssignKit(
            crud.update(
                w,
                claim,
                [claim.col(adj.id_arg), claim.col("status")],
                about="Assign a claim to an adjuster and set its status",
                name="assign_claim",
            )
        )
    )


def _all_tools(w: World) -> None:
    insurance_tools(w)
    _assign_tools(w)


INSURANCE = Module(
    key="insurance",
    about="products, policies with coverages, premiums, claims with documents and adjusters",
    fits=frozenset({"insurance"}),
    build=build_insurance,
    tools=_all_tools,
    tasks=(
        TaskKind("file-claim-with-documents", _file_with_docs),
        TaskKind("approve-claim-if-complete", _approve_if_complete),
        TaskKind("late-claim-refused", _late_claim),
        TaskKind("coverage-deductible", _deductible),
        TaskKind("assign-new-claims", _assign_claims),
    ),
    needs=("customers",),
)
