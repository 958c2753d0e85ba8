"""Modules many kinds of business share: branches, a message inbox, staff notes on a customer's file,
membership plans with subscriptions, and gift cards."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.data.places import CITIES, STREETS
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, shuffled
from generator.modules.people import EVERY
from generator.naming import series
from generator.prices import amount, as_number, dollars, plain, price
from generator.schema import Entity
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

# --- branches ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BranchKit:
    search: str


def build_branches(w: World) -> None:
    ent = w.add(
        Entity(
            "branch",
            w.noun("branch", "location"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("street", "street address"),
                s.text("city", "city"),
                s.phone(required=True),
                s.clock("opens", "opening time"),
                s.clock("closes", "closing time"),
            ],
            "name",
            f"where {w.title} serves people in person",
            table="locations",
        )
    )
    cities = [w.city] + [c for c, _ in w.rng.sample(list(CITIES), 4) if c != w.city]
    for k in range(w.rng.randint(3, 6)):
        city = cities[k % len(cities)]
        name = f"{city} {w.pick(STREETS)}" if k else f"{city} Main"
        if any(r["name"] == name for r in ent.rows):
            continue
        ent.add(
            name=name,
            street=f"{w.rng.randint(10, 990)} {w.pick(STREETS)} Street",
            city=city,
            phone=w.people.phone(),
            opens=w.pick(("08:00", "09:00", "10:00")),
            closes=w.pick(("17:00", "18:00", "20:00")),
        )


def branch_tools(w: World) -> None:
    w.put(BranchKit(crud.search(w, w.e("branch"), text=["name", "city"], filters=["city"], sorts=["name", "city"])))


def _late_branch(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(BranchKit), w.e("branch")
    rows = sorted(ent.rows, key=lambda r: str(r["closes"]), reverse=True)
    if len(rows) < 3 or rows[0]["closes"] == rows[1]["closes"]:
        return None
    text = "Which of our locations stays open latest, and until what time?"
    return TaskCandidate(
        kind="latest-open-location",
        instruction=text,
        calls=[call(kit.search, limit=50)],
        answer=[str(rows[0]["name"]), str(rows[0]["closes"])],
        competing=[str(r["name"]) for r in rows[1:]]
        + sorted({str(r["closes"]) for r in rows[1:]} - {str(rows[0]["closes"])}),
        difficulty="easy",
        tags=["lookup", "compare"],
    )


BRANCHES = Module(
    key="branches",
    about="the business's locations and their hours",
    fits=EVERY - {"software"},
    build=build_branches,
    tools=branch_tools,
    tasks=(TaskKind("latest-open-location", _late_branch),),
)


# --- messages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxKit:
    list: str
    send: str
    mark_read: str


def build_messages(w: World) -> None:
    cust = w.e("customer")
    ent = w.add(
        Entity(
            "message",
            w.noun("message"),
            [
                s.ref(cust),
                s.text("subject", "subject"),
                s.text("body", "text"),
                s.day("sent_on", "date sent"),
                s.flag("is_read", "whether they have read it"),
            ],
            "subject",
            f"messages sent to {cust.plural_label}' secure inbox",
        )
    )
    subjects = (
        "Your statement is ready",
        "Important update to our terms",
        "Appointment reminder",
        "Thanks for your feedback",
        "Your receipt",
        "We have updated our opening hours",
    )
    for person in shuffled(w, cust.rows)[: len(cust.rows) // 2]:
        for _ in range(w.pick((1, 2, 3))):
            subject = w.pick(subjects)
            ent.add(
                **{cust.id_arg: person["id"]},
                subject=subject,
                body=f"{subject}. Log in to read more.",
                sent_on=days_ago(w, 0, 120),
                is_read=1 if w.chance(0.6) else 0,
            )


def message_tools(w: World) -> None:
    ent, cust = w.e("message"), w.e("customer")
    listing = crud.search(
        w, ent, filters=[cust.id_arg, "is_read"], ranges=["sent_on"], sorts=["sent_on"], name="list_inbox_messages"
    )
    send = crud.create(
        w,
        ent,
        [ent.col(cust.id_arg), ent.col("subject"), ent.col("body")],
        fixed={"sent_on": ":_today", "is_read": "0"},
        about=f"Send a message to {cust.noun.a()}'s inbox",
        name="send_message",
    )
    mark = crud.update(w, ent, [ent.col("is_read")], about="Mark a message read or unread", name="mark_message")
    w.put(InboxKit(listing, send, mark))


def _notify(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(InboxKit), w.e("customer")
    person = w.pick(cust.rows)
    subject = w.pick(("A note about your account", "Following up on your call", "Your request is complete"))
    body = w.pick(
        (
            "We have completed your request; no further action is needed.",
            "Thank you for your patience. Please call us if anything else comes up.",
            "Your updated details are now on file.",
        )
    )
    text = f'Send {person["name"]} ({person["email"]}) a message titled "{subject}" saying: "{body}"'
    calls = [
        find(w, "customer", person, "email"),
        call(kit.send, **{cust.id_arg: person["id"], "subject": subject, "body": body}),
    ]
    return TaskCandidate(kind="send-message", instruction=text, calls=calls, difficulty="easy", tags=["write"])


def _unread(w: World) -> TaskCandidate | None:
    kit, ent, cust = w.kit(InboxKit), w.e("message"), w.e("customer")
    for person in shuffled(w, cust.rows):
        mine = [m for m in ent.rows if m[cust.id_arg] == person["id"]]
        unread = [m for m in mine if not m["is_read"]]
        if 2 <= len(unread) < len(mine):
            break
    else:
        return None
    v = voice(w, person)
    text = v.say(f"Please mark all of {v.my} unread messages as read.")
    calls = [find(w, "customer", person, "email"), call(kit.list, **{cust.id_arg: person["id"]}, is_read=False)]
    calls += [call(kit.mark_read, **{ent.id_arg: m["id"], "is_read": True}) for m in unread]
    return TaskCandidate(
        kind="mark-all-read", instruction=text, calls=calls, difficulty="medium", tags=["write", "bulk", "keep-others"]
    )


MESSAGES = Module(
    key="messages",
    about="a secure message inbox per customer",
    fits=EVERY,
    build=build_messages,
    tools=message_tools,
    tasks=(TaskKind("send-message", _notify), TaskKind("mark-all-read", _unread)),
    needs=("customers",),
)


# --- notes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteKit:
    list: str
    add: str


NOTES_TEXT = (
    "Prefers to be contacted by email.",
    "Asked about payment plans.",
    "Hard of hearing; speak clearly.",
    "Requested paper copies of all documents.",
    "Moved recently; confirm the address on the next call.",
)


def build_notes(w: World) -> None:
    cust = w.e("customer")
    columns = [s.ref(cust), s.text("body", "the note"), s.day("written_on", "date written")]
    if w.has("staff"):
        columns.insert(1, s.ref(w.e("staff"), label="the author's id"))
    ent = w.add(
        Entity("note", w.noun("note", "file note"), columns, "body", f"staff notes on {cust.plural_label}' files")
    )
    for person in shuffled(w, cust.rows)[: len(cust.rows) // 3]:
        for _ in range(w.pick((1, 1, 2, 3))):
            row = ent.add(**{cust.id_arg: person["id"]}, body=w.pick(NOTES_TEXT), written_on=days_ago(w, 1, 300))
            if w.has("staff"):
                row[w.e("staff").id_arg] = w.pick(w.e("staff").rows)["id"]


def note_tools(w: World) -> None:
    ent, cust = w.e("note"), w.e("customer")
    listing = crud.search(w, ent, scope=[cust.id_arg], sorts=["written_on"], name="list_file_notes")
    cols = [c for c in ent.columns if c.name != "written_on"]
    w.put(
        NoteKit(
            listing,
            crud.create(
                w, ent, cols, fixed={"written_on": ":_today"}, about="Add a note to a file", name="add_file_note"
            ),
        )
    )


def _note(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(NoteKit), w.e("customer")
    person = w.pick(cust.rows)
    body = w.pick(
        (
            "Called to confirm the new mailing address.",
            "Wants all future reminders by text message.",
            "Asked us not to call before 10:00.",
        )
    )
    args: dict[str, object] = {cust.id_arg: person["id"], "body": body}
    calls = [find(w, "customer", person, "email")]
    text = f'Add a note to {person["name"]}\'s file: "{body}"'
    if w.has("staff"):
        author = w.pick([a for a in w.e("staff").rows if a["active"]])
        args[w.e("staff").id_arg] = author["id"]
        text += f" Put it under {author['name']}'s name."
        calls.append(find(w, "staff", author))
    calls.append(call(kit.add, **args))
    return TaskCandidate(kind="add-file-note", instruction=text, calls=calls, difficulty="easy", tags=["write"])


def _last_note(w: World) -> TaskCandidate | None:
    kit, cust, note = w.kit(NoteKit), w.e("customer"), w.e("note")
    for person in shuffled(w, cust.rows):
        mine = sorted((x for x in note.rows if x[cust.id_arg] == person["id"]), key=lambda x: str(x["written_on"]))
        if len(mine) >= 2 and mine[-1]["written_on"] != mine[-2]["written_on"]:
            break
    else:
        return None
    text = f"When did someone last add a note to {person['name']}'s file ({person['email']})?"
    return TaskCandidate(
        kind="last-file-note",
        instruction=text,
        calls=[find(w, "customer", person, "email"), call(kit.list, **{cust.id_arg: person["id"]})],
        answer=[str(mine[-1]["written_on"])],
        competing=[str(x["written_on"]) for x in mine[:-1]],
        difficulty="easy",
        tags=["lookup"],
    )


def _note_for_many(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(NoteKit), w.e("customer")
    people = w.rng.sample(cust.rows, min(3, len(cust.rows)))
    body = w.pick(
        ("Sent the updated terms by email.", "Invited to the spring open day.", "Asked to confirm their address.")
    )
    names = series([f"{p['name']} ({p['email']})" for p in people])
    text = f'Add the same note to the files of {names}: "{body}"'
    calls = [find(w, "customer", p, "email") for p in people]
    extra: dict[str, object] = {}
    if w.has("staff"):
        author = w.pick([a for a in w.e("staff").rows if a["active"]])
        extra[w.e("staff").id_arg] = author["id"]
        text += f" Put them under {author['name']}'s name."
        calls.append(find(w, "staff", author))
    calls += [call(kit.add, **{cust.id_arg: p["id"], "body": body, **extra}) for p in people]
    return TaskCandidate(
        kind="note-on-several-files", instruction=text, calls=calls, difficulty="medium", tags=["write", "bulk"]
    )


NOTES = Module(
    key="notes",
    about="staff notes on customers' files",
    fits=EVERY,
    build=build_notes,
    tools=note_tools,
    tasks=(
        TaskKind("add-file-note", _note),
        TaskKind("last-file-note", _last_note),
        TaskKind("note-on-several-files", _note_for_many),
    ),
    needs=("customers",),
)


# --- membership plans ----------------------------------------------------------------------------

PLAN_NAMES = {
    "media": (("Basic", 799, 999), ("Standard", 1299, 1599), ("Premium", 1799, 2299), ("Family", 2199, 2699)),
    "software": (("Starter", 900, 1900), ("Team", 2900, 4900), ("Business", 7900, 12900), ("Enterprise", 19900, 29900)),
    "fitness": (("Off-Peak", 2499, 3499), ("Standard", 3999, 5499), ("All Access", 5999, 8999)),
}
GENERIC_PLANS = (("Basic", 499, 999), ("Plus", 1299, 1999), ("Premium", 2499, 3999))


@dataclass(frozen=True)
class PlanKit:
    plans: str
    subscriptions: str
    subscribe: str
    change: str
    cancel: str


def build_plans(w: World) -> None:
    cust = w.e("customer")
    plan = w.add(
        Entity(
            "plan",
            w.noun("plan", "membership plan"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.money("monthly_fee", "price per month"),
                s.text("perks", "what it includes"),
                s.flag("available", "still sold"),
            ],
            "name",
            "the membership plans on offer",
        )
    )
    sub = w.add(
        Entity(
            "subscription",
            w.noun("subscription", "membership"),
            [
                s.ref(cust),
                s.ref(plan, mutable=True),
                s.enum("status", "status", ("active", "paused", "cancelled")),
                s.day("started_on", "start date"),
                s.day("renews_on", "next renewal date"),
            ],
            "id",
            f"which {cust.plural_label} hold which plan",
        )
    )
    perks = (
        "standard support",
        "priority support",
        "free delivery",
        "member pricing",
        "early access",
        "guest passes",
        "extended hours",
        "premium content",
    )
    for name, low, high in PLAN_NAMES.get(w.domain.family, GENERIC_PLANS):
        plan.add(
            name=name,
            monthly_fee_cents=price(w.rng, low / 100, high / 100),
            perks=", ".join(w.rng.sample(perks, 2)),
            available=1,
        )
    for person in shuffled(w, cust.rows)[: len(cust.rows) * 2 // 3]:
        start = days_ago(w, 20, 700)
        status = w.pick(("active", "active", "active", "paused", "cancelled"))
        sub.add(
            **{cust.id_arg: person["id"], plan.id_arg: w.pick(plan.rows)["id"]},
            status=status,
            started_on=start,
            renews_on=shift(w.today, w.rng.randint(1, 30)),
        )
    w.fact(
        "Memberships renew monthly; a member holds one membership at a time and can change plans or cancel any "
        "time, and a cancelled membership stays cancelled."
    )


def plan_tools(w: World) -> None:
    plan, sub, cust = w.e("plan"), w.e("subscription"), w.e("customer")
    plans = crud.search(
        w, plan, text=["name", "perks"], filters=["available"], ranges=["monthly_fee"], sorts=["monthly_fee", "name"]
    )
    subs = crud.search(
        w, sub, filters=[cust.id_arg, plan.id_arg, "status"], ranges=["renews_on"], sorts=["started_on", "renews_on"]
    )
    subscribe = crud.create(
        w,
        sub,
        [sub.col(cust.id_arg), sub.col(plan.id_arg)],
        fixed={"status": "'active'", "started_on": ":_today", "renews_on": "date(:_today, '+1 month')"},
        about=f"Start a membership for {cust.noun.a()}",
        guards=[
            check(
                f"SELECT NOT EXISTS (SELECT 1 FROM {sub.table} WHERE {cust.id_arg} = :{cust.id_arg} AND status "
                "!= 'cancelled')",
                "they already hold a membership; change its plan instead",
            )
        ],
    )
    w.put(PlanKit(plans, subs, subscribe, _change_plan(w), _cancel_plan(w)))


def _sub_steps(w: World) -> list[Step]:
    sub = w.e("subscription")
    return [
        query(
            "m",
            f"SELECT status, {w.e('plan').id_arg} AS plan FROM {sub.table} WHERE id = :{sub.id_arg}",
            f"no membership with id {{{sub.id_arg}}}; {crud.finder_hint(w, 'subscription')}",
        ),
        check("SELECT :m__status != 'cancelled'", "that membership is cancelled; start a new one instead"),
    ]


def _change_plan(w: World) -> str:
    sub, plan = w.e("subscription"), w.e("plan")
    props = {sub.id_arg: id_arg("the membership's id"), plan.id_arg: id_arg("the new plan's id")}
    program: list[Step] = [
        *_sub_steps(w),
        query(
            "p",
            f"SELECT name, available FROM {plan.table} WHERE id = :{plan.id_arg}",
            f"no plan with id {{{plan.id_arg}}}",
        ),
        check("SELECT :p__available = 1", "{p__name} is no longer sold"),
        check(f"SELECT :m__plan != :{plan.id_arg}", "the membership is already on {p__name}"),
        execute(f"UPDATE {sub.table} SET {plan.id_arg} = :{plan.id_arg}, status = 'active' WHERE id = :{sub.id_arg}"),
        ret(f"SELECT {select_list(w, sub)} FROM {sub.table} t WHERE t.id = :{sub.id_arg}"),
    ]
    return w.tool(
        make_tool(
            "change_membership_plan",
            "Move a membership to another plan (from the next renewal).",
            props,
            list(props),
            program,
            row_schema(w, sub),
        )
    )


def _cancel_plan(w: World) -> str:
    sub = w.e("subscription")
    program: list[Step] = [
        *_sub_steps(w),
        execute(f"UPDATE {sub.table} SET status = 'cancelled' WHERE id = :{sub.id_arg}"),
        ret(f"SELECT {select_list(w, sub)} FROM {sub.table} t WHERE t.id = :{sub.id_arg}"),
    ]
    example = next(({sub.id_arg: r["id"]} for r in sub.rows if r["status"] != "cancelled"), None)
    return w.tool(
        make_tool(
            "cancel_membership",
            "Cancel a membership; it does not renew.",
            {sub.id_arg: id_arg("the membership's id")},
            [sub.id_arg],
            program,
            row_schema(w, sub),
            destructive=True,
            example=example,
        )
    )


def _upgrade(w: World) -> TaskCandidate | None:
    kit, sub, plan, cust = w.kit(PlanKit), w.e("subscription"), w.e("plan"), w.e("customer")
    ranked = sorted(plan.rows, key=lambda p: n(p, "monthly_fee_cents"))
    pool = [r for r in sub.rows if r["status"] == "active" and r[plan.id_arg] != ranked[-1]["id"]]
    if not pool:
        return None
    r = w.pick(pool)
    person, current = cust.by_id(r[cust.id_arg]), plan.by_id(r[plan.id_arg])
    better = [p for p in ranked if n(p, "monthly_fee_cents") > n(current, "monthly_fee_cents")]
    if not better:
        return None
    target = better[0]
    v = voice(w, person)
    text = v.say(
        f"Please move {v.my} membership up to the next plan above {current['name']} and tell {v.me} its monthly price."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.subscriptions, **{cust.id_arg: person["id"]}),
        call(kit.plans, sort_by="monthly_fee"),
        call(kit.change, **{sub.id_arg: r["id"], plan.id_arg: target["id"]}),
    ]
    return TaskCandidate(
        kind="upgrade-plan",
        instruction=text,
        calls=calls,
        answer=[plain(n(target, "monthly_fee_cents"))],
        competing=[plain(n(p, "monthly_fee_cents")) for p in ranked if p is not target],
        difficulty="medium",
        tags=["write", "filter-sort", "report"],
    )


def _cancel_twice(w: World) -> TaskCandidate | None:
    kit, sub, cust = w.kit(PlanKit), w.e("subscription"), w.e("customer")
    pool = [r for r in sub.rows if r["status"] == "cancelled"]
    if not pool:
        return None
    r = w.pick(pool)
    person = cust.by_id(r[cust.id_arg])
    v = voice(w, person)
    text = v.say(f"Please cancel {v.my} membership and make sure {v.i} won't be charged again.")
    reads = [find(w, "customer", person, "email"), call(kit.subscriptions, **{cust.id_arg: person["id"]})]
    return refusing(
        "cancel-membership-refused",
        text,
        reads=reads,
        complying=[call(kit.cancel, **{sub.id_arg: r["id"]})],
        reason="the membership is already cancelled",
        answer=["cancelled"],
        competing=["active", "paused"],
        tags=["memberships"],
    )


def _pause_or_cancel(w: World) -> TaskCandidate | None:
    kit, sub, cust = w.kit(PlanKit), w.e("subscription"), w.e("customer")
    pool = [r for r in sub.rows if r["status"] in ("active", "paused")]
    if not pool:
        return None
    r = w.pick(pool)
    person = cust.by_id(r[cust.id_arg])
    limit = w.pick((5, 7, 10))
    holds = str(r["renews_on"]) <= shift(w.today, limit)
    v = voice(w, person)
    text = v.say(
        f"If {v.my} membership renews within the next {limit} days, cancel it now. Otherwise leave it and "
        f"tell {v.me} the renewal date."
    )
    reads = [find(w, "customer", person, "email"), call(kit.subscriptions, **{cust.id_arg: person["id"]})]
    return branching(
        "cancel-before-renewal",
        text,
        condition="renews-soon",
        holds=holds,
        reads=reads,
        then=[call(kit.cancel, **{sub.id_arg: r["id"]})],
        otherwise=[],
        answer=[] if holds else [str(r["renews_on"])],
        competing=[] if holds else [str(r["started_on"])],
        tags=["conditional", "memberships"],
    )


PLANS = Module(
    key="plans",
    about="membership plans and who subscribes to which",
    fits=frozenset({"media", "software", "retail", "food", "education"}),
    build=build_plans,
    tools=plan_tools,
    tasks=(
        TaskKind("upgrade-plan", _upgrade),
        TaskKind("cancel-membership-refused", _cancel_twice),
        TaskKind("cancel-before-renewal", _pause_or_cancel),
    ),
    needs=("customers",),
)


# --- gift cards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftKit:
    lookup: str
    issue: str
    redeem: str


def build_gift_cards(w: World) -> None:
    cust = w.e("customer")
    ent = w.add(
        Entity(
            "gift_card",
            w.noun("gift_card", "gift card"),
            [
                s.code("code", "card code"),
                s.ref(cust, required=False, label="the holder's id"),
                s.money("initial", "value when issued"),
                s.money("balance", "value left"),
                s.day("issued_on", "date issued"),
            ],
            "code",
            "gift cards sold and their balances",
        )
    )
    for k in range(w.rng.randint(6, 14)):
        value = w.pick((2500, 5000, 5000, 7500, 10000, 15000))
        spent = amount(w.rng, 0, value / 100) if w.chance(0.6) else 0
        ent.add(
            code=f"GC-{w.rng.randrange(1000, 9999)}-{k:02d}{w.rng.randrange(10, 99)}",
            **{cust.id_arg: w.pick(cust.rows)["id"] if w.chance(0.7) else None},
            initial_cents=value,
            balance_cents=value - min(spent, value),
            issued_on=days_ago(w, 5, 500),
        )


def gift_tools(w: World) -> None:
    ent, cust = w.e("gift_card"), w.e("customer")
    lookup = crud.search(
        w, ent, text=["code"], filters=[cust.id_arg], ranges=["balance"], sorts=["issued_on"], name="look_up_gift_card"
    )
    issue = crud.create(
        w,
        ent,
        [ent.col(cust.id_arg), ent.col("initial")],
        fixed={
            "code": f"printf('GC-%d-%02d', 5000 + (SELECT COUNT(*) FROM {ent.table}), 7)",
            "balance_cents": "CAST(ROUND(:initial * 100) AS INTEGER)",
            "issued_on": ":_today",
        },
        about="Issue a new gift card (optionally to a customer)",
        name="issue_gift_card",
    )
    gid = ent.id_arg
    program: list[Step] = [
        query(
            "g",
            f"SELECT code, balance_cents, printf('$%.2f', balance_cents / 100.0) AS shown FROM {ent.table} "
            f"WHERE id = :{gid}",
            f"no gift card with id {{{gid}}}; look it up by its code",
        ),
        check(
            "SELECT CAST(ROUND(:amount * 100) AS INTEGER) <= :g__balance_cents",
            "gift card {g__code} has only {g__shown} left",
        ),
        execute(
            f"UPDATE {ent.table} SET balance_cents = balance_cents - CAST(ROUND(:amount * 100) AS INTEGER) WHERE "
            f"id = :{gid}"
        ),
        ret(f"SELECT {select_list(w, ent)} FROM {ent.table} t WHERE t.id = :{gid}"),
    ]
    props = {
        gid: id_arg("the gift card's id"),
        "amount": {
            "type": "number",
            "minimum": 0.01,
            "maximum": 10000,
            "description": "amount to take off, in dollars",
        },
    }
    example = next(({gid: r["id"], "amount": 1.0} for r in ent.rows if n(r, "balance_cents") >= 100), None)
    redeem = w.tool(
        make_tool(
            "redeem_gift_card",
            "Take an amount off a gift card's balance.",
            props,
            list(props),
            program,
            row_schema(w, ent),
            example=example,
        )
    )
    w.put(GiftKit(lookup, issue, redeem))


def _gift_balance(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(GiftKit), w.e("gift_card")
    pool = [g for g in ent.rows if g["balance_cents"] != g["initial_cents"]]
    if not pool:
        return None
    g = w.pick(pool)
    text = f"How much is left on gift card {g['code']}?"
    return TaskCandidate(
        kind="gift-card-balance",
        instruction=text,
        calls=[call(kit.lookup, query=str(g["code"]))],
        answer=[plain(n(g, "balance_cents"))],
        competing=[plain(n(g, "initial_cents"))],
        difficulty="easy",
        tags=["lookup"],
    )


def _redeem_if_enough(w: World) -> TaskCandidate | None:
    kit, ent = w.kit(GiftKit), w.e("gift_card")
    pool = [g for g in ent.rows if n(g, "balance_cents") >= 500]
    if not pool:
        return None
    g = w.pick(pool)
    holds = w.chance(0.5)
    cents = n(g, "balance_cents") - w.rng.randint(1, 400) if holds else n(g, "balance_cents") + w.rng.randint(1, 4000)
    text = (
        f"A customer wants to pay {dollars(cents)} with gift card {g['code']}. If the card covers it, take the "
        "amount off the card; if not, don't touch it and tell me the card's balance."
    )
    return branching(
        "redeem-if-covered",
        text,
        condition="card-covers",
        holds=holds,
        reads=[call(kit.lookup, query=str(g["code"]))],
        then=[call(kit.redeem, **{ent.id_arg: g["id"], "amount": as_number(cents)})],
        otherwise=[],
        answer=[] if holds else [plain(n(g, "balance_cents"))],
        competing=[] if holds else [plain(n(g, "initial_cents"))] if g["initial_cents"] != g["balance_cents"] else [],
        tags=["conditional", "gift cards"],
    )


GIFT_CARDS = Module(
    key="gift_cards",
    about="gift cards and their balances",
    fits=frozenset({"retail", "food", "lodging", "events"}),
    build=build_gift_cards,
    tools=gift_tools,
    tasks=(TaskKind("gift-card-balance", _gift_balance), TaskKind("redeem-if-covered", _redeem_if_enough)),
    needs=("customers",),
)
