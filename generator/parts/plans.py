"""Plans and subscriptions (memberships, service plans): one live subscription per party."""

from __future__ import annotations

from generator.blocks import Entity, Field, Row, money_text
from generator.calendar import shift
from generator.parts.txn_tasks import find_party
from generator.toolkit import (
    Json,
    added,
    branch,
    check,
    closest,
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
from generator.tools import add_search, search_name
from generator.world import World

LIVE = ("active", "paused")


def add_plans(world: World) -> None:
    noun, party = world.nouns["plan"], world.e("party")
    plans = _plan_entity(world)
    subs = _subscription_entity(world, plans)
    _seed_subscriptions(world, plans, subs)
    world.entities["plan"] = plans
    world.entities["subscription"] = subs
    world.facts.append(f"A {party.label} has at most one live (active or paused) {noun.words} subscription.")


def _plan_entity(world: World) -> Entity:
    noun, party, rng = world.nouns["plan"], world.e("party"), world.rng
    fields = [
        Field("name", "text", "name", unique=True, mutable=False),
        Field("monthly_price", "money", "monthly price (in dollars)", hi=1000),
        Field("level", "int", "level (1 = entry)", lo=1, hi=9),
        Field("status", "enum", "status", choices=("active", "retired")),
    ]
    about = f"the {noun.plural_words} {party.plural_label} can subscribe to"
    plans = Entity(noun.plural, noun.snake, noun.words, noun.plural_words, fields, "name", description=about)
    base = rng.randint(5, 40) * 100
    for i, name in enumerate(world.domain.plan_names, start=1):
        price = base * i + rng.randint(0, 4) * 100
        plans.rows.append({"id": i, "name": name, "monthly_price_cents": price, "level": i, "status": "active"})
    if len(plans.rows) > 3 and rng.random() < 0.5:
        plans.rows[-1]["status"] = "retired"
    return plans


def _subscription_entity(world: World, plans: Entity) -> Entity:
    noun, party = world.nouns["plan"], world.e("party")
    fields = [
        Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
        Field(f"{noun.snake}_id", "ref", f"{noun.words} id", ref=plans.table),
        Field("status", "enum", "status", choices=("active", "paused", "cancelled")),
        Field("started_on", "date", "start date"),
        Field("ended_on", "date", "end date", required=False),
    ]
    about = f"which {party.plural_label} subscribe to which {noun.words}"
    subs = Entity(
        f"{noun.snake}_subscriptions",
        "subscription",
        "subscription",
        "subscriptions",
        fields,
        "started_on",
        description=about,
    )
    subs.refs_display = {party.id_arg: (party.table, "name"), f"{noun.snake}_id": (plans.table, "name")}
    return subs


def _seed_subscriptions(world: World, plans: Entity, subs: Entity) -> None:
    rng, party, pid = world.rng, world.e("party"), f"{world.nouns['plan'].snake}_id"
    for p in party.rows:
        if rng.random() < 0.35:
            continue
        start = shift(world.today, -rng.randint(20, 700))
        if rng.random() < 0.3:
            end = min(shift(start, rng.randint(10, 15)), world.today)
            row = {party.id_arg: p["id"], pid: rng.choice(plans.rows)["id"], "status": "cancelled", "started_on": start}
            subs.rows.append({"id": len(subs.rows) + 1, **row, "ended_on": end})
        if rng.random() < 0.7:
            plan = rng.choice([x for x in plans.rows if x["status"] == "active"])["id"]
            status = rng.choice(("active", "active", "paused"))
            row = {
                party.id_arg: p["id"],
                pid: plan,
                "status": status,
                "started_on": shift(world.today, -rng.randint(1, 19)),
            }
            subs.rows.append({"id": len(subs.rows) + 1, **row, "ended_on": None})


def plan_tools(world: World) -> None:
    plans, subs, party = world.e("plan"), world.e("subscription"), world.e("party")
    add_search(world, plans, ["name"], ["status"], ["monthly_price"], ["monthly_price", "level"])
    add_search(world, subs, [], [party.id_arg, _pid(world), "status"], ["started_on"], ["started_on"])
    _subscribe_tool(world)
    _change_tool(world)
    _cancel_tool(world)


def _pid(world: World) -> str:
    return f"{world.e('plan').singular}_id"


def _plan_checks(world: World) -> list[Json]:
    plans, pid = world.e("plan"), _pid(world)
    return [
        query(
            "plan",
            f"SELECT name, status FROM {plans.table} WHERE id = :{pid}",
            f"no {plans.label} with id {{{pid}}}; use {search_name(world, plans)}",
        ),
        check("SELECT :plan__status = 'active'", f"{{plan__name}} is retired; choose an active {plans.label}"),
    ]


def _subscription_query(world: World) -> Json:
    subs, pid = world.e("subscription"), _pid(world)
    return query(
        "sub",
        f"SELECT status, {pid} AS plan_id FROM {subs.table} WHERE id = :subscription_id",
        f"no subscription with id {{subscription_id}}; use {search_name(world, subs)}",
    )


def _subscribe_tool(world: World) -> None:
    plans, subs, party, pid = world.e("plan"), world.e("subscription"), world.e("party"), _pid(world)
    live = f"SELECT 1 FROM {subs.table} WHERE {party.id_arg} = :{party.id_arg} AND status IN ('active', 'paused')"
    steps = [
        query(
            "who",
            f"SELECT name FROM {party.table} WHERE id = :{party.id_arg}",
            f"no {party.label} with id {{{party.id_arg}}}; use {search_name(world, party)}",
        ),
        *_plan_checks(world),
        check(
            f"SELECT NOT EXISTS ({live})",
            f"{{who__name}} already has a live subscription; change its {plans.label} instead of subscribing again",
        ),
        execute(
            f"INSERT INTO {subs.table} ({party.id_arg}, {pid}, status, started_on) "
            f"VALUES (:{party.id_arg}, :{pid}, 'active', :_today)"
        ),
        ret(f"SELECT {subs.select_list()} FROM {subs.table} t WHERE t.id = last_insert_rowid()"),
    ]
    props = {party.id_arg: integer(f"the {party.label}'s id"), pid: integer(f"the {plans.label}'s id")}
    text = f"Start a {plans.label} subscription for a {party.label} who has no live one."
    world.add_tool(tool(f"subscribe_{party.singular}", text, props, list(props), steps, subs.row_schema()))


def _change_tool(world: World) -> None:
    plans, subs, pid = world.e("plan"), world.e("subscription"), _pid(world)
    steps = [
        _subscription_query(world),
        check(
            "SELECT :sub__status IN ('active', 'paused')",
            "subscription {subscription_id} is {sub__status}; only live subscriptions can change",
        ),
        *_plan_checks(world),
        check(f"SELECT :sub__plan_id != :{pid}", f"it is already on that {plans.label}"),
        execute(f"UPDATE {subs.table} SET {pid} = :{pid} WHERE id = :subscription_id"),
        ret(f"SELECT {subs.select_list()} FROM {subs.table} t WHERE t.id = :subscription_id"),
    ]
    props = {"subscription_id": integer("the subscription's id"), pid: integer(f"the new {plans.label}'s id")}
    text = f"Move a live subscription to another active {plans.label}."
    world.add_tool(tool(f"change_{plans.singular}", text, props, list(props), steps, subs.row_schema()))


def _cancel_tool(world: World) -> None:
    subs = world.e("subscription")
    steps = [
        _subscription_query(world),
        check("SELECT :sub__status != 'cancelled'", "subscription {subscription_id} is already cancelled"),
        execute(f"UPDATE {subs.table} SET status = 'cancelled', ended_on = :_today WHERE id = :subscription_id"),
        ret(f"SELECT {subs.select_list()} FROM {subs.table} t WHERE t.id = :subscription_id"),
    ]
    props = {"subscription_id": integer("the subscription's id")}
    world.add_tool(
        tool(
            "cancel_subscription",
            "End a subscription today.",
            props,
            list(props),
            steps,
            subs.row_schema(),
            destructive=True,
        )
    )


def plan_tasks(world: World) -> None:
    plans, subs, party = world.e("plan"), world.e("subscription"), world.e("party")
    live = {s[party.id_arg]: s for s in subs.rows if s["status"] in LIVE}
    p = world.pick(plans.rows)
    world.tasks.append(
        task(
            "lookup-plan-price",
            f"What does the {p['name']} {plans.label} cost per month?",
            [(search_name(world, plans), {"query": p["name"]})],
            [world.unchanged_except()],
            answer=[money_text(p["monthly_price_cents"])],
            competing=[money_text(r["monthly_price_cents"]) for r in closest(plans.rows, p, "monthly_price_cents")],
            difficulty="easy",
            tags=["lookup"],
        )
    )
    free = [x for x in party.rows if x["id"] not in live]
    if free:
        _subscribe_task(world, world.pick(free))
    if live and free:
        if world.rng.random() < 0.5:
            _switch_task(world, live[world.pick(sorted(live))])
        else:
            _subscribe_task(world, world.pick(free), conditional=True)
    if live:
        _cancel_task(world, live[world.pick(sorted(live))])


def _active_plans(world: World) -> list[Row]:
    return [p for p in world.e("plan").rows if p["status"] == "active"]


def _subscribe_task(world: World, who: Row, conditional: bool = False) -> None:
    """Sign a party up; ``conditional``: the instruction says to switch an existing subscription instead,
    and there is none."""
    plans, subs, party, pid = world.e("plan"), world.e("subscription"), world.e("party"), _pid(world)
    plan = world.pick(_active_plans(world))
    solution = [
        find_party(world, who),
        (search_name(world, plans), {"query": plan["name"]}),
        (f"subscribe_{party.singular}", {party.id_arg: who["id"], pid: plan["id"]}),
    ]
    expect = {party.id_arg: who["id"], pid: plan["id"], "status": "active", "started_on": world.today}
    checks = [
        new_row(subs.table, expect, "the subscription is live"),
        added(subs.table, 1),
        old_rows_unchanged(subs.table),
        world.unchanged_except("subscription"),
    ]
    if not conditional:
        text = f"Sign {who['name']} up for the {plan['name']} {plans.label}."
        world.tasks.append(task("subscribe", text, solution, checks, difficulty="medium", tags=["write", "workflow"]))
        return
    text = (
        f"Subscribe {who['name']} to the {plan['name']} {plans.label}. "
        f"If they already have a subscription, switch it to {plan['name']} instead."
    )
    fork = branch("already-subscribed", False, [])
    world.tasks.append(
        task("subscribe-or-switch", text, solution, checks, difficulty="hard", tags=["write", "rule"], branch=fork)
    )


def _switch_task(world: World, sub: Row) -> None:
    plans, subs, party, pid = world.e("plan"), world.e("subscription"), world.e("party"), _pid(world)
    who = party.by_id(sub[party.id_arg])
    other = [x for x in _active_plans(world) if x["id"] != sub[pid]]
    if not other:
        return
    plan = world.pick(other)
    solution = [
        find_party(world, who),
        (search_name(world, subs), {party.id_arg: who["id"]}),
        (search_name(world, plans), {"query": plan["name"]}),
        (f"change_{plans.singular}", {"subscription_id": sub["id"], pid: plan["id"]}),
    ]
    checks = [
        row_is(
            subs.table, sub["id"], {pid: plan["id"], "status": sub["status"]}, f"the subscription is on {plan['name']}"
        ),
        others_unchanged(subs.table, [sub["id"]]),
        world.unchanged_except("subscription"),
    ]
    text = (
        f"Subscribe {who['name']} to the {plan['name']} {plans.label}. "
        f"If they already have a subscription, switch it to {plan['name']} instead."
    )
    subscribe = (f"subscribe_{party.singular}", {party.id_arg: who["id"], pid: plan["id"]})
    fork = branch("already-subscribed", True, [subscribe])
    world.tasks.append(
        task("subscribe-or-switch", text, solution, checks, difficulty="hard", tags=["write", "rule"], branch=fork)
    )


def _cancel_task(world: World, sub: Row) -> None:
    subs, party = world.e("subscription"), world.e("party")
    who = party.by_id(sub[party.id_arg])
    solution = [
        find_party(world, who),
        (search_name(world, subs), {party.id_arg: who["id"], "status": sub["status"]}),
        ("cancel_subscription", {"subscription_id": sub["id"]}),
    ]
    checks = [
        row_is(subs.table, sub["id"], {"status": "cancelled", "ended_on": world.today}, "it is cancelled as of today"),
        others_unchanged(subs.table, [sub["id"]]),
        world.unchanged_except("subscription"),
    ]
    text = f"{who['name']} wants to end their subscription today."
    world.tasks.append(task("cancel-subscription", text, solution, checks, difficulty="easy", tags=["write"]))
