"""Around the visit: insurance plans and patients' coverage, prescriptions with refills, and pets."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import between, shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.data.catalogs.health import MEDICINES, VET_MEDICINES
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.prices import plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

PLANS = (
    "Blue Shield PPO",
    "Aetna Choice",
    "Cigna Open Access",
    "UnitedHealth Select",
    "Kaiser Silver",
    "Humana Gold",
    "Oscar Bronze",
)
SPECIES = {
    "dog": ("Labrador", "Beagle", "Poodle", "Border Collie", "Dachshund", "mixed breed"),
    "cat": ("Siamese", "Maine Coon", "domestic shorthair", "Ragdoll"),
    "rabbit": ("Holland Lop", "Rex"),
}
PET_NAMES = (
    "Biscuit",
    "Luna",
    "Max",
    "Milo",
    "Bella",
    "Pepper",
    "Olive",
    "Ziggy",
    "Nala",
    "Cooper",
    "Mochi",
    "Rocky",
    "Daisy",
    "Juniper",
    "Otis",
    "Hazel",
)


@dataclass(frozen=True)
class CoverageKit:
    plans: str
    coverage: str
    enroll: str
    end: str


def build_coverage(w: World) -> None:
    patient = w.e("customer")
    plan = w.add(
        Entity(
            "insurance_plan",
            w.noun("insurance_plan", "insurance plan"),
            [s.text("name", "name", unique=True, mutable=False), s.money("copay", "what the patient pays per visit")],
            "name",
            "the insurance plans the practice accepts",
        )
    )
    cov = w.add(
        Entity(
            "coverage",
            w.noun("coverage", "coverage|coverages"),
            [
                s.ref(patient),
                s.ref(plan),
                s.code("member_id", "member number"),
                s.enum("status", "active or ended", ("active", "ended")),
                s.day("since", "start date"),
            ],
            "member_id",
            f"which plan covers each {patient.label}",
        )
    )
    for name in w.rng.sample(PLANS, w.rng.randint(3, 5)):
        plan.add(name=name, copay_cents=w.pick((1500, 2000, 2500, 3000, 3500, 4000, 5000)))
    for person in shuffled(w, patient.rows)[: len(patient.rows) * 2 // 3]:
        cov.add(
            **{patient.id_arg: person["id"], plan.id_arg: w.pick(plan.rows)["id"]},
            member_id=f"{w.pick('ABHKMWZ')}{w.rng.randrange(10**7, 10**8)}",
            status="ended" if w.chance(0.1) else "active",
            since=days_ago(w, 30, 1500),
        )
    w.fact("Insured patients pay only their plan's copay for a visit; the insurer pays the rest.")


def coverage_tools(w: World) -> None:
    plan, cov, patient = w.e("insurance_plan"), w.e("coverage"), w.e("customer")
    plans = crud.search(w, plan, text=["name"], ranges=["copay"], sorts=["name", "copay"])
    coverage = crud.search(w, cov, text=["member_id"], filters=[patient.id_arg, plan.id_arg, "status"], sorts=["since"])
    enroll = crud.create(
        w,
        cov,
        [cov.col(patient.id_arg), cov.col(plan.id_arg), cov.col("member_id")],
        fixed={"status": "'active'", "since": ":_today"},
        about=f"Record a {patient.label}'s insurance coverage",
        guards=[
            check(
                f"SELECT NOT EXISTS (SELECT 1 FROM {cov.table} WHERE {patient.id_arg} = :{patient.id_arg} AND "
                "status = 'active')",
                "they already have active coverage; end it first",
            )
        ],
    )
    end = _end_coverage(w)
    w.put(CoverageKit(plans, coverage, enroll, end))


def _end_coverage(w: World) -> str:
    cov = w.e("coverage")
    cid = cov.id_arg
    program: list[Step] = [
        query("c", f"SELECT status FROM {cov.table} WHERE id = :{cid}", f"no coverage with id {{{cid}}}"),
        check("SELECT :c__status = 'active'", "that coverage has already ended"),
        execute(f"UPDATE {cov.table} SET status = 'ended' WHERE id = :{cid}"),
        ret(f"SELECT {select_list(w, cov)} FROM {cov.table} t WHERE t.id = :{cid}"),
    ]
    example = next(({cid: r["id"]} for r in cov.rows if r["status"] == "active"), None)
    return w.tool(
        make_tool(
            "end_coverage",
            "End a patient's insurance coverage.",
            {cid: id_arg("the coverage's id")},
            [cid],
            program,
            row_schema(w, cov),
            example=example,
        )
    )


def _switch_plan(w: World) -> TaskCandidate | None:
    kit, cov, plan, patient = w.kit(CoverageKit), w.e("coverage"), w.e("insurance_plan"), w.e("customer")
    pool = [c for c in cov.rows if c["status"] == "active"]
    if not pool:
        return None
    c = w.pick(pool)
    person = patient.by_id(c[patient.id_arg])
    new_plan = w.pick([p for p in plan.rows if p["id"] != c[plan.id_arg]])
    member = f"{w.pick('CDEFGJ')}{w.rng.randrange(10**7, 10**8)}"
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} changed insurance: {v.my} new plan is {new_plan['name']}, member number {member}. "
        "Please end the old coverage and record the new one."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.coverage, **{patient.id_arg: person["id"]}),
        call(kit.plans, query=str(new_plan["name"])),
        call(kit.end, **{cov.id_arg: c["id"]}),
        call(kit.enroll, **{patient.id_arg: person["id"], plan.id_arg: new_plan["id"], "member_id": member}),
    ]
    return TaskCandidate(
        kind="switch-insurance", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-step"]
    )


def _copay(w: World) -> TaskCandidate | None:
    kit, cov, plan, patient = w.kit(CoverageKit), w.e("coverage"), w.e("insurance_plan"), w.e("customer")
    pool = [c for c in cov.rows if c["status"] == "active"]
    if not pool or len({p["copay_cents"] for p in plan.rows}) < 2:
        return None
    c = w.pick(pool)
    person, mine = patient.by_id(c[patient.id_arg]), plan.by_id(c[plan.id_arg])
    text = f"What copay will {person['name']} pay for a visit under their current insurance plan?"
    calls = [
        find(w, "customer", person, "email"),
        call(kit.coverage, **{patient.id_arg: person["id"]}, status="active"),
        call(kit.plans, query=str(mine["name"])),
    ]
    return TaskCandidate(
        kind="visit-copay",
        instruction=text,
        calls=calls,
        answer=[plain(n(mine, "copay_cents"))],
        competing=sorted({plain(n(p, "copay_cents")) for p in plan.rows} - {plain(n(mine, "copay_cents"))}),
        difficulty="medium",
        tags=["lookup", "multi-step"],
    )


COVERAGE = Module(
    key="coverage",
    about="insurance plans and which plan covers each patient",
    fits=frozenset({"family_clinic", "dental_practice", "physio_clinic", "eye_clinic"}),
    build=build_coverage,
    tools=coverage_tools,
    tasks=(TaskKind("switch-insurance", _switch_plan), TaskKind("visit-copay", _copay)),
    needs=("customers",),
)


# --- pets ----------------------------------------------------------------------------------------


def build_pets(w: World) -> None:
    owner = w.e("customer")
    ent = w.add(
        Entity(
            "pet",
            w.noun("pet"),
            [
                s.ref(owner),
                s.text("name", "name"),
                s.enum("species", "species", tuple(SPECIES)),
                s.text("breed", "breed"),
                s.day("born_on", "date of birth", required=False),
            ],
            "name",
            f"the animals each {owner.label} brings in",
        )
    )
    for person in owner.rows:
        for _ in range(w.pick((1, 1, 1, 2, 2, 3))):
            species = w.pick(("dog", "dog", "cat", "cat", "rabbit"))
            ent.add(
                **{owner.id_arg: person["id"]},
                name=w.pick(PET_NAMES),
                species=species,
                breed=w.pick(SPECIES[species]),
                born_on=days_ago(w, 200, 5000),
            )


@dataclass(frozen=True)
class PetKit:
    search: str
    register: str


def pet_tools(w: World) -> None:
    ent, owner = w.e("pet"), w.e("customer")
    search = crud.search(w, ent, text=["name", "breed"], filters=[owner.id_arg, "species"], sorts=["name", "born_on"])
    w.put(PetKit(search, crud.create(w, ent, list(ent.columns), about=f"Register a pet for {owner.noun.a()}")))


def _new_pet(w: World) -> TaskCandidate | None:
    kit, owner = w.kit(PetKit), w.e("customer")
    person = w.pick(owner.rows)
    species = w.pick(tuple(SPECIES))
    name, breed, born = w.pick(PET_NAMES), w.pick(SPECIES[species]), days_ago(w, 60, 400)
    young = {"dog": "puppy", "cat": "kitten", "rabbit": "rabbit"}[species]
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} adopted a {breed} {young} called {name}, born {born}. Please add the "
        f"{young} to {v.my} file."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.search, **{owner.id_arg: person["id"]}),
        call(
            kit.register,
            **{owner.id_arg: person["id"], "name": name, "species": species, "breed": breed, "born_on": born},
        ),
    ]
    return TaskCandidate(
        kind="register-pet", instruction=text, calls=calls, difficulty="easy", tags=["write", "create"]
    )


def _last_visit(w: World) -> TaskCandidate | None:
    if not w.has("appointment"):
        return None
    owner, pet, appt, svc = w.e("customer"), w.e("pet"), w.e("appointment"), w.e("service")
    for p in shuffled(w, pet.rows):
        done = sorted(
            (a for a in appt.rows if a[pet.id_arg] == p["id"] and a["status"] == "completed"),
            key=lambda a: str(a["day"]),
        )
        same = [q for q in pet.rows if q["name"] == p["name"] and q[owner.id_arg] == p[owner.id_arg]]
        if len(done) >= 2 and done[-1]["day"] != done[-2]["day"] and len(same) == 1:
            break
    else:
        return None
    person = owner.by_id(p[owner.id_arg])
    last = done[-1]
    text = (
        f"When did {person['name']}'s {p['species']} {p['name']} last come in for a completed visit, and what was "
        "it for?"
    )
    calls = [
        find(w, "customer", person, "email"),
        call(w.kit(PetKit).search, **{owner.id_arg: person["id"]}),
        call(w.searches["appointment"].tool, **{owner.id_arg: person["id"]}, status="completed"),
    ]
    return TaskCandidate(
        kind="pet-last-visit",
        instruction=text,
        calls=calls,
        answer=[str(last["day"]), str(svc.by_id(last[svc.id_arg])["name"])],
        competing=[str(a["day"]) for a in done[:-1] if a["day"] != last["day"]][-3:],
        difficulty="medium",
        tags=["lookup", "multi-step"],
    )


PETS = Module(
    key="pets",
    about="the animals a veterinary clinic treats, with their owners",
    fits=frozenset({"veterinary_clinic"}),
    build=build_pets,
    tools=pet_tools,
    tasks=(TaskKind("register-pet", _new_pet), TaskKind("pet-last-visit", _last_visit)),
    needs=("customers",),
)


# --- prescriptions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefillPolicy:
    min_days: int


@dataclass(frozen=True)
class RxKit:
    search: str
    refills: str
    refill: str
    medications: str


def build_prescriptions(w: World) -> None:
    patient = w.e("customer")
    med = w.add(
        Entity(
            "medication",
            w.noun("medication"),
            [s.text("name", "name and strength", unique=True, mutable=False), s.money("price", "price per fill")],
            "name",
            "medicines the practice prescribes",
        )
    )
    prescriber = [s.ref(w.e("provider"))] if w.has("provider") else []
    rx = w.add(
        Entity(
            "prescription",
            w.noun("prescription"),
            [
                s.code("rx_number", "prescription number"),
                s.ref(patient),
                *prescriber,
                s.ref(med),
                s.text("directions", "how to take it"),
                s.integer("refills_allowed", "refills allowed", 0, 12),
                s.integer("refills_used", "refills used", 0, 12),
                s.day("written_on", "date written"),
                s.day("expires_on", "last day it can be filled"),
            ],
            "rx_number",
            "medicines prescribed to each patient",
        )
    )
    fill = w.add(
        Entity(
            "refill",
            w.noun("refill"),
            [s.ref(rx), s.day("filled_on", "date filled"), s.money("price", "price charged")],
            "id",
            "each time a prescription was filled",
        )
    )
    source = VET_MEDICINES if w.domain.key == "veterinary_clinic" else MEDICINES
    for name, low, high in w.rng.sample(source, min(len(source), w.rng.randint(6, 10))):
        med.add(name=name, price_cents=price(w.rng, low, high))
    policy = RefillPolicy(w.pick((21, 25, 28)))
    w.put(policy)
    w.rule("min_days_between_refills", policy.min_days)
    w.fact(
        f"A prescription can be refilled while it has refills left and has not expired, and not sooner than "
        f"{policy.min_days} days after its last fill."
    )
    directions = (
        "Take one tablet daily",
        "Take one capsule twice a day with food",
        "Use as directed",
        "Take one at bedtime",
        "Give one chew monthly",
    )
    for k in range(w.rng.randint(14, 30)):
        who = w.pick(patient.rows)
        drug = w.pick(med.rows)
        written = days_ago(w, 10, 400)
        allowed = w.pick((0, 1, 2, 3, 5, 5, 11))
        row = rx.add(
            rx_number=f"RX{700000 + k * 37}",
            **{patient.id_arg: who["id"], med.id_arg: drug["id"]},
            directions=w.pick(directions),
            refills_allowed=allowed,
            refills_used=0,
            written_on=written,
            expires_on=shift(written, 365),
        )
        if prescriber:
            row[w.e("provider").id_arg] = w.pick(w.e("provider").rows)["id"]
        day = written
        fill.add(**{rx.id_arg: row["id"]}, filled_on=day, price_cents=drug["price_cents"])
        while n(row, "refills_used") < allowed and shift(day, 30) < w.today and w.chance(0.7):
            day = shift(day, 30)
            fill.add(**{rx.id_arg: row["id"]}, filled_on=day, price_cents=drug["price_cents"])
            row["refills_used"] = n(row, "refills_used") + 1


def prescription_tools(w: World) -> None:
    rx, fill, med, patient = w.e("prescription"), w.e("refill"), w.e("medication"), w.e("customer")
    left = Computed("refills_left", "t.refills_allowed - t.refills_used", "integer")
    search = crud.search(
        w,
        rx,
        text=["rx_number"],
        filters=[patient.id_arg, med.id_arg],
        ranges=["expires_on"],
        sorts=["written_on", "expires_on"],
        extras=[left],
    )
    refills = crud.search(w, fill, scope=[rx.id_arg], sorts=["filled_on"], name="list_refills")
    meds = crud.search(w, med, text=["name"], ranges=["price"], sorts=["name", "price"])
    w.put(RxKit(search, refills, _refill(w), meds))


def _refill(w: World) -> str:
    rx, fill, med = w.e("prescription"), w.e("refill"), w.e("medication")
    rid = rx.id_arg
    days = w.kit(RefillPolicy).min_days
    program: list[Step] = [
        query(
            "p",
            f"SELECT rx_number, refills_allowed - refills_used AS left, expires_on, (SELECT MAX(filled_on) FROM "
            f"{fill.table} WHERE {rid} = :{rid}) AS last, (SELECT price_cents FROM {med.table} WHERE id = "
            f"{rx.table}.{med.id_arg}) AS price FROM {rx.table} WHERE id = :{rid}",
            f"no prescription with id {{{rid}}}; search prescriptions to find it",
        ),
        check("SELECT :p__left > 0", "{p__rx_number} has no refills left; the patient needs a new prescription"),
        check("SELECT :p__expires_on >= :_today", "{p__rx_number} expired on {p__expires_on}"),
        check(
            f"SELECT :p__last IS NULL OR :_today >= date(:p__last, '+{days} days')",
            f"{{p__rx_number}} was last filled on {{p__last}}; refills are {days} days apart at least",
        ),
        execute(f"INSERT INTO {fill.table} ({rid}, filled_on, price_cents) VALUES (:{rid}, :_today, :p__price)"),
        execute(f"UPDATE {rx.table} SET refills_used = refills_used + 1 WHERE id = :{rid}"),
        ret(f"SELECT {select_list(w, rx)} FROM {rx.table} t WHERE t.id = :{rid}"),
    ]
    example = next(({rid: r["id"]} for r in rx.rows if _refillable(w, r)), None)
    return w.tool(
        make_tool(
            "refill_prescription",
            f"Fill a prescription again: refills left, not expired, at least {days} days since the last fill.",
            {rid: id_arg("the prescription's id")},
            [rid],
            program,
            row_schema(w, rx),
            example=example,
        )
    )


def _last_fill(w: World, r: Row) -> str:
    rx = w.e("prescription")
    return max(str(f["filled_on"]) for f in w.e("refill").rows if f[rx.id_arg] == r["id"])


def _refillable(w: World, r: Row) -> bool:
    days = w.kit(RefillPolicy).min_days
    return (
        n(r, "refills_used") < n(r, "refills_allowed")
        and str(r["expires_on"]) >= w.today
        and between(_last_fill(w, r), w.today) >= days
    )


def _refill_if_allowed(w: World) -> TaskCandidate | None:
    kit, rx, med, patient = w.kit(RxKit), w.e("prescription"), w.e("medication"), w.e("customer")
    days = w.kit(RefillPolicy).min_days
    ok = [r for r in rx.rows if _refillable(w, r)]
    early = [
        r
        for r in rx.rows
        if n(r, "refills_used") < n(r, "refills_allowed")
        and str(r["expires_on"]) >= w.today
        and between(_last_fill(w, r), w.today) < days
    ]
    holds = w.chance(0.5)
    pool = ok if holds else early
    if not pool:
        return None
    r = w.pick(pool)
    person, drug = patient.by_id(r[patient.id_arg]), med.by_id(r[med.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Could you refill {v.my} {drug['name']}? If it's too soon for a refill, don't fill it; tell "
        f"{v.me} the date it was last filled."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.search, **{patient.id_arg: person["id"], med.id_arg: drug["id"]}),
        call(kit.refills, **{rx.id_arg: r["id"]}),
    ]
    fills = sorted({str(f["filled_on"]) for f in w.e("refill").rows if f[rx.id_arg] == r["id"]})
    return branching(
        "refill-if-due",
        text,
        condition="refill-due",
        holds=holds,
        reads=reads,
        then=[call(kit.refill, **{rx.id_arg: r["id"]})],
        otherwise=[],
        answer=[] if holds else [fills[-1]],
        competing=[] if holds else fills[:-1][-3:],
        tags=["conditional", "prescriptions"],
    )


def _no_refills(w: World) -> TaskCandidate | None:
    kit, rx, patient = w.kit(RxKit), w.e("prescription"), w.e("customer")
    pool = [r for r in rx.rows if n(r, "refills_used") >= n(r, "refills_allowed") >= 1]
    if not pool:
        return None
    r = w.pick(pool)
    person = patient.by_id(r[patient.id_arg])
    v = voice(w, person)
    text = v.say(f"Please refill prescription {r['rx_number']} for {v.me}.")
    reads = [call(kit.search, query=str(r["rx_number"]))]
    return refusing(
        "refill-refused",
        text,
        reads=reads,
        complying=[call(kit.refill, **{rx.id_arg: r["id"]})],
        reason=f"{r['rx_number']} has used all {r['refills_allowed']} refills",
        answer=[str(r["refills_allowed"])],
        competing=others([x["refills_allowed"] for x in rx.rows], [r["refills_allowed"]]),
        tags=["prescriptions"],
    )


def _refills_left(w: World) -> TaskCandidate | None:
    kit, rx, med, patient = w.kit(RxKit), w.e("prescription"), w.e("medication"), w.e("customer")
    pool = [r for r in rx.rows if 0 < n(r, "refills_used") < n(r, "refills_allowed")]
    if not pool:
        return None
    r = w.pick(pool)
    person, drug = patient.by_id(r[patient.id_arg]), med.by_id(r[med.id_arg])
    left = n(r, "refills_allowed") - n(r, "refills_used")
    text = f"How many refills does {person['name']} have left on their {drug['name']}?"
    calls = [
        find(w, "customer", person, "email"),
        call(kit.medications, query=str(drug["name"])),
        call(kit.search, **{patient.id_arg: person["id"], med.id_arg: drug["id"]}),
    ]
    return TaskCandidate(
        kind="refills-left",
        instruction=text,
        calls=calls,
        answer=[str(left)],
        competing=sorted({str(r["refills_allowed"]), str(r["refills_used"])} - {str(left)}),
        difficulty="medium",
        tags=["lookup", "multi-step"],
    )


def _expired(w: World) -> TaskCandidate | None:
    kit, rx, patient = w.kit(RxKit), w.e("prescription"), w.e("customer")
    pool = [r for r in rx.rows if str(r["expires_on"]) < w.today and n(r, "refills_used") < n(r, "refills_allowed")]
    if not pool:
        return None
    r = w.pick(pool)
    person = patient.by_id(r[patient.id_arg])
    v = voice(w, person)
    text = v.say(f"{v.i.capitalize()} would like prescription {r['rx_number']} refilled, please.")
    return refusing(
        "refill-expired-refused",
        text,
        reads=[call(kit.search, query=str(r["rx_number"]))],
        complying=[call(kit.refill, **{rx.id_arg: r["id"]})],
        reason=f"{r['rx_number']} expired on {r['expires_on']}",
        answer=[str(r["expires_on"])],
        competing=[str(r["written_on"])],
        tags=["prescriptions"],
    )


PRESCRIPTIONS = Module(
    key="prescriptions",
    about="prescriptions with refills and the rules for refilling",
    fits=frozenset({"family_clinic", "veterinary_clinic", "pharmacy", "eye_clinic"}),
    build=build_prescriptions,
    tools=prescription_tools,
    tasks=(
        TaskKind("refill-if-due", _refill_if_allowed),
        TaskKind("refill-refused", _no_refills),
        TaskKind("refill-expired-refused", _expired),
        TaskKind("refills-left", _refills_left),
    ),
    needs=("customers",),
)
