"""A logistics company's own fleet: vehicles with a payload limit, drivers with a licence class, and delivery
runs that carry packed shipments from one warehouse. A run cannot take more weight than its vehicle carries,
a truck needs a driver licensed for trucks, and dispatching a run dispatches the shipments on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, days_ahead, n, others, shuffled
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.world import World

VEHICLES = (("van", 900_000, 1_400_000), ("box truck", 3_500_000, 6_000_000), ("e-bike", 6_000, 14_000))
LICENCES = ("car", "truck")


@dataclass(frozen=True)
class FleetKit:
    vehicles: str
    drivers: str
    runs: str
    stops: str
    plan: str
    dispatch: str
    set_vehicle: str
    weights: str


def build_fleet(w: World) -> None:
    wh, ship = w.e("warehouse"), w.e("outbound")
    vehicle = w.add(
        Entity(
            "vehicle",
            w.noun("vehicle"),
            [
                s.code("plate", "licence plate"),
                s.enum("kind", "van, box truck or e-bike", tuple(v[0] for v in VEHICLES)),
                s.integer("payload_grams", "most it can carry, in grams", 1, 100_000_000),
                s.enum("status", "available or in the shop", ("available", "maintenance")),
                s.ref(wh, label="its home warehouse"),
            ],
            "plate",
            "the company's vehicles",
        )
    )
    driver = w.add(
        Entity(
            "driver",
            w.noun("driver"),
            [
                s.person("name", "full name"),
                s.phone("phone", "mobile number"),
                s.enum("licence", "licence class", LICENCES),
                s.flag("active", "whether they drive for us"),
            ],
            "name",
            "people who drive the vehicles",
        )
    )
    run = w.add(
        Entity(
            "run",
            w.noun("run", "delivery run"),
            [
                s.code("code", "run code"),
                s.ref(vehicle),
                s.ref(driver),
                s.ref(wh),
                s.day("day", "date"),
                s.enum("status", "planned, dispatched or completed", ("planned", "dispatched", "completed")),
            ],
            "code",
            "delivery runs",
            table="delivery_runs",
        )
    )
    w.add(
        Entity(
            "run_stop",
            w.noun("run_stop", "stop"),
            [s.ref(run), s.ref(ship), s.integer("position", "order on the run", 1, 50)],
            "id",
            "which shipments each run carries, in order",
            table="run_stops",
        )
    )
    w.fact(
        "A delivery run leaves from one warehouse with shipments packed there; their weight may not exceed the "
        "vehicle's payload, a box truck needs a truck-licensed driver, and a vehicle in the shop does not go out. "
        "Dispatching a run dispatches its shipments."
    )
    _seed(w, vehicle, driver, run)


def _load(w: World) -> Computed:
    """A run's load: the weight of the shipments on it."""
    stop, parcel, ship, run = w.e("run_stop"), w.e("parcel"), w.e("outbound"), w.e("run")
    return Computed(
        "load_grams",
        f"(SELECT COALESCE(SUM(p.weight_grams), 0) FROM {parcel.table} p JOIN {stop.table} s ON s.{ship.id_arg} = "
        f"p.{ship.id_arg} WHERE s.{run.id_arg} = t.id)",
        "integer",
    )


def shipment_weight(w: World) -> dict[object, int]:
    ship, parcel = w.e("outbound"), w.e("parcel")
    out: dict[object, int] = defaultdict(int)
    for p in parcel.rows:
        out[p[ship.id_arg]] += n(p, "weight_grams")
    return out


def _seed(w: World, vehicle: Entity, driver: Entity, run: Entity) -> None:
    wh, ship, stop = w.e("warehouse"), w.e("outbound"), w.e("run_stop")
    packed = [x[wh.id_arg] for x in ship.rows if x["status"] == "packed"] or [h["id"] for h in wh.rows]
    for k in range(w.rng.randint(4, 8)):
        kind, low, high = VEHICLES[2] if k < 2 else w.pick(VEHICLES)
        vehicle.add(
            plate=(
                f"{w.rng.randint(6, 8)}{w.rng.choice('ABCDEFGHJK')}{w.rng.choice('LMNPRSTUVW')}"
                f"{w.rng.randint(100, 999)}"
            ),
            kind=kind,
            payload_grams=w.rng.randint(low // 1000, high // 1000) * 1000,
            status="maintenance" if k > 1 and w.chance(0.15) else "available",
            **{wh.id_arg: w.pick(packed)},
        )
    for k in range(w.rng.randint(4, 8)):
        name = w.people.name()
        licence, active = ("truck", 1) if k == 0 else (w.pick(LICENCES), 0 if w.chance(0.1) else 1)
        driver.add(name=name, phone=w.people.phone(), licence=licence, active=active)
    weights = shipment_weight(w)
    dispatched = [x for x in ship.rows if x["status"] == "dispatched"]
    for k, x in enumerate(dispatched[: w.rng.randint(1, 4)]):
        v = w.pick(vehicle.rows)
        if weights[x["id"]] > n(v, "payload_grams"):
            continue
        r = run.add(
            code=f"RUN-{500 + k}",
            **{vehicle.id_arg: v["id"], driver.id_arg: w.pick(driver.rows)["id"], wh.id_arg: x[wh.id_arg]},
            day=days_ago(w, 1, 20),
            status="completed",
        )
        stop.add(**{run.id_arg: r["id"], ship.id_arg: x["id"]}, position=1)
    for v in vehicle.rows:
        goods = [
            x
            for x in ship.rows
            if x["status"] == "packed" and x[wh.id_arg] == v[wh.id_arg] and weights[x["id"]] <= n(v, "payload_grams")
        ]
        people = [d for d in driver.rows if d["active"] and (v["kind"] != "box truck" or d["licence"] == "truck")]
        if v["status"] == "available" and goods and people:
            r = run.add(
                code=f"RUN-{600 + len(run.rows)}",
                **{vehicle.id_arg: v["id"], driver.id_arg: people[0]["id"], wh.id_arg: v[wh.id_arg]},
                day=w.today,
                status="planned",
            )
            stop.add(**{run.id_arg: r["id"], ship.id_arg: goods[-1]["id"]}, position=1)
            break


# --- tools ---------------------------------------------------------------------------------------


def fleet_tools(w: World) -> None:
    vehicle, driver, run, stop, wh, ship, parcel = (
        w.e(k) for k in ("vehicle", "driver", "run", "run_stop", "warehouse", "outbound", "parcel")
    )
    vehicles = crud.search(
        w,
        vehicle,
        text=["plate"],
        filters=["kind", "status", wh.id_arg],
        ranges=["payload_grams"],
        sorts=["payload_grams", "plate"],
    )
    drivers = crud.search(w, driver, text=["name"], filters=["licence", "active"], sorts=["name"])
    runs = crud.search(
        w, run, text=["code"], filters=[wh.id_arg, "status", vehicle.id_arg], ranges=["day"], sorts=["day"]
    )
    stops = crud.search(w, stop, scope=[run.id_arg], sorts=["position"], name="list_run_stops")
    weight = Computed(
        "weight_grams",
        f"(SELECT COALESCE(SUM(p.weight_grams), 0) FROM {parcel.table} p WHERE p.{ship.id_arg} = t.id)",
        "integer",
    )
    weights = crud.search(
        w,
        ship,
        text=["reference", "destination"],
        filters=[wh.id_arg, "status"],
        sorts=["created_on", "reference"],
        extras=[weight],
        name="list_shipment_weights",
    )
    set_vehicle = crud.update(
        w,
        vehicle,
        [vehicle.col("status")],
        about="Send a vehicle to the shop or back into service",
        name="set_vehicle_status",
    )
    w.put(FleetKit(vehicles, drivers, runs, stops, _plan(w), _dispatch(w), set_vehicle, weights))


def _plan(w: World) -> str:
    vehicle, driver, run, stop, wh, ship, parcel = (
        w.e(k) for k in ("vehicle", "driver", "run", "run_stop", "warehouse", "outbound", "parcel")
    )
    sid = ship.id_arg
    props: dict[str, JsonSchema] = {
        vehicle.id_arg: id_arg("the vehicle's id"),
        driver.id_arg: id_arg("the driver's id"),
        "day": s.day("day", "").input_schema("date of the run"),
        "shipments": list_arg({sid: id_arg("a packed shipment's id")}, [sid], "the shipments, in delivery order", 12),
    }
    each = f"SELECT json_extract(value, '$.{sid}') AS sid, key + 1 AS pos FROM json_each(:shipments)"
    new = f"(SELECT MAX(id) FROM {run.table})"
    program: list[Step] = [
        query(
            "v",
            f"SELECT plate, kind, status, payload_grams AS most, {wh.id_arg} AS home FROM {vehicle.table} WHERE id = "
            f":{vehicle.id_arg}",
            f"no vehicle with id {{{vehicle.id_arg}}}",
        ),
        check("SELECT :v__status = 'available'", "{v__plate} is in the shop"),
        query(
            "d",
            f"SELECT name, licence, active FROM {driver.table} WHERE id = :{driver.id_arg}",
            f"no driver with id {{{driver.id_arg}}}",
        ),
        check("SELECT :d__active = 1", "{d__name} no longer drives for us"),
        check("SELECT :v__kind != 'box truck' OR :d__licence = 'truck'", "{d__name} is not licensed for trucks"),
        check("SELECT :day >= :_today", "runs are planned from today on"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {run.table} WHERE day = :day AND status != 'completed' AND "
            f"({vehicle.id_arg} = :{vehicle.id_arg} OR {driver.id_arg} = :{driver.id_arg}))",
            "that vehicle or driver already has a run on {day}",
        ),
        query(
            "bad",
            f"SELECT j.sid AS id FROM ({each}) j LEFT JOIN {ship.table} x ON x.id = j.sid WHERE x.id IS NULL OR "
            f"x.status != 'packed' OR x.{wh.id_arg} != :v__home OR EXISTS (SELECT 1 FROM {stop.table} s JOIN "
            f"{run.table} r ON r.id = s.{run.id_arg} WHERE s.{sid} = j.sid AND r.status != 'completed') LIMIT 1",
        ),
        check(
            "SELECT :bad__id IS NULL",
            "shipment {bad__id} cannot go: it must exist, be packed, leave from the vehicle's warehouse and not be on "
            "another run",
        ),
        query(
            "load",
            f"SELECT COALESCE(SUM(p.weight_grams), 0) AS grams FROM {parcel.table} p WHERE p.{sid} IN (SELECT sid "
            f"FROM ({each}))",
        ),
        check(
            "SELECT :load__grams <= :v__most", "those shipments weigh {load__grams} g; {v__plate} carries {v__most} g"
        ),
        execute(
            f"INSERT INTO {run.table} (code, {vehicle.id_arg}, {driver.id_arg}, {wh.id_arg}, day, status) VALUES "
            f"(printf('RUN-%d', 700 + (SELECT COUNT(*) FROM {run.table})), :{vehicle.id_arg}, :{driver.id_arg}, "
            ":v__home, :day, 'planned')"
        ),
        execute(f"INSERT INTO {stop.table} ({run.id_arg}, {sid}, position) SELECT {new}, sid, pos FROM ({each})"),
        ret(f"SELECT {select_list(w, run, 't', [_load(w)])} FROM {run.table} t WHERE t.id = {new}"),
    ]
    return w.tool(
        make_tool(
            "plan_delivery_run",
            "Plan a run: an available vehicle, an active driver licensed for it, a day, and packed shipments from "
            "the vehicle's home warehouse within its payload.",
            props,
            list(props),
            program,
            row_schema(w, run, [_load(w)]),
            example=_plan_example(w),
        )
    )


def _plan_example(w: World) -> dict[str, object] | None:
    vehicle, driver, wh, ship = w.e("vehicle"), w.e("driver"), w.e("warehouse"), w.e("outbound")
    weights = shipment_weight(w)
    for v in vehicle.rows:
        if v["status"] != "available":
            continue
        ok = [d for d in driver.rows if d["active"] and (v["kind"] != "box truck" or d["licence"] == "truck")]
        goods = [x for x in _packed(w, v[wh.id_arg]) if weights[x["id"]] <= n(v, "payload_grams")]
        if ok and goods:
            return {
                vehicle.id_arg: v["id"],
                driver.id_arg: ok[0]["id"],
                "day": days_ahead(w, 30, 40),
                "shipments": [{ship.id_arg: goods[0]["id"]}],
            }
    return None


def _dispatch(w: World) -> str:
    run, stop, ship = w.e("run"), w.e("run_stop"), w.e("outbound")
    rid = run.id_arg
    program: list[Step] = [
        query("r", f"SELECT code, status, day FROM {run.table} WHERE id = :{rid}", f"no run with id {{{rid}}}"),
        check("SELECT :r__status = 'planned'", "run {r__code} is {r__status}"),
        check("SELECT :r__day = :_today", "run {r__code} is for {r__day}; runs are dispatched on their day"),
        execute(f"UPDATE {run.table} SET status = 'dispatched' WHERE id = :{rid}"),
        execute(
            f"UPDATE {ship.table} SET status = 'dispatched' WHERE id IN (SELECT {ship.id_arg} FROM {stop.table} WHERE "
            f"{rid} = :{rid})"
        ),
        ret(f"SELECT {select_list(w, run)} FROM {run.table} t WHERE t.id = :{rid}"),
    ]
    today = next((r for r in run.rows if r["status"] == "planned" and r["day"] == w.today), None)
    return w.tool(
        make_tool(
            "dispatch_run",
            "Send a planned run out today; every shipment on it is marked dispatched.",
            {rid: id_arg("the run's id")},
            [rid],
            program,
            row_schema(w, run),
            example={rid: today["id"]} if today else None,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _packed(w: World, home: object) -> list[Row]:
    """Packed shipments at warehouse ``home`` that no open run carries yet."""
    ship, wh, run, stop = w.e("outbound"), w.e("warehouse"), w.e("run"), w.e("run_stop")
    busy = {s[ship.id_arg] for s in stop.rows if run.by_id(s[run.id_arg])["status"] != "completed"}
    return [x for x in ship.rows if x["status"] == "packed" and x[wh.id_arg] == home and x["id"] not in busy]


def _drivers_for(w: World, v: Row) -> list[Row]:
    return [d for d in w.e("driver").rows if d["active"] and (v["kind"] != "box truck" or d["licence"] == "truck")]


def _plan_run(w: World) -> TaskCandidate | None:
    kit, vehicle, driver, wh, ship = w.kit(FleetKit), w.e("vehicle"), w.e("driver"), w.e("warehouse"), w.e("outbound")
    weights = shipment_weight(w)
    for v in shuffled(w, [v for v in vehicle.rows if v["status"] == "available"]):
        goods = sorted(_packed(w, v[wh.id_arg]), key=lambda x: str(x["reference"]))
        fits = [x for x in goods if weights[x["id"]] <= n(v, "payload_grams")]
        people = _drivers_for(w, v)
        if len(fits) >= 2 and people:
            break
    else:
        return None
    chosen = fits[: w.rng.randint(2, min(4, len(fits)))]
    if sum(weights[x["id"]] for x in chosen) > n(v, "payload_grams"):
        return None
    d = w.pick(people)
    day = days_ahead(w, 1, 5)
    refs = ", ".join(str(x["reference"]) for x in chosen)
    text = (
        f"Plan a delivery run for {day} with vehicle {v['plate']} and {d['name']} driving, carrying shipments "
        f"{refs} in that order."
    )
    calls = [
        call(kit.vehicles, query=str(v["plate"])),
        call(kit.drivers, query=str(d["name"])),
        call(kit.weights, **{wh.id_arg: v[wh.id_arg]}, status="packed", limit=100),
        call(
            kit.plan,
            **{vehicle.id_arg: v["id"], driver.id_arg: d["id"], "day": day},
            shipments=[{ship.id_arg: x["id"]} for x in chosen],
        ),
    ]
    return TaskCandidate(
        kind="plan-delivery-run", instruction=text, calls=calls, difficulty="hard", tags=["write", "multi-item"]
    )


def _heaviest_first(w: World) -> TaskCandidate | None:
    kit, vehicle, driver, wh, ship = w.kit(FleetKit), w.e("vehicle"), w.e("driver"), w.e("warehouse"), w.e("outbound")
    weights = shipment_weight(w)
    for v in shuffled(w, [v for v in vehicle.rows if v["status"] == "available"]):
        goods = sorted(_packed(w, v[wh.id_arg]), key=lambda x: (-weights[x["id"]], str(x["reference"])))
        people = _drivers_for(w, v)
        if len(goods) >= 3 and people and len({weights[x["id"]] for x in goods}) == len(goods):
            break
    else:
        return None
    taken, load = [], 0
    for x in goods:
        if load + weights[x["id"]] <= n(v, "payload_grams"):
            taken.append(x)
            load += weights[x["id"]]
    if not taken or len(taken) == len(goods):
        return None
    d = w.pick(people)
    day = days_ahead(w, 1, 5)
    wh_row = wh.by_id(v[wh.id_arg])
    text = (
        f"Load {v['plate']} for a run on {day} with {d['name']}: go through the packed shipments at {wh_row['code']} "
        "from heaviest to lightest and take each one that still fits in the payload; they go on the run in that "
        "order. Leave the rest for later. How much does the load weigh in grams?"
    )
    calls = [
        call(kit.vehicles, query=str(v["plate"])),
        call(kit.drivers, query=str(d["name"])),
        call(kit.weights, **{wh.id_arg: v[wh.id_arg]}, status="packed", limit=100),
        call(
            kit.plan,
            **{vehicle.id_arg: v["id"], driver.id_arg: d["id"], "day": day},
            shipments=[{ship.id_arg: x["id"]} for x in taken],
        ),
    ]
    return TaskCandidate(
        kind="load-heaviest-first",
        instruction=text,
        calls=calls,
        answer=[str(load)],
        competing=others([str(weights[x["id"]]) for x in goods] + [str(v["payload_grams"])], [str(load)]),
        difficulty="hard",
        tags=["write", "filter-sort", "multi-item", "keep-others"],
    )


def _overweight_refused(w: World) -> TaskCandidate | None:
    kit, vehicle, driver, wh, ship = w.kit(FleetKit), w.e("vehicle"), w.e("driver"), w.e("warehouse"), w.e("outbound")
    weights = shipment_weight(w)
    for v in shuffled(w, [v for v in vehicle.rows if v["status"] == "available"]):
        goods = _packed(w, v[wh.id_arg])
        people = _drivers_for(w, v)
        total = sum(weights[x["id"]] for x in goods)
        if len(goods) >= 2 and people and total > n(v, "payload_grams"):
            break
    else:
        return None
    d = w.pick(people)
    day = days_ahead(w, 1, 5)
    text = (
        f"Put every packed shipment at {wh.by_id(v[wh.id_arg])['code']} on one run with {v['plate']} on {day}, "
        f"{d['name']} driving."
    )
    reads = [
        call(kit.vehicles, query=str(v["plate"])),
        call(kit.weights, **{wh.id_arg: v[wh.id_arg]}, status="packed", limit=100),
    ]
    return refusing(
        "overweight-run-refused",
        text,
        reads=reads,
        complying=[
            call(
                kit.plan,
                **{vehicle.id_arg: v["id"], driver.id_arg: d["id"], "day": day},
                shipments=[{ship.id_arg: x["id"]} for x in goods],
            )
        ],
        reason="the shipments weigh more than the vehicle's payload",
        answer=[str(v["payload_grams"])],
        competing=others([str(x["payload_grams"]) for x in vehicle.rows], [str(v["payload_grams"])]),
        tags=["fleet"],
    )


def _truck_driver(w: World) -> TaskCandidate | None:
    kit, vehicle, driver, wh, ship = w.kit(FleetKit), w.e("vehicle"), w.e("driver"), w.e("warehouse"), w.e("outbound")
    weights = shipment_weight(w)
    holds = w.chance(0.5)
    for v in shuffled(w, [v for v in vehicle.rows if v["status"] == "available" and v["kind"] == "box truck"]):
        goods = [x for x in _packed(w, v[wh.id_arg]) if weights[x["id"]] <= n(v, "payload_grams")]
        wanted = [d for d in driver.rows if d["active"] and (d["licence"] == "truck") == holds]
        backup = [d for d in driver.rows if d["active"] and d["licence"] == "truck"]
        if goods and wanted and backup:
            break
    else:
        return None
    first = w.pick(wanted)
    other = w.pick([d for d in backup if d is not first] or backup)
    if other is first:
        return None
    x = w.pick(goods)
    day = days_ahead(w, 1, 5)
    text = (
        f"Plan a run on {day} with truck {v['plate']} for shipment {x['reference']}. {first['name']} should drive "
        f"if they hold a truck licence; if not, give it to {other['name']}."
    )
    reads = [call(kit.vehicles, query=str(v["plate"])), call(kit.drivers, query=str(first["name"]))]
    plan = {vehicle.id_arg: v["id"], "day": day, "shipments": [{ship.id_arg: x["id"]}]}
    return branching(
        "truck-driver-or-backup",
        text,
        condition="driver-truck-licensed",
        holds=holds,
        reads=reads,
        then=[call(kit.plan, **plan, **{driver.id_arg: first["id"]})],
        otherwise=[call(kit.drivers, query=str(other["name"])), call(kit.plan, **plan, **{driver.id_arg: other["id"]})],
        tags=["conditional", "fleet"],
    )


def _biggest_van(w: World) -> TaskCandidate | None:
    kit, vehicle, wh = w.kit(FleetKit), w.e("vehicle"), w.e("warehouse")
    home = w.pick(wh.rows)
    ready = sorted(
        (v for v in vehicle.rows if v[wh.id_arg] == home["id"] and v["status"] == "available"),
        key=lambda v: -n(v, "payload_grams"),
    )
    if len(ready) < 2 or n(ready[0], "payload_grams") == n(ready[1], "payload_grams"):
        return None
    shop = [v for v in vehicle.rows if v[wh.id_arg] == home["id"] and v["status"] != "available"]
    text = (
        f"Which available vehicle based at {home['code']} can carry the most, and what is its payload in grams? "
        "Vehicles in the shop don't count."
    )
    return TaskCandidate(
        kind="largest-available-vehicle",
        instruction=text,
        calls=[
            call(
                kit.vehicles, **{wh.id_arg: home["id"]}, status="available", sort_by="payload_grams", sort_order="desc"
            )
        ],
        answer=[str(ready[0]["plate"]), str(ready[0]["payload_grams"])],
        competing=[str(v["plate"]) for v in ready[1:] + shop] + [str(v["payload_grams"]) for v in ready[1:] + shop],
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


FLEET = Module(
    key="fleet",
    about="vehicles, drivers and delivery runs of packed shipments within a payload",
    fits=frozenset({"logistics"}),
    build=build_fleet,
    tools=fleet_tools,
    tasks=(
        TaskKind("plan-delivery-run", _plan_run),
        TaskKind("load-heaviest-first", _heaviest_first),
        TaskKind("overweight-run-refused", _overweight_refused),
        TaskKind("truck-driver-or-backup", _truck_driver),
        TaskKind("largest-available-vehicle", _biggest_van),
    ),
    needs=("logistics",),
)
