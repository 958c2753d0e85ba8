"""Task candidates about transactions, computed from the seed rows: make, cancel, move, progress,
rules that refuse the obvious route, bulk work, and lookups."""

from __future__ import annotations

from typing import Any

from generator.blocks import Row, dollars, money_text
from generator.calendar import shift
from generator.naming import slug
from generator.parts.txn import (
    cancellable,
    date_col,
    open_count,
    open_states,
    party_can_book,
    remaining,
    reserve_name,
    states,
    summary_name,
)
from generator.toolkit import added, new_row, old_rows_unchanged, others_unchanged, row_is, same_rows, task
from generator.tools import search_name
from generator.world import World

Check = tuple[str, str]


def find_party(world: World, row: Row) -> tuple[str, dict[str, Any]]:
    return search_name(world, world.e("party")), {"query": row["name"]}


def find_res(world: World, row: Row) -> tuple[str, dict[str, Any]]:
    return search_name(world, world.e("resource")), {"query": row["name"]}


def find_txns(world: World, party: Row) -> tuple[str, dict[str, Any]]:
    return search_name(world, world.e("txn")), {world.e("party").id_arg: party["id"]}


def net_paid(world: World, txn_id: int) -> int:
    if not world.has("payment"):
        return 0
    tid = world.e("txn").id_arg
    rows = [p for p in world.e("payment").rows if p[tid] == txn_id]
    return sum(p["amount_cents"] if p["kind"] == "charge" else -p["amount_cents"] for p in rows)


def describe(world: World, txn: Row) -> str:
    """How a user names a transaction: '... for Deluxe Suite on 2026-04-02'."""
    res = world.e("resource").by_id(txn[world.e("resource").id_arg])
    when = "on" if world.domain.mode == "per_date" else "made on"
    return f"{world.e('txn').label} for {res['name']} {when} {txn[date_col(world)]}"


def reserve_effects(world: World, party_expr: Any, res: Row, day: str, qty: int) -> list[Check]:
    txn, r = world.e("txn"), world.e("resource")
    status = states(world)["pending" if world.rules.approval else "initial"]
    expect: dict[str, Any] = {
        r.id_arg: res["id"],
        date_col(world): day,
        "total_cents": res["price_cents"] * qty,
        "status": status,
    }
    if world.domain.qty:
        expect["quantity"] = qty
    checks = [
        new_row(txn.table, expect, f"one new {txn.label} for {res['name']} on {day}"),
        added(txn.table, 1),
        old_rows_unchanged(txn.table),
    ]
    sql, msg = checks[0]
    pid = world.e("party").id_arg
    party_cond = f"{pid} = {party_expr}" if isinstance(party_expr, int) else f"{pid} = ({party_expr})"
    checks[0] = (sql + f" AND {party_cond}", msg)
    if world.domain.mode == "stock":
        checks.append(
            row_is(r.table, res["id"], {"stock": res["stock"] - qty}, f"{res['name']} stock went down by {qty}")
        )
    return checks


def cancel_effects(world: World, row: Row) -> list[Check]:
    txn, r = world.e("txn"), world.e("resource")
    checks = [
        row_is(txn.table, row["id"], {"status": states(world)["cancelled"]}, f"{txn.label} {row['id']} is cancelled")
    ]
    if world.domain.mode == "stock":
        res = r.by_id(row[r.id_arg])
        checks.append(
            row_is(r.table, res["id"], {"stock": res["stock"] + row.get("quantity", 1)}, "the units are back in stock")
        )
    net = net_paid(world, row["id"])
    if net > 0:
        pay = world.e("payment")
        checks += [
            new_row(
                pay.table, {txn.id_arg: row["id"], "amount_cents": net, "kind": "refund"}, f"{money_text(net)} refunded"
            ),
            added(pay.table, 1),
            old_rows_unchanged(pay.table),
        ]
    return checks


def stock_guard(world: World, res_ids: list[int]) -> list[Check]:
    """In stock mode, no other item's stock may change."""
    return [others_unchanged(world.e("resource").table, res_ids)] if world.domain.mode == "stock" else []


def touched(world: World, *roles: str) -> list[str]:
    extra = ["resource"] if world.domain.mode == "stock" else []
    return [*roles, *extra, "payment"]


def free_day(world: World, res: Row, qty: int) -> str | None:
    lo, hi = world.rules.window
    start = max(lo, world.rules.cutoff, 1) + 1
    for _ in range(20):
        day = shift(world.today, world.rng.randint(start, max(start, min(hi, 45))))
        if remaining(world, res, day) >= qty:
            return day
    return None


def txn_tasks(world: World) -> None:
    for make in (
        _reserve,
        _cancel,
        _progress,
        _reschedule,
        _capacity_rule,
        _limit_rule,
        _suspended_rule,
        _new_party_flow,
        _bulk_cancel,
        _summary,
        _availability,
        _cutoff_rule,
    ):
        make(world)


def _bookable(world: World) -> list[Row]:
    return [p for p in world.e("party").rows if party_can_book(world, p)]


def _active_res(world: World) -> list[Row]:
    return [r for r in world.e("resource").rows if r["status"] == "active"]


def _reserve_args(world: World, party_id: int, res: Row, day: str, qty: int) -> dict[str, Any]:
    r, p = world.e("resource"), world.e("party")
    args: dict[str, Any] = {p.id_arg: party_id, r.id_arg: res["id"]}
    if world.domain.mode == "per_date":
        args[date_col(world)] = day
    if world.domain.qty:
        args["quantity"] = qty
    return args


def _ask(world: World, party: str, res: Row, day: str, qty: int) -> str:
    d = world.domain
    when = f" on {day}" if d.mode == "per_date" else ""
    many = f" ({qty} {d.qty if qty != 1 else singular(d.qty)})" if d.qty else ""
    return str(d.ask(party, res["name"], many, when))


def singular(noun: str) -> str:
    irregular = {"people": "person", "copies": "copy", "berths": "berth"}
    return irregular.get(noun, noun[:-1] if noun.endswith("s") else noun)


def _pick_booking(world: World) -> tuple[Row, Row, str, int] | None:
    parties, items = _bookable(world), _active_res(world)
    for _ in range(30):
        if not parties or not items:
            return None
        p, r = world.pick(parties), world.pick(items)
        qty = world.rng.randint(1, 3) if world.domain.qty else 1
        day = free_day(world, r, qty) if world.domain.mode == "per_date" else world.today
        if day and remaining(world, r, day) >= qty:
            return p, r, day, qty
    return None


def _reserve(world: World) -> None:
    picked = _pick_booking(world)
    if not picked:
        return
    p, r, day, qty = picked
    world.tasks.append(
        task(
            "make-txn",
            _ask(world, p["name"], r, day, qty) + ", please.",
            [
                find_party(world, p),
                find_res(world, r),
                (reserve_name(world), _reserve_args(world, p["id"], r, day, qty)),
            ],
            [
                *reserve_effects(world, p["id"], r, day, qty),
                *stock_guard(world, [r["id"]]),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="medium",
            tags=["write", "workflow"],
        )
    )


def _cancellable_rows(world: World) -> list[Row]:
    c, col = world.rules.cutoff, date_col(world)
    limit = shift(world.today, c)
    return [t for t in world.e("txn").rows if t["status"] in cancellable(world) and (not c or t[col] >= limit)]


def _cancel(world: World) -> None:
    txn, pid = world.e("txn"), world.e("party").id_arg
    rows = _cancellable_rows(world)
    if not rows:
        return
    multi = [t for t in rows if open_count(world, t[pid]) >= 2 and _unique_desc(world, t)]
    single = [t for t in rows if _unique_desc(world, t)]
    for kind, pool in (("cancel-txn", single), ("cancel-one-of-many", multi)):
        if not pool:
            continue
        t = world.pick(pool)
        p = world.e("party").by_id(t[pid])
        checks = cancel_effects(world, t)
        tags = ["write", "workflow"]
        if kind == "cancel-one-of-many":
            tags.append("isolation")
            where = f"{pid} = {p['id']} AND id != {t['id']}"
            checks.append(
                (f"SELECT {same_rows(txn.table, where)}", f"{p['name']}'s other {txn.plural_label} are untouched")
            )
        extra = " Leave their other ones as they are." if kind != "cancel-txn" else ""
        world.tasks.append(
            task(
                kind,
                f"{p['name']} called: please cancel their {describe(world, t)}.{extra}",
                [find_party(world, p), find_txns(world, p), (f"cancel_{txn.singular}", {txn.id_arg: t["id"]})],
                [
                    *checks,
                    *stock_guard(world, [t[world.e("resource").id_arg]]),
                    others_unchanged(txn.table, [t["id"]]),
                    world.unchanged_except(*touched(world, "txn")),
                ],
                difficulty="medium",
                tags=tags,
            )
        )


def _unique_desc(world: World, t: Row) -> bool:
    pid, rid, col = world.e("party").id_arg, world.e("resource").id_arg, date_col(world)
    same = [x for x in world.e("txn").rows if x[pid] == t[pid] and x[rid] == t[rid] and x[col] == t[col]]
    return len(same) == 1


def _progress(world: World) -> None:
    txn, s = world.e("txn"), states(world)
    start, finish = world.domain.moves
    pid = world.e("party").id_arg
    moves = [(start, s["initial"], s["active"]), (finish, s["active"], s["done"])]
    if world.rules.approval:
        moves.append(("approve", s["pending"], s["initial"]))
    for verb, source, target in moves:
        pool = [t for t in txn.rows if t["status"] == source and _unique_desc(world, t)]
        if not pool:
            continue
        t = world.pick(pool)
        p = world.e("party").by_id(t[pid])
        world.tasks.append(
            task(
                f"{slug(verb)}-txn",
                f"Please mark {p['name']}'s {describe(world, t)} as {target}.",
                [
                    find_party(world, p),
                    find_txns(world, p),
                    (f"{verb.replace(' ', '_')}_{txn.singular}", {txn.id_arg: t["id"]}),
                ],
                [
                    row_is(txn.table, t["id"], {"status": target}, f"it is {target}"),
                    others_unchanged(txn.table, [t["id"]]),
                    world.unchanged_except("txn"),
                ],
                difficulty="easy",
                tags=["write", "workflow"],
            )
        )


def _reschedule(world: World) -> None:
    if world.domain.mode != "per_date":
        return
    txn, col, rid = world.e("txn"), date_col(world), world.e("resource").id_arg
    pool = [
        t for t in txn.rows if t["status"] in cancellable(world) and t[col] >= world.today and _unique_desc(world, t)
    ]
    if not pool:
        return
    t = world.pick(pool)
    res = world.e("resource").by_id(t[rid])
    day = free_day(world, res, t.get("quantity", 1))
    if not day or day == t[col]:
        return
    p = world.e("party").by_id(t[world.e("party").id_arg])
    world.tasks.append(
        task(
            "reschedule-txn",
            f"{p['name']} needs to move their {describe(world, t)} to {day}. Can you do that?",
            [
                find_party(world, p),
                find_txns(world, p),
                (f"reschedule_{txn.singular}", {txn.id_arg: t["id"], "new_date": day}),
            ],
            [
                row_is(txn.table, t["id"], {col: day, "status": t["status"]}, f"it is now on {day}"),
                others_unchanged(txn.table, [t["id"]]),
                world.unchanged_except("txn"),
            ],
            difficulty="medium",
            tags=["write", "workflow"],
        )
    )


def _capacity_rule(world: World) -> None:
    d = world.domain
    parties, items = _bookable(world), _active_res(world)
    if not parties or len(items) < 2:
        return
    for r1 in world.rng.sample(items, len(items)):
        day = _tight_day(world, r1)
        if day is None:
            continue
        qty = remaining(world, r1, day) + 1
        if qty > (20 if d.qty else 1):
            continue
        alt = [r for r in items if r["id"] != r1["id"] and remaining(world, r, day) >= qty]
        if alt:
            break
    else:
        return
    r2, p = world.pick(alt), world.pick(parties)
    instead = f"If {r1['name']} can't take that many, go with {r2['name']} instead."
    rid = world.e("resource").id_arg
    world.tasks.append(
        task(
            "capacity-fallback",
            f"{_ask(world, p['name'], r1, day, qty)}. {instead}",
            [
                find_party(world, p),
                find_res(world, r2),
                (reserve_name(world), _reserve_args(world, p["id"], r2, day, qty)),
            ],
            [
                *reserve_effects(world, p["id"], r2, day, qty),
                (
                    f"SELECT NOT EXISTS (SELECT 1 FROM main.{world.e('txn').table} WHERE id NOT IN (SELECT id FROM"
                    f" initial.{world.e('txn').table}) AND {rid} = {r1['id']})",
                    f"nothing new for {r1['name']}",
                ),
                *stock_guard(world, [r2["id"]]),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="hard",
            tags=["write", "rule", "workflow"],
        )
    )


def _tight_day(world: World, res: Row) -> str | None:
    if world.domain.mode == "stock":
        return world.today
    if world.domain.mode == "total":
        return world.today
    col, lo, hi = date_col(world), world.rules.window[0], world.rules.window[1]
    days = sorted(
        {
            t[col]
            for t in world.e("txn").rows
            if t[world.e("resource").id_arg] == res["id"]
            and t["status"] in open_states(world)
            and shift(world.today, max(lo, 1)) <= t[col] <= shift(world.today, hi)
        }
    )
    return days[0] if days else None


def _limit_rule(world: World) -> None:
    limit = world.rules.party_limit
    if not limit:
        return
    pid, _col = world.e("party").id_arg, date_col(world)
    cancel_ok = _cancellable_rows(world)
    for p in world.e("party").rows:
        if p.get("status", "active") != "active" or open_count(world, p["id"]) != limit:
            continue
        mine = [t for t in cancel_ok if t[pid] == p["id"] and _unique_desc(world, t)]
        if mine:
            break
    else:
        return
    old = world.pick(mine)
    for r in world.rng.sample(_active_res(world), len(_active_res(world))):
        day = free_day(world, r, 1) if world.domain.mode == "per_date" else world.today
        if day and r["id"] != old[world.e("resource").id_arg] and remaining(world, r, day) >= 1:
            break
    else:
        return
    txn = world.e("txn")
    world.tasks.append(
        task(
            "limit-cancel-first",
            f"{_ask(world, p['name'], r, day, 1)}. If they already have too many open {txn.plural_label}, "
            f"cancel their {describe(world, old)} first to make room.",
            [
                find_party(world, p),
                find_txns(world, p),
                (f"cancel_{txn.singular}", {txn.id_arg: old["id"]}),
                find_res(world, r),
                (reserve_name(world), _reserve_args(world, p["id"], r, day, 1)),
            ],
            [
                *cancel_effects(world, old),
                *reserve_effects(world, p["id"], r, day, 1)[:1],
                added(txn.table, 1),
                old_rows_unchanged_except(txn.table, old["id"]),
                *stock_guard(world, sorted({r["id"], old[world.e("resource").id_arg]})),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="hard",
            tags=["write", "rule", "multi-step"],
        )
    )


def old_rows_unchanged_except(table: str, row_id: int) -> Check:
    where = f"id IN (SELECT id FROM initial.{table}) AND id != {row_id}"
    return f"SELECT {same_rows(table, where)}", f"the other existing rows of {table} are untouched"


def _suspended_rule(world: World) -> None:
    party = world.e("party")
    if not party.has("status") or world.rules.party_limit == 1:
        return
    pool = [
        p
        for p in party.rows
        if p["status"] == "suspended"
        and (not world.rules.party_limit or open_count(world, p["id"]) < world.rules.party_limit)
    ]
    picked = _pick_booking(world)
    if not pool or not picked:
        return
    p = world.pick(pool)
    _, r, day, qty = picked
    update = f"{world.verb('update')}_{party.singular}"
    world.tasks.append(
        task(
            "suspended-reactivate",
            f"{_ask(world, p['name'], r, day, qty)}. If their account is suspended, they have settled everything, so"
            " set it back to active first.",
            [
                find_party(world, p),
                (update, {party.id_arg: p["id"], "status": "active"}),
                find_res(world, r),
                (reserve_name(world), _reserve_args(world, p["id"], r, day, qty)),
            ],
            [
                row_is(party.table, p["id"], {"status": "active"}, f"{p['name']} is active again"),
                others_unchanged(party.table, [p["id"]]),
                *reserve_effects(world, p["id"], r, day, qty),
                *stock_guard(world, [r["id"]]),
                world.unchanged_except(*touched(world, "txn", "party")),
            ],
            difficulty="hard",
            tags=["write", "rule", "multi-step"],
        )
    )


def _new_party_flow(world: World) -> None:
    party = world.e("party")
    picked = _pick_booking(world)
    if not picked:
        return
    _, r, day, qty = picked
    name = world.names.person()
    email = world.names.email(name)
    sub = f"SELECT id FROM main.{party.table} WHERE email = '{email}'"
    solution = [(f"{world.verb('create')}_{party.singular}", {"name": name, "email": email}), find_res(world, r)]
    reserve_args = _reserve_args(world, len(party.rows) + 1, r, day, qty)
    solution.append((reserve_name(world), reserve_args))
    ask = _ask(world, "them", r, day, qty)
    text = f"A new {party.label}, {name} ({email}), just walked in. Register them, then: {ask}."
    checks = [
        new_row(party.table, {"name": name, "email": email}, f"{name} is registered"),
        added(party.table, 1),
        *reserve_effects(world, sub, r, day, qty),
        *stock_guard(world, [r["id"]]),
    ]
    touched_roles = touched(world, "txn", "party")
    if world.has("payment") and not world.rules.approval:
        pay = world.e("payment")
        total = r["price_cents"] * qty
        text += f" They pay the full ${money_text(total)} by card right away."
        solution.append(
            (
                f"record_{pay.singular}",
                {world.e("txn").id_arg: len(world.e("txn").rows) + 1, "amount": dollars(total), "method": "card"},
            )
        )
        checks += [
            (
                f"SELECT COUNT(*) = 1 FROM main.{pay.table} p JOIN main.{world.e('txn').table} t ON t.id ="
                f" p.{world.e('txn').id_arg} "
                f"WHERE p.kind = 'charge' AND p.amount_cents = {total} AND p.method = 'card' AND t.{party.id_arg} ="
                f" ({sub})",
                "the full amount was paid by card",
            ),
            added(pay.table, 1),
        ]
    world.tasks.append(
        task(
            "new-party-flow",
            text,
            solution,
            [*checks, world.unchanged_except(*touched_roles)],
            difficulty="hard",
            tags=["write", "multi-step", "workflow"],
        )
    )


def _bulk_cancel(world: World) -> None:
    txn, rid, col = world.e("txn"), world.e("resource").id_arg, date_col(world)
    rows = _cancellable_rows(world)
    groups: dict[tuple[int, str], list[Row]] = {}
    for t in rows:
        groups.setdefault((t[rid], t[col]), []).append(t)
    best = max(groups.values(), key=len, default=[])
    if len(best) < 2 or world.domain.mode != "per_date":
        return
    res = world.e("resource").by_id(best[0][rid])
    day = best[0][col]
    others_open = [t for t in txn.rows if t[rid] == res["id"] and t[col] == day and t not in best]
    if others_open:
        return
    calls = [find_res(world, res), (search_name(world, txn), {rid: res["id"], f"{col}_from": day, f"{col}_to": day})]
    calls += [(f"cancel_{txn.singular}", {txn.id_arg: t["id"]}) for t in best]
    checks = [c for t in best for c in cancel_effects(world, t) if "added" not in c[1] and "untouched" not in c[1]]
    if world.has("payment"):
        refunds = sum(1 for t in best if net_paid(world, t["id"]) > 0)
        checks += [added(world.e("payment").table, refunds), old_rows_unchanged(world.e("payment").table)]
    world.tasks.append(
        task(
            "bulk-cancel",
            f"{res['name']} is unavailable on {day}. Cancel every {txn.label} for it on that day.",
            calls,
            [
                *checks,
                others_unchanged(txn.table, [t["id"] for t in best]),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="hard",
            tags=["write", "multi-step", "bulk"],
        )
    )


def _summary(world: World) -> None:
    pid, s = world.e("party").id_arg, states(world)
    spent: dict[int, int] = {}
    for t in world.e("txn").rows:
        if t["status"] == s["done"]:
            spent[t[pid]] = spent.get(t[pid], 0) + t["total_cents"]
    if not spent:
        return
    party_id = world.pick(sorted(spent))
    p = world.e("party").by_id(party_id)
    world.tasks.append(
        task(
            "lookup-spent",
            f"How much has {p['name']} spent with us in total on {s['done']} {world.e('txn').plural_label}?",
            [find_party(world, p), (summary_name(world), {pid: p["id"]})],
            [world.unchanged_except()],
            answer=[money_text(spent[party_id])],
            difficulty="medium",
            tags=["lookup"],
        )
    )


def _availability(world: World) -> None:
    if world.domain.mode == "stock":
        r = world.pick(world.e("resource").rows)
        world.tasks.append(
            task(
                "lookup-stock",
                f"How many units of {r['name']} do we have in stock right now?",
                [find_res(world, r)],
                [world.unchanged_except()],
                answer=[str(r["stock"])],
                difficulty="easy",
                tags=["lookup"],
            )
        )
        return
    r = world.pick(_active_res(world))
    day = _tight_day(world, r) if world.domain.mode == "per_date" else world.today
    if day is None:
        return
    args: dict[str, Any] = {world.e("resource").id_arg: r["id"]}
    when = ""
    if world.domain.mode == "per_date":
        args[date_col(world)] = day
        when = f" on {day}"
    world.tasks.append(
        task(
            "lookup-availability",
            f"How many {world.domain.qty or 'places'} are still free for {r['name']}{when}?",
            [find_res(world, r), (f"check_{world.e('resource').singular}_availability", args)],
            [world.unchanged_except()],
            answer=[str(remaining(world, r, day))],
            difficulty="medium",
            tags=["lookup"],
        )
    )


def _cutoff_rule(world: World) -> None:
    c = world.rules.cutoff
    if not c or world.domain.mode != "per_date":
        return
    txn, col, rid = world.e("txn"), date_col(world), world.e("resource").id_arg
    pool = [
        t
        for t in txn.rows
        if t["status"] in cancellable(world)
        and world.today <= t[col] < shift(world.today, c)
        and _unique_desc(world, t)
    ]
    if not pool:
        return
    t = world.pick(pool)
    res = world.e("resource").by_id(t[rid])
    day = free_day(world, res, t.get("quantity", 1))
    if not day:
        return
    p = world.e("party").by_id(t[world.e("party").id_arg])
    world.tasks.append(
        task(
            "cutoff-reschedule",
            f"{p['name']} wants to cancel their {describe(world, t)}. If it's too late to cancel, move it to {day}"
            " instead.",
            [
                find_party(world, p),
                find_txns(world, p),
                (f"reschedule_{txn.singular}", {txn.id_arg: t["id"], "new_date": day}),
            ],
            [
                row_is(txn.table, t["id"], {col: day, "status": t["status"]}, f"it was moved to {day}, not cancelled"),
                others_unchanged(txn.table, [t["id"]]),
                world.unchanged_except("txn"),
            ],
            difficulty="hard",
            tags=["write", "rule"],
        )
    )
