"""Harder transaction tasks: a rule refuses the obvious route and the user says what to do instead,
multi-step flows for a new party, and bulk cancellations."""

from __future__ import annotations

from generator.blocks import Row, dollars, money_text
from generator.calendar import shift
from generator.parts.txn import cancellable, date_col, open_count, remaining, reserve_name
from generator.parts.txn_tasks import (
    Check,
    active_res,
    ask,
    bookable,
    cancel_effects,
    cancellable_rows,
    describe,
    find_party,
    find_res,
    find_txns,
    free_day,
    net_paid,
    pick_booking,
    reserve_args,
    reserve_effects,
    return_effects,
    returnable,
    stock_guard,
    tight_day,
    touched,
    unique_desc,
)
from generator.toolkit import (
    added,
    branch,
    either_way,
    new_row,
    old_rows_unchanged,
    others_unchanged,
    row_is,
    same_rows,
    task,
)
from generator.tools import search_name
from generator.world import World


def rule_tasks(world: World) -> None:
    for make in (
        _capacity_rule,
        _limit_rule,
        _suspended_rule,
        _new_party_flow,
        _bulk_cancel,
        _cutoff_rule,
        _late_return,
    ):
        make(world)


def _capacity_rule(world: World) -> None:
    """Book r1, or r2 if r1 can't take that many: r1 full (the condition holds) or with room (it does not)."""
    chosen = either_way(world.rng, lambda holds: _capacity_pick(world, holds))
    if chosen is not None:
        _capacity_task(world, chosen[0], *chosen[1])


def _capacity_pick(world: World, holds: bool) -> tuple[Row, Row, Row, str, int] | None:
    d = world.domain
    parties, items = bookable(world), active_res(world)
    if not parties or len(items) < 2:
        return None
    for r1 in world.rng.sample(items, len(items)):
        day = tight_day(world, r1)
        if day is None:
            continue
        left = remaining(world, r1, day)
        qty = left + 1 if holds else min(left, world.rng.randint(1, 3) if d.qty else 1)
        if qty < 1 or qty > (20 if d.qty else 1):
            continue
        alt = [r for r in items if r["id"] != r1["id"] and remaining(world, r, day) >= qty]
        if alt:
            return r1, world.pick(alt), world.pick(parties), day, qty
    return None


def _capacity_task(world: World, holds: bool, r1: Row, r2: Row, p: Row, day: str, qty: int) -> None:
    full = "can't take that many" if world.domain.qty else "is fully booked"
    instead = f"If {r1['name']} {full}, go with {r2['name']} instead."
    rid, txn = world.e("resource").id_arg, world.e("txn").table
    booked, skipped = (r2, r1) if holds else (r1, r2)
    nothing_for = (
        f"SELECT NOT EXISTS (SELECT 1 FROM main.{txn} WHERE id NOT IN (SELECT id FROM initial.{txn}) AND {rid} = "
        f"{skipped['id']})",
        f"nothing new for {skipped['name']}",
    )
    world.tasks.append(
        task(
            "capacity-fallback",
            f"{ask(world, p['name'], r1, day, qty)}. {instead}",
            [
                find_party(world, p),
                find_res(world, booked),
                (reserve_name(world), reserve_args(world, p["id"], booked, day, qty)),
            ],
            [
                *reserve_effects(world, p["id"], booked, day, qty),
                nothing_for,
                *stock_guard(world, [booked["id"]]),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="hard",
            tags=["write", "rule", "workflow"],
            branch=branch("full", holds, [(reserve_name(world), reserve_args(world, p["id"], skipped, day, qty))]),
        )
    )


def _limit_rule(world: World) -> None:
    """Book for a party; if they are at their limit of open transactions, cancel one first."""
    limit = world.rules.party_limit
    if not limit:
        return
    chosen = either_way(world.rng, lambda holds: _limit_pick(world, holds))
    if chosen is not None:
        _limit_task(world, chosen[0], *chosen[1])


def _limit_pick(world: World, holds: bool) -> tuple[Row, Row, Row, str] | None:
    pid, limit = world.e("party").id_arg, world.rules.party_limit
    cancel_ok = cancellable_rows(world)
    for p in world.rng.sample(world.e("party").rows, len(world.e("party").rows)):
        count = open_count(world, p["id"])
        if p.get("status", "active") != "active" or (count != limit if holds else count + 1 > limit):
            continue
        mine = [t for t in cancel_ok if t[pid] == p["id"] and unique_desc(world, t)]
        if mine:
            old = world.pick(mine)
            for r in world.rng.sample(active_res(world), len(active_res(world))):
                day = free_day(world, r, 1) if world.domain.mode == "per_date" else world.today
                if day and r["id"] != old[world.e("resource").id_arg] and remaining(world, r, day) >= 1:
                    return p, old, r, day
    return None


def _limit_task(world: World, holds: bool, p: Row, old: Row, r: Row, day: str) -> None:
    txn = world.e("txn")
    cancel = (f"cancel_{txn.singular}", {txn.id_arg: old["id"]})
    book = (reserve_name(world), reserve_args(world, p["id"], r, day, 1))
    look = [find_party(world, p), find_txns(world, p)]
    if holds:
        solution = [*look, cancel, find_res(world, r), book]
        checks = [
            *cancel_effects(world, old),
            *reserve_effects(world, p["id"], r, day, 1)[:1],
            added(txn.table, 1),
            old_rows_unchanged_except(txn.table, old["id"]),
        ]
    else:
        solution = [*look, find_res(world, r), book]
        checks = reserve_effects(world, p["id"], r, day, 1)
    world.tasks.append(
        task(
            "limit-cancel-first",
            f"{ask(world, p['name'], r, day, 1)}. If they already have too many open {txn.plural_label}, "
            f"cancel their {describe(world, old)} first to make room.",
            solution,
            [
                *checks,
                *stock_guard(world, sorted({r["id"], old[world.e("resource").id_arg]} if holds else {r["id"]})),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="hard",
            tags=["write", "rule", "multi-step"],
            branch=branch("at-limit", holds, [book] if holds else [cancel, book]),
        )
    )


def old_rows_unchanged_except(table: str, row_id: int) -> Check:
    where = f"id IN (SELECT id FROM initial.{table}) AND id != {row_id}"
    return f"SELECT {same_rows(table, where)}", f"the other existing rows of {table} are untouched"


def _suspended_rule(world: World) -> None:
    """Book for a party; if their account is suspended, either reactivate it first or leave a note instead."""
    party = world.e("party")
    if not party.has("status") or world.rules.party_limit == 1:
        return
    picked = pick_booking(world)
    if not picked:
        return
    _, r, day, qty = picked
    limit = world.rules.party_limit

    def pick(holds: bool) -> list[Row] | None:
        status = "suspended" if holds else "active"
        pool = [p for p in party.rows if p["status"] == status and (not limit or open_count(world, p["id"]) < limit)]
        return pool if pool and world.has("note") else None

    chosen = either_way(world.rng, pick)
    if chosen is not None:
        holds, pool = chosen
        note = not holds or world.rng.random() < 0.5
        (_suspended_note if note else _suspended_reactivate)(world, holds, world.pick(pool), r, day, qty)


def _suspended_reactivate(world: World, holds: bool, p: Row, r: Row, day: str, qty: int) -> None:
    party = world.e("party")
    update = (f"{world.verb('update')}_{party.singular}", {party.id_arg: p["id"], "status": "active"})
    book = (reserve_name(world), reserve_args(world, p["id"], r, day, qty))
    world.tasks.append(
        task(
            "suspended-reactivate",
            f"{ask(world, p['name'], r, day, qty)}. If their account is suspended, they have settled everything, so"
            " set it back to active first.",
            [find_party(world, p), update, find_res(world, r), book],
            [
                row_is(party.table, p["id"], {"status": "active"}, f"{p['name']} is active again"),
                others_unchanged(party.table, [p["id"]]),
                *reserve_effects(world, p["id"], r, day, qty),
                *stock_guard(world, [r["id"]]),
                world.unchanged_except(*touched(world, "txn", "party")),
            ],
            difficulty="hard",
            tags=["write", "rule", "multi-step"],
            branch=branch("suspended", holds, [book]),
        )
    )


def _suspended_note(world: World, holds: bool, p: Row, r: Row, day: str, qty: int) -> None:
    party, note = world.e("party"), world.e("note")
    body = "asked to book while the account is suspended"
    add = (f"add_{party.singular}_note", {party.id_arg: p["id"], "body": body})
    book = (reserve_name(world), reserve_args(world, p["id"], r, day, qty))
    if holds:
        solution = [find_party(world, p), add]
        checks = [
            new_row(
                note.table, {party.id_arg: p["id"], "body": body, "written_on": world.today}, "the note is on file"
            ),
            added(note.table, 1),
            world.unchanged_except("note"),
        ]
    else:
        solution = [find_party(world, p), find_res(world, r), book]
        checks = [
            *reserve_effects(world, p["id"], r, day, qty),
            *stock_guard(world, [r["id"]]),
            world.unchanged_except(*touched(world, "txn")),
        ]
    world.tasks.append(
        task(
            "suspended-note",
            f"{ask(world, p['name'], r, day, qty)}. If their account is suspended, don't book anything: add a note to"
            f' their file saying "{body}" instead.',
            solution,
            checks,
            difficulty="hard",
            tags=["write", "rule"],
            branch=branch("suspended", holds, [book] if holds else [add]),
        )
    )


def _new_party_flow(world: World) -> None:
    party = world.e("party")
    picked = pick_booking(world)
    if not picked:
        return
    _, r, day, qty = picked
    name = world.names.person()
    email = world.names.email(name)
    sub = f"SELECT id FROM main.{party.table} WHERE email = '{email}'"
    solution = [(f"{world.verb('create')}_{party.singular}", {"name": name, "email": email}), find_res(world, r)]
    solution.append((reserve_name(world), reserve_args(world, len(party.rows) + 1, r, day, qty)))
    request = ask(world, "them", r, day, qty)
    text = f"A new {party.label}, {name} ({email}), just walked in. Register them, then: {request}."
    checks = [
        new_row(party.table, {"name": name, "email": email}, f"{name} is registered"),
        added(party.table, 1),
        *reserve_effects(world, sub, r, day, qty),
        *stock_guard(world, [r["id"]]),
    ]
    touched_roles = touched(world, "txn", "party")
    if world.has("payment") and not world.rules.approval and r["price_cents"] * qty > 0:
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
    rows = cancellable_rows(world)
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


def _cutoff_rule(world: World) -> None:
    """Cancel a transaction; if it is too late to cancel, move it instead."""
    c = world.rules.cutoff
    if not c or world.domain.mode != "per_date":
        return
    txn, col = world.e("txn"), date_col(world)

    def pick(holds: bool) -> tuple[Row, str] | None:
        pool = [
            t
            for t in txn.rows
            if t["status"] in cancellable(world)
            and t[col] >= world.today
            and (t[col] < shift(world.today, c)) == holds
            and unique_desc(world, t)
        ]
        if not pool:
            return None
        t = world.pick(pool)
        day = free_day(world, world.e("resource").by_id(t[world.e("resource").id_arg]), t.get("quantity", 1))
        return (t, day) if day and day != t[col] else None

    chosen = either_way(world.rng, pick)
    if chosen is not None:
        _cutoff_task(world, chosen[0], *chosen[1])


def _cutoff_task(world: World, holds: bool, t: Row, day: str) -> None:
    txn, col = world.e("txn"), date_col(world)
    p = world.e("party").by_id(t[world.e("party").id_arg])
    move = (f"reschedule_{txn.singular}", {txn.id_arg: t["id"], "new_date": day})
    cancel = (f"cancel_{txn.singular}", {txn.id_arg: t["id"]})
    if holds:
        checks = [
            row_is(txn.table, t["id"], {col: day, "status": t["status"]}, f"it was moved to {day}, not cancelled")
        ]
        roles: tuple[str, ...] = ("txn",)
    else:
        checks = [*cancel_effects(world, t), *stock_guard(world, [t[world.e("resource").id_arg]])]
        roles = tuple(touched(world, "txn"))
    world.tasks.append(
        task(
            "cutoff-reschedule",
            f"{p['name']} wants to cancel their {describe(world, t)}. If it's too late to cancel, move it to {day}"
            " instead.",
            [find_party(world, p), find_txns(world, p), move if holds else cancel],
            [*checks, others_unchanged(txn.table, [t["id"]]), world.unchanged_except(*roles)],
            difficulty="hard",
            tags=["write", "rule"],
            branch=branch("past-cutoff", holds, [cancel] if holds else [move]),
        )
    )


def _late_return(world: World) -> None:
    """A return: past the window it is refused, and the user says to leave a note instead."""
    if not world.has("note"):
        return
    chosen = either_way(world.rng, lambda holds: returnable(world, inside=not holds) or None)
    if chosen is not None:
        _late_return_task(world, chosen[0], world.pick(chosen[1]))


def _late_return_task(world: World, holds: bool, t: Row) -> None:
    party, note, txn = world.e("party"), world.e("note"), world.e("txn")
    p = party.by_id(t[party.id_arg])
    body = "asked to return an order after the return window"
    text = (
        f"{p['name']} wants to return their {describe(world, t)}. If it is past the return window, don't take it "
        f'back: add a note to their file instead saying "{body}".'
    )
    add = (f"add_{party.singular}_note", {party.id_arg: p["id"], "body": body})
    take_back = (f"return_{txn.singular}", {txn.id_arg: t["id"], party.id_arg: p["id"]})
    if holds:
        checks = [
            new_row(
                note.table, {party.id_arg: p["id"], "body": body, "written_on": world.today}, "the note is on file"
            ),
            added(note.table, 1),
            world.unchanged_except("note"),
        ]
    else:
        checks = [
            *return_effects(world, t),
            others_unchanged(txn.table, [t["id"]]),
            world.unchanged_except("txn", "resource", "payment"),
        ]
    world.tasks.append(
        task(
            "late-return",
            text,
            [find_party(world, p), find_txns(world, p), add if holds else take_back],
            checks,
            difficulty="hard",
            tags=["write", "rule"],
            branch=branch("past-return-window", holds, [take_back] if holds else [add]),
        )
    )
