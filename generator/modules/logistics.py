"""Logistics: a warehouse operator holding clients' SKUs in several warehouses, stock levels per warehouse,
transfers between warehouses, and outbound shipments packed into parcels with their contents."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.data.places import CITIES
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.schema import Entity, Row, Scalar
from generator.tooling import Step, check, execute, id_arg, list_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.world import World

CARRIERS = ("UPS", "FedEx", "DHL", "USPS")


@dataclass(frozen=True)
class WarehouseKit:
    warehouses: str
    skus: str
    stock: str
    transfer: str
    shipments: str
    parcels: str
    ship: str
    receive: str
    dispatch: str


def build_logistics(w: World) -> None:
    client = w.e("customer")
    wh = w.add(
        Entity(
            "warehouse",
            w.noun("warehouse"),
            [
                s.code("code", "warehouse code"),
                s.text("city", "city"),
                s.integer("capacity", "pallet capacity", 10, 100000),
            ],
            "code",
            "where stock is kept",
        )
    )
    sku = w.add(
        Entity(
            "sku",
            w.noun("sku", "SKU"),
            [
                s.code("code", "SKU code"),
                s.ref(client, label="the owning client's id"),
                s.text("description", "what it is"),
                s.integer("weight_grams", "weight per unit", 1, 100000),
            ],
            "code",
            "the items clients store with us",
            table="skus",
        )
    )
    w.add(
        Entity(
            "stock_level",
            w.noun("stock_level", "stock level"),
            [s.ref(sku), s.ref(wh), s.integer("quantity", "units on hand", 0, 1000000)],
            "id",
            "how many of each SKU each warehouse holds",
        )
    )
    ship = w.add(
        Entity(
            "outbound",
            w.noun("outbound", "outbound shipment"),
            [
                s.code("reference", "shipment reference"),
                s.ref(client),
                s.ref(wh),
                s.text("destination", "ship-to city"),
                s.enum("carrier", "carrier", CARRIERS),
                s.enum("status", "status", ("created", "packed", "dispatched")),
                s.day("created_on", "date"),
            ],
            "reference",
            "shipments leaving the warehouses",
            table="outbound_shipments",
        )
    )
    parcel = w.add(
        Entity(
            "parcel",
            w.noun("parcel"),
            [
                s.ref(ship),
                s.integer("number", "parcel number", 1, 50),
                s.integer("weight_grams", "weight", 0, 10000000),
            ],
            "id",
            "the boxes of each shipment",
        )
    )
    w.add(
        Entity(
            "parcel_item",
            w.noun("parcel_item", "parcel item"),
            [s.ref(parcel), s.ref(sku), s.integer("quantity", "units", 1, 100000)],
            "id",
            "which SKUs are in which parcel",
        )
    )
    w.fact(
        "A shipment leaves from one warehouse and can only take units that warehouse holds; stock moves between "
        "warehouses by transfer."
    )
    _seed(w, wh, sku)


def _seed(w: World, wh: Entity, sku: Entity) -> None:
    client, level = w.e("customer"), w.e("stock_level")
    for k, (city, _) in enumerate(w.rng.sample(CITIES, w.rng.randint(2, 4))):
        wh.add(code=f"WH-{city[:3].upper()}{k + 1}", city=city, capacity=w.pick((800, 1500, 3000)))
    clients = shuffled(w, client.rows)[: w.rng.randint(5, 10)]
    for c in clients:
        for category in w.rng.sample(w.domain.catalog.categories, 1):
            for kind in w.rng.sample(category.items, min(3, len(category.items))):
                row = sku.add(
                    code=f"{kind.name[:3].upper()}-{w.rng.randrange(1000, 9999)}-{sku.next_id()}",
                    **{client.id_arg: c["id"]},
                    description=kind.name,
                    weight_grams=w.rng.randint(int(kind.low), int(kind.high)),
                )
                for h in w.rng.sample(wh.rows, w.rng.randint(1, len(wh.rows))):
                    level.add(**{sku.id_arg: row["id"], wh.id_arg: h["id"]}, quantity=w.pick((0, 12, 40, 80, 150, 300)))
    _seed_shipments(w, clients)


def _seed_shipments(w: World, clients: list[Row]) -> None:
    ship, parcel, item, sku, level, wh = (
        w.e(k) for k in ("outbound", "parcel", "parcel_item", "sku", "stock_level", "warehouse")
    )
    client = w.e("customer")
    for k in range(w.rng.randint(12, 26)):
        c = w.pick(clients)
        mine = [x for x in sku.rows if x[client.id_arg] == c["id"]]
        h = w.pick(wh.rows)
        status = w.pick(("created", "packed", "packed", "dispatched", "dispatched"))
        row = ship.add(
            reference=f"OB-{60000 + k}",
            **{client.id_arg: c["id"], wh.id_arg: h["id"]},
            destination=w.pick(CITIES)[0],
            carrier=w.pick(CARRIERS),
            status=status,
            created_on=days_ago(w, 0, 40),
        )
        if status == "created":
            continue
        for j in range(w.pick((1, 1, 2))):
            box = parcel.add(**{ship.id_arg: row["id"]}, number=j + 1, weight_grams=0)
            x = w.pick(mine)
            qty = w.pick((1, 2, 5, 10))
            item.add(**{parcel.id_arg: box["id"], sku.id_arg: x["id"]}, quantity=qty)
            box["weight_grams"] = n(x, "weight_grams") * qty
    del level


# --- tools ---------------------------------------------------------------------------------------


def logistics_tools(w: World) -> None:
    wh, sku, level, ship, parcel = (w.e(k) for k in ("warehouse", "sku", "stock_level", "outbound", "parcel"))
    client = w.e("customer")
    warehouses = crud.search(w, wh, text=["code", "city"], sorts=["code"], name="list_warehouses")
    skus = crud.search(w, sku, text=["code", "description"], filters=[client.id_arg], sorts=["code"])
    stock = crud.search(
        w, level, filters=[sku.id_arg, wh.id_arg], ranges=["quantity"], sorts=["quantity"], name="stock_on_hand"
    )
    shipments = crud.search(
        w,
        ship,
        text=["reference"],
        filters=[client.id_arg, wh.id_arg, "status", "carrier"],
        ranges=["created_on"],
        sorts=["created_on"],
        name="search_shipments",
    )
    parcels = crud.search(w, parcel, scope=[ship.id_arg], sorts=["number"], name="list_parcels")
    crud.search(w, w.e("parcel_item"), scope=[parcel.id_arg], sorts=["id"], name="list_parcel_contents")
    w.put(WarehouseKit(warehouses, skus, stock, _transfer(w), shipments, parcels, _ship(w), _receive(w), _dispatch(w)))


def _take(w: World, sku_arg: str, wh_arg: str, qty: str) -> list[Step]:
    level, sku = w.e("stock_level"), w.e("sku")
    return [
        query(
            "lv",
            f"SELECT COALESCE((SELECT quantity FROM {level.table} WHERE {sku.id_arg} = {sku_arg} AND "
            f"{w.e('warehouse').id_arg} = {wh_arg}), 0) AS have, (SELECT code FROM {sku.table} WHERE id = "
            f"{sku_arg}) AS code",
        ),
        check(f"SELECT :lv__have >= {qty}", "only {lv__have} units of {lv__code} are in that warehouse"),
        execute(
            f"UPDATE {level.table} SET quantity = quantity - {qty} WHERE {sku.id_arg} = {sku_arg} AND "
            f"{w.e('warehouse').id_arg} = {wh_arg}"
        ),
    ]


def _add_stock(w: World, sku_arg: str, wh_arg: str, qty: str) -> list[Step]:
    level, sku, wh = w.e("stock_level"), w.e("sku"), w.e("warehouse")
    return [
        execute(
            f"UPDATE {level.table} SET quantity = quantity + {qty} WHERE {sku.id_arg} = {sku_arg} AND "
            f"{wh.id_arg} = {wh_arg}"
        ),
        execute(
            f"INSERT INTO {level.table} ({sku.id_arg}, {wh.id_arg}, quantity) SELECT {sku_arg}, {wh_arg}, {qty} "
            f"WHERE NOT EXISTS (SELECT 1 FROM {level.table} WHERE {sku.id_arg} = {sku_arg} AND {wh.id_arg} = "
            f"{wh_arg})"
        ),
    ]


def _transfer(w: World) -> str:
    sku, wh = w.e("sku"), w.e("warehouse")
    props = {
        sku.id_arg: id_arg("the SKU's id"),
        "from_warehouse_id": id_arg("where the units leave"),
        "to_warehouse_id": id_arg("where they arrive"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 100000, "description": "units"},
    }
    program: list[Step] = [
        check("SELECT :from_warehouse_id != :to_warehouse_id", "the two warehouses must differ"),
        check(f"SELECT EXISTS (SELECT 1 FROM {wh.table} WHERE id = :to_warehouse_id)", "no such destination warehouse"),
        *_take(w, f":{sku.id_arg}", ":from_warehouse_id", ":quantity"),
        *_add_stock(w, f":{sku.id_arg}", ":to_warehouse_id", ":quantity"),
        ret(f"SELECT {select_list(w, sku)} FROM {sku.table} t WHERE t.id = :{sku.id_arg}"),
    ]
    level = w.e("stock_level")
    example = next(
        (
            {
                sku.id_arg: lv[sku.id_arg],
                "from_warehouse_id": lv[wh.id_arg],
                "to_warehouse_id": next(h["id"] for h in wh.rows if h["id"] != lv[wh.id_arg]),
                "quantity": 1,
            }
            for lv in level.rows
            if n(lv, "quantity") > 0
        ),
        None,
    )
    return w.tool(
        make_tool(
            "transfer_stock",
            "Move units of a SKU from one warehouse to another.",
            props,
            list(props),
            program,
            row_schema(w, sku),
            example=example,
        )
    )


def _receive(w: World) -> str:
    sku, wh = w.e("sku"), w.e("warehouse")
    props = {
        sku.id_arg: id_arg("the SKU's id"),
        wh.id_arg: id_arg("the receiving warehouse's id"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 100000, "description": "units received"},
    }
    program: list[Step] = [
        crud.exists(w, sku),
        crud.exists(w, wh),
        *_add_stock(w, f":{sku.id_arg}", f":{wh.id_arg}", ":quantity"),
        ret(f"SELECT {select_list(w, sku)} FROM {sku.table} t WHERE t.id = :{sku.id_arg}"),
    ]
    return w.tool(
        make_tool(
            "receive_stock",
            "Book units of a SKU that arrived at a warehouse into its stock.",
            props,
            list(props),
            program,
            row_schema(w, sku),
        )
    )


def _ship(w: World) -> str:
    client, wh, ship, parcel, item, sku = (
        w.e(k) for k in ("customer", "warehouse", "outbound", "parcel", "parcel_item", "sku")
    )
    props = {
        client.id_arg: id_arg("the client's id"),
        wh.id_arg: id_arg("the warehouse it leaves from"),
        "destination": {"type": "string", "minLength": 2, "maxLength": 80, "description": "ship-to city"},
        "carrier": {"type": "string", "enum": list(CARRIERS), "description": "carrier"},
        "parcels": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "description": "the boxes, each a list of SKUs and quantities",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["contents"],
                "properties": {
                    "contents": list_arg(
                        {
                            sku.id_arg: id_arg("the SKU's id"),
                            "quantity": {"type": "integer", "minimum": 1, "maximum": 100000},
                        },
                        [sku.id_arg, "quantity"],
                        "what goes in this box",
                    )
                },
            },
        },
    }
    lines = (
        f"SELECT p.key + 1 AS box, json_extract(c.value, '$.{sku.id_arg}') AS sid, json_extract(c.value, "
        "'$.quantity') AS qty FROM json_each(:parcels) p, json_each(json_extract(p.value, '$.contents')) c"
    )
    totals = f"SELECT sid, SUM(qty) AS qty FROM ({lines}) GROUP BY sid"
    level = w.e("stock_level")
    new = f"(SELECT MAX(id) FROM {ship.table})"
    program: list[Step] = [
        query(
            "c",
            f"SELECT name FROM {client.table} WHERE id = :{client.id_arg}",
            f"no client with id {{{client.id_arg}}}",
        ),
        crud.exists(w, wh),
        query(
            "foreign",
            f"SELECT k.code FROM ({totals}) t JOIN {sku.table} k ON k.id = t.sid WHERE k.{client.id_arg} "
            f"!= :{client.id_arg} LIMIT 1",
        ),
        check("SELECT :foreign__code IS NULL", "{foreign__code} does not belong to {c__name}"),
        query(
            "short",
            f"SELECT k.code, COALESCE(l.quantity, 0) AS have FROM ({totals}) t JOIN {sku.table} k ON k.id = "
            f"t.sid LEFT JOIN {level.table} l ON l.{sku.id_arg} = t.sid AND l.{wh.id_arg} = :{wh.id_arg} "
            "WHERE COALESCE(l.quantity, 0) < t.qty LIMIT 1",
        ),
        check("SELECT :short__code IS NULL", "only {short__have} units of {short__code} are in that warehouse"),
        execute(
            f"INSERT INTO {ship.table} (reference, {client.id_arg}, {wh.id_arg}, destination, carrier, status, "
            f"created_on) VALUES (printf('OB-%d', 60000 + (SELECT COUNT(*) FROM {ship.table})), :{client.id_arg}, "
            f":{wh.id_arg}, :destination, :carrier, 'packed', :_today)"
        ),
        execute(
            f"INSERT INTO {parcel.table} ({ship.id_arg}, number, weight_grams) SELECT {new}, key + 1, 0 FROM "
            "json_each(:parcels)"
        ),
        execute(
            f"INSERT INTO {item.table} ({parcel.id_arg}, {sku.id_arg}, quantity) SELECT (SELECT id FROM "
            f"{parcel.table} WHERE {ship.id_arg} = {new} AND number = box), sid, qty FROM ({lines})"
        ),
        execute(
            f"UPDATE {parcel.table} SET weight_grams = (SELECT COALESCE(SUM(i.quantity * k.weight_grams), 0) FROM "
            f"{item.table} i JOIN {sku.table} k ON k.id = i.{sku.id_arg} WHERE i.{parcel.id_arg} = "
            f"{parcel.table}.id) WHERE {ship.id_arg} = {new}"
        ),
        execute(
            f"UPDATE {level.table} SET quantity = quantity - (SELECT t.qty FROM ({totals}) t WHERE t.sid = "
            f"{level.table}.{sku.id_arg}) WHERE {wh.id_arg} = :{wh.id_arg} AND {sku.id_arg} IN (SELECT sid FROM "
            f"({totals}))"
        ),
        ret(f"SELECT {select_list(w, ship)} FROM {ship.table} t WHERE t.id = {new}"),
    ]
    text = (
        "Pack an outbound shipment for a client from one warehouse: several parcels, each with its SKUs; stock is "
        "checked and taken, parcel weights are computed."
    )
    example = _ship_example(w)
    return w.tool(make_tool("create_shipment", text, props, list(props), program, row_schema(w, ship), example=example))


def _ship_example(w: World) -> dict[str, object] | None:
    level, sku, wh, client = w.e("stock_level"), w.e("sku"), w.e("warehouse"), w.e("customer")
    for lv in level.rows:
        if n(lv, "quantity") > 0:
            owner = sku.by_id(lv[sku.id_arg])[client.id_arg]
            return {
                client.id_arg: owner,
                wh.id_arg: lv[wh.id_arg],
                "destination": "Boston",
                "carrier": "UPS",
                "parcels": [{"contents": [{sku.id_arg: lv[sku.id_arg], "quantity": 1}]}],
            }
    return None


def _dispatch(w: World) -> str:
    ship = w.e("outbound")
    sid = ship.id_arg
    program: list[Step] = [
        query("s", f"SELECT reference, status FROM {ship.table} WHERE id = :{sid}", f"no shipment with id {{{sid}}}"),
        check("SELECT :s__status = 'packed'", "shipment {s__reference} is {s__status}; only packed shipments leave"),
        execute(f"UPDATE {ship.table} SET status = 'dispatched' WHERE id = :{sid}"),
        ret(f"SELECT {select_list(w, ship)} FROM {ship.table} t WHERE t.id = :{sid}"),
    ]
    example = next(({sid: r["id"]} for r in ship.rows if r["status"] == "packed"), None)
    return w.tool(
        make_tool(
            "dispatch_shipment",
            "Hand a packed shipment to its carrier.",
            {sid: id_arg("the shipment's id")},
            [sid],
            program,
            row_schema(w, ship),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _levels(w: World, sku_row: Row) -> dict[Scalar, int]:
    level, sku, wh = w.e("stock_level"), w.e("sku"), w.e("warehouse")
    return {lv[wh.id_arg]: n(lv, "quantity") for lv in level.rows if lv[sku.id_arg] == sku_row["id"]}


def _two_box_shipment(w: World) -> TaskCandidate | None:
    kit, sku, wh, client = w.kit(WarehouseKit), w.e("sku"), w.e("warehouse"), w.e("customer")
    for h in shuffled(w, wh.rows):
        for c in shuffled(w, client.rows):
            stocked = [x for x in sku.rows if x[client.id_arg] == c["id"] and _levels(w, x).get(h["id"], 0) >= 10]
            if len(stocked) >= 2:
                break
        else:
            continue
        break
    else:
        return None
    a, b = w.rng.sample(stocked, 2)
    qa, qb = w.pick((2, 4, 5)), w.pick((3, 6, 10))
    dest, carrier = w.pick(CITIES)[0], w.pick(CARRIERS)
    text = (
        f"{c['name']} needs a shipment from {h['code']} to {dest} by {carrier}: box 1 with {qa} x {a['code']}, "
        f"box 2 with {qb} x {b['code']}."
    )
    calls = [
        find(w, "customer", c, "email"),
        call(kit.warehouses, query=str(h["code"])),
        call(kit.skus, query=str(a["code"])),
        call(kit.skus, query=str(b["code"])),
        call(kit.stock, **{wh.id_arg: h["id"], sku.id_arg: a["id"]}),
        call(kit.stock, **{wh.id_arg: h["id"], sku.id_arg: b["id"]}),
        call(
            kit.ship,
            **{
                client.id_arg: c["id"],
                wh.id_arg: h["id"],
                "destination": dest,
                "carrier": carrier,
                "parcels": [
                    {"contents": [{sku.id_arg: a["id"], "quantity": qa}]},
                    {"contents": [{sku.id_arg: b["id"], "quantity": qb}]},
                ],
            },
        ),
    ]
    return TaskCandidate(
        kind="two-parcel-shipment", instruction=text, calls=calls, difficulty="hard", tags=["write", "multi-item"]
    )


def _ship_or_transfer(w: World) -> TaskCandidate | None:
    kit, sku, wh, client = w.kit(WarehouseKit), w.e("sku"), w.e("warehouse"), w.e("customer")
    holds = w.chance(0.5)
    for x in shuffled(w, sku.rows):
        levels = _levels(w, x)
        qty = w.pick((5, 8, 12))
        near = [h for h in wh.rows if (levels.get(h["id"], 0) >= qty) == holds]
        far = [h for h in wh.rows if levels.get(h["id"], 0) >= qty and h not in near]
        if near and (holds or far):
            break
    else:
        return None
    h = w.pick(near)
    c = client.by_id(x[client.id_arg])
    dest = w.pick(CITIES)[0]
    text = (
        f"Ship {qty} units of {x['code']} for {c['name']} from {h['code']} to {dest} with UPS, in one box. If "
        f"{h['code']} doesn't hold enough, first move what it is missing from another warehouse that has it."
    )
    reads = [call(kit.skus, query=str(x["code"])), call(kit.stock, **{sku.id_arg: x["id"]})]
    ship_call = call(
        kit.ship,
        **{
            client.id_arg: c["id"],
            wh.id_arg: h["id"],
            "destination": dest,
            "carrier": "UPS",
            "parcels": [{"contents": [{sku.id_arg: x["id"], "quantity": qty}]}],
        },
    )
    if holds:
        return branching(
            "ship-or-transfer-first",
            text,
            condition="enough-on-hand",
            holds=True,
            reads=reads,
            then=[ship_call],
            otherwise=[],
            tags=["conditional", "stock"],
        )
    src = w.pick(far)
    missing = qty - _levels(w, x).get(h["id"], 0)
    move = call(
        kit.transfer,
        **{sku.id_arg: x["id"], "from_warehouse_id": src["id"], "to_warehouse_id": h["id"], "quantity": missing},
    )
    return branching(
        "ship-or-transfer-first",
        text,
        condition="enough-on-hand",
        holds=False,
        reads=reads,
        then=[ship_call],
        otherwise=[move, ship_call],
        tags=["conditional", "stock"],
    )


def _overdraw(w: World) -> TaskCandidate | None:
    kit, sku, wh, client = w.kit(WarehouseKit), w.e("sku"), w.e("warehouse"), w.e("customer")
    for x in shuffled(w, sku.rows):
        levels = _levels(w, x)
        total = sum(levels.values())
        if levels and total > 0:
            break
    else:
        return None
    h = max(wh.rows, key=lambda r: levels.get(r["id"], -1))
    want = total + w.pick((5, 20, 50))
    c = client.by_id(x[client.id_arg])
    text = f"Please ship {want} units of {x['code']} for {c['name']} from {h['code']} to Denver by FedEx, one box."
    reads = [call(kit.skus, query=str(x["code"])), call(kit.stock, **{sku.id_arg: x["id"]})]
    return refusing(
        "overdraw-refused",
        text,
        reads=reads,
        complying=[
            call(
                kit.ship,
                **{
                    client.id_arg: c["id"],
                    wh.id_arg: h["id"],
                    "destination": "Denver",
                    "carrier": "FedEx",
                    "parcels": [{"contents": [{sku.id_arg: x["id"], "quantity": want}]}],
                },
            )
        ],
        reason="the warehouses do not hold that many units",
        answer=[str(levels.get(h["id"], 0))],
        competing=others([str(v) for v in levels.values()] + [str(total)], [str(levels.get(h["id"], 0))]),
        tags=["stock"],
    )


def _where_most(w: World) -> TaskCandidate | None:
    kit, sku, wh = w.kit(WarehouseKit), w.e("sku"), w.e("warehouse")
    for x in shuffled(w, sku.rows):
        levels = _levels(w, x)
        ranked = sorted(levels.items(), key=lambda kv: -kv[1])
        if len(ranked) >= 2 and ranked[0][1] != ranked[1][1]:
            break
    else:
        return None
    best = wh.by_id(ranked[0][0])
    text = f"Which warehouse holds the most units of {x['code']}, and how many?"
    calls = [
        call(kit.skus, query=str(x["code"])),
        call(kit.stock, **{sku.id_arg: x["id"]}, sort_by="quantity", sort_order="desc"),
        call(kit.warehouses),
    ]
    return TaskCandidate(
        kind="most-stock-warehouse",
        instruction=text,
        calls=calls,
        answer=[str(best["code"]), str(ranked[0][1])],
        competing=others([h["code"] for h in wh.rows] + [str(v) for _, v in ranked], [best["code"], str(ranked[0][1])]),
        difficulty="medium",
        tags=["lookup", "compare"],
    )


def _dispatch_carrier(w: World) -> TaskCandidate | None:
    kit, ship = w.kit(WarehouseKit), w.e("outbound")
    carrier = w.pick(CARRIERS)
    ready = [r for r in ship.rows if r["status"] == "packed" and r["carrier"] == carrier]
    if not 1 <= len(ready) <= 6 or not [r for r in ship.rows if r["status"] == "packed" and r["carrier"] != carrier]:
        return None
    text = f"The {carrier} pickup is here: dispatch every packed shipment booked with {carrier}, and only those."
    calls = [call(kit.shipments, status="packed", carrier=carrier)]
    calls += [call(kit.dispatch, **{ship.id_arg: r["id"]}) for r in ready]
    return TaskCandidate(
        kind="carrier-pickup", instruction=text, calls=calls, difficulty="medium", tags=["write", "bulk", "keep-others"]
    )


def _parcel_weight(w: World) -> TaskCandidate | None:
    kit, ship, parcel = w.kit(WarehouseKit), w.e("outbound"), w.e("parcel")
    for r in shuffled(w, ship.rows):
        boxes = [p for p in parcel.rows if p[ship.id_arg] == r["id"]]
        if len(boxes) >= 2 and boxes[0]["weight_grams"] != boxes[1]["weight_grams"]:
            break
    else:
        return None
    heavy = max(boxes, key=lambda p: n(p, "weight_grams"))
    text = f"How heavy is the heaviest parcel of shipment {r['reference']}, in grams?"
    calls = [call(kit.shipments, query=str(r["reference"])), call(kit.parcels, **{ship.id_arg: r["id"]})]
    return TaskCandidate(
        kind="heaviest-parcel",
        instruction=text,
        calls=calls,
        answer=[str(heavy["weight_grams"])],
        competing=others([str(p["weight_grams"]) for p in parcel.rows], [str(heavy["weight_grams"])]),
        difficulty="easy",
        tags=["lookup"],
    )


LOGISTICS = Module(
    key="logistics",
    about="warehouses, clients' SKUs, stock per warehouse, transfers, shipments with parcels",
    fits=frozenset({"logistics"}),
    build=build_logistics,
    tools=logistics_tools,
    tasks=(
        TaskKind("two-parcel-shipment", _two_box_shipment),
        TaskKind("ship-or-transfer-first", _ship_or_transfer),
        TaskKind("overdraw-refused", _overdraw),
        TaskKind("most-stock-warehouse", _where_most),
        TaskKind("carrier-pickup", _dispatch_carrier),
        TaskKind("heaviest-parcel", _parcel_weight),
    ),
    needs=("customers",),
)
