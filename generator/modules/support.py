"""Support tickets with their message threads, assigned to staff, moved from open to resolved."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, call
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, shuffled
from generator.modules.people import EVERY
from generator.naming import indefinite
from generator.schema import Entity
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

PRIORITIES = ("low", "normal", "high", "urgent")
STATES = ("open", "pending", "resolved")
SUBJECTS = {
    "retail": (
        "Item arrived damaged",
        "Wrong size delivered",
        "Refund not received",
        "Question about an order",
        "Missing part in the box",
        "Discount code not working",
    ),
    "food": (
        "Order arrived cold",
        "Missing item from my order",
        "Charged twice",
        "Courier could not find me",
        "Allergy question",
    ),
    "lodging": (
        "Noise complaint",
        "Lost property",
        "Invoice correction",
        "Question about a booking",
        "Broken air conditioning",
    ),
    "health": ("Billing question", "Prescription refill delay", "Request for records", "Appointment reminder missing"),
    "software": (
        "Cannot log in",
        "Export is failing",
        "Invoice question",
        "Feature request",
        "Slow dashboard",
        "Two-factor reset",
    ),
}
GENERIC = (
    "Billing question",
    "Change of contact details",
    "Complaint about service",
    "General question",
    "Request for a receipt",
)
REPLIES = (
    "Thanks for letting us know; we are looking into it and will update you within one business day.",
    "Sorry about this. We have sent a replacement and you should have it within a week.",
    "We have corrected the record on our side; nothing more is needed from you.",
    "Could you send us a photo of the problem so we can help faster?",
)


@dataclass(frozen=True)
class TicketKit:
    search: str
    messages: str
    open: str
    reply: str
    assign: str | None
    resolve: str


def build_support(w: World) -> None:
    cust = w.e("customer")
    columns = [
        s.ref(cust),
        s.text("subject", "subject"),
        s.enum("priority", "how urgent", PRIORITIES),
        s.enum("status", "where it stands", STATES),
        s.day("opened_on", "date opened"),
    ]
    if w.has("staff"):
        columns.append(s.ref(w.e("staff"), label="the assigned staff member's id", required=False, mutable=True))
    ticket = w.add(
        Entity(
            "support_ticket",
            w.noun("support_ticket", "support ticket"),
            columns,
            "subject",
            f"questions and complaints from {cust.plural_label}",
        )
    )
    message = w.add(
        Entity(
            "ticket_message",
            w.noun("ticket_message", "ticket message"),
            [
                s.ref(ticket),
                s.enum("author", "who wrote it", ("customer", "staff")),
                s.text("body", "text"),
                s.day("sent_on", "date sent"),
            ],
            "id",
            "the messages of each ticket, in order",
        )
    )
    subjects = SUBJECTS.get(w.domain.family, ()) + GENERIC
    agents = [a for a in w.e("staff").rows if a["active"]] if w.has("staff") else []
    for person in shuffled(w, cust.rows)[: w.rng.randint(10, 24)]:
        opened = days_ago(w, 0, 60)
        status = w.pick(("open", "open", "pending", "resolved", "resolved"))
        row = ticket.add(
            **{cust.id_arg: person["id"]},
            subject=w.pick(subjects),
            priority=w.pick(PRIORITIES),
            status=status,
            opened_on=opened,
        )
        if agents:
            row[w.e("staff").id_arg] = w.pick(agents)["id"] if status != "open" or w.chance(0.5) else None
        message.add(
            **{ticket.id_arg: row["id"]}, author="customer", body=f"{row['subject']}. Please help.", sent_on=opened
        )
        if status != "open":
            message.add(**{ticket.id_arg: row["id"]}, author="staff", body=w.pick(REPLIES), sent_on=opened)


def support_tools(w: World) -> None:
    ticket, message, cust = w.e("support_ticket"), w.e("ticket_message"), w.e("customer")
    filters = [cust.id_arg, "status", "priority"] + ([w.e("staff").id_arg] if w.has("staff") else [])
    search = crud.search(
        w, ticket, text=["subject"], filters=filters, ranges=["opened_on"], sorts=["opened_on", "priority"]
    )
    messages = crud.search(w, message, scope=[ticket.id_arg], sorts=["sent_on"], name="list_ticket_messages")
    w.put(TicketKit(search, messages, _open(w), _reply(w), _assign(w) if w.has("staff") else None, _resolve(w)))


def _open(w: World) -> str:
    ticket, message, cust = w.e("support_ticket"), w.e("ticket_message"), w.e("customer")
    cid = cust.id_arg
    props = {
        cid: id_arg(f"the {cust.label}'s id"),
        "subject": {"type": "string", "minLength": 3, "maxLength": 120, "description": "short subject"},
        "priority": {"type": "string", "enum": list(PRIORITIES), "description": "how urgent"},
        "message": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "what they wrote"},
    }
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cid}",
            f"no {cust.label} with id {{{cid}}}; {crud.finder_hint(w, 'customer')}",
        ),
        execute(
            f"INSERT INTO {ticket.table} ({cid}, subject, priority, status, opened_on) VALUES (:{cid}, :subject, "
            ":priority, 'open', :_today)"
        ),
        execute(
            f"INSERT INTO {message.table} ({ticket.id_arg}, author, body, sent_on) VALUES ((SELECT MAX(id) FROM "
            f"{ticket.table}), 'customer', :message, :_today)"
        ),
        ret(f"SELECT {select_list(w, ticket)} FROM {ticket.table} t WHERE t.id = (SELECT MAX(id) FROM {ticket.table})"),
    ]
    return w.tool(
        make_tool(
            "open_ticket",
            f"Open a support ticket for {cust.noun.a()}, with their first message.",
            props,
            list(props),
            program,
            row_schema(w, ticket),
        )
    )


def _state_steps(w: World) -> list[Step]:
    ticket = w.e("support_ticket")
    return [
        query(
            "tk",
            f"SELECT status, subject FROM {ticket.table} WHERE id = :{ticket.id_arg}",
            f"no ticket with id {{{ticket.id_arg}}}; search the tickets to find it",
        )
    ]


def _reply(w: World) -> str:
    ticket, message = w.e("support_ticket"), w.e("ticket_message")
    tid = ticket.id_arg
    props = {
        tid: id_arg("the ticket's id"),
        "message": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "the reply"},
    }
    program: list[Step] = [
        *_state_steps(w),
        check("SELECT :tk__status != 'resolved'", "ticket {" + tid + "} is resolved; open a new one instead"),
        execute(
            f"INSERT INTO {message.table} ({tid}, author, body, sent_on) VALUES (:{tid}, 'staff', :message, :_today)"
        ),
        execute(f"UPDATE {ticket.table} SET status = 'pending' WHERE id = :{tid}"),
        ret(f"SELECT {select_list(w, ticket)} FROM {ticket.table} t WHERE t.id = :{tid}"),
    ]
    text = "Reply to a ticket as staff; the ticket then waits for the customer (pending)."
    return w.tool(make_tool("reply_to_ticket", text, props, list(props), program, row_schema(w, ticket)))


def _assign(w: World) -> str:
    ticket, staff = w.e("support_ticket"), w.e("staff")
    tid, sid = ticket.id_arg, staff.id_arg
    props = {tid: id_arg("the ticket's id"), sid: id_arg("the staff member's id")}
    program: list[Step] = [
        *_state_steps(w),
        query(
            "st",
            f"SELECT name, active FROM {staff.table} WHERE id = :{sid}",
            f"no staff member with id {{{sid}}}; {crud.finder_hint(w, 'staff')}",
        ),
        check("SELECT :st__active = 1", "{st__name} no longer works here; pick someone active"),
        execute(f"UPDATE {ticket.table} SET {sid} = :{sid} WHERE id = :{tid}"),
        ret(f"SELECT {select_list(w, ticket)} FROM {ticket.table} t WHERE t.id = :{tid}"),
    ]
    return w.tool(
        make_tool(
            "assign_ticket",
            "Give a ticket to a staff member.",
            props,
            list(props),
            program,
            row_schema(w, ticket),
            idempotent=True,
        )
    )


def _resolve(w: World) -> str:
    ticket = w.e("support_ticket")
    tid = ticket.id_arg
    program: list[Step] = [
        *_state_steps(w),
        check("SELECT :tk__status != 'resolved'", "that ticket is already resolved"),
        execute(f"UPDATE {ticket.table} SET status = 'resolved' WHERE id = :{tid}"),
        ret(f"SELECT {select_list(w, ticket)} FROM {ticket.table} t WHERE t.id = :{tid}"),
    ]
    example = next(({tid: r["id"]} for r in ticket.rows if r["status"] != "resolved"), None)
    return w.tool(
        make_tool(
            "resolve_ticket",
            "Mark a ticket resolved.",
            {tid: id_arg("the ticket's id")},
            [tid],
            program,
            row_schema(w, ticket),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _reply_and_resolve(w: World) -> TaskCandidate | None:
    kit, ticket, cust = w.kit(TicketKit), w.e("support_ticket"), w.e("customer")
    pool = [t for t in ticket.rows if t["status"] == "open"]
    if not pool:
        return None
    t = w.pick(pool)
    person = cust.by_id(t[cust.id_arg])
    answer = w.pick(REPLIES)
    text = (
        f'{person["name"]} opened a ticket about "{t["subject"]}" on {t["opened_on"]}. Send them this reply: '
        f'"{answer}" Then mark the ticket resolved.'
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.search, **{cust.id_arg: person["id"]}, status="open"),
        call(kit.messages, **{ticket.id_arg: t["id"]}),
        call(kit.reply, **{ticket.id_arg: t["id"], "message": answer}),
        call(kit.resolve, **{ticket.id_arg: t["id"]}),
    ]
    return TaskCandidate(
        kind="reply-and-resolve", instruction=text, calls=calls, difficulty="medium", tags=["write", "workflow"]
    )


def _complaint(w: World) -> TaskCandidate | None:
    kit, cust = w.kit(TicketKit), w.e("customer")
    person = w.pick(cust.rows)
    subject = w.pick(SUBJECTS.get(w.domain.family, GENERIC))
    priority = w.pick(("high", "urgent", "normal"))
    v = voice(w, person)
    body = f"{subject}. I need this sorted out this week."
    text = v.say(f'Please log {indefinite(priority)}-priority ticket titled "{subject}" with this message: "{body}"')
    calls = [
        find(w, "customer", person, "email"),
        call(kit.open, **{cust.id_arg: person["id"], "subject": subject, "priority": priority, "message": body}),
    ]
    return TaskCandidate(kind="log-ticket", instruction=text, calls=calls, difficulty="easy", tags=["write", "create"])


def _triage(w: World) -> TaskCandidate | None:
    kit, ticket, staff = w.kit(TicketKit), w.e("support_ticket"), w.e("staff")
    if kit.assign is None:
        return None
    sid = staff.id_arg
    level = w.pick(("urgent", "high"))
    loose = [t for t in ticket.rows if t[sid] is None and t["priority"] == level and t["status"] != "resolved"]
    if not 1 <= len(loose) <= 6 or not [t for t in ticket.rows if t[sid] is None and t["priority"] != level]:
        return None
    agent = w.pick([a for a in staff.rows if a["active"]])
    text = (
        f"Assign every unresolved {level}-priority ticket that has nobody on it to {agent['name']}. Leave the "
        "other unassigned tickets as they are."
    )
    calls = [find(w, "staff", agent), call(kit.search, priority=level, limit=100)]
    calls += [call(kit.assign, **{ticket.id_arg: t["id"], sid: agent["id"]}) for t in loose]
    return TaskCandidate(
        kind="triage-tickets", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "keep-others"]
    )


def _busiest_agent(w: World) -> TaskCandidate | None:
    ticket, staff = w.e("support_ticket"), w.e("staff")
    sid = staff.id_arg
    load = {
        a["id"]: sum(1 for t in ticket.rows if t[sid] == a["id"] and t["status"] != "resolved")
        for a in staff.rows
        if a["active"]
    }
    ranked = sorted(load.items(), key=lambda kv: -kv[1])
    if len(ranked) < 3 or ranked[0][1] == ranked[1][1] or ranked[0][1] == 0:
        return None
    top = staff.by_id(ranked[0][0])
    text = "Which staff member has the most unresolved tickets assigned right now, and how many?"
    kit = w.kit(TicketKit)
    calls = [
        call(w.searches["staff"].tool, active=True, limit=100),
        call(kit.search, status="open", limit=100),
        call(kit.search, status="pending", limit=100),
    ]
    others = [str(staff.by_id(k)["name"]) for k, _ in ranked[1:]]
    return TaskCandidate(
        kind="busiest-agent",
        instruction=text,
        calls=calls,
        answer=[str(top["name"]), str(ranked[0][1])],
        competing=others + sorted({str(v) for _, v in ranked[1:]} - {str(ranked[0][1])}),
        difficulty="hard",
        tags=["lookup", "aggregate"],
    )


def _oldest_open(w: World) -> TaskCandidate | None:
    kit, ticket = w.kit(TicketKit), w.e("support_ticket")
    pool = sorted((t for t in ticket.rows if t["status"] == "open"), key=lambda t: (t["opened_on"], n(t, "id")))
    if len(pool) < 3 or pool[0]["opened_on"] == pool[1]["opened_on"]:
        return None
    first = pool[0]
    text = "Which open ticket has been waiting the longest? Give me its subject and the date it was opened."
    calls = [call(kit.search, status="open", sort_by="opened_on", sort_order="asc", limit=5)]
    return TaskCandidate(
        kind="oldest-open-ticket",
        instruction=text,
        calls=calls,
        answer=[str(first["subject"]), str(first["opened_on"])],
        competing=sorted({str(t["opened_on"]) for t in pool[1:]} - {str(first["opened_on"])}),
        difficulty="easy",
        tags=["lookup", "filter-sort"],
    )


SUPPORT = Module(
    key="support",
    about="support tickets with message threads and assignees",
    fits=EVERY,
    build=build_support,
    tools=support_tools,
    tasks=(
        TaskKind("reply-and-resolve", _reply_and_resolve),
        TaskKind("log-ticket", _complaint),
        TaskKind("triage-tickets", _triage, ("staff",)),
        TaskKind("busiest-agent", _busiest_agent, ("staff",)),
        TaskKind("oldest-open-ticket", _oldest_open),
    ),
    needs=("customers",),
)
