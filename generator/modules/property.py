"""Property: buildings and units let on leases with monthly rent charges and payments, maintenance
requests that become work orders for technicians; and home services: jobs quoted with lines."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.data.places import STREETS
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.prices import amount, as_number, dollars, plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

ISSUES = ("plumbing", "electrical", "heating", "appliance", "pest control", "locks")
ISSUE_TEXT = {
    "plumbing": "Kitchen sink is leaking",
    "electrical": "Bedroom outlet stopped working",
    "heating": "Radiator does not heat",
    "appliance": "Dishwasher will not drain",
    "pest control": "Ants in the kitchen",
    "locks": "Front door lock sticks",
}


@dataclass(frozen=True)
class LeaseRules:
    late_fee_cents: int
    grace_days: int


@dataclass(frozen=True)
class PropertyKit:
    buildings: str
    units: str
    leases: str
    charges: str
    pay: str
    requests: str
    report: str
    work_orders: str
    dispatch: str
    close: str
    technicians: str


def build_property(w: World) -> None:
    tenant = w.e("customer")
    bld = w.add(
        Entity(
            "building",
            w.noun("building"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("street", "street address"),
                s.integer("floors", "floors", 1, 60),
            ],
            "name",
            "the buildings managed",
        )
    )
    unit = w.add(
        Entity(
            "unit",
            w.noun("unit", "rental unit"),
            [
                s.ref(bld),
                s.code("number", "unit number", unique=False),
                s.integer("bedrooms", "bedrooms", 0, 6),
                s.money("rent", "monthly rent"),
                s.enum("status", "status", ("occupied", "vacant", "renovation")),
            ],
            "number",
            "the apartments and suites",
        )
    )
    lease = w.add(
        Entity(
            "lease",
            w.noun("lease"),
            [
                s.ref(unit),
                s.ref(tenant),
                s.day("starts_on", "start"),
                s.day("ends_on", "end"),
                s.money("rent", "monthly rent"),
                s.money("deposit", "security deposit"),
                s.enum("status", "status", ("active", "ended")),
            ],
            "id",
            "who rents which unit",
        )
    )
    w.add(
        Entity(
            "rent_charge",
            w.noun("rent_charge", "rent charge"),
            [
                s.ref(lease),
                s.text("month", "month (YYYY-MM)"),
                s.money("amount", "amount due"),
                s.day("due_on", "due date"),
                s.enum("status", "status", ("paid", "due", "late")),
            ],
            "month",
            "monthly rent and fees owed",
        )
    )
    tech = w.add(
        Entity(
            "technician",
            w.noun("technician"),
            [
                s.person("name", "full name"),
                s.enum("trade", "trade", ISSUES),
                s.phone(required=True),
                s.flag("available", "taking jobs"),
                *rating_columns(w),
            ],
            "name",
            "who fixes things",
        )
    )
    req = w.add(
        Entity(
            "maintenance_request",
            w.noun("maintenance_request", "maintenance request"),
            [
                s.ref(unit),
                s.enum("category", "category", ISSUES),
                s.text("description", "what is wrong"),
                s.enum("priority", "priority", ("low", "normal", "urgent")),
                s.enum("status", "status", ("open", "scheduled", "done")),
                s.day("reported_on", "date"),
            ],
            "description",
            "problems tenants reported",
        )
    )
    w.add(
        Entity(
            "work_order",
            w.noun("work_order", "work order"),
            [
                s.ref(req),
                s.ref(tech),
                s.day("scheduled_on", "visit date"),
                s.money("cost", "cost", required=False),
                s.enum("status", "status", ("scheduled", "completed")),
            ],
            "id",
            "technician visits",
        )
    )
    w.put(Reviewable("technician", "service"))
    rules = LeaseRules(late_fee_cents=w.pick((5000, 7500, 10000)), grace_days=w.pick((3, 5)))
    w.put(rules)
    w.rule("late_fee", f"{rules.late_fee_cents / 100:.2f}")
    w.rule("grace_days", rules.grace_days)
    w.fact(
        f"Rent is due on the 1st; a payment more than {rules.grace_days} days late carries a late fee. Only vacant "
        "units can be leased."
    )
    _seed(w, bld, unit, lease, tech)


def _seed(w: World, bld: Entity, unit: Entity, lease: Entity, tech: Entity) -> None:
    tenants = shuffled(w, w.e("customer").rows)
    for _k in range(w.rng.randint(2, 4)):
        name = f"{w.pick(STREETS)} {w.pick(('Court', 'Lofts', 'Apartments', 'House', 'Terrace'))}"
        if any(b["name"] == name for b in bld.rows):
            continue
        b = bld.add(name=name, street=f"{w.rng.randint(10, 900)} {w.pick(STREETS)} Avenue", floors=w.rng.randint(2, 8))
        for j in range(w.rng.randint(4, 9)):
            beds = w.pick((0, 1, 1, 2, 2, 3))
            rent = price(w.rng, 900 + beds * 350, 1400 + beds * 500)
            row = unit.add(
                **{bld.id_arg: b["id"]},
                number=f"{j // 3 + 1}{j % 3 + 1:02d}",
                bedrooms=beds,
                rent_cents=rent,
                status="vacant",
            )
            if tenants and w.chance(0.8):
                who = tenants.pop()
                start = days_ago(w, 60, 500)
                lease.add(
                    **{unit.id_arg: row["id"], w.e("customer").id_arg: who["id"]},
                    starts_on=start,
                    ends_on=shift(start, 365),
                    rent_cents=rent,
                    deposit_cents=rent,
                    status="active",
                )
                row["status"] = "occupied"
            elif w.chance(0.15):
                row["status"] = "renovation"
    for trade in ISSUES:
        tech.add(name=w.people.name(), trade=trade, phone=w.people.phone(), available=0 if w.chance(0.15) else 1)
    _seed_rent(w)
    _seed_requests(w)


def _seed_rent(w: World) -> None:
    lease, charge = w.e("lease"), w.e("rent_charge")
    year, month = int(w.today[:4]), int(w.today[5:7])
    for row in lease.rows:
        for back in (2, 1, 0):
            m, y = (month - back - 1) % 12 + 1, year if month - back > 0 else year - 1
            due = f"{y}-{m:02d}-01"
            if due < str(row["starts_on"]):
                continue
            status = "paid" if back else w.pick(("paid", "due", "due", "late"))
            charge.add(
                **{lease.id_arg: row["id"]},
                month=f"{y}-{m:02d}",
                amount_cents=row["rent_cents"],
                due_on=due,
                status=status,
            )


def _seed_requests(w: World) -> None:
    unit, req, order, tech = w.e("unit"), w.e("maintenance_request"), w.e("work_order"), w.e("technician")
    occupied = [u for u in unit.rows if u["status"] == "occupied"]
    for u in w.rng.sample(occupied, min(len(occupied), w.rng.randint(4, 10))):
        cat = w.pick(ISSUES)
        status = w.pick(("open", "open", "scheduled", "done")) if req.rows else "scheduled"
        r = req.add(
            **{unit.id_arg: u["id"]},
            category=cat,
            description=ISSUE_TEXT[cat],
            priority=w.pick(("low", "normal", "normal", "urgent")),
            status=status,
            reported_on=days_ago(w, 0, 30),
        )
        if status != "open":
            t = next(t for t in tech.rows if t["trade"] == cat)
            order.add(
                **{req.id_arg: r["id"], tech.id_arg: t["id"]},
                scheduled_on=shift(str(r["reported_on"]), 2),
                cost_cents=amount(w.rng, 80, 600) if status == "done" else None,
                status="completed" if status == "done" else "scheduled",
            )


# --- tools ---------------------------------------------------------------------------------------


def property_tools(w: World) -> None:
    bld, unit, lease, charge, req, order, tech = (
        w.e(k) for k in ("building", "unit", "lease", "rent_charge", "maintenance_request", "work_order", "technician")
    )
    buildings = crud.search(w, bld, text=["name", "street"], sorts=["name"], name="list_buildings")
    units = crud.search(
        w, unit, text=["number"], filters=[bld.id_arg, "status", "bedrooms"], ranges=["rent"], sorts=["rent", "number"]
    )
    leases = crud.search(
        w,
        lease,
        filters=[unit.id_arg, w.e("customer").id_arg, "status"],
        ranges=["ends_on"],
        sorts=["starts_on", "ends_on"],
    )
    charges = crud.search(w, charge, filters=[lease.id_arg, "status"], sorts=["due_on"], name="list_rent_charges")
    requests = crud.search(
        w,
        req,
        filters=[unit.id_arg, "status", "category", "priority"],
        ranges=["reported_on"],
        sorts=["reported_on", "priority"],
    )
    orders = crud.search(w, order, filters=[req.id_arg, tech.id_arg, "status"], sorts=["scheduled_on"])
    techs = crud.search(w, tech, text=["name"], filters=["trade", "available"], sorts=["name"])
    report = crud.create(
        w,
        req,
        [req.col(unit.id_arg), req.col("category"), req.col("description"), req.col("priority")],
        fixed={"status": "'open'", "reported_on": ":_today"},
        about="Log a maintenance request for a unit",
        name="report_maintenance_issue",
    )
    w.put(
        PropertyKit(
            buildings, units, leases, charges, _pay(w), requests, report, orders, _dispatch(w), _close(w), techs
        )
    )


def _pay(w: World) -> str:
    charge, lease = w.e("rent_charge"), w.e("lease")
    rules = w.kit(LeaseRules)
    cid = charge.id_arg
    program: list[Step] = [
        query(
            "c",
            f"SELECT month, status, due_on, amount_cents, {lease.id_arg} AS lease FROM {charge.table} WHERE id = "
            f":{cid}",
            f"no rent charge with id {{{cid}}}; list the lease's rent charges",
        ),
        check("SELECT :c__status != 'paid'", "rent for {c__month} is already paid"),
        execute(
            f"INSERT INTO {charge.table} ({lease.id_arg}, month, amount_cents, due_on, status) SELECT :c__lease, "
            f":c__month || ' late fee', {rules.late_fee_cents}, :_today, 'paid' WHERE :_today > date(:c__due_on, "
            f"'+{rules.grace_days} days')"
        ),
        execute(f"UPDATE {charge.table} SET status = 'paid' WHERE id = :{cid}"),
        ret(f"SELECT {select_list(w, charge)} FROM {charge.table} t WHERE t.id = :{cid}"),
    ]
    example = next(({cid: c["id"]} for c in charge.rows if c["status"] != "paid"), None)
    return w.tool(
        make_tool(
            "record_rent_payment",
            f"Record a month's rent as paid; paid more than {rules.grace_days} "
            "days after the due date, a paid late fee is added.",
            {cid: id_arg("the rent charge's id")},
            [cid],
            program,
            row_schema(w, charge),
            example=example,
        )
    )


def _dispatch(w: World) -> str:
    req, order, tech = w.e("maintenance_request"), w.e("work_order"), w.e("technician")
    rid, tid = req.id_arg, tech.id_arg
    props = {
        rid: id_arg("the request's id"),
        tid: id_arg("the technician's id"),
        "scheduled_on": s.day("d", "").input_schema("visit date"),
    }
    program: list[Step] = [
        query("r", f"SELECT status, category FROM {req.table} WHERE id = :{rid}", f"no request with id {{{rid}}}"),
        check("SELECT :r__status = 'open'", "that request is already {r__status}"),
        query(
            "t",
            f"SELECT name, trade, available FROM {tech.table} WHERE id = :{tid}",
            f"no technician with id {{{tid}}}",
        ),
        check("SELECT :t__available = 1", "{t__name} is not taking jobs"),
        check("SELECT :t__trade = :r__category", "{t__name} does {t__trade} work, not {r__category}"),
        check("SELECT :scheduled_on >= :_today", "visits are scheduled from today on"),
        execute(
            f"INSERT INTO {order.table} ({rid}, {tid}, scheduled_on, status) VALUES (:{rid}, :{tid}, :scheduled_on, "
            "'scheduled')"
        ),
        execute(f"UPDATE {req.table} SET status = 'scheduled' WHERE id = :{rid}"),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = (SELECT MAX(id) FROM {order.table})"),
    ]
    example = next(
        (
            {rid: r["id"], tid: t["id"], "scheduled_on": shift(w.today, 3)}
            for r in req.rows
            if r["status"] == "open"
            for t in tech.rows
            if t["available"] and t["trade"] == r["category"]
        ),
        None,
    )
    return w.tool(
        make_tool(
            "schedule_repair",
            "Send an available technician of the right trade to an open request.",
            props,
            list(props),
            program,
            row_schema(w, order),
            example=example,
        )
    )


def _close(w: World) -> str:
    req, order = w.e("maintenance_request"), w.e("work_order")
    oid = order.id_arg
    props = {
        oid: id_arg("the work order's id"),
        "cost": {"type": "number", "minimum": 0, "maximum": 100000, "description": "what the repair cost, in dollars"},
    }
    program: list[Step] = [
        query(
            "o",
            f"SELECT status, {req.id_arg} AS req FROM {order.table} WHERE id = :{oid}",
            f"no work order with id {{{oid}}}",
        ),
        check("SELECT :o__status = 'scheduled'", "that work order is already {o__status}"),
        execute(
            f"UPDATE {order.table} SET status = 'completed', cost_cents = CAST(ROUND(:cost * 100) AS INTEGER) "
            f"WHERE id = :{oid}"
        ),
        execute(f"UPDATE {req.table} SET status = 'done' WHERE id = :o__req"),
        ret(f"SELECT {select_list(w, order)} FROM {order.table} t WHERE t.id = :{oid}"),
    ]
    example = next(({oid: o["id"], "cost": 120.0} for o in order.rows if o["status"] == "scheduled"), None)
    return w.tool(
        make_tool(
            "complete_work_order",
            "Close a work order with its cost; the request is done.",
            props,
            list(props),
            program,
            row_schema(w, order),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _tenant_unit(w: World, person: Row) -> tuple[Row, Row] | None:
    lease, unit = w.e("lease"), w.e("unit")
    for row in lease.rows:
        if row[w.e("customer").id_arg] == person["id"] and row["status"] == "active":
            return row, unit.by_id(row[unit.id_arg])
    return None


def _leak(w: World) -> TaskCandidate | None:
    kit, tech, req = w.kit(PropertyKit), w.e("technician"), w.e("maintenance_request")
    for person in shuffled(w, w.e("customer").rows):
        found = _tenant_unit(w, person)
        if found:
            break
    else:
        return None
    _, u = found
    cat = w.pick([c for c in ISSUES if any(t["trade"] == c and t["available"] for t in tech.rows)])
    t = next(t for t in tech.rows if t["trade"] == cat and t["available"])
    day = shift(w.today, w.pick((1, 2, 3)))
    b = w.e("building").by_id(u[w.e("building").id_arg])
    v = voice(w, person)
    text = v.say(
        f"{ISSUE_TEXT[cat]} in {v.my} unit {u['number']} at {b['name']}. Please log it as urgent and book "
        f"the {cat} technician for {day}."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.buildings, query=str(b["name"])),
        call(kit.units, **{w.e("building").id_arg: b["id"]}, query=str(u["number"])),
        call(
            kit.report,
            **{w.e("unit").id_arg: u["id"], "category": cat, "description": ISSUE_TEXT[cat], "priority": "urgent"},
        ),
        call(kit.technicians, trade=cat, available=True),
        call(kit.dispatch, **{req.id_arg: len(req.rows) + 1, tech.id_arg: t["id"], "scheduled_on": day}),
    ]
    return TaskCandidate(
        kind="report-and-schedule-repair", instruction=text, calls=calls, difficulty="hard", tags=["write", "workflow"]
    )


def _pay_rent(w: World) -> TaskCandidate | None:
    kit, charge, lease = w.kit(PropertyKit), w.e("rent_charge"), w.e("lease")
    rules = w.kit(LeaseRules)
    pool = [c for c in charge.rows if c["status"] != "paid"]
    if not pool:
        return None
    c = w.pick(pool)
    row = lease.by_id(c[lease.id_arg])
    person = w.e("customer").by_id(row[w.e("customer").id_arg])
    late = w.today > shift(str(c["due_on"]), rules.grace_days)
    text = f"{person['name']} just paid the rent for {c['month']}. Please record the payment."
    calls = [
        find(w, "customer", person, "email"),
        call(kit.leases, **{w.e("customer").id_arg: person["id"]}, status="active"),
        call(kit.charges, **{lease.id_arg: row["id"]}),
        call(kit.pay, **{charge.id_arg: c["id"]}),
    ]
    del late
    return TaskCandidate(
        kind="record-rent-payment", instruction=text, calls=calls, difficulty="medium", tags=["write", "rule"]
    )


def _lease_vacant(w: World) -> TaskCandidate | None:
    kit, unit, lease = w.kit(PropertyKit), w.e("unit"), w.e("lease")
    holds = w.chance(0.5)
    ends = {r[unit.id_arg]: str(r["ends_on"]) for r in lease.rows if r["status"] == "active"}
    pool = [u for u in unit.rows if u["status"] == "vacant"] if holds else [u for u in unit.rows if u["id"] in ends]
    people = [p for p in w.e("customer").rows if _tenant_unit(w, p) is None]
    if not pool or not people:
        return None
    u = w.pick(pool)
    person = w.pick(people)
    b = w.e("building").by_id(u[w.e("building").id_arg])
    start = shift(w.today, w.pick((7, 14, 30)))
    text = (
        f"If unit {u['number']} at {b['name']} is vacant, lease it to {person['name']} ({person['email']}) for a year "
        f"from {start} at its listed rent, with one month's rent as deposit. If it isn't "
        "vacant, change nothing and tell me when its current lease ends."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.buildings, query=str(b["name"])),
        call(kit.units, **{w.e("building").id_arg: b["id"]}, query=str(u["number"])),
        call(kit.leases, **{unit.id_arg: u["id"]}, status="active"),
    ]
    then = [
        call(
            _lease_tool(w),
            **{
                unit.id_arg: u["id"],
                w.e("customer").id_arg: person["id"],
                "starts_on": start,
                "ends_on": shift(start, 365),
                "rent": as_number(n(u, "rent_cents")),
                "deposit": as_number(n(u, "rent_cents")),
            },
        ),
    ]
    return branching(
        "lease-if-vacant",
        text,
        condition="unit-vacant",
        holds=holds,
        reads=reads,
        then=then,
        otherwise=[],
        answer=[] if holds else [ends[u["id"]]],
        competing=[] if holds else others(sorted(set(ends.values())), [ends.get(u["id"], "")], 12),
        tags=["conditional", "leasing"],
    )


def _lease_tool(w: World) -> str:
    return w.kit(LeaseTools).create


def _unit_status_tool(w: World) -> str:
    return w.kit(LeaseTools).unit_status


@dataclass(frozen=True)
class LeaseTools:
    create: str
    unit_status: str


def _lease_tools(w: World) -> None:
    lease, unit = w.e("lease"), w.e("unit")
    create = crud.create(
        w,
        lease,
        [c for c in lease.columns if c.name != "status"],
        fixed={"status": "'active'"},
        about="Sign a lease for a vacant unit (the unit becomes occupied)",
        name="create_lease",
        effects=[execute(f"UPDATE {unit.table} SET status = 'occupied' WHERE id = :{unit.id_arg}")],
        guards=[
            check(
                f"SELECT (SELECT status FROM {unit.table} WHERE id = :{unit.id_arg}) = 'vacant'",
                "that unit is not vacant",
            )
        ],
    )
    status = crud.update(w, unit, [unit.col("status")], about="Set a unit's status", name="set_unit_status")
    w.put(LeaseTools(create, status))


def _urgent_backlog(w: World) -> TaskCandidate | None:
    kit, req, tech = w.kit(PropertyKit), w.e("maintenance_request"), w.e("technician")
    urgent = [
        r
        for r in req.rows
        if r["status"] == "open"
        and r["priority"] == "urgent"
        and any(t["trade"] == r["category"] and t["available"] for t in tech.rows)
    ]
    if not 1 <= len(urgent) <= 5 or not [r for r in req.rows if r["status"] == "open" and r["priority"] != "urgent"]:
        return None
    day = shift(w.today, 1)
    text = (
        f"Schedule every open urgent maintenance request for tomorrow ({day}) with an available technician of the "
        "matching trade. Non-urgent requests can wait."
    )
    calls = [call(kit.requests, status="open", priority="urgent")]
    for r in urgent:
        t = next(t for t in tech.rows if t["trade"] == r["category"] and t["available"])
        calls += [
            call(kit.technicians, trade=r["category"], available=True),
            call(kit.dispatch, **{req.id_arg: r["id"], tech.id_arg: t["id"], "scheduled_on": day}),
        ]
    return TaskCandidate(
        kind="schedule-urgent-repairs",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


def _occupied_refused(w: World) -> TaskCandidate | None:
    kit, unit = w.kit(PropertyKit), w.e("unit")
    pool = [u for u in unit.rows if u["status"] == "occupied"]
    people = [p for p in w.e("customer").rows if _tenant_unit(w, p) is None]
    if not pool or not people:
        return None
    u, person = w.pick(pool), w.pick(people)
    b = w.e("building").by_id(u[w.e("building").id_arg])
    start = shift(w.today, 14)
    text = (
        f"Please sign {person['name']} ({person['email']}) up for unit {u['number']} at {b['name']} from {start}, "
        "one year, at the listed rent."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.buildings, query=str(b["name"])),
        call(kit.units, **{w.e("building").id_arg: b["id"]}, query=str(u["number"])),
    ]
    return refusing(
        "lease-occupied-refused",
        text,
        reads=reads,
        complying=[
            call(
                _lease_tool(w),
                **{
                    unit.id_arg: u["id"],
                    w.e("customer").id_arg: person["id"],
                    "starts_on": start,
                    "ends_on": shift(start, 365),
                    "rent": as_number(n(u, "rent_cents")),
                    "deposit": as_number(n(u, "rent_cents")),
                },
            )
        ],
        reason="the unit is occupied",
        answer=["occupied"],
        competing=["vacant", "renovation"],
        tags=["leasing"],
    )


def _cheapest_vacant(w: World) -> TaskCandidate | None:
    kit, unit = w.kit(PropertyKit), w.e("unit")
    beds = w.pick((1, 2))
    pool = sorted(
        (u for u in unit.rows if u["status"] == "vacant" and n(u, "bedrooms") >= beds), key=lambda u: n(u, "rent_cents")
    )
    if len(pool) < 2 or pool[0]["rent_cents"] == pool[1]["rent_cents"]:
        return None
    best = pool[0]
    b = w.e("building").by_id(best[w.e("building").id_arg])
    text = (
        f"What's the cheapest vacant unit with at least {beds} bedroom{'s' if beds > 1 else ''}, and what's the rent?"
    )
    calls = [call(kit.units, status="vacant", sort_by="rent", sort_order="asc", limit=10)]
    return TaskCandidate(
        kind="cheapest-vacant-unit",
        instruction=text,
        calls=calls,
        answer=[str(b["name"]), plain(n(best, "rent_cents"))],
        competing=others([plain(n(u, "rent_cents")) for u in unit.rows], [plain(n(best, "rent_cents"))]),
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


def _all_tools(w: World) -> None:
    property_tools(w)
    _lease_tools(w)


def _finish_work(w: World) -> TaskCandidate | None:
    kit, req, order, tech, unit = (
        w.kit(PropertyKit),
        w.e("maintenance_request"),
        w.e("work_order"),
        w.e("technician"),
        w.e("unit"),
    )
    pool = [o for o in order.rows if o["status"] == "scheduled"]
    if not pool:
        return None
    o = w.pick(pool)
    r, t = req.by_id(o[req.id_arg]), tech.by_id(o[tech.id_arg])
    u = unit.by_id(r[unit.id_arg])
    b = w.e("building").by_id(u[w.e("building").id_arg])
    cost = amount(w.rng, 60, 900)
    text = (
        f"{t['name']} finished the {str(r['category']).lower()} job in unit {u['number']} at {b['name']}; the bill "
        f"came to {dollars(cost)}. Close the work order with that cost."
    )
    calls = [
        call(kit.buildings, query=str(b["name"])),
        call(kit.units, **{w.e("building").id_arg: b["id"]}, query=str(u["number"])),
        call(kit.requests, **{unit.id_arg: u["id"]}, status="scheduled"),
        call(kit.work_orders, **{req.id_arg: r["id"]}),
        call(kit.close, **{order.id_arg: o["id"], "cost": as_number(cost)}),
    ]
    return TaskCandidate(
        kind="close-finished-repair", instruction=text, calls=calls, difficulty="medium", tags=["write", "ripple"]
    )


def _next_rent(w: World) -> TaskCandidate | None:
    kit, charge, lease = w.kit(PropertyKit), w.e("rent_charge"), w.e("lease")
    cust = w.e("customer")
    for person in shuffled(w, cust.rows):
        found = _tenant_unit(w, person)
        if found is None:
            continue
        mine = sorted((c for c in charge.rows if c[lease.id_arg] == found[0]["id"]), key=lambda c: str(c["due_on"]))
        due = [c for c in mine if c["status"] != "paid"]
        if due and len(mine) >= 2:
            break
    else:
        return None
    first = due[0]
    v = voice(w, person)
    text = v.say(f"What is the earliest rent charge {v.i} still owe, and when was it due?")
    return TaskCandidate(
        kind="earliest-unpaid-rent",
        instruction=text,
        calls=[
            find(w, "customer", person, "email"),
            call(kit.leases, **{cust.id_arg: person["id"]}, status="active"),
            call(kit.charges, **{lease.id_arg: found[0]["id"]}),
        ],
        answer=[plain(n(first, "amount_cents")), str(first["due_on"])],
        competing=others([str(c["due_on"]) for c in mine], [str(first["due_on"])])
        + others([plain(n(c, "amount_cents")) for c in mine], [plain(n(first, "amount_cents"))]),
        difficulty="medium",
        tags=["lookup", "filter-sort"],
    )


def _vacant_in_building(w: World) -> TaskCandidate | None:
    kit, unit, bld = w.kit(PropertyKit), w.e("unit"), w.e("building")
    for b in shuffled(w, bld.rows):
        mine = [u for u in unit.rows if u[bld.id_arg] == b["id"]]
        beds = sorted({n(u, "bedrooms") for u in mine})
        if not beds:
            continue
        size = w.pick(beds)
        hits = [u for u in mine if u["status"] == "vacant" and n(u, "bedrooms") == size]
        rest = [u for u in mine if u not in hits]
        if 1 <= len(hits) <= 3 and rest:
            break
    else:
        return None
    word = "studio" if size == 0 else f"{size}-bedroom"
    text = (
        f"A caller wants a {word} unit at {b['name']}. Which ones are vacant right now? Give their unit numbers and "
        "rents."
    )
    return TaskCandidate(
        kind="vacant-units-in-building",
        instruction=text,
        calls=[
            call(kit.buildings, query=str(b["name"])),
            call(kit.units, **{bld.id_arg: b["id"]}, status="vacant", bedrooms=size),
        ],
        answer=[str(u["number"]) for u in hits] + [plain(n(u, "rent_cents")) for u in hits],
        competing=others([str(u["number"]) for u in rest], [str(u["number"]) for u in hits], 8),
        difficulty="medium",
        tags=["lookup", "filter-sort"],
    )


PROPERTY = Module(
    key="property",
    about="buildings, units, leases with rent charges, maintenance requests and work orders",
    fits=frozenset({"property"}),
    build=build_property,
    tools=_all_tools,
    tasks=(
        TaskKind("report-and-schedule-repair", _leak),
        TaskKind("record-rent-payment", _pay_rent),
        TaskKind("lease-if-vacant", _lease_vacant),
        TaskKind("schedule-urgent-repairs", _urgent_backlog),
        TaskKind("lease-occupied-refused", _occupied_refused),
        TaskKind("cheapest-vacant-unit", _cheapest_vacant),
        TaskKind("close-finished-repair", _finish_work),
        TaskKind("earliest-unpaid-rent", _next_rent),
        TaskKind("vacant-units-in-building", _vacant_in_building),
    ),
    needs=("customers",),
)
