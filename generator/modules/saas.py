"""A software company: customer workspaces on per-seat plans, their members and roles, monthly invoices with
lines, and a status page of components and incidents."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, n, others, shuffled
from generator.prices import plain, price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

ROLES = ("owner", "admin", "member", "guest")
COMPANY = (
    "Acme",
    "Brightline",
    "Cobalt",
    "Driftwood",
    "Evergreen",
    "Foxglove",
    "Granite",
    "Helix",
    "Ironbark",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Northwind",
    "Orchard",
    "Pinecrest",
)
SUFFIX = ("Labs", "Studio", "Group", "Partners", "Logistics", "Health", "Media", "Foods")
COMPONENTS = ("API", "Dashboard", "Billing", "Webhooks", "Search", "Notifications")


@dataclass(frozen=True)
class SaasKit:
    workspaces: str
    members: str
    invite: str
    deactivate: str
    set_role: str
    set_seats: str
    invoices: str
    lines: str
    components: str
    open_incident: str
    resolve_incident: str


def build_saas(w: World) -> None:
    cust = w.e("customer")
    plan = w.add(
        Entity(
            "saas_plan",
            w.noun("saas_plan", "subscription plan"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.money("seat_price", "price per seat a month"),
                s.integer("max_seats", "most seats", 1, 100000),
            ],
            "name",
            "the plans workspaces pay for",
        )
    )
    ws = w.add(
        Entity(
            "workspace",
            w.noun("workspace"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.text("domain", "email domain"),
                s.ref(cust, label="the account owner's id"),
                s.ref(plan, mutable=True),
                s.integer("seats", "seats paid for", 1, 100000),
                s.enum("status", "status", ("active", "suspended", "cancelled")),
                s.day("created_on", "date created"),
            ],
            "name",
            "customer workspaces",
        )
    )
    w.add(
        Entity(
            "member",
            w.noun("member", "workspace member"),
            [
                s.ref(ws),
                s.person("name", "full name"),
                s.email(),
                s.enum("role", "role", ROLES),
                s.enum("status", "status", ("active", "deactivated")),
                s.day("last_login", "last sign-in", required=False),
            ],
            "name",
            "people who use each workspace",
        )
    )
    inv = w.add(
        Entity(
            "saas_invoice",
            w.noun("saas_invoice", "invoice"),
            [
                s.code("number", "invoice number"),
                s.ref(ws),
                s.text("period", "billing month (YYYY-MM)"),
                s.enum("status", "status", ("paid", "open", "overdue")),
                s.money("total", "total"),
            ],
            "number",
            "monthly invoices",
        )
    )
    w.add(
        Entity(
            "saas_invoice_line",
            w.noun("saas_invoice_line", "invoice line"),
            [
                s.ref(inv),
                s.text("description", "what it is for"),
                s.integer("quantity", "quantity", 1, 100000),
                s.money("unit_price", "price per unit"),
                s.money("amount", "line amount"),
            ],
            "description",
            "what each invoice charges",
        )
    )
    comp = w.add(
        Entity(
            "component",
            w.noun("component", "service component"),
            [
                s.text("name", "name", unique=True, mutable=False),
                s.enum("status", "status", ("operational", "degraded", "outage")),
            ],
            "name",
            "the parts of the service on the status page",
        )
    )
    w.add(
        Entity(
            "incident",
            w.noun("incident"),
            [
                s.ref(comp),
                s.text("title", "title"),
                s.enum("severity", "severity", ("minor", "major", "critical")),
                s.enum("status", "status", ("investigating", "monitoring", "resolved")),
                s.day("started_on", "date it started"),
            ],
            "title",
            "service incidents",
        )
    )
    w.fact(
        "A workspace cannot have more active members than the seats it pays for, nor fewer seats than active "
        "members; every workspace keeps at least one active owner."
    )
    _seed(w, plan, ws, comp)


def _seed(w: World, plan: Entity, ws: Entity, comp: Entity) -> None:
    cust, member = w.e("customer"), w.e("member")
    for category in w.domain.catalog.categories:
        for kind in category.items:
            plan.add(name=kind.name, seat_price_cents=price(w.rng, kind.low, kind.high), max_seats=kind.size or 50)
    names = shuffled(w, [f"{a} {b}" for a in COMPANY for b in SUFFIX])
    for k, person in enumerate(shuffled(w, cust.rows)[: w.rng.randint(8, 16)]):
        p = w.pick(plan.rows)
        name = names[k]
        domain = name.lower().replace(" ", "") + ".com"
        seats = min(n(p, "max_seats"), w.pick((3, 5, 8, 10, 12)))
        row = ws.add(
            name=name,
            domain=domain,
            **{cust.id_arg: person["id"], plan.id_arg: p["id"]},
            seats=seats,
            status="suspended" if w.chance(0.08) else "active",
            created_on=days_ago(w, 60, 900),
        )
        for j in range(w.rng.randint(2, seats)):
            full = str(person["name"]) if j == 0 else w.people.name()
            first, last = full.lower().split(" ", 1)
            member.add(
                **{ws.id_arg: row["id"]},
                name=full,
                email=f"{first}.{last.replace(' ', '')}@{domain}",
                role="owner" if j == 0 else w.pick(("admin", "member", "member", "member", "guest")),
                status="deactivated" if j and w.chance(0.1) else "active",
                last_login=days_ago(w, 0, 60),
            )
        _seed_invoices(w, row, p)
    for name in COMPONENTS:
        comp.add(name=name, status="operational")
    incident = w.e("incident")
    for _ in range(w.rng.randint(3, 7)):
        c = w.pick(comp.rows)
        live = w.chance(0.3) or not incident.rows
        incident.add(
            **{comp.id_arg: c["id"]},
            title=f"{c['name']} {w.pick(('errors', 'latency', 'timeouts'))}",
            severity=w.pick(("minor", "minor", "major", "critical")),
            status=w.pick(("investigating", "monitoring")) if live else "resolved",
            started_on=days_ago(w, 0 if live else 3, 3 if live else 90),
        )
        if live:
            c["status"] = "degraded"


def _seed_invoices(w: World, ws_row: Row, plan_row: Row) -> None:
    inv, line, ws = w.e("saas_invoice"), w.e("saas_invoice_line"), w.e("workspace")
    year, month = int(w.today[:4]), int(w.today[5:7])
    for back in range(3, 0, -1):
        m = (month - back - 1) % 12 + 1
        y = year if month - back > 0 else year - 1
        seats, unit = n(ws_row, "seats"), n(plan_row, "seat_price_cents")
        status = "paid" if back > 1 or w.chance(0.6) else w.pick(("open", "overdue"))
        row = inv.add(
            number=f"IN-{y}{m:02d}-{ws_row['id']:03d}",
            **{ws.id_arg: ws_row["id"]},
            period=f"{y}-{m:02d}",
            status=status,
            total_cents=seats * unit,
        )
        line.add(
            **{inv.id_arg: row["id"]},
            description=f"{plan_row['name']} seats",
            quantity=seats,
            unit_price_cents=unit,
            amount_cents=seats * unit,
        )


# --- tools ---------------------------------------------------------------------------------------


def saas_tools(w: World) -> None:
    ws, member, inv, comp, plan = (w.e(k) for k in ("workspace", "member", "saas_invoice", "component", "saas_plan"))
    used = Computed(
        "active_members",
        f"(SELECT COUNT(*) FROM {member.table} m WHERE m.{ws.id_arg} = t.id AND m.status = 'active')",
        "integer",
    )
    workspaces = crud.search(
        w, ws, text=["name", "domain"], filters=["status", plan.id_arg], sorts=["name"], extras=[used]
    )
    crud.search(w, plan, text=["name"], ranges=["seat_price"], sorts=["seat_price"], name="list_plans")
    members = crud.search(
        w,
        member,
        scope=[ws.id_arg],
        text=["name", "email"],
        filters=["role", "status"],
        sorts=["name", "last_login"],
        name="list_members",
    )
    invoices = crud.search(
        w, inv, text=["number"], filters=[ws.id_arg, "status"], sorts=["period", "total"], name="list_invoices"
    )
    lines = crud.search(w, w.e("saas_invoice_line"), scope=[inv.id_arg], sorts=["id"], name="list_invoice_lines")
    components = crud.search(w, comp, text=["name"], filters=["status"], sorts=["name"], name="list_components")
    crud.search(
        w,
        w.e("incident"),
        text=["title"],
        filters=[comp.id_arg, "status", "severity"],
        sorts=["started_on"],
        name="list_incidents",
    )
    w.put(
        SaasKit(
            workspaces,
            members,
            _invite(w),
            _deactivate(w),
            _set_role(w),
            _set_seats(w),
            invoices,
            lines,
            components,
            _open_incident(w),
            _resolve(w),
        )
    )


def _ws_steps(w: World, arg: str) -> list[Step]:
    ws, member = w.e("workspace"), w.e("member")
    return [
        query(
            "ws",
            f"SELECT name, status, seats, (SELECT COUNT(*) FROM {member.table} WHERE {ws.id_arg} = {arg} AND "
            f"status = 'active') AS used FROM {ws.table} WHERE id = {arg}",
            f"no workspace with that id; {crud.finder_hint(w, 'workspace')}",
        ),
        check("SELECT :ws__status = 'active'", "workspace {ws__name} is {ws__status}"),
    ]


def _invite(w: World) -> str:
    ws, member = w.e("workspace"), w.e("member")
    wid = ws.id_arg
    props = {
        wid: id_arg("the workspace's id"),
        "name": {"type": "string", "minLength": 2, "maxLength": 80, "description": "full name"},
        "email": s.email().input_schema("their work email"),
        "role": {"type": "string", "enum": ["admin", "member", "guest"], "description": "role"},
    }
    program: list[Step] = [
        *_ws_steps(w, f":{wid}"),
        check("SELECT :ws__used < :ws__seats", "workspace {ws__name} uses all {ws__seats} seats; add seats first"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {member.table} WHERE lower(email) = lower(:email))",
            "{email} is already a member somewhere",
        ),
        execute(
            f"INSERT INTO {member.table} ({wid}, name, email, role, status) VALUES (:{wid}, :name, lower(:email), "
            ":role, 'active')"
        ),
        ret(f"SELECT {select_list(w, member)} FROM {member.table} t WHERE t.id = (SELECT MAX(id) FROM {member.table})"),
    ]
    example = next(
        (
            {wid: r["id"], "name": "New Person", "email": f"new.person@{r['domain']}", "role": "member"}
            for r in ws.rows
            if r["status"] == "active" and _used(w, r) < n(r, "seats")
        ),
        None,
    )
    return w.tool(
        make_tool(
            "invite_member",
            "Add a person to a workspace, using one of its paid seats.",
            props,
            list(props),
            program,
            row_schema(w, member),
            example=example,
        )
    )


def _used(w: World, ws_row: Row) -> int:
    member, ws = w.e("member"), w.e("workspace")
    return sum(1 for m in member.rows if m[ws.id_arg] == ws_row["id"] and m["status"] == "active")


def _member_steps(w: World) -> list[Step]:
    member, ws = w.e("member"), w.e("workspace")
    mid = member.id_arg
    return [
        query(
            "m",
            f"SELECT name, role, status, {ws.id_arg} AS ws FROM {member.table} WHERE id = :{mid}",
            f"no member with id {{{mid}}}; list the workspace's members",
        ),
        check(
            f"SELECT :m__role != 'owner' OR (SELECT COUNT(*) FROM {member.table} WHERE {ws.id_arg} = :m__ws AND "
            f"role = 'owner' AND status = 'active' AND id != :{mid}) > 0",
            "{m__name} is the workspace's only owner; make someone else owner first",
        ),
    ]


def _deactivate(w: World) -> str:
    member = w.e("member")
    mid = member.id_arg
    program: list[Step] = [
        *_member_steps(w),
        check("SELECT :m__status = 'active'", "{m__name} is already deactivated"),
        execute(f"UPDATE {member.table} SET status = 'deactivated' WHERE id = :{mid}"),
        ret(f"SELECT {select_list(w, member)} FROM {member.table} t WHERE t.id = :{mid}"),
    ]
    example = next(({mid: m["id"]} for m in member.rows if m["status"] == "active" and m["role"] != "owner"), None)
    return w.tool(
        make_tool(
            "deactivate_member",
            "Remove a member's access (frees their seat).",
            {mid: id_arg("the member's id")},
            [mid],
            program,
            row_schema(w, member),
            destructive=True,
            example=example,
        )
    )


def _set_role(w: World) -> str:
    member = w.e("member")
    mid = member.id_arg
    props = {mid: id_arg("the member's id"), "role": {"type": "string", "enum": list(ROLES), "description": "new role"}}
    program: list[Step] = [
        *_member_steps(w),
        check("SELECT :m__role != :role", "{m__name} is already {role}"),
        execute(f"UPDATE {member.table} SET role = :role WHERE id = :{mid}"),
        ret(f"SELECT {select_list(w, member)} FROM {member.table} t WHERE t.id = :{mid}"),
    ]
    example = next(({mid: m["id"], "role": "admin"} for m in member.rows if m["role"] in ("member", "guest")), None)
    return w.tool(
        make_tool(
            "set_member_role",
            "Change a member's role (a workspace always keeps an owner).",
            props,
            list(props),
            program,
            row_schema(w, member),
            idempotent=True,
            example=example,
        )
    )


def _set_seats(w: World) -> str:
    ws, plan = w.e("workspace"), w.e("saas_plan")
    wid = ws.id_arg
    props = {
        wid: id_arg("the workspace's id"),
        "seats": {"type": "integer", "minimum": 1, "maximum": 100000, "description": "new number of seats"},
    }
    program: list[Step] = [
        *_ws_steps(w, f":{wid}"),
        check(
            "SELECT :seats >= :ws__used", "{ws__name} has {ws__used} active members; it needs at least that many seats"
        ),
        query(
            "p",
            f"SELECT p.name, p.max_seats FROM {plan.table} p JOIN {ws.table} t ON t.{plan.id_arg} = p.id WHERE "
            f"t.id = :{wid}",
        ),
        check("SELECT :seats <= :p__max_seats", "the {p__name} plan allows at most {p__max_seats} seats"),
        execute(f"UPDATE {ws.table} SET seats = :seats WHERE id = :{wid}"),
        ret(f"SELECT {select_list(w, ws)} FROM {ws.table} t WHERE t.id = :{wid}"),
    ]
    example = next(({wid: r["id"], "seats": max(_used(w, r), 1)} for r in ws.rows if r["status"] == "active"), None)
    return w.tool(
        make_tool(
            "set_seat_count",
            "Change how many seats a workspace pays for (never below its active "
            "members, never above its plan's limit).",
            props,
            list(props),
            program,
            row_schema(w, ws),
            idempotent=True,
            example=example,
        )
    )


def _open_incident(w: World) -> str:
    comp, inc = w.e("component"), w.e("incident")
    cid = comp.id_arg
    props = {
        cid: id_arg("the component's id"),
        "title": {"type": "string", "minLength": 3, "maxLength": 120, "description": "what is wrong"},
        "severity": {"type": "string", "enum": ["minor", "major", "critical"], "description": "how bad"},
    }
    program: list[Step] = [
        crud.exists(w, comp, cid),
        execute(
            f"INSERT INTO {inc.table} ({cid}, title, severity, status, started_on) VALUES (:{cid}, :title, "
            ":severity, 'investigating', :_today)"
        ),
        execute(
            f"UPDATE {comp.table} SET status = CASE WHEN :severity = 'critical' THEN 'outage' ELSE 'degraded' END "
            f"WHERE id = :{cid}"
        ),
        ret(f"SELECT {select_list(w, inc)} FROM {inc.table} t WHERE t.id = (SELECT MAX(id) FROM {inc.table})"),
    ]
    return w.tool(
        make_tool(
            "open_incident",
            "Declare an incident on a component; the status page shows it degraded (or down, when critical).",
            props,
            list(props),
            program,
            row_schema(w, inc),
        )
    )


def _resolve(w: World) -> str:
    comp, inc = w.e("component"), w.e("incident")
    iid = inc.id_arg
    program: list[Step] = [
        query(
            "i",
            f"SELECT status, {comp.id_arg} AS comp FROM {inc.table} WHERE id = :{iid}",
            f"no incident with id {{{iid}}}",
        ),
        check("SELECT :i__status != 'resolved'", "that incident is already resolved"),
        execute(f"UPDATE {inc.table} SET status = 'resolved' WHERE id = :{iid}"),
        execute(
            f"UPDATE {comp.table} SET status = 'operational' WHERE id = :i__comp AND NOT EXISTS (SELECT 1 FROM "
            f"{inc.table} WHERE {comp.id_arg} = :i__comp AND status != 'resolved')"
        ),
        ret(f"SELECT {select_list(w, inc)} FROM {inc.table} t WHERE t.id = :{iid}"),
    ]
    example = next(({iid: r["id"]} for r in inc.rows if r["status"] != "resolved"), None)
    return w.tool(
        make_tool(
            "resolve_incident",
            "Close an incident; its component is operational again once none of its incidents is open.",
            {iid: id_arg("the incident's id")},
            [iid],
            program,
            row_schema(w, inc),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _onboard(w: World) -> TaskCandidate | None:
    kit, ws, _member, cust = w.kit(SaasKit), w.e("workspace"), w.e("member"), w.e("customer")
    for r in shuffled(w, [r for r in ws.rows if r["status"] == "active"]):
        free = n(r, "seats") - _used(w, r)
        if free >= 2:
            break
    else:
        return None
    owner = cust.by_id(r[cust.id_arg])
    people = [w.people.name() for _ in range(min(free, w.pick((2, 3))))]
    roles = [w.pick(("member", "member", "admin", "guest")) for _ in people]
    v = voice(w, owner)
    listed = "; ".join(
        f"{p} ({p.lower().replace(' ', '.')}@{r['domain']}) as {role}" for p, role in zip(people, roles, strict=True)
    )
    text = v.say(f"Please add these people to the {r['name']} workspace: {listed}.")
    calls = [call(kit.workspaces, query=str(r["name"])), call(kit.members, **{ws.id_arg: r["id"]}, status="active")]
    calls += [
        call(
            kit.invite,
            **{ws.id_arg: r["id"], "name": p, "email": f"{p.lower().replace(' ', '.')}@{r['domain']}", "role": role},
        )
        for p, role in zip(people, roles, strict=True)
    ]
    return TaskCandidate(
        kind="onboard-members", instruction=text, calls=calls, difficulty="hard", tags=["write", "multi-item"]
    )


def _invite_or_buy_seat(w: World) -> TaskCandidate | None:
    kit, ws, plan = w.kit(SaasKit), w.e("workspace"), w.e("saas_plan")
    holds = w.chance(0.5)
    pool = [
        r
        for r in ws.rows
        if r["status"] == "active"
        and (_used(w, r) < n(r, "seats")) == holds
        and n(r, "seats") < n(plan.by_id(r[plan.id_arg]), "max_seats")
    ]
    if not pool:
        return None
    r = w.pick(pool)
    person = w.people.name()
    email = f"{person.lower().replace(' ', '.')}@{r['domain']}"
    text = (
        f"Add {person} ({email}) to {r['name']} as a member. If every paid seat is taken, buy one more seat first, "
        "then add them."
    )
    reads = [call(kit.workspaces, query=str(r["name"]))]
    add = call(kit.invite, **{ws.id_arg: r["id"], "name": person, "email": email, "role": "member"})
    return branching(
        "invite-or-add-seat",
        text,
        condition="free-seat",
        holds=holds,
        reads=reads,
        then=[add],
        otherwise=[call(kit.set_seats, **{ws.id_arg: r["id"], "seats": n(r, "seats") + 1}), add],
        tags=["conditional", "seats"],
    )


def _shrink_refused(w: World) -> TaskCandidate | None:
    kit, ws = w.kit(SaasKit), w.e("workspace")
    pool = [r for r in ws.rows if r["status"] == "active" and _used(w, r) >= 4]
    if not pool:
        return None
    r = w.pick(pool)
    used = _used(w, r)
    owner = w.e("customer").by_id(r[w.e("customer").id_arg])
    v = voice(w, owner)
    text = v.say(f"Please cut the {r['name']} workspace down to {used - 2} seats to save money.")
    reads = [call(kit.workspaces, query=str(r["name"]))]
    return refusing(
        "shrink-seats-refused",
        text,
        reads=reads,
        complying=[call(kit.set_seats, **{ws.id_arg: r["id"], "seats": used - 2})],
        reason="a workspace needs at least as many seats as active members",
        answer=[str(used)],
        competing=others([str(n(r, "seats"))] + [str(_used(w, x)) for x in ws.rows], [str(used), str(used - 2)]),
        tags=["seats"],
    )


def _offboard_guests(w: World) -> TaskCandidate | None:
    kit, ws, member = w.kit(SaasKit), w.e("workspace"), w.e("member")
    for r in shuffled(w, ws.rows):
        guests = [
            m for m in member.rows if m[ws.id_arg] == r["id"] and m["role"] == "guest" and m["status"] == "active"
        ]
        if 1 <= len(guests) <= 5 and any(m["role"] != "guest" for m in member.rows if m[ws.id_arg] == r["id"]):
            break
    else:
        return None
    text = f"The contractor project at {r['name']} has ended: deactivate every active guest in that workspace."
    calls = [
        call(kit.workspaces, query=str(r["name"])),
        call(kit.members, **{ws.id_arg: r["id"]}, role="guest", status="active"),
    ]
    calls += [call(kit.deactivate, **{member.id_arg: m["id"]}) for m in guests]
    return TaskCandidate(
        kind="offboard-guests",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "bulk", "keep-others"],
    )


def _overdue(w: World) -> TaskCandidate | None:
    kit, ws, inv = w.kit(SaasKit), w.e("workspace"), w.e("saas_invoice")
    for r in shuffled(w, ws.rows):
        mine = [i for i in inv.rows if i[ws.id_arg] == r["id"]]
        owed = [i for i in mine if i["status"] != "paid"]
        if len(owed) == 1:
            break
    else:
        return None
    due = owed[0]
    text = f"Which invoice does {r['name']} still owe, and for how much?"
    calls = [call(kit.workspaces, query=str(r["name"])), call(kit.invoices, **{ws.id_arg: r["id"]})]
    return TaskCandidate(
        kind="unpaid-saas-invoice",
        instruction=text,
        calls=calls,
        answer=[str(due["number"]), plain(n(due, "total_cents"))],
        competing=others([i["number"] for i in inv.rows if i is not due], [due["number"]])
        + others([plain(n(i, "total_cents")) for i in inv.rows], [plain(n(due, "total_cents"))]),
        difficulty="medium",
        tags=["lookup", "billing"],
    )


def _incident_flow(w: World) -> TaskCandidate | None:
    kit, comp, inc = w.kit(SaasKit), w.e("component"), w.e("incident")
    live = [i for i in inc.rows if i["status"] != "resolved"]
    if not live:
        return None
    old = w.pick(live)
    c = comp.by_id(old[comp.id_arg])
    other = w.pick([x for x in comp.rows if x["status"] == "operational"] or comp.rows)
    title = f"{other['name']} {w.pick(('errors', 'latency', 'timeouts'))} for some customers"
    text = (
        f'The {c["name"]} incident "{old["title"]}" is fixed, so resolve it. Then open a major incident on '
        f'{other["name"]} titled "{title}".'
    )
    calls = [
        call(w.searches["incident"].tool, query=str(old["title"])),
        call(kit.resolve_incident, **{inc.id_arg: old["id"]}),
        call(kit.components, query=str(other["name"])),
        call(kit.open_incident, **{comp.id_arg: other["id"], "title": title, "severity": "major"}),
    ]
    if other is c:
        return None
    return TaskCandidate(
        kind="incident-handover", instruction=text, calls=calls, difficulty="medium", tags=["write", "workflow"]
    )


def _admins(w: World) -> TaskCandidate | None:
    kit, ws, member = w.kit(SaasKit), w.e("workspace"), w.e("member")
    for r in shuffled(w, ws.rows):
        mine = [m for m in member.rows if m[ws.id_arg] == r["id"] and m["status"] == "active"]
        admins = [m for m in mine if m["role"] == "admin"]
        if len(admins) == 1 and len(mine) >= 3:
            break
    else:
        return None
    text = f"Who is the admin of the {r['name']} workspace (not the owner), and what is their email?"
    calls = [call(kit.workspaces, query=str(r["name"])), call(kit.members, **{ws.id_arg: r["id"]}, role="admin")]
    return TaskCandidate(
        kind="workspace-admin",
        instruction=text,
        calls=calls,
        answer=[str(admins[0]["name"]), str(admins[0]["email"])],
        competing=others(
            [m["name"] for m in mine] + [m["email"] for m in mine], [admins[0]["name"], admins[0]["email"]]
        ),
        difficulty="easy",
        tags=["lookup"],
    )


SAAS = Module(
    key="saas",
    about="workspaces on per-seat plans, members and roles, invoices, a status page",
    fits=frozenset({"software"}),
    build=build_saas,
    tools=saas_tools,
    tasks=(
        TaskKind("onboard-members", _onboard),
        TaskKind("invite-or-add-seat", _invite_or_buy_seat),
        TaskKind("shrink-seats-refused", _shrink_refused),
        TaskKind("offboard-guests", _offboard_guests),
        TaskKind("unpaid-saas-invoice", _overdue),
        TaskKind("incident-handover", _incident_flow),
        TaskKind("workspace-admin", _admins),
    ),
    needs=("customers",),
)
