"""Plans and subscriptions (memberships, service plans): one live subscription per party."""

from __future__ import annotations

from generator.blocks import Entity, Field, money_text
from generator.calendar import shift
from generator.parts.txn_tasks import find_party
from generator.toolkit import (
    added,
    check,
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
    noun, party, rng = world.nouns["plan"], world.e("party"), world.rng
    plans = Entity(
        noun.plural,
        noun.snake,
        noun.words,
        noun.plural_words,
        [
            Field("name", "text", "name", unique=True, mutable=False),
            Field("monthly_price", "money", "monthly price (in dollars)", hi=1000),
            Field("level", "int", "level (1 = entry)", lo=1, hi=9),
            Field("status", "enum", "status", choices=("active", "retired")),
        ],
        "name",
        description=f"the {noun.plural_words} {party.plural_label} can subscribe to",
    )
    names = list(world.domain.plan_names)
    base = rng.randint(5, 40) * 100
    for i, name in enumerate(names, start=1):
        plans.rows.append(
            {
                "id": i,
                "name": name,
                "monthly_price_cents": base * i + rng.randint(0, 4) * 100,
                "level": i,
                "status": "active",
            }
        )
    if len(plans.rows) > 3 and rng.random() < 0.5:
        plans.rows[-1]["status"] = "retired"
    subs = Entity(
        f"{noun.snake}_subscriptions",
        "subscription",
        "subscription",
        "subscriptions",
        [
            Field(party.id_arg, "ref", f"{party.label} id", ref=party.table),
            Field(f"{noun.snake}_id", "ref", f"{noun.words} id", ref=plans.table),
            Field("status", "enum", "status", choices=("active", "paused", "cancelled")),
            Field("started_on", "date", "start date"),
            Field("ended_on", "date", "end date", required=False),
        ],
        "started_on",
        description=f"which {party.plural_label} subscribe to which {noun.words}",
    )
    subs.refs_display = {party.id_arg: (party.table, "name"), f"{noun.snake}_id": (plans.table, "name")}
    for p in party.rows:
        if rng.random() < 0.35:
            continue
        start = shift(world.today, -rng.randint(20, 700))
        if rng.random() < 0.3:
            end = shift(start, rng.randint(10, 15))
            subs.rows.append(
                {
                    "id": len(subs.rows) + 1,
                    party.id_arg: p["id"],
                    f"{noun.snake}_id": rng.choice(plans.rows)["id"],
                    "status": "cancelled",
                    "started_on": start,
                    "ended_on": min(end, world.today),
                }
            )
        if rng.random() < 0.7:
            subs.rows.append(
                {
                    "id": len(subs.rows) + 1,
                    party.id_arg: p["id"],
                    f"{noun.snake}_id": rng.choice([x for x in plans.rows if x["status"] == "active"])["id"],
                    "status": rng.choice(("active", "active", "paused")),
                    "started_on": shift(world.today, -rng.randint(1, 19)),
                    "ended_on": None,
                }
            )
    world.entities["plan"] = plans
    world.entities["subscription"] = subs
    world.facts.append(f"A {party.label} has at most one live (active or paused) {noun.words} subscription.")


def plan_tools(world: World) -> None:
    plans, subs, party = world.e("plan"), world.e("subscription"), world.e("party")
    pid = f"{plans.singular}_id"
    add_search(world, plans, ["name"], ["status"], ["monthly_price"], ["monthly_price", "level"])
    add_search(world, subs, [], [party.id_arg, pid, "status"], ["started_on"], ["started_on"])
    plan_q = [
        query(
            "plan",
            f"SELECT name, status FROM {plans.table} WHERE id = :{pid}",
            f"no {plans.label} with id {{{pid}}}; use {search_name(world, plans)}",
        ),
        check("SELECT :plan__status = 'active'", f"{{plan__name}} is retired; choose an active {plans.label}"),
    ]
    steps = [
        query(
            "who",
            f"SELECT name FROM {party.table} WHERE id = :{party.id_arg}",
            f"no {party.label} with id {{{party.id_arg}}}; use {search_name(world, party)}",
        ),
        *plan_q,
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {subs.table} WHERE {party.id_arg} = :{party.id_arg} AND status IN"
            " ('active', 'paused'))",
            f"{{who__name}} already has a live subscription; change its {plans.label} instead of subscribing again",
        ),
        execute(
            f"INSERT INTO {subs.table} ({party.id_arg}, {pid}, status, started_on) VALUES (:{party.id_arg}, :{pid},"
            " 'active', :_today)"
        ),
        ret(f"SELECT {subs.select_list()} FROM {subs.table} t WHERE t.id = last_insert_rowid()"),
    ]
    props = {party.id_arg: integer(f"the {party.label}'s id"), pid: integer(f"the {plans.label}'s id")}
    world.add_tool(
        tool(
            f"subscribe_{party.singular}",
            f"Start a {plans.label} subscription for a {party.label} who has no live one.",
            props,
            list(props),
            steps,
            subs.row_schema(),
        )
    )
    sub_q = query(
        "sub",
        f"SELECT status, {pid} AS plan_id FROM {subs.table} WHERE id = :subscription_id",
        f"no subscription with id {{subscription_id}}; use {search_name(world, subs)}",
    )
    steps = [
        sub_q,
        check(
            "SELECT :sub__status IN ('active', 'paused')",
            "subscription {subscription_id} is {sub__status}; only live subscriptions can change",
        ),
        *plan_q,
        check(f"SELECT :sub__plan_id != :{pid}", f"it is already on that {plans.label}"),
        execute(f"UPDATE {subs.table} SET {pid} = :{pid} WHERE id = :subscription_id"),
        ret(f"SELECT {subs.select_list()} FROM {subs.table} t WHERE t.id = :subscription_id"),
    ]
    props = {"subscription_id": integer("the subscription's id"), pid: integer(f"the new {plans.label}'s id")}
    world.add_tool(
        tool(
            f"change_{plans.singular}",
            f"Move a live subscription to another active {plans.label}.",
            props,
            list(props),
            steps,
            subs.row_schema(),
        )
    )
    steps = [
        sub_q,
        check("SELECT :sub__status != 'cancelled'", "subscription {subscription_id} is already cancelled"),
        execute(f"UPDATE {subs.table} SET status = 'cancelled', ended_on = :_today WHERE id = :subscription_id"),
        ret(f"SELECT {subs.select_list()} FROM {subs.table} t WHERE t.id = :subscription_id"),
    ]
    world.add_tool(
        tool(
            "cancel_subscription",
            "End a subscription today.",
            {"subscription_id": integer("the subscription's id")},
            ["subscription_id"],
            steps,
            subs.row_schema(),
            destructive=True,
        )
    )


def plan_tasks(world: World) -> None:
    plans, subs, party = world.e("plan"), world.e("subscription"), world.e("party")
    pid = f"{plans.singular}_id"
    active_plans = [p for p in plans.rows if p["status"] == "active"]
    live = {s[party.id_arg]: s for s in subs.rows if s["status"] in LIVE}
    p = world.pick(plans.rows)
    world.tasks.append(
        task(
            "lookup-plan-price",
            f"What does the {p['name']} {plans.label} cost per month?",
            [(search_name(world, plans), {"query": p["name"]})],
            [world.unchanged_except()],
            answer=[money_text(p["monthly_price_cents"])],
            difficulty="easy",
            tags=["lookup"],
        )
    )
    free = [x for x in party.rows if x["id"] not in live]
    if free:
        who, plan = world.pick(free), world.pick(active_plans)
        world.tasks.append(
            task(
                "subscribe",
                f"Sign {who['name']} up for the {plan['name']} {plans.label}.",
                [
                    find_party(world, who),
                    (search_name(world, plans), {"query": plan["name"]}),
                    (f"subscribe_{party.singular}", {party.id_arg: who["id"], pid: plan["id"]}),
                ],
                [
                    new_row(
                        subs.table,
                        {party.id_arg: who["id"], pid: plan["id"], "status": "active", "started_on": world.today},
                        "the subscription is live",
                    ),
                    added(subs.table, 1),
                    old_rows_unchanged(subs.table),
                    world.unchanged_except("subscription"),
                ],
                difficulty="medium",
                tags=["write", "workflow"],
            )
        )
    if live:
        s = live[world.pick(sorted(live))]
        who = party.by_id(s[party.id_arg])
        other = [x for x in active_plans if x["id"] != s[pid]]
        if other:
            plan = world.pick(other)
            world.tasks.append(
                task(
                    "subscribe-or-switch",
                    f"Subscribe {who['name']} to the {plan['name']} {plans.label}. If they already have a"
                    f" subscription, switch it to {plan['name']} instead.",
                    [
                        find_party(world, who),
                        (search_name(world, subs), {party.id_arg: who["id"]}),
                        (search_name(world, plans), {"query": plan["name"]}),
                        (f"change_{plans.singular}", {"subscription_id": s["id"], pid: plan["id"]}),
                    ],
                    [
                        row_is(
                            subs.table,
                            s["id"],
                            {pid: plan["id"], "status": s["status"]},
                            f"the subscription is on {plan['name']}",
                        ),
                        others_unchanged(subs.table, [s["id"]]),
                        world.unchanged_except("subscription"),
                    ],
                    difficulty="hard",
                    tags=["write", "rule"],
                )
            )
        s = live[world.pick(sorted(live))]
        who = party.by_id(s[party.id_arg])
        world.tasks.append(
            task(
                "cancel-subscription",
                f"{who['name']} wants to end their subscription today.",
                [
                    find_party(world, who),
                    (search_name(world, subs), {party.id_arg: who["id"], "status": s["status"]}),
                    ("cancel_subscription", {"subscription_id": s["id"]}),
                ],
                [
                    row_is(
                        subs.table,
                        s["id"],
                        {"status": "cancelled", "ended_on": world.today},
                        "it is cancelled as of today",
                    ),
                    others_unchanged(subs.table, [s["id"]]),
                    world.unchanged_except("subscription"),
                ],
                difficulty="easy",
                tags=["write"],
            )
        )
