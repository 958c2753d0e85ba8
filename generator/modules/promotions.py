"""Keeping customers: wishlists, coupons that apply at ordering, and loyalty points with a ledger
that every charge and refund writes to."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call
from generator.module import Module, TaskKind
from generator.modules.catalog import Sellable
from generator.modules.common import days_ago, find, n, shuffled
from generator.modules.orders import OrderKit, policy
from generator.prices import dollars
from generator.schema import Entity
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

# --- wishlists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WishlistKit:
    list: str
    add: str
    remove: str


def build_wishlists(w: World) -> None:
    cust, sell = w.e("customer"), w.kit(Sellable)
    item = w.e(sell.entity)
    ent = w.add(
        Entity(
            "wishlist_item",
            w.noun("wishlist_item", "wishlist item"),
            [s.ref(cust), s.ref(item), s.day("added_on", "date added")],
            "id",
            f"{item.plural_label} {cust.plural_label} saved for later",
        )
    )
    for person in shuffled(w, cust.rows)[: len(cust.rows) // 2]:
        for product in w.rng.sample(item.rows, w.pick((1, 2, 3, 4))):
            ent.add(**{cust.id_arg: person["id"], item.id_arg: product["id"]}, added_on=days_ago(w, 1, 200))


def wishlist_tools(w: World) -> None:
    ent, cust, item = w.e("wishlist_item"), w.e("customer"), w.e(w.kit(Sellable).entity)
    listing = crud.search(w, ent, scope=[cust.id_arg], sorts=["added_on"], name=f"list_{cust.noun.snake}_wishlist")
    add = crud.create(
        w,
        ent,
        [ent.col(cust.id_arg), ent.col(item.id_arg)],
        fixed={"added_on": ":_today"},
        about=f"Save {item.noun.a()} to {cust.noun.a()}'s wishlist",
        name="add_to_wishlist",
        guards=[
            check(
                f"SELECT NOT EXISTS (SELECT 1 FROM {ent.table} WHERE {cust.id_arg} = :{cust.id_arg} AND "
                f"{item.id_arg} = :{item.id_arg})",
                "it is already on the wishlist",
            )
        ],
    )
    remove = crud.delete(w, ent, name="remove_from_wishlist", about="Take an item off a wishlist.")
    w.put(WishlistKit(listing, add, remove))


def _buy_wishlist_under(w: World) -> TaskCandidate | None:
    """Order every wishlist item under a price, in one order, and take them off the wishlist."""
    kit, okit, sell = w.kit(WishlistKit), w.kit(OrderKit), w.kit(Sellable)
    ent, cust, item = w.e("wishlist_item"), w.e("customer"), w.e(sell.entity)
    for person in shuffled(w, [c for c in cust.rows if c.get("status", "active") == "active"]):
        saved = [r for r in ent.rows if r[cust.id_arg] == person["id"]]
        rows = [item.by_id(r[item.id_arg]) for r in saved]
        if len(saved) < 3 or any(r["status"] != "active" or n(r, "stock") < 1 for r in rows):
            continue
        prices = sorted(n(r, "price_cents") for r in rows)
        cap = prices[-1]
        if prices[-2] < cap:
            break
    else:
        return None
    chosen = [(sv, r) for sv, r in zip(saved, rows, strict=True) if n(r, "price_cents") < cap]
    v = voice(w, person)
    text = v.say(
        f"Please order one of everything on {v.my} wishlist that costs less than {dollars(cap)}, and take "
        "those off the wishlist. The rest stays on it."
    )
    calls = [find(w, "customer", person, "email"), call(kit.list, **{cust.id_arg: person["id"]})]
    calls += [call(w.searches[item.key].tool, query=str(r["name"])) for _, r in chosen]
    calls.append(
        call(
            okit.place,
            **{cust.id_arg: person["id"], "items": [{item.id_arg: r["id"], "quantity": 1} for _, r in chosen]},
        )
    )
    calls += [call(kit.remove, **{ent.id_arg: sv["id"]}) for sv, _ in chosen]
    return TaskCandidate(
        kind="buy-wishlist-under",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "multi-item", "filter-sort", "keep-others"],
    )


WISHLISTS = Module(
    key="wishlists",
    about="items customers saved for later",
    fits=frozenset({"retail"}),
    build=build_wishlists,
    tools=wishlist_tools,
    tasks=(TaskKind("buy-wishlist-under", _buy_wishlist_under),),
    needs=("orders",),
)


# --- coupons -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouponKit:
    lookup: str


def build_coupons(w: World) -> None:
    ent = w.add(
        Entity(
            "coupon",
            w.noun("coupon"),
            [
                s.code("code", "coupon code"),
                s.integer("percent", "percent off the subtotal", 1, 90),
                s.money("min_subtotal", "smallest subtotal it applies to"),
                s.day("expires_on", "last day it can be used"),
            ],
            "code",
            "discount codes that apply when ordering",
        )
    )
    words = ("SPRING", "SUMMER", "WELCOME", "THANKS", "SAVE", "HOLIDAY", "VIP", "FLASH", "BACK")
    for word in w.rng.sample(words, w.rng.randint(4, 7)):
        pct = w.pick((5, 10, 10, 15, 20, 25))
        ent.add(
            code=f"{word}{pct}",
            percent=pct,
            min_subtotal_cents=w.pick((0, 2500, 5000, 7500, 10000)),
            expires_on=shift(w.today, w.pick((-40, -10, -2, 5, 14, 30, 60, 90))),
        )
    w.fact("Coupons take a percentage off the subtotal; each has a minimum subtotal and a last day.")


def coupon_tools(w: World) -> None:
    ent = w.e("coupon")
    w.put(CouponKit(crud.search(w, ent, text=["code"], ranges=["expires_on"], sorts=["expires_on", "percent"])))


def _order_with_coupon(w: World) -> TaskCandidate | None:
    """Order with a coupon if it still applies; otherwise order anyway without it. Both branches."""
    okit, ckit, sell = w.kit(OrderKit), w.kit(CouponKit), w.kit(Sellable)
    coupons, item = w.e("coupon").rows, w.e(sell.entity)
    branch = "then" if w.chance(0.5) else "else"
    pool = [c for c in coupons if (str(c["expires_on"]) >= w.today) == (branch == "then")]
    stocked = [r for r in item.rows if r["status"] == "active" and n(r, "stock") >= 2]
    people = [c for c in w.e("customer").rows if c.get("status", "active") == "active"]
    if not pool or len(stocked) < 2:
        return None
    coupon = w.pick(pool)
    picks = w.rng.sample(stocked, 2)
    if sum(n(p, "price_cents") for p in picks) < n(coupon, "min_subtotal_cents"):
        return None
    person = w.pick(people)
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} would like one {picks[0]['name']} and one {picks[1]['name']}, with coupon "
        f"{coupon['code']} if it is still valid. If it has expired, place the order without it."
    )
    items = [{item.id_arg: p["id"], "quantity": 1} for p in picks]
    plain_order = {w.e("customer").id_arg: person["id"], "items": items}
    reads = [
        find(w, "customer", person, "email"),
        call(ckit.lookup, query=str(coupon["code"])),
        *(find(w, sell.entity, p) for p in picks),
    ]
    return branching(
        "order-with-coupon",
        text,
        condition="coupon-valid",
        holds=branch == "then",
        reads=reads,
        then=[call(okit.place, **plain_order, coupon_code=coupon["code"])],
        otherwise=[call(okit.place, **plain_order)],
        difficulty="hard",
        tags=["conditional", "multi-item"],
    )


COUPONS = Module(
    key="coupons",
    about="coupon codes with a percentage off, a minimum and an expiry",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_coupons,
    tools=coupon_tools,
    tasks=(TaskKind("order-with-coupon", _order_with_coupon, ("orders",)),),
)


# --- loyalty -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoyaltyKit:
    account: str
    history: str
    adjust: str


def build_loyalty(w: World) -> None:
    cust, order = w.e("customer"), w.e("order")
    acct = w.add(
        Entity(
            "loyalty_account",
            w.noun("loyalty_account", "rewards account"),
            [s.ref(cust), s.integer("points", "points balance", 0, 10_000_000), s.day("joined_on", "date joined")],
            "id",
            f"{cust.plural_label}' rewards points",
        )
    )
    ledger = w.add(
        Entity(
            "points_entry",
            w.noun("points_entry", "points entry|points entries"),
            [
                s.ref(acct),
                s.ref(order, required=False),
                s.integer("points", "points added (negative: taken)", -10_000_000, 10_000_000),
                s.text("reason", "why"),
                s.day("created_on", "date"),
            ],
            "reason",
            "every change to a points balance, with its reason",
        )
    )
    rate = policy(w).points_per_dollar
    members = shuffled(w, cust.rows)[: max(4, len(cust.rows) * 2 // 3)]
    for person in sorted(members, key=lambda r: n(r, "id")):
        row = acct.add(**{cust.id_arg: person["id"]}, points=0, joined_on=person["joined_on"])
        total = 0
        for o in order.rows:
            if o[cust.id_arg] != person["id"]:
                continue
            earned = n(o, "total_cents") // 100 * rate
            ledger.add(
                **{acct.id_arg: row["id"], order.id_arg: o["id"]},
                points=earned,
                reason=f"earned on {o['order_number']}",
                created_on=o["placed_on"],
            )
            total += earned
            if o["status"] == "cancelled":
                ledger.add(
                    **{acct.id_arg: row["id"], order.id_arg: o["id"]},
                    points=-earned,
                    reason=f"returned with refund on {o['order_number']}",
                    created_on=o["placed_on"],
                )
                total -= earned
        row["points"] = total
    w.fact(
        f"Rewards members earn {rate} point{'s' if rate > 1 else ''} per whole dollar charged; refunds take "
        "the points back."
    )


def loyalty_tools(w: World) -> None:
    acct, ledger, cust = w.e("loyalty_account"), w.e("points_entry"), w.e("customer")
    account = crud.search(
        w, acct, filters=[cust.id_arg], ranges=["points"], sorts=["points"], name=f"find_{acct.noun.snake}"
    )
    history = crud.search(
        w, ledger, scope=[acct.id_arg], ranges=["created_on"], sorts=["created_on"], name="list_points_history"
    )
    w.put(LoyaltyKit(account, history, _adjust(w)))


def _adjust(w: World) -> str:
    acct, ledger = w.e("loyalty_account"), w.e("points_entry")
    aid = acct.id_arg
    props = {
        aid: id_arg("the rewards account's id"),
        "points": {
            "type": "integer",
            "minimum": -100000,
            "maximum": 100000,
            "description": "points to add (negative to take away)",
        },
        "reason": {"type": "string", "minLength": 3, "maxLength": 200, "description": "why, for the ledger"},
    }
    program: list[Step] = [
        query("a", f"SELECT points FROM {acct.table} WHERE id = :{aid}", f"no rewards account with id {{{aid}}}"),
        check("SELECT :points != 0", "an adjustment of 0 points changes nothing"),
        check("SELECT :a__points + :points >= 0", "the balance is {a__points}; it cannot go below zero"),
        execute(
            f"INSERT INTO {ledger.table} ({aid}, points, reason, created_on) VALUES (:{aid}, :points, :reason, :_today)"
        ),
        execute(f"UPDATE {acct.table} SET points = points + :points WHERE id = :{aid}"),
        ret(f"SELECT {select_list(w, acct)} FROM {acct.table} t WHERE t.id = :{aid}"),
    ]
    text = "Add or take away rewards points by hand (goodwill, corrections), with a reason kept in the ledger."
    example = {aid: acct.rows[0]["id"], "points": 50, "reason": "goodwill"}
    return w.tool(make_tool("adjust_points", text, props, list(props), program, row_schema(w, acct), example=example))


def _goodwill(w: World) -> TaskCandidate | None:
    kit, acct, cust = w.kit(LoyaltyKit), w.e("loyalty_account"), w.e("customer")
    late = [o for o in w.e("order").rows if o["status"] == "delivered"]
    members = {a[cust.id_arg]: a for a in acct.rows}
    pool = [o for o in late if o[cust.id_arg] in members]
    if not pool:
        return None
    o = w.pick(pool)
    person, a = cust.by_id(o[cust.id_arg]), members[o[cust.id_arg]]
    points = w.pick((100, 150, 200, 250, 500))
    reason = f"goodwill for late delivery of {o['order_number']}"
    text = (
        f"{person['name']}'s {w.e('order').label} {o['order_number']} arrived late. Give them {points} rewards "
        f'points as an apology, with the reason "{reason}", and tell me their new balance.'
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.account, **{cust.id_arg: person["id"]}),
        call(kit.adjust, **{acct.id_arg: a["id"], "points": points, "reason": reason}),
    ]
    return TaskCandidate(
        kind="goodwill-points",
        instruction=text,
        calls=calls,
        answer=[str(n(a, "points") + points)],
        competing=[str(n(a, "points"))],
        difficulty="medium",
        tags=["write", "report"],
    )


def _points_from_order(w: World) -> TaskCandidate | None:
    kit, acct, ledger, cust = w.kit(LoyaltyKit), w.e("loyalty_account"), w.e("points_entry"), w.e("customer")
    order = w.e("order")
    pool = [e for e in ledger.rows if n(e, "points") > 0 and e[order.id_arg]]
    if not pool:
        return None
    e = w.pick(pool)
    a = acct.by_id(e[acct.id_arg])
    person = cust.by_id(a[cust.id_arg])
    o = order.by_id(e[order.id_arg])
    others = sorted(
        {str(x["points"]) for x in ledger.rows if x[acct.id_arg] == a["id"] and x is not e} - {str(e["points"])}
    )
    text = f"How many rewards points did {person['name']} earn on {order.label} {o['order_number']}?"
    calls = [
        find(w, "customer", person, "email"),
        call(kit.account, **{cust.id_arg: person["id"]}),
        call(kit.history, **{acct.id_arg: a["id"]}, limit=100),
    ]
    return TaskCandidate(
        kind="points-earned",
        instruction=text,
        calls=calls,
        answer=[str(e["points"])],
        competing=[*others, str(a["points"])],
        difficulty="medium",
        tags=["lookup", "multi-step"],
    )


LOYALTY = Module(
    key="loyalty",
    about="rewards points earned on orders, with a ledger",
    fits=frozenset({"retail", "pharmacy"}),
    build=build_loyalty,
    tools=loyalty_tools,
    tasks=(TaskKind("goodwill-points", _goodwill), TaskKind("points-earned", _points_from_order)),
    needs=("orders",),
)
