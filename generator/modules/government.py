"""A government service office: permit and licence types with fees and required documents, applications
that need their documents and a paid fee before a decision, inspections, and office appointments."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.prices import plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

APP_STATES = ("submitted", "under review", "approved", "rejected")
DOC_KINDS = (
    "proof of address",
    "photo ID",
    "site plan",
    "insurance certificate",
    "proof of ownership",
    "contractor licence",
)


@dataclass(frozen=True)
class GovKit:
    services: str
    applications: str
    documents: str
    apply: str
    add_document: str
    pay_fee: str
    decide: str
    inspections: str
    schedule_inspection: str
    inspection_result: str


def build_government(w: World) -> None:
    resident = w.e("customer")
    svc = w.add(
        Entity(
            "service_type",
            w.noun("service_type", "permit type"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("department", "department"),
                s.money("fee", "application fee"),
                s.integer("documents_required", "documents required", 0, 6),
                s.integer("processing_days", "usual processing time in days", 1, 120),
                s.flag("needs_inspection", "needs an inspection before approval"),
            ],
            "name",
            "the permits, licences and certificates on offer",
        )
    )
    app = w.add(
        Entity(
            "application",
            w.noun("application"),
            [
                s.code("reference", "reference number"),
                s.ref(resident),
                s.ref(svc),
                s.day("submitted_on", "date submitted"),
                s.enum("status", "status", APP_STATES),
                s.flag("fee_paid", "whether the fee is paid"),
                s.text("address", "site address"),
            ],
            "reference",
            f"applications filed by {resident.plural_label}",
        )
    )
    w.add(
        Entity(
            "application_document",
            w.noun("application_document", "submitted document"),
            [s.ref(app), s.enum("kind", "kind of document", DOC_KINDS), s.day("received_on", "date received")],
            "kind",
            "documents received for each application",
        )
    )
    insp = w.add(
        Entity(
            "inspector",
            w.noun("inspector"),
            [s.person("name", "full name"), s.email(), s.text("district", "district")],
            "name",
            "who inspects sites",
        )
    )
    w.add(
        Entity(
            "inspection",
            w.noun("inspection"),
            [
                s.ref(app),
                s.ref(insp),
                s.day("scheduled_on", "date"),
                s.enum("result", "result", ("pending", "passed", "failed")),
            ],
            "id",
            "site inspections",
        )
    )
    w.fact(
        "An application can be approved only when all its required documents are in, its fee is paid and, where "
        "needed, an inspection has passed."
    )
    _seed(w, svc, app, insp)


def _seed(w: World, svc: Entity, app: Entity, insp: Entity) -> None:
    resident, docs, visit = w.e("customer"), w.e("application_document"), w.e("inspection")
    for category in w.domain.catalog.categories:
        for kind in category.items:
            svc.add(
                name=kind.name,
                department=category.name,
                fee_cents=price(w.rng, kind.low, kind.high),
                documents_required=kind.size or 2,
                processing_days=w.pick((5, 10, 15, 30, 45)),
                needs_inspection=int(category.name in ("Building", "Health")),
            )
    for _ in range(w.rng.randint(3, 6)):
        name = w.people.name()
        insp.add(
            name=name, email=w.people.staff_email(name), district=w.pick(("North", "South", "East", "West", "Downtown"))
        )
    for k, person in enumerate(shuffled(w, resident.rows)[: w.rng.randint(18, 36)]):
        t = w.pick(svc.rows)
        status = w.pick(("submitted", "under review", "under review", "approved", "rejected"))
        street = w.people.address(w.city, w.state).street
        row = app.add(
            reference=f"AP-{2026}-{1000 + k}",
            **{resident.id_arg: person["id"], svc.id_arg: t["id"]},
            submitted_on=days_ago(w, 1, 90),
            status=status,
            fee_paid=1 if status == "approved" or w.chance(0.6) else 0,
            address=street,
        )
        need = n(t, "documents_required")
        have = need if status == "approved" else w.pick((0, max(need - 1, 0), need, need))
        for doc in w.rng.sample(DOC_KINDS, min(have, len(DOC_KINDS))):
            docs.add(**{app.id_arg: row["id"]}, kind=doc, received_on=row["submitted_on"])
        if t["needs_inspection"] and status != "submitted":
            visit.add(
                **{app.id_arg: row["id"], insp.id_arg: w.pick(insp.rows)["id"]},
                scheduled_on=shift(str(row["submitted_on"]), w.rng.randint(3, 20)),
                result="passed" if status == "approved" else w.pick(("pending", "passed", "failed")),
            )
    late = [v for v in visit.rows if v["result"] == "pending" and app.by_id(v[app.id_arg])["status"] != "approved"]
    if late and not any(str(v["scheduled_on"]) <= w.today for v in late):
        late[0]["scheduled_on"] = w.today
    if late:  # one application waits only for its inspection, done today
        ready = app.by_id(late[0][app.id_arg])
        ready["fee_paid"] = 1
        held = {d["kind"] for d in docs.rows if d[app.id_arg] == ready["id"]}
        need = n(svc.by_id(ready[svc.id_arg]), "documents_required")
        for doc in [k for k in DOC_KINDS if k not in held][: max(0, need - len(held))]:
            docs.add(**{app.id_arg: ready["id"]}, kind=doc, received_on=ready["submitted_on"])


# --- tools ---------------------------------------------------------------------------------------


def government_tools(w: World) -> None:
    svc, app, docs, insp, visit = (
        w.e(k) for k in ("service_type", "application", "application_document", "inspector", "inspection")
    )
    services = crud.search(
        w,
        svc,
        text=["name", "department"],
        filters=["needs_inspection"],
        ranges=["fee"],
        sorts=["name", "fee", "processing_days"],
    )
    count = Computed("documents_in", f"(SELECT COUNT(*) FROM {docs.table} d WHERE d.{app.id_arg} = t.id)", "integer")
    applications = crud.search(
        w,
        app,
        text=["reference", "address"],
        filters=[w.e("customer").id_arg, svc.id_arg, "status", "fee_paid"],
        ranges=["submitted_on"],
        sorts=["submitted_on"],
        extras=[count],
    )
    documents = crud.search(w, docs, scope=[app.id_arg], sorts=["received_on"], name="list_application_documents")
    add_doc = crud.create(
        w,
        docs,
        [docs.col(app.id_arg), docs.col("kind")],
        fixed={"received_on": ":_today"},
        about="Record a document received for an application",
        name="add_application_document",
    )
    crud.search(w, insp, text=["name"], filters=["district"], sorts=["name"])
    inspections = crud.search(
        w, visit, filters=[app.id_arg, insp.id_arg, "result"], ranges=["scheduled_on"], sorts=["scheduled_on"]
    )
    schedule = crud.create(
        w,
        visit,
        [visit.col(app.id_arg), visit.col(insp.id_arg), visit.col("scheduled_on")],
        fixed={"result": "'pending'"},
        about="Book a site inspection for an application",
        name="schedule_inspection",
        guards=[check("SELECT :scheduled_on > :_today", "inspections are booked from tomorrow on")],
    )
    w.put(
        GovKit(
            services,
            applications,
            documents,
            _apply(w),
            add_doc,
            _pay(w),
            _decide(w),
            inspections,
            schedule,
            _inspection_result(w) if _due_inspections(w) else "",
        )
    )


def _due_inspections(w: World) -> list[Row]:
    """Inspections that have taken place and still wait for their result."""
    return [v for v in w.e("inspection").rows if v["result"] == "pending" and str(v["scheduled_on"]) <= w.today]


def _inspection_result(w: World) -> str:
    visit = w.e("inspection")
    vid = visit.id_arg
    props = {
        vid: id_arg("the inspection's id"),
        "result": {"type": "string", "enum": ["passed", "failed"], "description": "what the inspector found"},
    }
    program: list[Step] = [
        query(
            "v", f"SELECT result, scheduled_on FROM {visit.table} WHERE id = :{vid}", f"no inspection with id {{{vid}}}"
        ),
        check("SELECT :v__result = 'pending'", "that inspection already has a result ({v__result})"),
        check("SELECT :v__scheduled_on <= :_today", "that inspection is on {v__scheduled_on}; it has not happened"),
        execute(f"UPDATE {visit.table} SET result = :result WHERE id = :{vid}"),
        ret(f"SELECT {select_list(w, visit)} FROM {visit.table} t WHERE t.id = :{vid}"),
    ]
    done = next(
        (
            {vid: v["id"], "result": "passed"}
            for v in visit.rows
            if v["result"] == "pending" and str(v["scheduled_on"]) <= w.today
        ),
        None,
    )
    return w.tool(
        make_tool(
            "record_inspection_result",
            "Record whether a site inspection that has taken place passed or failed.",
            props,
            list(props),
            program,
            row_schema(w, visit),
            example=done,
        )
    )


def _apply(w: World) -> str:
    resident, svc, app = w.e("customer"), w.e("service_type"), w.e("application")
    props = {
        resident.id_arg: id_arg(f"the {resident.label}'s id"),
        svc.id_arg: id_arg("the permit type's id"),
        "address": {"type": "string", "minLength": 5, "maxLength": 200, "description": "the site address"},
    }
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {resident.table} WHERE id = :{resident.id_arg}",
            f"no {resident.label} with id {{{resident.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        crud.exists(w, svc),
        execute(
            f"INSERT INTO {app.table} (reference, {resident.id_arg}, {svc.id_arg}, submitted_on, status, fee_paid, "
            f"address) VALUES (printf('AP-2026-%d', 1000 + (SELECT COUNT(*) FROM {app.table})), "
            f":{resident.id_arg}, :{svc.id_arg}, :_today, 'submitted', 0, :address)"
        ),
        ret(f"SELECT {select_list(w, app)} FROM {app.table} t WHERE t.id = (SELECT MAX(id) FROM {app.table})"),
    ]
    return w.tool(
        make_tool(
            "submit_application",
            "Open an application for a permit or licence; documents and the fee follow.",
            props,
            list(props),
            program,
            row_schema(w, app),
        )
    )


def _pay(w: World) -> str:
    app = w.e("application")
    aid = app.id_arg
    program: list[Step] = [
        query(
            "a", f"SELECT reference, fee_paid FROM {app.table} WHERE id = :{aid}", f"no application with id {{{aid}}}"
        ),
        check("SELECT :a__fee_paid = 0", "the fee for {a__reference} is already paid"),
        execute(f"UPDATE {app.table} SET fee_paid = 1 WHERE id = :{aid}"),
        ret(f"SELECT {select_list(w, app)} FROM {app.table} t WHERE t.id = :{aid}"),
    ]
    example = next(({aid: a["id"]} for a in app.rows if not a["fee_paid"]), None)
    return w.tool(
        make_tool(
            "record_fee_payment",
            "Record that an application's fee was paid.",
            {aid: id_arg("the application's id")},
            [aid],
            program,
            row_schema(w, app),
            example=example,
        )
    )


def _decide(w: World) -> str:
    app, svc, docs, visit = w.e("application"), w.e("service_type"), w.e("application_document"), w.e("inspection")
    aid = app.id_arg
    props = {aid: id_arg("the application's id"), "approve": {"type": "boolean", "description": "true approves"}}
    program: list[Step] = [
        query(
            "a",
            f"SELECT a.reference, a.status, a.fee_paid, s.documents_required AS need, s.needs_inspection AS "
            f"visit, (SELECT COUNT(*) FROM {docs.table} WHERE {aid} = :{aid}) AS have FROM {app.table} a JOIN "
            f"{svc.table} s ON s.id = a.{svc.id_arg} WHERE a.id = :{aid}",
            f"no application with id {{{aid}}}",
        ),
        check("SELECT :a__status IN ('submitted', 'under review')", "{a__reference} is already {a__status}"),
        check(
            "SELECT NOT :approve OR :a__have >= :a__need",
            "{a__reference} has {a__have} of its {a__need} required documents",
        ),
        check("SELECT NOT :approve OR :a__fee_paid = 1", "the fee for {a__reference} is not paid"),
        check(
            f"SELECT NOT :approve OR NOT :a__visit OR EXISTS (SELECT 1 FROM {visit.table} WHERE {aid} = :{aid} AND "
            "result = 'passed')",
            "{a__reference} needs a passed inspection first",
        ),
        execute(
            f"UPDATE {app.table} SET status = CASE WHEN :approve THEN 'approved' ELSE 'rejected' END WHERE id = :{aid}"
        ),
        ret(f"SELECT {select_list(w, app)} FROM {app.table} t WHERE t.id = :{aid}"),
    ]
    example = next(
        ({aid: a["id"], "approve": False} for a in app.rows if a["status"] in ("submitted", "under review")), None
    )
    return w.tool(
        make_tool(
            "decide_application",
            "Approve or reject an application (approval needs every required "
            "document, the fee, and a passed inspection where one is needed).",
            props,
            list(props),
            program,
            row_schema(w, app),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _docs_of(w: World, a: Row) -> list[Row]:
    return [d for d in w.e("application_document").rows if d[w.e("application").id_arg] == a["id"]]


def _ready(w: World, a: Row) -> bool:
    svc, visit = w.e("service_type"), w.e("inspection")
    t = svc.by_id(a[svc.id_arg])
    inspected = not t["needs_inspection"] or any(
        v[w.e("application").id_arg] == a["id"] and v["result"] == "passed" for v in visit.rows
    )
    return bool(a["fee_paid"]) and len(_docs_of(w, a)) >= n(t, "documents_required") and inspected


def _new_application(w: World) -> TaskCandidate | None:
    kit, svc, app, resident = w.kit(GovKit), w.e("service_type"), w.e("application"), w.e("customer")
    t = w.pick([x for x in svc.rows if n(x, "documents_required") >= 1])
    person = w.pick(resident.rows)
    address = w.people.address(w.city, w.state).street
    kinds = w.rng.sample(DOC_KINDS, n(t, "documents_required"))
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like to apply for a {t['name']} for {address}. {v.i.capitalize()} brought "
        f"the {', '.join(kinds[:-1]) + ' and ' if len(kinds) > 1 else ''}{kinds[-1]}, and paid the fee at the "
        "counter. Please open the application, log the documents and record the payment."
    )
    new = len(app.rows) + 1
    calls = [
        find(w, "customer", person, "email"),
        call(kit.services, query=str(t["name"])),
        call(kit.apply, **{resident.id_arg: person["id"], svc.id_arg: t["id"], "address": address}),
    ]
    calls += [call(kit.add_document, **{app.id_arg: new, "kind": k}) for k in kinds]
    calls.append(call(kit.pay_fee, **{app.id_arg: new}))
    return TaskCandidate(
        kind="apply-with-documents",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "multi-item", "workflow"],
    )


def _approve_if_ready(w: World) -> TaskCandidate | None:
    kit, app = w.kit(GovKit), w.e("application")
    holds = w.chance(0.5)
    pool = [a for a in app.rows if a["status"] in ("submitted", "under review") and _ready(w, a) == holds]
    if not pool:
        return None
    a = w.pick(pool)
    svc = w.e("service_type")
    t = svc.by_id(a[svc.id_arg])
    text = (
        f"Application {a['reference']}: approve it if everything it needs is in place (documents, fee, "
        "inspection). If something is missing, leave it pending and tell me how many documents it has."
    )
    reads = [
        call(kit.applications, query=str(a["reference"])),
        call(kit.documents, **{app.id_arg: a["id"]}),
        call(kit.services, query=str(t["name"])),
        call(kit.inspections, **{app.id_arg: a["id"]}),
    ]
    have = str(len(_docs_of(w, a)))
    return branching(
        "approve-application-if-ready",
        text,
        condition="application-complete",
        holds=holds,
        reads=reads,
        then=[call(kit.decide, **{app.id_arg: a["id"], "approve": True})],
        otherwise=[],
        answer=[] if holds else [have],
        competing=[] if holds else others([str(k) for k in range(0, 7)], [have]),
        tags=["conditional", "permits"],
    )


def _unpaid_refused(w: World) -> TaskCandidate | None:
    kit, app, svc = w.kit(GovKit), w.e("application"), w.e("service_type")
    pool = [a for a in app.rows if a["status"] in ("submitted", "under review") and not a["fee_paid"]]
    if not pool:
        return None
    a = w.pick(pool)
    t = svc.by_id(a[svc.id_arg])
    text = (
        f"Please approve application {a['reference']} today; the applicant is in a hurry. If something holds it up,"
        " tell me what they still have to pay or provide."
    )
    reads = [call(kit.applications, query=str(a["reference"])), call(kit.services, query=str(t["name"]))]
    return refusing(
        "approve-unpaid-refused",
        text,
        reads=reads,
        complying=[call(kit.decide, **{app.id_arg: a["id"], "approve": True})],
        reason="the application's fee is not paid",
        answer=[plain(n(t, "fee_cents"))],
        competing=others([plain(n(x, "fee_cents")) for x in svc.rows], [plain(n(t, "fee_cents"))]),
        tags=["permits"],
    )


def _book_inspections(w: World) -> TaskCandidate | None:
    kit, app, svc, insp, visit = (
        w.kit(GovKit),
        w.e("application"),
        w.e("service_type"),
        w.e("inspector"),
        w.e("inspection"),
    )
    waiting = [
        a
        for a in app.rows
        if a["status"] == "under review"
        and svc.by_id(a[svc.id_arg])["needs_inspection"]
        and not any(v[app.id_arg] == a["id"] for v in visit.rows)
    ]
    if not 1 <= len(waiting) <= 5:
        return None
    who = w.pick(insp.rows)
    day = shift(w.today, w.pick((2, 3, 4)))
    text = (
        f"Book {who['name']} to inspect every application under review that needs an inspection and has none "
        f"scheduled yet, all on {day}."
    )
    calls = [
        find(w, "inspector", who),
        call(kit.applications, status="under review", limit=100),
        call(kit.inspections, limit=100),
    ]
    calls += [
        call(kit.schedule_inspection, **{app.id_arg: a["id"], insp.id_arg: who["id"], "scheduled_on": day})
        for a in waiting
    ]
    return TaskCandidate(
        kind="book-inspections", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "filter-sort"]
    )


def _fee_lookup(w: World) -> TaskCandidate | None:
    kit, svc = w.kit(GovKit), w.e("service_type")
    if len(svc.rows) < 3:
        return None
    t = w.pick(svc.rows)
    text = f"How much does a {t['name']} cost to apply for, and how many documents do applicants need to bring?"
    return TaskCandidate(
        kind="permit-fee",
        instruction=text,
        calls=[call(kit.services, query=str(t["name"]))],
        answer=[plain(n(t, "fee_cents")), str(t["documents_required"])],
        competing=others([plain(n(x, "fee_cents")) for x in svc.rows], [plain(n(t, "fee_cents"))]),
        difficulty="easy",
        tags=["lookup"],
    )


def _inspected_then_approve(w: World) -> TaskCandidate | None:
    kit, app, visit, svc = w.kit(GovKit), w.e("application"), w.e("inspection"), w.e("service_type")
    if not kit.inspection_result:
        return None
    for v in shuffled(w, [v for v in visit.rows if v["result"] == "pending" and str(v["scheduled_on"]) <= w.today]):
        a = app.by_id(v[app.id_arg])
        t = svc.by_id(a[svc.id_arg])
        if (
            a["status"] in ("submitted", "under review")
            and a["fee_paid"]
            and len(_docs_of(w, a)) >= n(t, "documents_required")
        ):
            break
    else:
        return None
    who = w.e("inspector").by_id(v[w.e("inspector").id_arg])
    text = (
        f"{who['name']} reports that the site inspection for application {a['reference']} passed today. Record it, "
        "and since everything else is in order, approve the application."
    )
    calls = [
        call(kit.applications, query=str(a["reference"])),
        call(kit.inspections, **{app.id_arg: a["id"]}),
        call(kit.inspection_result, **{visit.id_arg: v["id"], "result": "passed"}),
        call(kit.documents, **{app.id_arg: a["id"]}),
        call(kit.decide, **{app.id_arg: a["id"], "approve": True}),
    ]
    return TaskCandidate(
        kind="inspection-passed-approve",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "ripple", "workflow"],
    )


def _missing_document(w: World) -> TaskCandidate | None:
    kit, app, svc = w.kit(GovKit), w.e("application"), w.e("service_type")
    for a in shuffled(w, app.rows):
        t = svc.by_id(a[svc.id_arg])
        have = {d["kind"] for d in _docs_of(w, a)}
        missing = [k for k in DOC_KINDS if k not in have]
        if (
            a["status"] in ("submitted", "under review")
            and not a["fee_paid"]
            and len(have) < n(t, "documents_required")
            and missing
        ):
            break
    else:
        return None
    kind = w.pick(missing)
    person = w.e("customer").by_id(a[w.e("customer").id_arg])
    text = (
        f"{person['name']} came to the counter for application {a['reference']}: they brought their {kind} and paid "
        "the fee. Please log both."
    )
    calls = [
        call(kit.applications, query=str(a["reference"])),
        call(kit.documents, **{app.id_arg: a["id"]}),
        call(kit.add_document, **{app.id_arg: a["id"], "kind": kind}),
        call(kit.pay_fee, **{app.id_arg: a["id"]}),
    ]
    return TaskCandidate(
        kind="counter-document-and-fee", instruction=text, calls=calls, difficulty="medium", tags=["write"]
    )


def _awaiting_inspection(w: World) -> TaskCandidate | None:
    kit, app, svc, visit = w.kit(GovKit), w.e("application"), w.e("service_type"), w.e("inspection")
    booked = {v[app.id_arg] for v in visit.rows}
    waiting = [
        a
        for a in app.rows
        if a["status"] == "under review" and svc.by_id(a[svc.id_arg])["needs_inspection"] and a["id"] not in booked
    ]
    under = [a for a in app.rows if a["status"] == "under review" and a not in waiting]
    if not 1 <= len(waiting) <= 4 or not under:
        return None
    text = (
        "Which applications under review need a site inspection but have none booked yet? Give their reference numbers."
    )
    return TaskCandidate(
        kind="awaiting-inspection",
        instruction=text,
        calls=[
            call(kit.applications, status="under review", limit=100),
            call(kit.services, limit=100),
            call(kit.inspections, limit=100),
        ],
        answer=[str(a["reference"]) for a in waiting],
        competing=[str(a["reference"]) for a in under][:8],
        difficulty="hard",
        tags=["lookup", "filter-sort", "compare"],
    )


GOVERNMENT = Module(
    key="government",
    about="permit types, applications with documents and fees, inspections",
    fits=frozenset({"government"}),
    build=build_government,
    tools=government_tools,
    tasks=(
        TaskKind("apply-with-documents", _new_application),
        TaskKind("approve-application-if-ready", _approve_if_ready),
        TaskKind("approve-unpaid-refused", _unpaid_refused),
        TaskKind("book-inspections", _book_inspections),
        TaskKind("permit-fee", _fee_lookup),
        TaskKind("inspection-passed-approve", _inspected_then_approve),
        TaskKind("counter-document-and-fee", _missing_document),
        TaskKind("awaiting-inspection", _awaiting_inspection),
    ),
    needs=("customers",),
)
