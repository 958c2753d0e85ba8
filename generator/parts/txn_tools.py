"""Tools of the transactions part: search and get, make (with the domain's rules), cancel, move through
states, approve or decline, reschedule, availability, and a party's summary."""

from __future__ import annotations

from generator.blocks import Field, lit
from generator.naming import snake
from generator.parts.txn import (
    MAX_QTY,
    cancellable,
    date_col,
    in_list,
    open_states,
    past,
    reserve_name,
    return_days,
    states,
    summary_name,
)
from generator.toolkit import Json, check, execute, integer, obj, query, ret, tool
from generator.tools import add_get, add_search, exists, search_name
from generator.world import World


def txn_tools(world: World) -> None:
    ent = world.e("txn")
    refs = [f.name for f in ent.fields if f.kind == "ref"]
    add_search(world, ent, [], [*refs, "status"], [date_col(world), "total"], [date_col(world), "total"])
    add_get(world, ent)
    _reserve(world)
    _cancel(world)
    s = states(world)
    start, finish = world.domain.moves
    _move(world, start, [s["initial"]], s["active"], f"Mark a {ent.label} as {s['active']}")
    _move(world, finish, [s["active"]], s["done"], f"Mark a {ent.label} as {s['done']}")
    if world.rules.approval:
        _move(world, "approve", [s["pending"]], s["initial"], f"Approve a pending {ent.label}")
        _move(world, "decline", [s["pending"]], s["declined"], f"Decline a pending {ent.label}")
    if world.domain.mode == "per_date":
        _reschedule(world)
    if world.domain.mode != "stock":
        _availability(world)
    else:
        _return(world)
    _summary(world)


def _party_steps(world: World) -> list[Json]:
    party = world.e("party")
    cols = "name, status" if party.has("status") else "name"
    steps = [
        query(
            "who",
            f"SELECT {cols} FROM {party.table} WHERE id = :{party.id_arg}",
            f"no {party.label} with id {{{party.id_arg}}}; use {search_name(world, party)} to find them",
        ),
    ]
    if party.has("status"):
        steps.append(
            check(
                "SELECT :who__status = 'active'",
                f"{{who__name}} is suspended and cannot make new {world.e('txn').plural_label}; "
                "their account has to be set back to active first",
            )
        )
    if world.rules.party_limit:
        txn, n = world.e("txn"), world.rules.party_limit
        steps.append(
            check(
                f"SELECT (SELECT COUNT(*) FROM {txn.table} WHERE {party.id_arg} = :{party.id_arg} "
                f"AND status IN {in_list(open_states(world))}) < {n}",
                f"{{who__name}} already has {n} open {txn.plural_label}, the most allowed; cancel or finish one first",
            )
        )
    return steps


def _window_check(world: World, arg: str) -> Json:
    lo, hi = world.rules.window
    return check(
        f"SELECT date(:{arg}) IS :{arg} AND :{arg} >= date(:_today, '+{lo} days') AND :{arg} <= date(:_today, '+{hi}"
        " days')",
        f"{{{arg}}} is outside the booking window: from {lo} to {hi} days after today ({{_today}})",
    )


def _reserve(world: World) -> None:
    d, txn, res, party = world.domain, world.e("txn"), world.e("resource"), world.e("party")
    col = date_col(world)
    props: Json = {party.id_arg: integer(f"the {party.label}'s id"), res.id_arg: integer(f"the {res.label}'s id")}
    required = [party.id_arg, res.id_arg]
    if d.mode == "per_date":
        props[col] = {**txn.field(col).input_schema(), "description": f"the {d.date_label} (YYYY-MM-DD)"}
        required.append(col)
    if d.qty:
        props["quantity"] = {**integer(f"number of {d.qty}", 1, MAX_QTY), "default": 1}
    props.update({f.name: f.input_schema() for f in _extras(world)})
    amount = "stock" if d.mode == "stock" else "capacity"
    steps = [
        *_party_steps(world),
        query(
            "item",
            f"SELECT name, status, {amount}, price_cents FROM {res.table} WHERE id = :{res.id_arg}",
            f"no {res.label} with id {{{res.id_arg}}}; use {search_name(world, res)}",
        ),
        check("SELECT :item__status = 'active'", f"{{item__name}} is retired and cannot be {past(d.verb)} any more"),
        *_room_steps(world),
        *_make_steps(world),
    ]
    world.add_tool(tool(reserve_name(world), _reserve_text(world), props, required, steps, txn.row_schema()))


def _extras(world: World) -> list[Field]:
    txn, fixed = world.e("txn"), {world.e("party").id_arg, world.e("resource").id_arg, date_col(world)}
    return [f for f in txn.fields if f.name not in fixed | {"quantity", "total", "status"} and f.kind != "ref"]


def _room_steps(world: World) -> list[Json]:
    """The capacity rule: places left on the day, places left at all, or units in stock."""
    d, txn, res, col = world.domain, world.e("txn"), world.e("resource"), date_col(world)
    qty, arg = ("quantity", ":quantity") if d.qty else ("1", "1")
    if d.mode == "stock":
        error = f"only {{item__stock}} of {{item__name}} in stock; order fewer or choose another {res.label}"
        return [check(f"SELECT :item__stock >= {arg}", error)]
    day = f" AND {col} = :{col}" if d.mode == "per_date" else ""
    spots = query(
        "spots",
        f"SELECT :item__capacity - COALESCE(SUM({qty}), 0) AS left FROM {txn.table} "
        f"WHERE {res.id_arg} = :{res.id_arg}{day} AND status IN {in_list(open_states(world))}",
    )
    if d.mode == "per_date":
        error = (
            f"{{item__name}} has only {{spots__left}} {d.qty or 'places'} left on {{{col}}}; "
            f"pick another date or {res.label}"
        )
        return [_window_check(world, col), spots, check(f"SELECT :spots__left >= {arg}", error)]
    error = f"{{item__name}} has only {{spots__left}} {d.qty or 'places'} left; pick another {res.label}"
    return [spots, check(f"SELECT :spots__left >= {arg}", error)]


def _make_steps(world: World) -> list[Json]:
    d, txn, res, party, col = world.domain, world.e("txn"), world.e("resource"), world.e("party"), date_col(world)
    arg = ":quantity" if d.qty else "1"
    status = states(world)["pending" if world.rules.approval else "initial"]
    extras = _extras(world)
    cols = [party.id_arg, res.id_arg, col, "total_cents", "status", *(f.column for f in extras)]
    vals = [
        f":{party.id_arg}",
        f":{res.id_arg}",
        f":{col}" if d.mode == "per_date" else ":_today",
        f":item__price_cents * {arg}",
        lit(status),
        *(f.bind() for f in extras),
    ]
    if d.qty:
        cols.append("quantity")
        vals.append(":quantity")
    steps = [execute(f"INSERT INTO {txn.table} ({', '.join(cols)}) VALUES ({', '.join(vals)})")]
    if d.mode == "stock":
        steps.append(execute(f"UPDATE {res.table} SET stock = stock - {arg} WHERE id = :{res.id_arg}"))
    steps.append(ret(f"SELECT {txn.select_list()} FROM {txn.table} t WHERE t.id = last_insert_rowid()"))
    return steps


def _reserve_text(world: World) -> str:
    d, txn, res, party = world.domain, world.e("txn"), world.e("resource"), world.e("party")
    status = states(world)["pending" if world.rules.approval else "initial"]
    rules = {
        "per_date": f"the {res.label} must have room on that date",
        "total": f"the {res.label} must have places left",
        "stock": "there must be enough in stock",
    }[d.mode]
    text = (
        f"Make a new {txn.label} of a {res.label} for a {party.label} (status '{status}'). "
        f"The {res.label} must be active and {rules}; the total is its price"
        + (" times the quantity" if d.qty else "")
        + "."
    )
    if world.rules.party_limit:
        text += f" A {party.label} may have at most {world.rules.party_limit} open {txn.plural_label}."
    return text


def txn_query(world: World) -> Json:
    txn, res, col = world.e("txn"), world.e("resource"), date_col(world)
    qty = "quantity" if world.domain.qty else "1 AS quantity"
    return query(
        "txn",
        f"SELECT status, {res.id_arg} AS item, {qty}, {col} AS day FROM {txn.table} WHERE id = :{txn.id_arg}",
        f"no {txn.label} with id {{{txn.id_arg}}}; use {search_name(world, txn)} to find it",
    )


def _cancel(world: World) -> None:
    txn, res = world.e("txn"), world.e("resource")
    allowed = cancellable(world)
    steps = [
        txn_query(world),
        check(
            f"SELECT :txn__status IN {in_list(allowed)}",
            f"{txn.label} {{{txn.id_arg}}} is {{txn__status}}; only {' or '.join(allowed)} {txn.plural_label} can be"
            " cancelled",
        ),
    ]
    if world.rules.cutoff:
        c = world.rules.cutoff
        steps.append(
            check(
                f"SELECT :txn__day >= date(:_today, '+{c} days')",
                f"{txn.label} {{{txn.id_arg}}} is on {{txn__day}}; cancellations must be made at least {c} day(s)"
                " ahead",
            )
        )
    steps.append(execute(f"UPDATE {txn.table} SET status = {lit(states(world)['cancelled'])} WHERE id = :{txn.id_arg}"))
    if world.domain.mode == "stock":
        steps.append(execute(f"UPDATE {res.table} SET stock = stock + :txn__quantity WHERE id = :txn__item"))
    steps += _refund_steps(world)
    steps.append(ret(f"SELECT {txn.select_list()} FROM {txn.table} t WHERE t.id = :{txn.id_arg}"))
    text = f"Cancel a {' or '.join(allowed)} {txn.label}."
    if world.rules.cutoff:
        text += f" Only possible at least {world.rules.cutoff} day(s) before its {world.domain.date_label}."
    if world.domain.mode == "stock":
        text += " The units go back into stock."
    if world.has("payment"):
        text += " Anything already paid is refunded automatically."
    props = {txn.id_arg: integer(f"the {txn.label}'s id")}
    world.add_tool(tool(f"cancel_{txn.singular}", text, props, [txn.id_arg], steps, txn.row_schema(), destructive=True))


def _refund_steps(world: World) -> list[Json]:
    """Refund whatever was paid (net) for the transaction, to the method of its last charge."""
    if not world.has("payment"):
        return []
    txn, pay = world.e("txn"), world.e("payment")
    return [
        execute(
            f"INSERT INTO {pay.table} ({txn.id_arg}, amount_cents, method, kind, paid_on) "
            f"SELECT :{txn.id_arg}, net, (SELECT method FROM {pay.table} WHERE {txn.id_arg} = :{txn.id_arg} AND"
            " kind = 'charge' ORDER BY id DESC LIMIT 1), 'refund', :_today "
            "FROM (SELECT COALESCE(SUM(CASE kind WHEN 'charge' THEN amount_cents ELSE -amount_cents END), 0) AS"
            " net "
            f"FROM {pay.table} WHERE {txn.id_arg} = :{txn.id_arg}) WHERE net > 0"
        )
    ]


def _return(world: World) -> None:
    """Return a finished order within the window: ownership, status and date rules; restock and refund."""
    txn, res, party, col = world.e("txn"), world.e("resource"), world.e("party"), date_col(world)
    s, days = states(world), return_days(world)
    qty = "quantity" if world.domain.qty else "1 AS quantity"
    steps = [
        query(
            "txn",
            f"SELECT status, {res.id_arg} AS item, {qty}, {col} AS day, {party.id_arg} AS owner "
            f"FROM {txn.table} WHERE id = :{txn.id_arg}",
            f"no {txn.label} with id {{{txn.id_arg}}}; use {search_name(world, txn)} to find it",
        ),
        check(
            f"SELECT :txn__owner = :{party.id_arg}",
            f"{txn.label} {{{txn.id_arg}}} belongs to another {party.label}; check whose it is",
        ),
        check(
            f"SELECT :txn__status = {lit(s['done'])}",
            f"{txn.label} {{{txn.id_arg}}} is {{txn__status}}; only {s['done']} {txn.plural_label} can be returned",
        ),
        check(
            f"SELECT :txn__day >= date(:_today, '-{days} days')",
            f"{txn.label} {{{txn.id_arg}}} was made on {{txn__day}}, more than {days} days ago; "
            "the return window has passed",
        ),
        execute(f"UPDATE {txn.table} SET status = {lit(s['returned'])} WHERE id = :{txn.id_arg}"),
        execute(f"UPDATE {res.table} SET stock = stock + :txn__quantity WHERE id = :txn__item"),
        *_refund_steps(world),
        ret(f"SELECT {txn.select_list()} FROM {txn.table} t WHERE t.id = :{txn.id_arg}"),
    ]
    props = {
        txn.id_arg: integer(f"the {txn.label}'s id"),
        party.id_arg: integer(f"the id of the {party.label} returning it"),
    }
    text = (
        f"Take back a {s['done']} {txn.label} from the {party.label} who made it, within {days} days of its "
        f"{world.domain.date_label}. The units go back into stock"
        + (" and what was paid is refunded." if world.has("payment") else ".")
    )
    world.add_tool(tool(f"return_{txn.singular}", text, props, list(props), steps, txn.row_schema()))


def _move(world: World, verb: str, sources: list[str], target: str, about: str) -> None:
    txn = world.e("txn")
    steps = [
        txn_query(world),
        check(
            f"SELECT :txn__status IN {in_list(sources)}",
            f"{txn.label} {{{txn.id_arg}}} is {{txn__status}}; only {' or '.join(sources)} {txn.plural_label} can"
            f" become {target}",
        ),
    ]
    steps.append(execute(f"UPDATE {txn.table} SET status = {lit(target)} WHERE id = :{txn.id_arg}"))
    steps.append(ret(f"SELECT {txn.select_list()} FROM {txn.table} t WHERE t.id = :{txn.id_arg}"))
    props = {txn.id_arg: integer(f"the {txn.label}'s id")}
    text = f"{about} (from {' or '.join(sources)} to {target})."
    world.add_tool(tool(f"{snake(verb)}_{txn.singular}", text, props, [txn.id_arg], steps, txn.row_schema()))


def _reschedule(world: World) -> None:
    txn, res, col = world.e("txn"), world.e("resource"), date_col(world)
    allowed = cancellable(world)
    qty = "quantity" if world.domain.qty else "1"
    steps = [
        txn_query(world),
        check(
            f"SELECT :txn__status IN {in_list(allowed)}",
            f"{txn.label} {{{txn.id_arg}}} is {{txn__status}}; only {' or '.join(allowed)} {txn.plural_label} can be"
            " moved",
        ),
        _window_check(world, "new_date"),
        check("SELECT :new_date != :txn__day", f"{txn.label} {{{txn.id_arg}}} is already on {{new_date}}"),
        query(
            "spots",
            f"SELECT (SELECT capacity FROM {res.table} WHERE id = :txn__item) - COALESCE(SUM({qty}), 0) AS left "
            f"FROM {txn.table} WHERE {res.id_arg} = :txn__item AND {col} = :new_date "
            f"AND status IN {in_list(open_states(world))} AND id != :{txn.id_arg}",
        ),
        check(
            "SELECT :spots__left >= :txn__quantity",
            f"only {{spots__left}} {world.domain.qty or 'places'} left on {{new_date}}; pick another date",
        ),
        execute(f"UPDATE {txn.table} SET {col} = :new_date WHERE id = :{txn.id_arg}"),
        ret(f"SELECT {txn.select_list()} FROM {txn.table} t WHERE t.id = :{txn.id_arg}"),
    ]
    props = {
        txn.id_arg: integer(f"the {txn.label}'s id"),
        "new_date": {**txn.field(col).input_schema(), "description": f"the new {world.domain.date_label}"},
    }
    text = (
        f"Move a {' or '.join(allowed)} {txn.label} to another {world.domain.date_label}; "
        f"the {res.label} must have room that day."
    )
    world.add_tool(tool(f"reschedule_{txn.singular}", text, props, [txn.id_arg, "new_date"], steps, txn.row_schema()))


def _availability(world: World) -> None:
    txn, res, col = world.e("txn"), world.e("resource"), date_col(world)
    qty = "x.quantity" if world.domain.qty else "1"
    props: Json = {res.id_arg: integer(f"the {res.label}'s id")}
    required = [res.id_arg]
    day = ""
    if world.domain.mode == "per_date":
        props[col] = {**txn.field(col).input_schema(), "description": f"the {world.domain.date_label}"}
        required.append(col)
        day = f" AND x.{col} = :{col}"
    sql = (
        f"SELECT r.id, r.name, r.capacity, r.capacity - COALESCE((SELECT SUM({qty}) FROM {txn.table} x "
        f"WHERE x.{res.id_arg} = r.id AND x.status IN {in_list(open_states(world))}{day}), 0) AS available "
        f"FROM {res.table} r WHERE r.id = :{res.id_arg}"
    )
    out = obj(
        {
            k: {"type": "integer"} if k != "name" else {"type": "string"}
            for k in ("id", "name", "capacity", "available")
        },
        ["id", "available"],
    )
    text = f"How many {world.domain.qty or 'places'} of a {res.label} are still free" + (" on a date." if day else ".")
    world.add_tool(
        tool(
            f"check_{res.singular}_availability",
            text,
            props,
            required,
            [exists(world, res), ret(sql)],
            out,
            read_only=True,
        )
    )


def _summary(world: World) -> None:
    party, txn = world.e("party"), world.e("txn")
    done = lit(states(world)["done"])
    sql = (
        f"SELECT p.id, p.name, (SELECT COUNT(*) FROM {txn.table} x WHERE x.{party.id_arg} = p.id) AS"
        f" {txn.table}_count, "
        f"(SELECT COUNT(*) FROM {txn.table} x WHERE x.{party.id_arg} = p.id AND x.status IN"
        f" {in_list(open_states(world))}) AS open_{txn.table}, "
        f"ROUND(COALESCE((SELECT SUM(x.total_cents) FROM {txn.table} x WHERE x.{party.id_arg} = p.id AND x.status ="
        f" {done}), 0) / 100.0, 2) AS total_billed "
        f"FROM {party.table} p WHERE p.id = :{party.id_arg}"
    )
    out = obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            f"{txn.table}_count": {"type": "integer"},
            f"open_{txn.table}": {"type": "integer"},
            "total_billed": {"type": "number"},
        },
        ["id", "total_billed"],
    )
    text = (
        f"A {party.label}'s history: how many {txn.plural_label} they made, how many are still open, "
        f"and the total billed for their {states(world)['done']} {txn.plural_label}, in dollars (what they were "
        "charged, not what they have paid)."
    )
    props = {party.id_arg: integer(f"the {party.label}'s id")}
    world.add_tool(
        tool(summary_name(world), text, props, [party.id_arg], [exists(world, party), ret(sql)], out, read_only=True)
    )
