"""A practice: providers, the services it offers, appointments in fixed slots on weekdays, and visits
that end in an invoice with lines (less the patient's insurance where the practice takes it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.prices import plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, items_of, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

VISIT_STATES = ("scheduled", "completed", "cancelled", "no-show")
SPECIALTIES = {
    "family_clinic": ("family medicine", "pediatrics", "internal medicine"),
    "dental_practice": ("general dentistry", "orthodontics", "hygiene"),
    "veterinary_clinic": ("small animals", "surgery", "exotics"),
    "physio_clinic": ("sports rehab", "orthopedics", "neuro rehab"),
    "eye_clinic": ("optometry", "ophthalmology"),
}
TITLES = {"family_clinic": "Dr.", "dental_practice": "Dr.", "veterinary_clinic": "Dr.", "eye_clinic": "Dr."}


@dataclass(frozen=True)
class Hours:
    opens: int
    closes: int
    slot: int


@dataclass(frozen=True)
class ClinicKit:
    providers: str
    services: str
    slots: str
    book: str
    search: str
    cancel: str
    reschedule: str
    complete: str
    invoices: str
    invoice_lines: str
    pay: str
    balance: str


def _times(h: Hours) -> list[str]:
    return [f"{m // 60:02d}:{m % 60:02d}" for m in range(h.opens * 60, h.closes * 60, h.slot)]


def _weekday(day: str) -> bool:
    return date.fromisoformat(day).weekday() < 5


def build_clinic(w: World) -> None:
    patient = w.e("customer")
    prov = w.add(
        Entity(
            "provider",
            w.noun("provider"),
            [
                s.person("name", "full name"),
                s.enum("specialty", "specialty", SPECIALTIES.get(w.domain.key, ("general care",))),
                s.email(),
                s.flag("accepting", "whether they take new appointments"),
                *rating_columns(w),
            ],
            "name",
            "the clinicians who see patients",
        )
    )
    svc = w.add(
        Entity(
            "service",
            w.noun("service"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("category", "kind of service"),
                s.money("fee", "fee (in dollars)"),
                s.integer("minutes", "how long it takes", 5, 240),
            ],
            "name",
            "what the practice offers, with its fee",
        )
    )
    columns = [
        s.ref(patient),
        s.ref(prov),
        s.ref(svc),
        s.day("day", "date"),
        s.clock("time", "start time (HH:MM)"),
        s.enum("status", "status", VISIT_STATES),
        s.text("reason", "why they are coming", required=False),
    ]
    if w.has("pet"):
        columns.insert(1, s.ref(w.e("pet")))
    appt = w.add(Entity("appointment", w.noun("appointment"), columns, "id", "who sees whom, when"))
    inv = w.add(
        Entity(
            "invoice",
            w.noun("invoice"),
            [
                s.code("number", "invoice number"),
                s.ref(patient),
                s.ref(appt, required=False),
                s.day("issued_on", "date issued"),
                s.enum("status", "paid or not", ("unpaid", "paid")),
                s.money("total", "amount the patient owes"),
            ],
            "number",
            f"bills sent to {patient.plural_label}",
        )
    )
    w.add(
        Entity(
            "invoice_line",
            w.noun("invoice_line", "invoice line"),
            [
                s.ref(inv),
                s.text("description", "what it is for"),
                s.money("amount", "amount (negative: credit)", signed=True),
            ],
            "description",
            "the lines of each invoice",
        )
    )
    hours = Hours(opens=w.pick((8, 9)), closes=w.pick((16, 17, 18)), slot=w.pick((15, 20, 30)))
    w.put(hours)
    w.rule("opens", f"{hours.opens:02d}:00")
    w.rule("closes", f"{hours.closes:02d}:00")
    w.rule("slot_minutes", hours.slot)
    w.put(Reviewable("provider", "visit"))
    w.fact(
        f"Appointments are on weekdays from {hours.opens:02d}:00 to {hours.closes:02d}:00 in {hours.slot}-minute "
        "slots. An appointment can be cancelled or moved until the day before; on the day itself it cannot."
    )
    _seed(w, prov, svc)


def _seed(w: World, prov: Entity, svc: Entity) -> None:
    specialties = SPECIALTIES.get(w.domain.key, ("general care",))
    for k in range(w.rng.randint(4, 8)):
        name = w.people.name()
        prefix = TITLES.get(w.domain.key, "")
        prov.add(
            name=f"{prefix} {name}".strip(),
            specialty=specialties[k % len(specialties)],
            email=w.people.staff_email(name),
            accepting=0 if w.chance(0.12) else 1,
        )
    for category in w.domain.catalog.categories:
        for kind in category.items:
            svc.add(
                name=kind.name,
                category=category.name,
                fee_cents=price(w.rng, kind.low, kind.high),
                minutes=kind.size or 30,
            )
    _seed_visits(w)


def _seed_visits(w: World) -> None:
    patient, prov, svc, appt = w.e("customer"), w.e("provider"), w.e("service"), w.e("appointment")
    hours = w.kit(Hours)
    taken: set[tuple[object, str, str]] = set()
    recent = _last_weekday(w.today)
    fixed = (recent, recent, recent, w.today, shift(w.today, 1), shift(w.today, 2))
    for k in range(w.rng.randint(50, 90)):
        day = shift(w.today, w.rng.randint(-90, 30)) if k >= len(fixed) else fixed[k]
        if not _weekday(day):
            continue
        doc, time = w.pick(prov.rows), w.pick(_times(hours))
        if (doc["id"], day, time) in taken:
            continue
        taken.add((doc["id"], day, time))
        who = w.pick(patient.rows)
        past = day < w.today and k >= len(fixed)
        status = (
            w.pick(("completed", "completed", "completed", "no-show", "cancelled"))
            if past
            else ("cancelled" if w.chance(0.08) else "scheduled")
        )
        row = appt.add(
            **{patient.id_arg: who["id"], prov.id_arg: doc["id"]},
            **{svc.id_arg: w.pick(svc.rows)["id"]},
            day=day,
            time=time,
            status=status,
            reason=None,
        )
        if w.has("pet"):
            pets = [p for p in w.e("pet").rows if p[patient.id_arg] == who["id"]]
            row[w.e("pet").id_arg] = pets[0]["id"]
        if status == "completed":
            _seed_invoice(w, row)


def _last_weekday(day: str) -> str:
    while not _weekday(day):
        day = shift(day, -1)
    return day


def _seed_invoice(w: World, visit: Row) -> None:
    inv, lines, svc, patient = w.e("invoice"), w.e("invoice_line"), w.e("service"), w.e("customer")
    service = svc.by_id(visit[svc.id_arg])
    fee = n(service, "fee_cents")
    credit = _covered(w, visit[patient.id_arg], fee)
    row = inv.add(
        number=f"INV-{30000 + inv.next_id()}",
        **{patient.id_arg: visit[patient.id_arg]},
        **{w.e("appointment").id_arg: visit["id"]},
        issued_on=visit["day"],
        status="paid" if str(visit["day"]) < shift(w.today, -45) or w.chance(0.4) else "unpaid",
        total_cents=fee - credit,
    )
    lines.add(**{inv.id_arg: row["id"]}, description=str(service["name"]), amount_cents=fee)
    if credit:
        lines.add(**{inv.id_arg: row["id"]}, description="Insurance payment", amount_cents=-credit)


def _covered(w: World, patient_id: object, fee: int) -> int:
    """What the patient's insurance pays of ``fee`` (all but the copay), 0 without coverage."""
    if not w.has("coverage"):
        return 0
    for c in w.e("coverage").rows:
        if c[w.e("customer").id_arg] == patient_id and c["status"] == "active":
            plan = w.e("insurance_plan").by_id(c[w.e("insurance_plan").id_arg])
            return max(0, fee - n(plan, "copay_cents"))
    return 0


# --- tools ---------------------------------------------------------------------------------------


def clinic_tools(w: World) -> None:
    prov, svc, appt, inv, lines = (w.e(k) for k in ("provider", "service", "appointment", "invoice", "invoice_line"))
    patient = w.e("customer")
    providers = crud.search(w, prov, text=["name"], filters=["specialty", "accepting"], sorts=["name"])
    services = crud.search(
        w, svc, text=["name"], filters=["category"], ranges=["fee", "minutes"], sorts=["name", "fee", "minutes"]
    )
    search = crud.search(
        w, appt, filters=[patient.id_arg, prov.id_arg, "status"], ranges=["day"], sorts=["day", "time"]
    )
    invoices = crud.search(
        w,
        inv,
        text=["number"],
        filters=[patient.id_arg, "status"],
        ranges=["issued_on", "total"],
        sorts=["issued_on", "total"],
    )
    inv_lines = crud.search(w, lines, scope=[inv.id_arg], sorts=["id"], name="list_invoice_lines")
    w.put(
        ClinicKit(
            providers,
            services,
            _slots(w),
            _book(w),
            search,
            _cancel(w),
            _reschedule(w),
            _complete(w),
            invoices,
            inv_lines,
            _pay(w),
            crud.summarize(
                w,
                inv,
                sums=["total"],
                filters=[patient.id_arg, "status"],
                ranges=["issued_on"],
                name="summarize_invoices",
            ),
        )
    )


def _slot_checks(w: World) -> list[Step]:
    h, appt, prov = w.kit(Hours), w.e("appointment"), w.e("provider")
    return [
        check("SELECT :day > :_today", "appointments are booked from tomorrow on; today is {_today}"),
        check("SELECT strftime('%w', :day) NOT IN ('0', '6')", "{day} is a weekend day; the practice is closed"),
        check(
            f"SELECT :time >= '{h.opens:02d}:00' AND :time < '{h.closes:02d}:00' AND "
            f"(CAST(substr(:time, 1, 2) AS INTEGER) * 60 + CAST(substr(:time, 4, 2) AS INTEGER)) % {h.slot} = 0",
            f"{{time}} is not a slot; slots start every {h.slot} minutes from {h.opens:02d}:00 to {h.closes:02d}:00",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {appt.table} WHERE {prov.id_arg} = :{prov.id_arg} AND day = :day AND "
            "time = :time AND status = 'scheduled')",
            "that provider already has an appointment at {time} on {day}",
        ),
    ]


def _slots(w: World) -> str:
    h, appt, prov = w.kit(Hours), w.e("appointment"), w.e("provider")
    pid = prov.id_arg
    sql = (
        f"WITH RECURSIVE m(k) AS (SELECT {h.opens * 60} UNION ALL SELECT k + {h.slot} FROM m WHERE k + {h.slot} < "
        f"{h.closes * 60}) SELECT printf('%02d:%02d', k / 60, k % 60) AS time FROM m WHERE printf('%02d:%02d', "
        f"k / 60, k % 60) NOT IN (SELECT time FROM {appt.table} WHERE {pid} = :{pid} AND day = :day AND "
        "status = 'scheduled') AND strftime('%w', :day) NOT IN ('0', '6') ORDER BY k"
    )
    props = {pid: id_arg("the provider's id"), "day": s.day("day", "").input_schema("the date (YYYY-MM-DD)")}
    program: list[Step] = [crud.exists(w, prov, pid), ret(sql, "all")]
    output = items_of(obj({"time": {"type": "string"}}, ["time"]))
    return w.tool(
        make_tool(
            "list_free_slots",
            "The start times a provider still has free on a date (none on weekends).",
            props,
            list(props),
            program,
            output,
            read_only=True,
        )
    )


def _book(w: World) -> str:
    patient, prov, svc, appt = w.e("customer"), w.e("provider"), w.e("service"), w.e("appointment")
    props = {
        patient.id_arg: id_arg(f"the {patient.label}'s id"),
        prov.id_arg: id_arg("the provider's id"),
        svc.id_arg: id_arg("the service's id"),
        "day": s.day("day", "").input_schema("the date (YYYY-MM-DD)"),
        "time": s.clock("time", "").input_schema("start time, HH:MM"),
        "reason": {"type": "string", "minLength": 1, "maxLength": 200, "description": "why they are coming"},
    }
    columns = [patient.id_arg, prov.id_arg, svc.id_arg, "day", "time", "status", "reason"]
    values = [f":{patient.id_arg}", f":{prov.id_arg}", f":{svc.id_arg}", ":day", ":time", "'scheduled'", ":reason"]
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {patient.table} WHERE id = :{patient.id_arg}",
            f"no {patient.label} with id {{{patient.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "doc",
            f"SELECT name, accepting FROM {prov.table} WHERE id = :{prov.id_arg}",
            f"no provider with id {{{prov.id_arg}}}; {crud.finder_hint(w, 'provider')}",
        ),
        check("SELECT :doc__accepting = 1", "{doc__name} is not taking new appointments"),
        crud.exists(w, svc),
        *_slot_checks(w),
    ]
    if w.has("pet"):
        pet = w.e("pet")
        props[pet.id_arg] = id_arg("the pet's id")
        program.append(
            check(
                f"SELECT EXISTS (SELECT 1 FROM {pet.table} WHERE id = :{pet.id_arg} AND "
                f"{patient.id_arg} = :{patient.id_arg})",
                "that pet does not belong to {who__name}",
            )
        )
        columns.append(pet.id_arg)
        values.append(f":{pet.id_arg}")
    program += [
        execute(f"INSERT INTO {appt.table} ({', '.join(columns)}) VALUES ({', '.join(values)})"),
        ret(f"SELECT {select_list(w, appt)} FROM {appt.table} t WHERE t.id = (SELECT MAX(id) FROM {appt.table})"),
    ]
    required = [k for k in props if k != "reason"]
    return w.tool(
        make_tool(
            "book_appointment",
            f"Book {patient.noun.a()} into a provider's free slot on a weekday.",
            props,
            required,
            program,
            row_schema(w, appt),
            example=_booking_example(w),
        )
    )


def _booking_example(w: World) -> dict[str, object] | None:
    patient, prov, svc, h = w.e("customer"), w.e("provider"), w.e("service"), w.kit(Hours)
    doc = next((p for p in prov.rows if p["accepting"]), None)
    day = next(d for d in (shift(w.today, k) for k in range(20, 30)) if _weekday(d))
    if doc is None:
        return None
    who = patient.rows[0]
    example: dict[str, object] = {
        patient.id_arg: who["id"],
        prov.id_arg: doc["id"],
        svc.id_arg: svc.rows[0]["id"],
        "day": day,
        "time": _times(h)[-1],
    }
    if w.has("pet"):
        example[w.e("pet").id_arg] = next(p["id"] for p in w.e("pet").rows if p[patient.id_arg] == who["id"])
    return example


def _visit_steps(w: World, what: str) -> list[Step]:
    appt = w.e("appointment")
    return [
        query(
            "a",
            f"SELECT status, day, time, {w.e('provider').id_arg} AS doc FROM {appt.table} WHERE id = :{appt.id_arg}",
            f"no appointment with id {{{appt.id_arg}}}; search appointments to find it",
        ),
        check(
            "SELECT :a__status = 'scheduled'", f"that appointment is {{a__status}}; only scheduled ones can be {what}"
        ),
    ]


def _cancel(w: World) -> str:
    appt = w.e("appointment")
    aid = appt.id_arg
    program: list[Step] = [
        *_visit_steps(w, "cancelled"),
        check("SELECT :a__day > :_today", "the appointment is on {a__day}; on the day itself it cannot be cancelled"),
        execute(f"UPDATE {appt.table} SET status = 'cancelled' WHERE id = :{aid}"),
        ret(f"SELECT {select_list(w, appt)} FROM {appt.table} t WHERE t.id = :{aid}"),
    ]
    example = next(({aid: r["id"]} for r in appt.rows if r["status"] == "scheduled" and str(r["day"]) > w.today), None)
    return w.tool(
        make_tool(
            "cancel_appointment",
            "Cancel a scheduled appointment, until the day before it.",
            {aid: id_arg("the appointment's id")},
            [aid],
            program,
            row_schema(w, appt),
            destructive=True,
            example=example,
        )
    )


def _reschedule(w: World) -> str:
    appt, prov = w.e("appointment"), w.e("provider")
    aid = appt.id_arg
    props = {
        aid: id_arg("the appointment's id"),
        "day": s.day("day", "").input_schema("new date"),
        "time": s.clock("time", "").input_schema("new start time, HH:MM"),
    }
    slot = [c for c in _slot_checks(w)]
    slot[-1] = check(
        f"SELECT NOT EXISTS (SELECT 1 FROM {appt.table} WHERE {prov.id_arg} = :a__doc AND day = :day AND "
        f"time = :time AND status = 'scheduled' AND id != :{aid})",
        "the provider already has an appointment at {time} on {day}",
    )
    program: list[Step] = [
        *_visit_steps(w, "moved"),
        check("SELECT :a__day > :_today", "the appointment is today; it can no longer be moved"),
        *slot,
        execute(f"UPDATE {appt.table} SET day = :day, time = :time WHERE id = :{aid}"),
        ret(f"SELECT {select_list(w, appt)} FROM {appt.table} t WHERE t.id = :{aid}"),
    ]
    return w.tool(
        make_tool(
            "reschedule_appointment",
            "Move a scheduled appointment to another free slot of the same provider, until the day before it.",
            props,
            list(props),
            program,
            row_schema(w, appt),
            example=_move_example(w),
        )
    )


def _move_example(w: World) -> dict[str, object] | None:
    appt, prov = w.e("appointment"), w.e("provider")
    for r in appt.rows:
        if r["status"] == "scheduled" and str(r["day"]) > w.today:
            day = next(d for d in (shift(w.today, k) for k in range(25, 40)) if _weekday(d))
            free = _free(w, prov.by_id(r[prov.id_arg]), day)
            if free:
                return {appt.id_arg: r["id"], "day": day, "time": free[0]}
    return None


def _complete(w: World) -> str:
    appt, inv, lines, svc, patient = (w.e(k) for k in ("appointment", "invoice", "invoice_line", "service", "customer"))
    aid = appt.id_arg
    credit = "0"
    if w.has("coverage"):
        cov, plan = w.e("coverage"), w.e("insurance_plan")
        credit = (
            f"COALESCE((SELECT MAX(0, :sv__fee - p.copay_cents) FROM {cov.table} c JOIN {plan.table} p ON "
            f"p.id = c.{plan.id_arg} WHERE c.{patient.id_arg} = :sv__who AND c.status = 'active'), 0)"
        )
    new = f"(SELECT MAX(id) FROM {inv.table})"
    program: list[Step] = [
        *_visit_steps(w, "completed"),
        check("SELECT :a__day <= :_today", "that appointment is on {a__day}; a visit is completed on or after its day"),
        query(
            "sv",
            f"SELECT s.name, s.fee_cents AS fee, a.{patient.id_arg} AS who FROM {appt.table} a JOIN "
            f"{svc.table} s ON s.id = a.{svc.id_arg} WHERE a.id = :{aid}",
        ),
        query("cr", f"SELECT {credit} AS cents"),
        execute(f"UPDATE {appt.table} SET status = 'completed' WHERE id = :{aid}"),
        execute(
            f"INSERT INTO {inv.table} (number, {patient.id_arg}, {aid}, issued_on, status, total_cents) VALUES "
            f"(printf('INV-%d', 30001 + (SELECT COUNT(*) FROM {inv.table})), :sv__who, :{aid}, :_today, 'unpaid', "
            ":sv__fee - :cr__cents)"
        ),
        execute(
            f"INSERT INTO {lines.table} ({inv.id_arg}, description, amount_cents) VALUES ({new}, :sv__name, :sv__fee)"
        ),
        execute(
            f"INSERT INTO {lines.table} ({inv.id_arg}, description, amount_cents) SELECT {new}, "
            "'Insurance payment', -:cr__cents WHERE :cr__cents > 0"
        ),
        ret(f"SELECT {select_list(w, inv)} FROM {inv.table} t WHERE t.id = {new}"),
    ]
    example = next(({aid: r["id"]} for r in appt.rows if r["status"] == "scheduled" and str(r["day"]) <= w.today), None)
    text = (
        "Record that a scheduled visit took place (today or earlier) and bill it: an invoice for the service's "
        "fee, less what the patient's insurance pays."
    )
    return w.tool(
        make_tool(
            "complete_visit",
            text,
            {aid: id_arg("the appointment's id")},
            [aid],
            program,
            row_schema(w, inv),
            example=example,
        )
    )


def _pay(w: World) -> str:
    inv = w.e("invoice")
    iid = inv.id_arg
    props = {
        iid: id_arg("the invoice's id"),
        "amount": {
            "type": "number",
            "minimum": 0.01,
            "maximum": 100000,
            "description": "amount paid, in dollars (the full total)",
        },
    }
    program: list[Step] = [
        query(
            "i",
            f"SELECT number, status, total_cents FROM {inv.table} WHERE id = :{iid}",
            f"no invoice with id {{{iid}}}; search invoices to find it",
        ),
        check("SELECT :i__status = 'unpaid'", "invoice {i__number} is already paid"),
        check(
            "SELECT CAST(ROUND(:amount * 100) AS INTEGER) = :i__total_cents",
            "invoice {i__number} must be paid in full; check its total",
        ),
        execute(f"UPDATE {inv.table} SET status = 'paid' WHERE id = :{iid}"),
        ret(f"SELECT {select_list(w, inv)} FROM {inv.table} t WHERE t.id = :{iid}"),
    ]
    example = next(
        ({iid: r["id"], "amount": n(r, "total_cents") / 100} for r in inv.rows if r["status"] == "unpaid"), None
    )
    return w.tool(
        make_tool(
            "pay_invoice",
            "Record full payment of an unpaid invoice.",
            props,
            list(props),
            program,
            row_schema(w, inv),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _bookable_day(w: World) -> str:
    return next(d for d in (shift(w.today, k) for k in range(w.rng.randint(2, 12), 40)) if _weekday(d))


def _free(w: World, doc: Row, day: str) -> list[str]:
    appt, prov = w.e("appointment"), w.e("provider")
    busy = {
        r["time"] for r in appt.rows if r[prov.id_arg] == doc["id"] and r["day"] == day and r["status"] == "scheduled"
    }
    return [t for t in _times(w.kit(Hours)) if t not in busy]


def _pet_arg(w: World, person: Row) -> dict[str, object]:
    if not w.has("pet"):
        return {}
    pet = next(p for p in w.e("pet").rows if p[w.e("customer").id_arg] == person["id"])
    return {w.e("pet").id_arg: pet["id"]}


def _earliest(w: World) -> TaskCandidate | None:
    kit, prov, svc, patient = w.kit(ClinicKit), w.e("provider"), w.e("service"), w.e("customer")
    docs = [p for p in prov.rows if p["accepting"]]
    if not docs:
        return None
    doc, service, person, day = w.pick(docs), w.pick(svc.rows), w.pick(patient.rows), _bookable_day(w)
    free = _free(w, doc, day)
    after = w.pick(("12:00", "13:00", "14:00"))
    later = [t for t in free if t > after]
    if not later:
        return None
    v = voice(w, person)
    text = v.say(
        f"Please book {v.me} in for a {service['name']} with {doc['name']} on {day}, at the earliest time "
        f"free after {after}, and tell {v.me} the time."
    )
    calls = [
        find(w, "customer", person, "email"),
        find(w, "provider", doc),
        call(kit.services, query=str(service["name"])),
        call(kit.slots, **{prov.id_arg: doc["id"], "day": day}),
        call(
            kit.book,
            **{
                patient.id_arg: person["id"],
                prov.id_arg: doc["id"],
                svc.id_arg: service["id"],
                "day": day,
                "time": later[0],
                **_pet_arg(w, person),
            },
        ),
    ]
    return TaskCandidate(
        kind="book-earliest-slot",
        instruction=text,
        calls=calls,
        answer=[later[0]],
        competing=later[1:4],
        difficulty="hard",
        tags=["write", "scheduling", "filter-sort"],
    )


def _same_day_cancel(w: World) -> TaskCandidate | None:
    kit, appt, patient = w.kit(ClinicKit), w.e("appointment"), w.e("customer")
    pool = [r for r in appt.rows if r["status"] == "scheduled" and r["day"] == w.today]
    if not pool:
        return None
    r = w.pick(pool)
    person = patient.by_id(r[patient.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Something came up; please cancel {v.my} appointment today. If it is too late to cancel, tell me what time"
        " it is, so we can try to make it."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.search, **{patient.id_arg: person["id"]}, status="scheduled"),
    ]
    return refusing(
        "same-day-cancel-refused",
        text,
        reads=reads,
        complying=[call(kit.cancel, **{appt.id_arg: r["id"]})],
        reason="appointments cannot be cancelled on the day itself",
        answer=[str(r["time"])],
        competing=[str(x["time"]) for x in appt.rows if x["day"] == w.today and x is not r and x["time"] != r["time"]][
            :4
        ],
        tags=["appointments"],
    )


def _sick_provider(w: World) -> TaskCandidate | None:
    kit, appt, prov = w.kit(ClinicKit), w.e("appointment"), w.e("provider")
    for doc in shuffled(w, prov.rows):
        days = sorted(
            {
                str(r["day"])
                for r in appt.rows
                if r[prov.id_arg] == doc["id"] and r["status"] == "scheduled" and str(r["day"]) > w.today
            }
        )
        for day in days:
            hit = [
                r for r in appt.rows if r[prov.id_arg] == doc["id"] and r["day"] == day and r["status"] == "scheduled"
            ]
            if 2 <= len(hit) <= 6:
                break
        else:
            continue
        break
    else:
        return None
    text = (
        f"{doc['name']} will be away on {day}. Cancel all of their scheduled appointments that day; nobody "
        "else's appointments change."
    )
    calls = [
        find(w, "provider", doc),
        call(kit.search, **{prov.id_arg: doc["id"]}, day_from=day, day_to=day, status="scheduled"),
    ]
    calls += [call(kit.cancel, **{appt.id_arg: r["id"]}) for r in sorted(hit, key=lambda r: str(r["time"]))]
    return TaskCandidate(
        kind="provider-away", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "keep-others"]
    )


def _complete_and_bill(w: World) -> TaskCandidate | None:
    kit, appt, patient, svc = w.kit(ClinicKit), w.e("appointment"), w.e("customer"), w.e("service")
    pool = [r for r in appt.rows if r["status"] == "scheduled" and r["day"] == w.today]
    if not pool:
        return None
    r = w.pick(pool)
    person = patient.by_id(r[patient.id_arg])
    fee = n(svc.by_id(r[svc.id_arg]), "fee_cents")
    owed = fee - _covered(w, person["id"], fee)
    text = (
        f"{person['name']} has just finished their {r['time']} appointment. Mark the visit as done, bill it, and "
        "tell me how much they owe."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.search, **{patient.id_arg: person["id"]}, day_from=w.today, day_to=w.today),
        call(kit.complete, **{appt.id_arg: r["id"]}),
    ]
    return TaskCandidate(
        kind="complete-and-bill",
        instruction=text,
        calls=calls,
        answer=[plain(owed)],
        competing=others([plain(fee)] + [plain(n(x, "fee_cents")) for x in svc.rows], [plain(owed)]),
        difficulty="medium",
        tags=["write", "workflow", "report"],
    )


def _owed(w: World) -> TaskCandidate | None:
    kit, inv, patient = w.kit(ClinicKit), w.e("invoice"), w.e("customer")
    for person in shuffled(w, patient.rows):
        mine = [i for i in inv.rows if i[patient.id_arg] == person["id"]]
        unpaid = [i for i in mine if i["status"] == "unpaid"]
        if len(unpaid) >= 2 and len(mine) > len(unpaid):
            break
    else:
        return None
    total = sum(n(i, "total_cents") for i in unpaid)
    text = f"How much does {person['name']} owe us in unpaid invoices altogether?"
    calls = [
        find(w, "customer", person, "email"),
        call(kit.invoices, **{patient.id_arg: person["id"]}, status="unpaid"),
        call(kit.balance, **{patient.id_arg: person["id"]}, status="unpaid"),
    ]
    competing = [plain(sum(n(i, "total_cents") for i in mine))] + [plain(n(i, "total_cents")) for i in unpaid]
    return TaskCandidate(
        kind="unpaid-balance",
        instruction=text,
        calls=calls,
        answer=[plain(total)],
        competing=[c for c in competing if c != plain(total)],
        difficulty="medium",
        tags=["lookup", "aggregate"],
    )


def _first_patient(w: World) -> TaskCandidate | None:
    kit, appt, prov, patient = w.kit(ClinicKit), w.e("appointment"), w.e("provider"), w.e("customer")
    for r in shuffled(w, [r for r in appt.rows if r["status"] == "scheduled" and str(r["day"]) > w.today]):
        day = [
            x
            for x in appt.rows
            if x[prov.id_arg] == r[prov.id_arg] and x["day"] == r["day"] and x["status"] == "scheduled"
        ]
        if len(day) >= 2:
            break
    else:
        return None
    day.sort(key=lambda x: str(x["time"]))
    doc = prov.by_id(r[prov.id_arg])
    first = patient.by_id(day[0][patient.id_arg])
    text = f"Who is {doc['name']}'s first patient on {r['day']}, and at what time?"
    calls = [
        find(w, "provider", doc),
        call(
            kit.search,
            **{prov.id_arg: doc["id"]},
            day_from=r["day"],
            day_to=r["day"],
            status="scheduled",
            sort_by="time",
        ),
    ]
    others = [str(patient.by_id(x[patient.id_arg])["name"]) for x in day[1:]]
    return TaskCandidate(
        kind="first-patient",
        instruction=text,
        calls=calls,
        answer=[str(first["name"]), str(day[0]["time"])],
        competing=[o for o in others if o != first["name"]] + [str(x["time"]) for x in day[1:]],
        difficulty="medium",
        tags=["lookup", "filter-sort"],
    )


def _pay_all(w: World) -> TaskCandidate | None:
    kit, inv, patient = w.kit(ClinicKit), w.e("invoice"), w.e("customer")
    for person in shuffled(w, patient.rows):
        unpaid = [i for i in inv.rows if i[patient.id_arg] == person["id"] and i["status"] == "unpaid"]
        if 2 <= len(unpaid) <= 5:
            break
    else:
        return None
    v = voice(w, person)
    text = v.say(f"{v.i.capitalize()} would like to settle every unpaid invoice on {v.my} account today.")
    calls = [
        find(w, "customer", person, "email"),
        call(kit.invoices, **{patient.id_arg: person["id"]}, status="unpaid"),
    ]
    calls += [call(kit.pay, **{inv.id_arg: i["id"], "amount": n(i, "total_cents") / 100}) for i in unpaid]
    return TaskCandidate(
        kind="settle-invoices", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk"]
    )


CLINIC = Module(
    key="clinic",
    about="providers, services, appointments in slots, visits billed as invoices",
    fits=frozenset({"family_clinic", "dental_practice", "veterinary_clinic", "physio_clinic", "eye_clinic"}),
    build=build_clinic,
    tools=clinic_tools,
    tasks=(
        TaskKind("book-earliest-slot", _earliest),
        TaskKind("same-day-cancel-refused", _same_day_cancel),
        TaskKind("provider-away", _sick_provider),
        TaskKind("complete-and-bill", _complete_and_bill),
        TaskKind("unpaid-balance", _owed),
        TaskKind("first-patient", _first_patient),
        TaskKind("settle-invoices", _pay_all),
    ),
    needs=("customers",),
)
