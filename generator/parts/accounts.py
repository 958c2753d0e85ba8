"""Balance-holding accounts (bank accounts, wallets, store credit) with deposits, withdrawals and
transfers, under rules: active accounts only, an overdraft floor, a per-transfer limit."""

from __future__ import annotations

from generator.blocks import Entity, Field, Row, dollars, money_text
from generator.calendar import shift
from generator.toolkit import (
    Json,
    added,
    branch,
    check,
    closest,
    either_way,
    execute,
    integer,
    new_row,
    old_rows_unchanged,
    others_unchanged,
    query,
    ret,
    row_is,
    task,
    tool,
)
from generator.tools import add_get, add_search, exists, search_name
from generator.world import World

KINDS = ("main", "savings", "reserve")


def add_accounts(world: World) -> None:
    noun = world.nouns["account"]
    ent = _account_entity(world)
    moves = _movement_entity(world, ent)
    _seed_accounts(world, ent, moves)
    world.entities["account"] = ent
    world.entities["movement"] = moves
    od = world.rules.overdraft
    world.facts.append(
        f"Frozen {noun.plural_words} cannot move money; "
        + (f"balances may go down to -${money_text(od)}" if od else "balances may not go below zero")
        + f"; a single transfer is at most ${money_text(world.rules.transfer_limit)}."
    )


def _account_entity(world: World) -> Entity:
    noun, party = world.nouns["account"], world.e("party")
    fields = [
        Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
        Field("number", "code", "account number", unique=True, mutable=False),
        Field("kind", "enum", "kind of account", choices=KINDS),
        Field("balance", "money", "balance (in dollars)", hi=100000),
        Field("status", "enum", "status", choices=("active", "frozen")),
        Field("opened_on", "date", "date opened"),
    ]
    about = f"{noun.plural_words} held by {party.plural_label}"
    ent = Entity(noun.plural, noun.snake, noun.words, noun.plural_words, fields, "number", description=about)
    ent.refs_display = {party.id_arg: (party.table, "name")}
    return ent


def _movement_entity(world: World, accounts: Entity) -> Entity:
    noun = world.nouns["account"]
    fields = [
        Field(accounts.id_arg, "ref", f"{noun.words} id", ref=accounts.table),
        Field("kind", "enum", "kind", choices=("deposit", "withdrawal", "transfer_in", "transfer_out")),
        Field("amount", "money", "amount (in dollars)", hi=100000),
        Field("counterpart_id", "ref", f"other {noun.words} id (transfers)", ref=accounts.table, required=False),
        Field("memo", "text", "memo", required=False),
        Field("made_on", "date", "date"),
    ]
    about = f"money moving in and out of {noun.plural_words}"
    return Entity(f"{noun.snake}_movements", "movement", "movement", "movements", fields, "made_on", description=about)


def _seed_accounts(world: World, ent: Entity, moves: Entity) -> None:
    """Accounts whose balances are exactly the sum of their movements."""
    rng, party = world.rng, world.e("party")
    prefix = "".join(w[0] for w in world.title.split()[:2]).upper().ljust(2, "X")
    for p in party.rows:
        for kind in rng.sample(KINDS, rng.choice((0, 1, 1, 2))):
            i = len(ent.rows) + 1
            opened = shift(world.today, -rng.randint(30, 1500))
            status = "frozen" if rng.random() < 0.1 else "active"
            row: Row = {"id": i, party.id_arg: p["id"], "number": f"{prefix}-{100000 + i * 37:06d}", "kind": kind}
            row.update(balance_cents=0, status=status, opened_on=opened)
            ent.rows.append(row)
            for _ in range(rng.randint(1, 4)):
                amount = rng.randint(20, 3000) * 100
                move = "deposit" if row["balance_cents"] < amount or rng.random() < 0.6 else "withdrawal"
                row["balance_cents"] += amount if move == "deposit" else -amount
                made_on = shift(opened, rng.randint(0, 25))
                moves.rows.append(
                    {"id": len(moves.rows) + 1, ent.id_arg: i, "kind": move, "amount_cents": amount}
                    | {"counterpart_id": None, "memo": None, "made_on": made_on}
                )


AMOUNT = {"type": "number", "exclusiveMinimum": 0, "maximum": 1000000, "description": "in dollars"}
MEMO = {"type": "string", "maxLength": 140, "description": "a short note"}
CENTS = "CAST(ROUND(:amount * 100) AS INTEGER)"


def account_tools(world: World) -> None:
    acc, mov, party = world.e("account"), world.e("movement"), world.e("party")
    add_search(world, acc, ["number"], [party.id_arg, "kind", "status"], ["balance"], ["balance", "opened_on"])
    add_get(world, acc, "owner, kind, balance and status")
    add_search(world, mov, [], [acc.id_arg, "kind"], ["made_on"], ["made_on", "amount"])
    ledger = _Ledger(world)
    ledger.add_deposit_and_withdrawal()
    ledger.add_transfer()
    ledger.add_status()


class _Ledger:
    """The money-moving tools of one world's accounts: shared steps, one method per tool."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.acc, self.mov = world.e("account"), world.e("movement")
        self.acc_id = integer(f"the {self.acc.label}'s id")
        self.back = ret(f"SELECT {self.acc.select_list()} FROM {self.acc.table} t WHERE t.id = :{self.acc.id_arg}")

    def load(self, name: str, arg: str) -> list[Json]:
        acc = self.acc
        return [
            query(
                name,
                f"SELECT number, status, balance_cents FROM {acc.table} WHERE id = :{arg}",
                f"no {acc.label} with id {{{arg}}}; use {search_name(self.world, acc)}",
            ),
            check(
                f"SELECT :{name}__status = 'active'",
                f"{acc.label} {{{name}__number}} is frozen; nothing can move in or out until it is active again",
            ),
        ]

    def enough(self, name: str) -> Json:
        return check(
            f"SELECT :{name}__balance_cents - {CENTS} >= -{self.world.rules.overdraft}",
            f"{self.acc.label} {{{name}__number}} does not have enough funds for {{amount}}",
        )

    def log(self, arg: str, kind: str, counterpart: str) -> Json:
        return execute(
            f"INSERT INTO {self.mov.table} ({self.acc.id_arg}, kind, amount_cents, counterpart_id, memo, made_on) "
            f"VALUES (:{arg}, '{kind}', {CENTS}, {counterpart}, :memo, :_today)"
        )

    def add_deposit_and_withdrawal(self) -> None:
        acc = self.acc
        for verb, sign, kind in (("deposit_to", "+", "deposit"), ("withdraw_from", "-", "withdrawal")):
            steps = self.load("acc", acc.id_arg) + ([self.enough("acc")] if sign == "-" else [])
            steps += [
                execute(
                    f"UPDATE {acc.table} SET balance_cents = balance_cents {sign} {CENTS} WHERE id = :{acc.id_arg}"
                ),
                self.log(acc.id_arg, kind, "NULL"),
                self.back,
            ]
            text = f"{kind.capitalize()} money {'into' if sign == '+' else 'from'} an active {acc.label}, in dollars."
            props = {acc.id_arg: self.acc_id, "amount": AMOUNT, "memo": MEMO}
            self.world.add_tool(
                tool(f"{verb}_{acc.singular}", text, props, [acc.id_arg, "amount"], steps, acc.row_schema())
            )

    def add_transfer(self) -> None:
        acc, limit = self.acc, self.world.rules.transfer_limit
        steps = [
            *self.load("src", "from_id"),
            *self.load("dst", "to_id"),
            check("SELECT :from_id != :to_id", "the two accounts must differ"),
            self.enough("src"),
            check(
                f"SELECT {CENTS} <= {limit}",
                f"a single transfer is at most ${money_text(limit)}; split it or ask a manager",
            ),
            execute(f"UPDATE {acc.table} SET balance_cents = balance_cents - {CENTS} WHERE id = :from_id"),
            execute(f"UPDATE {acc.table} SET balance_cents = balance_cents + {CENTS} WHERE id = :to_id"),
            self.log("from_id", "transfer_out", ":to_id"),
            self.log("to_id", "transfer_in", ":from_id"),
            ret(f"SELECT {acc.select_list()} FROM {acc.table} t WHERE t.id = :from_id"),
        ]
        props = {
            "from_id": integer(f"id of the {acc.label} paying"),
            "to_id": integer(f"id of the {acc.label} receiving"),
            "amount": AMOUNT,
            "memo": MEMO,
        }
        text = f"Move money from one active {acc.label} to another; returns the paying {acc.label}."
        self.world.add_tool(
            tool(f"transfer_between_{acc.table}", text, props, ["from_id", "to_id", "amount"], steps, acc.row_schema())
        )

    def add_status(self) -> None:
        acc = self.acc
        steps = [
            exists(self.world, acc),
            execute(f"UPDATE {acc.table} SET status = :status WHERE id = :{acc.id_arg}"),
            self.back,
        ]
        props = {acc.id_arg: self.acc_id, "status": {"type": "string", "enum": ["active", "frozen"]}}
        text = f"Freeze a {acc.label} (no money moves) or make it active again."
        self.world.add_tool(
            tool(
                f"set_{acc.singular}_status",
                text,
                props,
                [acc.id_arg, "status"],
                steps,
                acc.row_schema(),
                idempotent=True,
            )
        )


def _acc_ref(world: World, a: Row) -> tuple[str, dict[str, object]]:
    return search_name(world, world.e("account")), {"query": a["number"]}


def account_tasks(world: World) -> None:
    acc = world.e("account")
    if not acc.rows:
        return
    active = [a for a in acc.rows if a["status"] == "active"]
    _balance_lookup(world)
    if active:
        _deposit(world, active)
    _transfers(world, active)
    _unfreeze(world)


def _balance_lookup(world: World) -> None:
    acc = world.e("account")
    a = world.pick(acc.rows)
    text = f"What is the current balance of {acc.label} {a['number']}?"
    world.tasks.append(
        task(
            "lookup-account-balance",
            text,
            [_acc_ref(world, a)],
            [world.unchanged_except()],
            answer=[money_text(a["balance_cents"])],
            competing=[money_text(r["balance_cents"]) for r in closest(acc.rows, a, "balance_cents")],
            difficulty="easy",
            tags=["lookup"],
        )
    )


def _deposit(world: World, active: list[Row]) -> None:
    acc, mov = world.e("account"), world.e("movement")
    a = world.pick(active)
    amt = world.rng.randint(2, 90) * 1000
    args = {acc.id_arg: a["id"], "amount": dollars(amt), "memo": "cash deposit"}
    checks = [
        row_is(acc.table, a["id"], {"balance_cents": a["balance_cents"] + amt}, "the balance went up"),
        others_unchanged(acc.table, [a["id"]]),
        new_row(
            mov.table,
            {acc.id_arg: a["id"], "kind": "deposit", "amount_cents": amt, "memo": "cash deposit"},
            "the deposit is logged with its memo",
        ),
        added(mov.table, 1),
        world.unchanged_except("account", "movement"),
    ]
    text = f'Deposit ${money_text(amt)} into {acc.label} {a["number"]} (memo: "cash deposit").'
    solution = [_acc_ref(world, a), (f"deposit_to_{acc.singular}", args)]
    world.tasks.append(task("deposit", text, solution, checks, difficulty="easy", tags=["write"]))


def _transfers(world: World, active: list[Row]) -> None:
    acc = world.e("account")
    rich = [x for x in active if x["balance_cents"] >= 5000]
    if not rich or len(active) < 2:
        return
    src = world.pick(rich)
    dst = world.pick([x for x in active if x["id"] != src["id"]])
    amt = min(world.rules.transfer_limit, src["balance_cents"] // 2 // 100 * 100 or 100)
    text = f"Transfer ${money_text(amt)} from {acc.label} {src['number']} to {dst['number']}."
    _transfer_task(world, src, dst, amt, "transfer", text)
    short = [x for x in active if x["balance_cents"] >= 1000 and x["id"] != dst["id"]]
    if short:
        _transfer_fallback(world, world.pick(short), dst)


def _transfer_fallback(world: World, s: Row, dst: Row) -> None:
    """Transfer an amount, or the whole balance if there isn't enough: short of money (holds) or not."""
    acc = world.e("account")
    available = s["balance_cents"] + world.rules.overdraft
    more = available + world.rng.randint(1, 50) * 1000
    less = world.rng.randint(1, max(1, (s["balance_cents"] - 100) // 1000)) * 1000
    if more > world.rules.transfer_limit or less >= s["balance_cents"]:
        return  # one of the two branches is not possible here
    holds = world.rng.random() < 0.5
    ask = more if holds else less
    text = (
        f"Transfer ${money_text(ask)} from {acc.label} {s['number']} to {dst['number']}. "
        "If there isn't enough money for that, transfer its whole current balance instead."
    )
    whole, asked = s["balance_cents"], ask
    other = _transfer_call(world, s, dst, asked if holds else whole)
    fork = branch("insufficient-funds", holds, [other])
    _transfer_task(world, s, dst, whole if holds else asked, "transfer-fallback", text, fork)


def _transfer_call(world: World, src: Row, dst: Row, amount: int) -> tuple[str, Json]:
    args = {"from_id": src["id"], "to_id": dst["id"], "amount": dollars(amount)}
    return f"transfer_between_{world.e('account').table}", args


def _unfreeze(world: World) -> None:
    """A deposit into an account that is frozen (the condition holds) or active: make it active first, or
    put the money into the party's other account instead."""
    acc, pid = world.e("account"), world.e("party").id_arg

    def pick(holds: bool) -> list[tuple[Row, Row]] | None:
        pairs = [
            (x, y)
            for x in acc.rows
            if (x["status"] == "frozen") == holds
            for y in acc.rows
            if y[pid] == x[pid] and y["id"] != x["id"] and y["status"] == "active"
        ]
        return pairs or None

    chosen = either_way(world.rng, pick)
    if chosen is None:
        return
    holds, pairs = chosen
    f, spare = world.pick(pairs)
    amt = world.rng.randint(1, 20) * 1000
    if holds and world.rng.random() < 0.5:
        _deposit_unfrozen(world, f, amt)
    else:
        _deposit_elsewhere(world, holds, f, spare, amt)


def _deposit_unfrozen(world: World, f: Row, amt: int) -> None:
    acc, mov, party = world.e("account"), world.e("movement"), world.e("party")
    who = party.by_id(f[party.id_arg])
    text = (
        f"{who['name']} wants to deposit ${money_text(amt)} into {acc.label} {f['number']}. If the account is frozen, "
        "their identity check is done now, so make it active first."
    )
    deposit = (f"deposit_to_{acc.singular}", {acc.id_arg: f["id"], "amount": dollars(amt)})
    solution = [_acc_ref(world, f), (f"set_{acc.singular}_status", {acc.id_arg: f["id"], "status": "active"}), deposit]
    after = {"status": "active", "balance_cents": f["balance_cents"] + amt}
    checks = [
        row_is(acc.table, f["id"], after, "it is active with the deposit"),
        others_unchanged(acc.table, [f["id"]]),
        new_row(mov.table, {acc.id_arg: f["id"], "kind": "deposit", "amount_cents": amt}, "the deposit is logged"),
        added(mov.table, 1),
        world.unchanged_except("account", "movement"),
    ]
    world.tasks.append(
        task(
            "frozen-unfreeze",
            text,
            solution,
            checks,
            difficulty="hard",
            tags=["write", "rule", "multi-step"],
            branch=branch("frozen", True, [deposit]),
        )
    )


def _deposit_elsewhere(world: World, holds: bool, f: Row, spare: Row, amt: int) -> None:
    acc, mov, party = world.e("account"), world.e("movement"), world.e("party")
    who = party.by_id(f[party.id_arg])
    text = (
        f"{who['name']} wants to deposit ${money_text(amt)} into {acc.label} {f['number']}. If that account is "
        f"frozen, put the money into their {acc.label} {spare['number']} instead."
    )
    into, other = (spare, f) if holds else (f, spare)
    deposit = (f"deposit_to_{acc.singular}", {acc.id_arg: into["id"], "amount": dollars(amt)})
    checks = [
        row_is(acc.table, into["id"], {"balance_cents": into["balance_cents"] + amt}, f"{into['number']} got it"),
        others_unchanged(acc.table, [into["id"]]),
        new_row(mov.table, {acc.id_arg: into["id"], "kind": "deposit", "amount_cents": amt}, "the deposit is logged"),
        added(mov.table, 1),
        world.unchanged_except("account", "movement"),
    ]
    elsewhere = (f"deposit_to_{acc.singular}", {acc.id_arg: other["id"], "amount": dollars(amt)})
    world.tasks.append(
        task(
            "frozen-elsewhere",
            text,
            [_acc_ref(world, f), _acc_ref(world, spare), deposit],
            checks,
            difficulty="hard",
            tags=["write", "rule"],
            branch=branch("frozen", holds, [elsewhere]),
        )
    )


def _transfer_task(
    world: World, src: Row, dst: Row, amount: int, kind: str, text: str, fork: Json | None = None
) -> None:
    """A transfer: both balances, and the two movements linked to each other (not a withdrawal and a deposit)."""
    acc, mov = world.e("account"), world.e("movement")
    solution = [_acc_ref(world, src), _acc_ref(world, dst), _transfer_call(world, src, dst, amount)]
    paid = {"balance_cents": src["balance_cents"] - amount}
    received = {"balance_cents": dst["balance_cents"] + amount}
    out = {acc.id_arg: src["id"], "kind": "transfer_out", "amount_cents": amount, "counterpart_id": dst["id"]}
    into = {acc.id_arg: dst["id"], "kind": "transfer_in", "amount_cents": amount, "counterpart_id": src["id"]}
    checks = [
        row_is(acc.table, src["id"], paid, f"{src['number']} paid {money_text(amount)}"),
        row_is(acc.table, dst["id"], received, f"{dst['number']} received {money_text(amount)}"),
        others_unchanged(acc.table, [src["id"], dst["id"]]),
        new_row(mov.table, out, "the transfer's outgoing movement names the receiving account"),
        new_row(mov.table, into, "the transfer's incoming movement names the paying account"),
        added(mov.table, 2),
        old_rows_unchanged(mov.table),
        world.unchanged_except("account", "movement"),
    ]
    fallback = kind.endswith("fallback")
    tags = ["write", "rule"] if fallback else ["write", "workflow"]
    difficulty = "hard" if fallback else "medium"
    world.tasks.append(task(kind, text, solution, checks, difficulty=difficulty, tags=tags, branch=fork))
