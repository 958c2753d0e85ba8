"""Equipment a business owns and keeps running: assets with a purchase cost and a status, a maintenance
log, and (where the business has staff) assets checked out to people and returned. Repairs bring an
asset back into service; a retired asset stays retired.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.naming import series
from generator.prices import amount, as_number, dollars, plain, price
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.world import World

EQUIPMENT = {
    "health": (
        ("Autoclave", 2400, 6500),
        ("ECG Machine", 1800, 5200),
        ("Exam Table", 900, 2600),
        ("Vital Signs Monitor", 700, 2100),
        ("Ultrasound Scanner", 9000, 24000),
    ),
    "logistics": (
        ("Forklift", 14000, 32000),
        ("Pallet Jack", 300, 1100),
        ("Label Printer", 350, 1400),
        ("Box Truck", 38000, 61000),
        ("Stretch Wrapper", 4200, 9800),
    ),
    "events": (
        ("Line Array Speaker", 2200, 7400),
        ("Moving Head Light", 900, 2900),
        ("Wireless Mic Kit", 400, 1600),
        ("LED Video Wall Panel", 1200, 3800),
        ("Mixing Console", 3000, 12000),
    ),
    "education": (
        ("Projector", 450, 1700),
        ("Laptop Cart", 900, 2600),
        ("3D Printer", 600, 3400),
        ("Document Camera", 120, 480),
        ("Microscope", 300, 1500),
    ),
    "property": (
        ("Boiler", 4200, 11000),
        ("Passenger Elevator", 42000, 90000),
        ("Rooftop HVAC Unit", 6500, 19000),
        ("Security Camera System", 1800, 5600),
        ("Floor Scrubber", 2100, 6400),
    ),
    "lodging": (
        ("Commercial Washer", 3800, 9200),
        ("Ice Machine", 1600, 4300),
        ("Pool Pump", 700, 2300),
        ("Luggage Cart", 180, 650),
        ("Room Safe", 120, 420),
    ),
    "food": (
        ("Walk-in Freezer", 6800, 15000),
        ("Pizza Oven", 3200, 12000),
        ("Commercial Dishwasher", 2500, 7800),
        ("Espresso Machine", 1400, 6900),
        ("Delivery Scooter", 1900, 4200),
    ),
    "government": (
        ("Snow Plow", 38000, 92000),
        ("Street Sweeper", 120000, 260000),
        ("Radar Speed Sign", 2400, 5200),
        ("Pickup Truck", 31000, 48000),
        ("Traffic Counter", 900, 3100),
    ),
    "software": (
        ("Developer Laptop", 1300, 3400),
        ("Rack Server", 4200, 14000),
        ("Network Switch", 600, 3200),
        ("Conference Room Display", 700, 2400),
        ("Test Phone", 250, 1100),
    ),
}
WORK = ("inspection", "repair", "service")
STATES = ("in service", "under repair", "retired")


@dataclass(frozen=True)
class AssetKit:
    assets: str
    history: str
    log: str
    set_status: str
    checkout: str
    checkin: str
    loans: str


def build_assets(w: World) -> None:
    asset = w.add(
        Entity(
            "asset",
            w.noun("asset", "equipment item"),
            [
                s.code("tag", "asset tag"),
                s.text("name", "what it is"),
                s.text("location", "where it is kept"),
                s.enum("status", "in service, under repair or retired", STATES),
                s.day("purchased_on", "date bought", mutable=False),
                s.money("cost", "purchase cost", mutable=False),
            ],
            "tag",
            "equipment the business owns",
            table="assets",
        )
    )
    log = w.add(
        Entity(
            "maintenance",
            w.noun("maintenance", "maintenance record"),
            [
                s.ref(asset),
                s.day("done_on", "date", mutable=False),
                s.enum("kind", "inspection, repair or service", WORK),
                s.money("cost", "cost"),
                s.text("note", "what was done"),
            ],
            "id",
            "the maintenance history of each asset",
            table="maintenance_records",
        )
    )
    staff = w.e("staff") if w.has("staff") else None
    if staff is not None:
        w.add(
            Entity(
                "asset_loan",
                w.noun("asset_loan", "checkout"),
                [
                    s.ref(asset),
                    s.ref(staff),
                    s.day("out_on", "date checked out", mutable=False),
                    s.day("due_on", "date due back"),
                    s.day("returned_on", "date returned", required=False),
                ],
                "id",
                "equipment checked out to staff",
                table="equipment_checkouts",
            )
        )
    w.fact("A repair puts an asset back in service; a retired asset is never used, repaired or checked out again.")
    _seed(w, asset, log, staff)


NOTES = {
    "inspection": ("annual safety inspection", "passed visual check", "calibration verified"),
    "repair": ("replaced worn belt", "fixed power supply", "replaced control board", "sealed a leak"),
    "service": ("routine service", "cleaned and lubricated", "filters replaced"),
}
PLACES = ("Main floor", "Back room", "Storage A", "Storage B", "Front office", "Loading area", "Basement")


def _seed(w: World, asset: Entity, log: Entity, staff: Entity | None) -> None:
    kinds = EQUIPMENT.get(w.domain.family, EQUIPMENT["property"])
    prefix = w.pick(("EQ", "AS", "FA", "TAG"))
    for k in range(w.rng.randint(10, 22)):
        name, low, high = w.pick(kinds)
        bought = days_ago(w, 200, 2900)
        status = w.pick(("in service",) * 6 + ("under repair", "retired"))
        row = asset.add(
            tag=f"{prefix}-{1000 + k * 7 + w.rng.randint(0, 6)}",
            name=name,
            location=w.pick(PLACES),
            status=status,
            purchased_on=bought,
            cost_cents=price(w.rng, low, high),
        )
        for _ in range(w.rng.randint(0, 4)):
            kind = w.pick(WORK)
            top = n(row, "cost_cents") / 100 * (0.02 if kind != "repair" else 0.15)
            log.add(
                **{asset.id_arg: row["id"]},
                done_on=shift(bought, w.rng.randint(30, 180)) if w.chance(0.3) else days_ago(w, 5, 190),
                kind=kind,
                cost_cents=amount(w.rng, 40, max(60, top)),
                note=w.pick(NOTES[kind]),
            )
    if staff is None:
        return
    loans = w.e("asset_loan")
    people = [p for p in staff.rows if p["active"]]
    lent = [a for a in asset.rows if a["status"] == "in service"]
    for k, row in enumerate(w.rng.sample(lent, min(len(lent) - 1, w.rng.randint(3, 7)))):  # one stays free
        out = days_ago(w, 1, 40)
        back = k > 0 and w.chance(0.5)
        loans.add(
            **{asset.id_arg: row["id"], staff.id_arg: w.pick(people)["id"]},
            out_on=out,
            due_on=shift(out, w.pick((7, 14, 30))),
            returned_on=shift(out, w.rng.randint(1, 6)) if back else None,
        )


# --- tools ---------------------------------------------------------------------------------------


def asset_tools(w: World) -> None:
    asset, log = w.e("asset"), w.e("maintenance")
    spent = Computed(
        "maintenance_total",
        f"(SELECT ROUND(COALESCE(SUM(m.cost_cents), 0) / 100.0, 2) FROM {log.table} m WHERE m.{asset.id_arg} = t.id)",
        "number",
    )
    assets = crud.search(
        w,
        asset,
        text=["tag", "name"],
        filters=["status", "location"],
        ranges=["purchased_on", "cost"],
        sorts=["purchased_on", "cost", "tag"],
        extras=[spent],
    )
    history = crud.search(w, log, scope=[asset.id_arg], filters=["kind"], sorts=["done_on", "cost"])
    checkout = checkin = loans = ""
    if w.has("asset_loan"):
        checkout, checkin, loans = _checkout(w), _checkin(w), _loans(w)
    w.put(AssetKit(assets, history, _log(w), _status(w), checkout, checkin, loans))


def _log(w: World) -> str:
    asset, log = w.e("asset"), w.e("maintenance")
    aid = asset.id_arg
    props: dict[str, JsonSchema] = {
        aid: id_arg("the asset's id"),
        "kind": {"type": "string", "enum": list(WORK), "description": "inspection, repair or service"},
        "cost": {"type": "number", "minimum": 0, "maximum": 100000, "description": "cost in dollars"},
        "note": {"type": "string", "minLength": 3, "maxLength": 300, "description": "what was done"},
    }
    program: list[Step] = [
        query("a", f"SELECT tag, status FROM {asset.table} WHERE id = :{aid}", f"no asset with id {{{aid}}}"),
        check("SELECT :a__status != 'retired'", "{a__tag} is retired; it is not maintained any more"),
        execute(
            f"INSERT INTO {log.table} ({aid}, done_on, kind, cost_cents, note) VALUES (:{aid}, :_today, :kind, "
            "CAST(ROUND(:cost * 100) AS INTEGER), :note)"
        ),
        execute(f"UPDATE {asset.table} SET status = 'in service' WHERE id = :{aid} AND :kind = 'repair'"),
        ret(f"SELECT {select_list(w, asset)} FROM {asset.table} t WHERE t.id = :{aid}"),
    ]
    example = next(
        (
            {aid: a["id"], "kind": "inspection", "cost": 45.3, "note": "annual safety inspection"}
            for a in asset.rows
            if a["status"] != "retired"
        ),
        None,
    )
    return w.tool(
        make_tool(
            "log_maintenance",
            "Record maintenance done today on an asset; a repair also puts it back in service.",
            props,
            list(props),
            program,
            row_schema(w, asset),
            example=example,
        )
    )


def _status(w: World) -> str:
    asset = w.e("asset")
    aid = asset.id_arg
    props: dict[str, JsonSchema] = {
        aid: id_arg("the asset's id"),
        "status": {"type": "string", "enum": list(STATES), "description": "the new status"},
    }
    program: list[Step] = [
        query("a", f"SELECT tag, status FROM {asset.table} WHERE id = :{aid}", f"no asset with id {{{aid}}}"),
        check("SELECT :a__status != 'retired'", "{a__tag} is retired for good"),
        check("SELECT :status != :a__status", "{a__tag} is already {status}"),
    ]
    if w.has("asset_loan"):
        loan = w.e("asset_loan")
        program.append(
            check(
                f"SELECT :status = 'in service' OR NOT EXISTS (SELECT 1 FROM {loan.table} WHERE {aid} = :{aid} AND "
                "returned_on IS NULL)",
                "{a__tag} is checked out; it must be returned first",
            )
        )
    program += [
        execute(f"UPDATE {asset.table} SET status = :status WHERE id = :{aid}"),
        ret(f"SELECT {select_list(w, asset)} FROM {asset.table} t WHERE t.id = :{aid}"),
    ]
    example = next(({aid: a["id"], "status": "in service"} for a in asset.rows if a["status"] == "under repair"), None)
    return w.tool(
        make_tool(
            "set_asset_status",
            "Take an asset out for repair, put it back in service, or retire it for good.",
            props,
            list(props),
            program,
            row_schema(w, asset),
            example=example,
        )
    )


def _checkout(w: World) -> str:
    asset, loan, staff = w.e("asset"), w.e("asset_loan"), w.e("staff")
    aid, sid = asset.id_arg, staff.id_arg
    props: dict[str, JsonSchema] = {
        aid: id_arg("the asset's id"),
        sid: id_arg("the staff member's id"),
        "due_on": s.day("due_on", "").input_schema("date it is due back"),
    }
    program: list[Step] = [
        query("a", f"SELECT tag, status FROM {asset.table} WHERE id = :{aid}", f"no asset with id {{{aid}}}"),
        check("SELECT :a__status = 'in service'", "{a__tag} is {a__status}; only equipment in service goes out"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {loan.table} WHERE {aid} = :{aid} AND returned_on IS NULL)",
            "{a__tag} is already checked out",
        ),
        query(
            "p",
            f"SELECT name, active FROM {staff.table} WHERE id = :{sid}",
            f"no staff member with id {{{sid}}}; {crud.finder_hint(w, 'staff')}",
        ),
        check("SELECT :p__active = 1", "{p__name} no longer works here"),
        check("SELECT :due_on > :_today", "the due date must be after today"),
        execute(
            f"INSERT INTO {loan.table} ({aid}, {sid}, out_on, due_on, returned_on) VALUES (:{aid}, :{sid}, :_today, "
            ":due_on, NULL)"
        ),
        ret(f"SELECT {select_list(w, loan)} FROM {loan.table} t WHERE t.id = (SELECT MAX(id) FROM {loan.table})"),
    ]
    out = {r[aid] for r in loan.rows if r["returned_on"] is None}
    free = next((a for a in asset.rows if a["status"] == "in service" and a["id"] not in out), None)
    who = next((p for p in staff.rows if p["active"]), None)
    example = {aid: free["id"], sid: who["id"], "due_on": shift(w.today, 7)} if free and who else None
    return w.tool(
        make_tool(
            "check_out_equipment",
            "Lend an asset in service to a staff member until a due date.",
            props,
            list(props),
            program,
            row_schema(w, loan),
            example=example,
        )
    )


def _checkin(w: World) -> str:
    asset, loan = w.e("asset"), w.e("asset_loan")
    aid = asset.id_arg
    program: list[Step] = [
        query(
            "l",
            f"SELECT l.id AS loan, a.tag FROM {asset.table} a LEFT JOIN {loan.table} l ON l.{aid} = a.id AND "
            f"l.returned_on IS NULL WHERE a.id = :{aid}",
            f"no asset with id {{{aid}}}",
        ),
        check("SELECT :l__loan IS NOT NULL", "{l__tag} is not checked out"),
        execute(f"UPDATE {loan.table} SET returned_on = :_today WHERE id = :l__loan"),
        ret(f"SELECT {select_list(w, loan)} FROM {loan.table} t WHERE t.id = :l__loan"),
    ]
    out = next((r for r in loan.rows if r["returned_on"] is None), None)
    return w.tool(
        make_tool(
            "return_equipment",
            "Record that a checked-out asset came back today.",
            {aid: id_arg("the asset's id")},
            [aid],
            program,
            row_schema(w, loan),
            example={aid: out[aid]} if out else None,
        )
    )


def _loans(w: World) -> str:
    loan, asset, staff = w.e("asset_loan"), w.e("asset"), w.e("staff")
    return crud.search(w, loan, filters=[asset.id_arg, staff.id_arg], ranges=["due_on"], sorts=["due_on", "out_on"])


# --- tasks ---------------------------------------------------------------------------------------


def _spent(w: World) -> dict[object, int]:
    out: dict[object, int] = defaultdict(int)
    for m in w.e("maintenance").rows:
        out[m[w.e("asset").id_arg]] += n(m, "cost_cents")
    return out


def _repaired(w: World) -> TaskCandidate | None:
    kit, asset = w.kit(AssetKit), w.e("asset")
    pool = [a for a in asset.rows if a["status"] == "under repair" and _spent(w)[a["id"]] > 0]
    if not pool:
        return None
    a = w.pick(pool)
    cost = amount(w.rng, 60, max(80, n(a, "cost_cents") / 100 * 0.12))
    note = w.pick(NOTES["repair"])
    text = (
        f"The technician finished work on {str(a['name']).lower()} {a['tag']}: {note}, {dollars(cost)} in parts and "
        "labour. Log the repair and tell me what has now been spent on its maintenance in total."
    )
    total = _spent(w)[a["id"]] + cost
    return TaskCandidate(
        kind="log-repair",
        instruction=text,
        calls=[
            call(kit.assets, query=str(a["tag"])),
            call(kit.log, **{asset.id_arg: a["id"], "kind": "repair", "cost": as_number(cost), "note": note}),
            call(kit.assets, query=str(a["tag"])),
        ],
        answer=[plain(total)],
        competing=[*others([plain(v) for v in _spent(w).values()], [plain(total)], 10), plain(_spent(w)[a["id"]])],
        difficulty="medium",
        tags=["write", "ripple"],
    )


def _retire_costly(w: World) -> TaskCandidate | None:
    kit, asset = w.kit(AssetKit), w.e("asset")
    spent = _spent(w)
    live = [a for a in asset.rows if a["status"] != "retired"]
    by_name: dict[str, list[Row]] = defaultdict(list)
    for a in live:
        by_name[str(a["name"])].append(a)
    for _, group in shuffled(w, sorted(by_name.items())):
        ratios = sorted({spent[a["id"]] * 100 // max(n(a, "cost_cents"), 1) for a in group})
        if len(group) >= 2 and len(ratios) >= 2:
            break
    else:
        return None
    cut = w.pick(ratios[1:]) if len(ratios) > 2 else ratios[1]
    retire = [a for a in group if spent[a["id"]] * 100 // max(n(a, "cost_cents"), 1) >= cut]
    loans = (
        {r[asset.id_arg] for r in w.e("asset_loan").rows if r["returned_on"] is None} if w.has("asset_loan") else set()
    )
    if not retire or len(retire) == len(group) or any(a["id"] in loans for a in retire):
        return None
    text = (
        f"Retire every {str(group[0]['name']).lower()} that is not retired yet and whose maintenance so far has "
        f"cost at least {cut}% "
        "of its purchase price. Leave the others as they are."
    )
    calls = [call(kit.assets, query=str(group[0]["name"]), limit=100)]
    calls += [call(kit.set_status, **{asset.id_arg: a["id"], "status": "retired"}) for a in retire]
    return TaskCandidate(
        kind="retire-costly-equipment",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "filter-sort", "keep-others"],
    )


def _most_costly(w: World) -> TaskCandidate | None:
    kit, asset = w.kit(AssetKit), w.e("asset")
    spent = _spent(w)
    ranked = sorted(asset.rows, key=lambda a: -spent[a["id"]])
    if len(ranked) < 3 or spent[ranked[0]["id"]] == spent[ranked[1]["id"]]:
        return None
    top = ranked[0]
    text = "Which piece of equipment has cost us the most in maintenance so far? Give its tag and the amount."
    return TaskCandidate(
        kind="costliest-equipment",
        instruction=text,
        calls=[call(kit.assets, limit=100)],
        answer=[str(top["tag"]), plain(spent[top["id"]])],
        competing=[str(a["tag"]) for a in ranked[1:6]] + [plain(spent[a["id"]]) for a in ranked[1:4]],
        difficulty="medium",
        tags=["lookup", "compare"],
    )


def _repair_or_retire(w: World) -> TaskCandidate | None:
    kit, asset = w.kit(AssetKit), w.e("asset")
    spent = _spent(w)
    loans = (
        {r[asset.id_arg] for r in w.e("asset_loan").rows if r["returned_on"] is None} if w.has("asset_loan") else set()
    )
    holds = w.chance(0.5)
    pool = [a for a in asset.rows if a["status"] == "under repair" and a["id"] not in loans and spent[a["id"]] > 0]
    if not pool:
        return None
    a = w.pick(pool)
    quote = amount(w.rng, 80, max(120, n(a, "cost_cents") / 100 * 0.3))
    limit = spent[a["id"]] + quote + (w.rng.randint(1, 40) * 100 if holds else -w.rng.randint(1, 40) * 100)
    if limit <= 0:
        return None
    note = w.pick(NOTES["repair"])
    text = (
        f"{a['tag']} needs a repair quoted at {dollars(quote)} ({note}). If its maintenance total including this "
        f"repair stays within {dollars(limit)}, log the repair; otherwise retire it instead and tell me its "
        "maintenance total so far."
    )
    reads = [call(kit.assets, query=str(a["tag"])), call(kit.history, **{asset.id_arg: a["id"]})]
    return branching(
        "repair-or-retire",
        text,
        condition="repair-within-budget",
        holds=holds,
        reads=reads,
        then=[call(kit.log, **{asset.id_arg: a["id"], "kind": "repair", "cost": as_number(quote), "note": note})],
        otherwise=[call(kit.set_status, **{asset.id_arg: a["id"], "status": "retired"})],
        answer=[] if holds else [plain(spent[a["id"]])],
        competing=[] if holds else [plain(spent[a["id"]] + quote)],
        tags=["conditional", "equipment"],
    )


def _retired_refused(w: World) -> TaskCandidate | None:
    kit, asset = w.kit(AssetKit), w.e("asset")
    if not w.has("asset_loan"):
        return None
    staff = w.e("staff")
    pool = [a for a in asset.rows if a["status"] == "retired"]
    people = [p for p in staff.rows if p["active"]]
    if not pool or not people:
        return None
    a, who = w.pick(pool), w.pick(people)
    due = shift(w.today, 7)
    text = (
        f"{who['name']} needs {str(a['name']).lower()} {a['tag']} for the week; please check it out to them "
        f"until {due}."
    )
    return refusing(
        "checkout-retired-refused",
        text,
        reads=[find(w, "staff", who), call(kit.assets, query=str(a["tag"]))],
        complying=[call(kit.checkout, **{asset.id_arg: a["id"], staff.id_arg: who["id"], "due_on": due})],
        reason="the asset is retired",
        answer=["retired"],
        competing=["in service", "under repair"],
        tags=["equipment"],
    )


def _overdue_returns(w: World) -> TaskCandidate | None:
    kit, asset = w.kit(AssetKit), w.e("asset")
    if not w.has("asset_loan"):
        return None
    staff, loan = w.e("staff"), w.e("asset_loan")
    out = [r for r in loan.rows if r["returned_on"] is None]
    late = [r for r in out if str(r["due_on"]) < w.today]
    if not late or len(late) == len(out):
        return None
    people = sorted({str(staff.by_id(r[staff.id_arg])["name"]) for r in late})
    text = (
        f"These people brought back everything they had checked out that was past due: {series(people)}. "
        "Record those returns; anything they have that is not yet due stays checked out."
    )
    calls = [call(kit.loans, due_on_to=shift(w.today, -1), limit=100)]
    calls += [call(kit.checkin, **{asset.id_arg: r[asset.id_arg]}) for r in late]
    return TaskCandidate(
        kind="record-late-returns",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "bulk", "keep-others"],
    )


ASSETS = Module(
    key="assets",
    about="equipment with a maintenance log, repairs, retirement and checkouts to staff",
    fits=frozenset(
        {"health", "logistics", "events", "education", "property", "lodging", "food", "software", "government"}
    ),
    build=build_assets,
    tools=asset_tools,
    tasks=(
        TaskKind("log-repair", _repaired),
        TaskKind("retire-costly-equipment", _retire_costly),
        TaskKind("costliest-equipment", _most_costly),
        TaskKind("repair-or-retire", _repair_or_retire),
        TaskKind("checkout-retired-refused", _retired_refused),
        TaskKind("record-late-returns", _overdue_returns),
    ),
)
