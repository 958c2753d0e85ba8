"""A shop's catalog: categories, optional brands, and products drawn from the domain's catalog, so
every product sits in the category it belongs to, with a price in that item's usual range."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.blueprint import Category, Item
from generator.candidate import TaskCandidate, call
from generator.module import Module, TaskKind
from generator.modules.common import shuffled, unique_by
from generator.modules.reviews import Reviewable, rating_columns
from generator.prices import as_number, dollars, plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.world import World

RETAIL = frozenset({"retail", "health", "events", "media", "food"})


@dataclass(frozen=True)
class Sellable:
    """What an order module sells: the entity, and its stock column if stock is counted."""

    entity: str
    stock: str | None


@dataclass(frozen=True)
class CatalogKit:
    categories: str
    search: str
    get: str
    update: str
    restock: str


def build_catalog(w: World) -> None:
    cats = w.add(
        Entity(
            "category",
            w.noun("category", "category|categories"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("description", "what it holds", required=False),
            ],
            "name",
            "how products are grouped",
            table="categories",
        )
    )
    if w.on("brands"):
        _brands(w)
    item = w.noun("product")
    columns = [
        s.text("name", "name", unique=True, mutable=False),
        s.ref(cats, mutable=True),
    ]
    columns.append(s.ref(w.e("brand")) if w.on("brands") else s.text("brand", "brand"))
    columns += [s.money("price", "price (in dollars)"), s.integer("stock", "units in stock", 0, 100000)]
    columns.append(s.enum("status", "whether it is still sold", ("active", "discontinued")))
    columns += rating_columns(w)
    if w.feature("product.sku"):
        columns.append(s.code("sku", "stock-keeping unit"))
    if w.feature("product.weight"):
        columns.append(s.integer("weight_grams", "shipping weight in grams", 1, 200000, required=False))
    ent = w.add(Entity("product", item, columns, "name", f"the {item.plural_words} {w.title} sells"))
    chosen = shuffled(w, w.domain.catalog.categories)[: w.rng.randint(4, 8)]
    for category in sorted(chosen, key=lambda c: c.name):
        cats.add(name=category.name, description=f"{category.name.lower()} {item.plural_words}")
    for row in cats.rows:
        category = next(c for c in chosen if c.name == row["name"])
        _products(w, ent, row, category)
    w.put(Sellable("product", "stock"))
    w.put(Reviewable("product", "product"))


def _brands(w: World) -> None:
    ent = w.add(
        Entity(
            "brand",
            w.noun("brand"),
            [s.text("name", "name", unique=True, mutable=False), s.text("country", "country of origin")],
            "name",
            "the makers of the products",
        )
    )
    names = sorted({b for c in w.domain.catalog.categories for b in c.brands})
    for name in names:
        ent.add(name=name, country=w.pick(("USA", "Germany", "Japan", "Sweden", "Italy", "Canada", "Korea", "UK")))


def _products(w: World, ent: Entity, category: Row, source: Category) -> None:
    taken = {r["name"] for r in ent.rows}
    items = shuffled(w, source.items)[: w.rng.randint(3, 6)]
    for base in items:
        for _ in range(w.pick((1, 1, 2, 2, 3))):
            name, brand = _name(w, base, source)
            if name in taken:
                continue
            taken.add(name)
            row = ent.add(
                name=name,
                **{w.e("category").id_arg: category["id"]},
                price_cents=price(w.rng, base.low, base.high),
                stock=w.pick((0, 2, 4, 7, 12, 18, 25, 33, 40, 56, 80, 120)),
                status="discontinued" if w.chance(0.06) else "active",
            )
            _brand(w, ent, row, brand)
            if ent.has("sku"):
                row["sku"] = (
                    f"{''.join(ch for ch in brand if ch.isalpha())[:3].upper()}-{w.rng.randrange(10000, 99999)}"
                )
            if ent.has("weight_grams"):
                row["weight_grams"] = w.rng.randrange(80, 9000)


def _brand(w: World, ent: Entity, row: Row, brand: str) -> None:
    if w.has("brand"):
        row[w.e("brand").id_arg] = next(b["id"] for b in w.e("brand").rows if b["name"] == brand)
    else:
        row["brand"] = brand


def _name(w: World, base: Item, source: Category) -> tuple[str, str]:
    brand = w.pick(source.brands) if source.brands else w.title.split()[0]
    spec = w.pick(base.specs) if base.specs and w.chance(0.7) else ""
    return " ".join(p for p in (brand, spec, base.name) if p), brand


def catalog_tools(w: World) -> None:
    cats, ent = w.e("category"), w.e("product")
    categories = crud.search(w, cats, text=["name"], sorts=["name"], name=f"list_{cats.table}")
    filters = [cats.id_arg, "status", w.e("brand").id_arg if w.has("brand") else "brand"]
    ranges = ["price", "stock"] + (["rating"] if ent.has("rating") else [])
    sorts = ["name", "price", "stock"] + (["rating"] if ent.has("rating") else [])
    search = crud.search(w, ent, text=["name"], filters=filters, ranges=ranges, sorts=sorts)
    get = crud.get(w, ent)
    update = crud.update(
        w,
        ent,
        [ent.col("price"), ent.col("status"), ent.col(cats.id_arg)],
        about=f"Change {ent.noun.a()}'s price, status or category",
    )
    w.put(CatalogKit(categories, search, get, update, _restock(w, ent)))


def _restock(w: World, ent: Entity) -> str:
    props = {
        ent.id_arg: id_arg(f"the {ent.label}'s id"),
        "quantity": {"type": "integer", "minimum": 1, "maximum": 5000, "description": "units received"},
    }
    program: list[Step] = [
        crud.exists(w, ent),
        query("item", f"SELECT name, status FROM {ent.table} WHERE id = :{ent.id_arg}"),
        check("SELECT :item__status = 'active'", "{item__name} is discontinued; it is not restocked any more"),
        execute(f"UPDATE {ent.table} SET stock = stock + :quantity WHERE id = :{ent.id_arg}"),
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = :{ent.id_arg}"),
    ]
    return w.tool(
        make_tool(
            f"restock_{ent.noun.snake}",
            f"Add received units to {ent.noun.a()}'s stock.",
            props,
            list(props),
            program,
            row_schema(w, ent),
        )
    )


# --- task kinds ----------------------------------------------------------------------------------


def _active(w: World) -> list[Row]:
    return [r for r in w.e("product").rows if r["status"] == "active"]


def _category(w: World, row: Row) -> Row:
    return w.e("category").by_id(row[w.e("category").id_arg])


def _cheapest_in_category(w: World) -> TaskCandidate | None:
    kit = w.kit(CatalogKit)
    for cat in shuffled(w, w.e("category").rows):
        pool = sorted(
            (r for r in _active(w) if r[w.e("category").id_arg] == cat["id"] and int(r["stock"] or 0) > 0),
            key=lambda r: int(r["price_cents"] or 0),
        )
        if len(pool) >= 3 and pool[0]["price_cents"] != pool[1]["price_cents"]:
            break
    else:
        return None
    best = pool[0]
    text = (
        f"A customer wants the cheapest {cat['name']} item we have in stock right now. Which one is it, "
        "and what does it cost?"
    )
    return TaskCandidate(
        kind="cheapest-in-category",
        instruction=text,
        calls=[
            call(kit.categories, query=cat["name"]),
            call(
                kit.search,
                **{w.e("category").id_arg: cat["id"]},
                status="active",
                min_stock=1,
                sort_by="price",
                sort_order="asc",
                limit=5,
            ),
        ],
        answer=[str(best["name"]), plain(int(best["price_cents"] or 0))],
        competing=[str(r["name"]) for r in pool[1:]] + [plain(int(r["price_cents"] or 0)) for r in pool[1:]],
        difficulty="medium",
        tags=["lookup", "filter-sort"],
    )


def _compare_stock(w: World) -> TaskCandidate | None:
    kit = w.kit(CatalogKit)
    pool = unique_by(_active(w), "stock")
    if len(pool) < 3:
        return None
    picks = w.rng.sample(pool, 3)
    most = max(picks, key=lambda r: int(r["stock"] or 0))
    names = ", ".join(f'"{p["name"]}"' for p in picks)
    return TaskCandidate(
        kind="compare-stock",
        instruction=f"Of {names}, which do we have the most units of, and how many?",
        calls=[call(kit.search, query=str(p["name"])) for p in picks],
        answer=[str(most["stock"])],
        competing=[str(p["stock"]) for p in picks if p is not most],
        difficulty="medium",
        tags=["lookup", "compare"],
    )


def _discount_category(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(CatalogKit), w.e("product")
    for cat in shuffled(w, w.e("category").rows):
        rows = [r for r in _active(w) if r[w.e("category").id_arg] == cat["id"]]
        prices = sorted(int(r["price_cents"] or 0) for r in rows)
        if len(rows) >= 4:
            floor = prices[len(prices) // 2 - 1]
            hit = [r for r in rows if int(r["price_cents"] or 0) > floor]
            if 2 <= len(hit) <= 7:
                break
    else:
        return None
    pct = w.pick((10, 15, 20, 25))
    calls = [
        call(kit.categories, query=cat["name"]),
        call(
            kit.search, **{w.e("category").id_arg: cat["id"]}, status="active", min_price=as_number(floor + 1), limit=50
        ),
    ]
    for r in sorted(hit, key=lambda r: int(r["id"] or 0)):
        new = (int(r["price_cents"] or 0) * (100 - pct) + 50) // 100
        calls.append(call(kit.update, **{ent.id_arg: r["id"], "price": as_number(new)}))
    text = (
        f"We're running a {pct}% sale on {cat['name']}: cut the price of every active {cat['name']} "
        f"{ent.label} that costs more than {dollars(floor)} by {pct}% (rounded to the cent). Leave the cheaper ones "
        "alone."
    )
    return TaskCandidate(
        kind="discount-category",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "filter-sort"],
    )


def _restock_low(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(CatalogKit), w.e("product")
    threshold = w.pick((3, 5, 8))
    low = [r for r in _active(w) if int(r["stock"] or 0) < threshold]
    if not 2 <= len(low) <= 8:
        return None
    add = w.pick((12, 20, 24, 30))
    calls = [call(kit.search, status="active", max_stock=threshold - 1, limit=50)]
    calls += [
        call(kit.restock, **{ent.id_arg: r["id"], "quantity": add})
        for r in sorted(low, key=lambda r: int(r["id"] or 0))
    ]
    text = (
        f"A delivery just came in: {add} more units of every active {ent.label} that had fewer than {threshold} "
        "in stock. Please book them into stock."
    )
    return TaskCandidate(kind="restock-low", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk"])


CATALOG = Module(
    key="catalog",
    about="categories and products with prices and stock",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_catalog,
    tools=catalog_tools,
    tasks=(
        TaskKind("cheapest-in-category", _cheapest_in_category),
        TaskKind("compare-stock", _compare_stock),
        TaskKind("discount-category", _discount_category),
        TaskKind("restock-low", _restock_low),
    ),
    features=("product.sku", "product.weight"),
)

BRANDS = Module(
    key="brands",
    about="the brands products are made by",
    fits=frozenset({"retail"}),
    build=lambda w: None,
    tools=lambda w: _brand_tools(w),
    needs=("catalog",),
)


def _brand_tools(w: World) -> None:
    crud.search(w, w.e("brand"), text=["name"], filters=["country"], sorts=["name"], name=f"list_{w.e('brand').table}")
