"""People operations: departments and positions with pay bands, employees and their managers, leave
requests against a balance, payroll runs with payslips and their lines, and benefit enrollments."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, find, n, others, shuffled
from generator.prices import amount, plain
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.world import World

LEAVE = ("vacation", "sick", "parental", "unpaid")
BENEFITS = (
    ("Health PPO", 18900),
    ("Health HMO", 11400),
    ("Dental", 2300),
    ("Vision", 900),
    ("Commuter", 0),
    ("Life Insurance", 1250),
)


@dataclass(frozen=True)
class HrKit:
    employees: str
    update: str
    raise_pay: str
    leave: str
    request_leave: str
    decide_leave: str
    payslips: str
    lines: str
    enroll: str
    plans: str


def build_hr(w: World) -> None:
    dept = w.add(
        Entity(
            "department",
            w.noun("department"),
            [s.text("name", "name", unique=True, mutable=False), s.code("cost_center", "cost center")],
            "name",
            "the company's departments",
        )
    )
    pos = w.add(
        Entity(
            "position",
            w.noun("position", "job position"),
            [
                s.text("title", "job title"),
                s.ref(dept),
                s.money("min_salary", "bottom of the pay band"),
                s.money("max_salary", "top of the pay band"),
            ],
            "title",
            "jobs and their pay bands",
        )
    )
    emp = w.add(
        Entity(
            "customer",
            w.noun("customer", "employee"),
            [
                s.person("name", "full name"),
                s.email("email", "work email"),
                s.ref(dept, mutable=True),
                s.ref(pos, mutable=True),
                s.day("hired_on", "start date", mutable=False),
                s.enum("status", "status", ("active", "on-leave", "terminated")),
                s.money("salary", "annual salary"),
                s.integer("vacation_days", "vacation days left", 0, 60),
            ],
            "name",
            "the people who work here",
            table="employees",
        )
    )
    emp.columns.insert(
        4, s.ref(emp, name="manager_id", label="their manager's employee id", required=False, mutable=True)
    )
    w.add(
        Entity(
            "leave_request",
            w.noun("leave_request", "leave request"),
            [
                s.ref(emp),
                s.enum("kind", "kind of leave", LEAVE),
                s.day("starts_on", "first day"),
                s.day("ends_on", "last day"),
                s.integer("days", "working days", 1, 120),
                s.enum("status", "status", ("pending", "approved", "denied")),
            ],
            "id",
            "time off requested",
        )
    )
    run = w.add(
        Entity(
            "payroll_run",
            w.noun("payroll_run", "payroll run"),
            [
                s.text("period", "month (YYYY-MM)"),
                s.day("paid_on", "pay date"),
                s.enum("status", "status", ("draft", "paid")),
            ],
            "period",
            "monthly payroll",
        )
    )
    slip = w.add(
        Entity(
            "payslip",
            w.noun("payslip"),
            [
                s.ref(run),
                s.ref(emp),
                s.money("gross", "gross pay"),
                s.money("deductions", "deductions"),
                s.money("net", "net pay"),
            ],
            "id",
            "what each employee was paid each month",
        )
    )
    w.add(
        Entity(
            "payslip_line",
            w.noun("payslip_line", "payslip line"),
            [
                s.ref(slip),
                s.text("description", "item"),
                s.money("amount", "amount (negative: deduction)", signed=True),
            ],
            "description",
            "earnings and deductions on each payslip",
        )
    )
    plan = w.add(
        Entity(
            "benefit_plan",
            w.noun("benefit_plan", "benefit plan"),
            [s.text("name", "name", unique=True, mutable=False), s.money("monthly_cost", "employee cost a month")],
            "name",
            "benefits on offer",
        )
    )
    w.add(
        Entity(
            "benefit_enrollment",
            w.noun("benefit_enrollment", "benefit enrollment"),
            [s.ref(emp), s.ref(plan), s.day("since", "start date")],
            "id",
            "who is enrolled in what",
        )
    )
    w.fact(
        "Vacation is approved only while the employee has enough vacation days left; approving it takes the days "
        "off their balance. A raise must keep the salary within the position's pay band."
    )
    _seed(w, dept, pos, emp, plan)


def _seed(w: World, dept: Entity, pos: Entity, emp: Entity, plan: Entity) -> None:
    for k, category in enumerate(w.domain.catalog.categories):
        d = dept.add(name=category.name, cost_center=f"CC-{100 + k * 10}")
        for kind in category.items:
            pos.add(
                title=kind.name,
                **{dept.id_arg: d["id"]},
                min_salary_cents=int(kind.low * 100),
                max_salary_cents=int(kind.high * 100),
            )
    for p in pos.rows:
        lead = None
        for _j in range(w.rng.randint(1, 4)):
            name = w.people.name()
            row = emp.add(
                name=name,
                email=w.people.staff_email(name),
                **{dept.id_arg: p[dept.id_arg]},
                **{pos.id_arg: p["id"]},
                manager_id=lead,
                hired_on=days_ago(w, 90, 4000),
                status="on-leave" if w.chance(0.05) else ("terminated" if w.chance(0.04) else "active"),
                salary_cents=amount(w.rng, n(p, "min_salary_cents") / 100, n(p, "max_salary_cents") / 100 * 0.9),
                vacation_days=w.rng.randint(0, 25),
            )
            lead = lead or row["id"]
    for name, cost in BENEFITS:
        plan.add(name=name, monthly_cost_cents=cost)
    enr = w.e("benefit_enrollment")
    for e in emp.rows:
        for b in w.rng.sample(plan.rows, w.pick((0, 1, 2, 3))):
            enr.add(**{emp.id_arg: e["id"], plan.id_arg: b["id"]}, since=e["hired_on"])
    _seed_leave(w)
    _seed_payroll(w)


def _seed_leave(w: World) -> None:
    emp, req = w.e("customer"), w.e("leave_request")
    for e in shuffled(w, [e for e in emp.rows if e["status"] == "active"])[: len(emp.rows) // 2]:
        start = shift(w.today, w.rng.randint(-40, 60))
        days = w.pick((1, 2, 3, 5, 5, 10))
        status = "approved" if start < w.today else w.pick(("pending", "pending", "approved", "denied"))
        req.add(
            **{emp.id_arg: e["id"]},
            kind=w.pick(("vacation", "vacation", "sick", "unpaid")),
            starts_on=start,
            ends_on=shift(start, days + days // 5 * 2 - 1),
            days=days,
            status=status,
        )


def _seed_payroll(w: World) -> None:
    emp, run, slip, line = w.e("customer"), w.e("payroll_run"), w.e("payslip"), w.e("payslip_line")
    year, month = int(w.today[:4]), int(w.today[5:7])
    for back in (3, 2, 1):
        m, y = (month - back - 1) % 12 + 1, year if month - back > 0 else year - 1
        r = run.add(period=f"{y}-{m:02d}", paid_on=f"{y}-{m:02d}-25", status="paid")
        for e in emp.rows:
            if e["status"] == "terminated":
                continue
            gross = n(e, "salary_cents") // 12
            tax = gross * w.pick((18, 20, 22, 24)) // 100
            benefit = sum(
                n(b, "monthly_cost_cents")
                for b in w.e("benefit_plan").rows
                if any(
                    x[emp.id_arg] == e["id"] and x[w.e("benefit_plan").id_arg] == b["id"]
                    for x in w.e("benefit_enrollment").rows
                )
            )
            p = slip.add(
                **{run.id_arg: r["id"], emp.id_arg: e["id"]},
                gross_cents=gross,
                deductions_cents=tax + benefit,
                net_cents=gross - tax - benefit,
            )
            line.add(**{slip.id_arg: p["id"]}, description="Base salary", amount_cents=gross)
            line.add(**{slip.id_arg: p["id"]}, description="Income tax withholding", amount_cents=-tax)
            if benefit:
                line.add(**{slip.id_arg: p["id"]}, description="Benefit premiums", amount_cents=-benefit)


# --- tools ---------------------------------------------------------------------------------------


def hr_tools(w: World) -> None:
    emp, dept, pos, req, slip = (w.e(k) for k in ("customer", "department", "position", "leave_request", "payslip"))
    crud.search(w, dept, text=["name"], sorts=["name"], name="list_departments")
    crud.search(
        w, pos, text=["title"], filters=[dept.id_arg], ranges=["max_salary"], sorts=["title"], name="list_positions"
    )
    employees = crud.search(
        w,
        emp,
        text=["name", "email"],
        filters=[dept.id_arg, pos.id_arg, "status", "manager_id"],
        ranges=["salary", "hired_on", "vacation_days"],
        sorts=["name", "hired_on", "salary"],
    )
    update = crud.update(
        w,
        emp,
        [emp.col(dept.id_arg), emp.col(pos.id_arg), emp.col("manager_id"), emp.col("status")],
        about="Move an employee (department, position, manager) or change their status",
        name="update_employee",
    )
    leave = crud.search(
        w,
        req,
        filters=[emp.id_arg, "status", "kind"],
        ranges=["starts_on"],
        sorts=["starts_on"],
        name="list_leave_requests",
    )
    slips = crud.search(
        w, slip, filters=[emp.id_arg, w.e("payroll_run").id_arg], ranges=["net"], sorts=["id"], name="list_payslips"
    )
    lines = crud.search(w, w.e("payslip_line"), scope=[slip.id_arg], sorts=["id"], name="list_payslip_lines")
    crud.search(w, w.e("payroll_run"), text=["period"], filters=["status"], sorts=["period"], name="list_payroll_runs")
    plans = crud.search(w, w.e("benefit_plan"), text=["name"], sorts=["name"], name="list_benefit_plans")
    enroll = crud.create(
        w,
        w.e("benefit_enrollment"),
        [w.e("benefit_enrollment").col(emp.id_arg), w.e("benefit_enrollment").col(w.e("benefit_plan").id_arg)],
        fixed={"since": ":_today"},
        about="Enroll an employee in a benefit plan",
        name="enroll_in_benefit",
    )
    w.put(HrKit(employees, update, _raise(w), leave, _request(w), _decide(w), slips, lines, enroll, plans))


def _raise(w: World) -> str:
    emp, pos = w.e("customer"), w.e("position")
    eid = emp.id_arg
    props = {
        eid: id_arg("the employee's id"),
        "percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 50, "description": "raise in percent"},
    }
    new = "CAST(ROUND(:e__salary_cents * (100 + :percent) / 100.0) AS INTEGER)"
    program: list[Step] = [
        query(
            "e",
            f"SELECT e.name, e.status, e.salary_cents, p.max_salary_cents AS top, printf('$%.2f', "
            f"p.max_salary_cents / 100.0) AS top_text FROM {emp.table} e JOIN {pos.table} p ON p.id = "
            f"e.{pos.id_arg} WHERE e.id = :{eid}",
            f"no employee with id {{{eid}}}; {crud.finder_hint(w, 'customer')}",
        ),
        check("SELECT :e__status != 'terminated'", "{e__name} no longer works here"),
        check(f"SELECT {new} <= :e__top", "that would put {e__name} above their pay band's top of {e__top_text}"),
        execute(f"UPDATE {emp.table} SET salary_cents = {new} WHERE id = :{eid}"),
        ret(f"SELECT {select_list(w, emp)} FROM {emp.table} t WHERE t.id = :{eid}"),
    ]
    return w.tool(
        make_tool(
            "give_raise",
            "Raise an employee's salary by a percentage (rounded to the cent), within their position's pay band.",
            props,
            list(props),
            program,
            row_schema(w, emp),
            example={eid: emp.rows[0]["id"], "percent": 0.5},
        )
    )


def _request(w: World) -> str:
    emp, req = w.e("customer"), w.e("leave_request")
    eid = emp.id_arg
    props = {
        eid: id_arg("the employee's id"),
        "kind": {"type": "string", "enum": list(LEAVE), "description": "kind"},
        "starts_on": s.day("d", "").input_schema("first day off"),
        "ends_on": s.day("d", "").input_schema("last day off"),
        "days": {"type": "integer", "minimum": 1, "maximum": 120, "description": "working days it covers"},
    }
    program: list[Step] = [
        query("e", f"SELECT name, status FROM {emp.table} WHERE id = :{eid}", f"no employee with id {{{eid}}}"),
        check("SELECT :e__status = 'active'", "{e__name} is {e__status}"),
        check("SELECT :ends_on >= :starts_on AND :starts_on >= :_today", "the dates must be today or later, in order"),
        execute(
            f"INSERT INTO {req.table} ({eid}, kind, starts_on, ends_on, days, status) VALUES (:{eid}, :kind, "
            ":starts_on, :ends_on, :days, 'pending')"
        ),
        ret(f"SELECT {select_list(w, req)} FROM {req.table} t WHERE t.id = (SELECT MAX(id) FROM {req.table})"),
    ]
    return w.tool(
        make_tool(
            "request_leave",
            "File a leave request for an employee; it waits for a decision.",
            props,
            list(props),
            program,
            row_schema(w, req),
        )
    )


def _decide(w: World) -> str:
    emp, req = w.e("customer"), w.e("leave_request")
    rid = req.id_arg
    props = {
        rid: id_arg("the request's id"),
        "approve": {"type": "boolean", "description": "true approves, false denies"},
    }
    program: list[Step] = [
        query(
            "r",
            f"SELECT r.status, r.kind, r.days, e.vacation_days AS left, e.name, e.id AS who FROM {req.table} r "
            f"JOIN {emp.table} e ON e.id = r.{emp.id_arg} WHERE r.id = :{rid}",
            f"no leave request with id {{{rid}}}",
        ),
        check("SELECT :r__status = 'pending'", "that request is already {r__status}"),
        check(
            "SELECT NOT :approve OR :r__kind != 'vacation' OR :r__days <= :r__left",
            "{r__name} has only {r__left} vacation days left for {r__days} requested",
        ),
        execute(
            f"UPDATE {req.table} SET status = CASE WHEN :approve THEN 'approved' ELSE 'denied' END WHERE id = :{rid}"
        ),
        execute(
            f"UPDATE {emp.table} SET vacation_days = vacation_days - :r__days WHERE id = :r__who AND :approve AND "
            ":r__kind = 'vacation'"
        ),
        ret(f"SELECT {select_list(w, req)} FROM {req.table} t WHERE t.id = :{rid}"),
    ]
    example = next(({rid: r["id"], "approve": False} for r in req.rows if r["status"] == "pending"), None)
    return w.tool(
        make_tool(
            "decide_leave",
            "Approve or deny a pending leave request; approved vacation comes off the employee's balance.",
            props,
            list(props),
            program,
            row_schema(w, req),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _pending_vacation(w: World) -> list[tuple[Row, Row]]:
    emp, req = w.e("customer"), w.e("leave_request")
    return [(r, emp.by_id(r[emp.id_arg])) for r in req.rows if r["status"] == "pending" and r["kind"] == "vacation"]


def _approve_if_balance(w: World) -> TaskCandidate | None:
    kit, req = w.kit(HrKit), w.e("leave_request")
    holds = w.chance(0.5)
    pool = [(r, e) for r, e in _pending_vacation(w) if (n(r, "days") <= n(e, "vacation_days")) == holds]
    if not pool:
        return None
    r, e = w.pick(pool)
    text = (
        f"{e['name']} asked for vacation starting {r['starts_on']}. Approve it if they have enough vacation days "
        "left; otherwise deny it and tell me how many days they have."
    )
    reads = [find(w, "customer", e, "email"), call(kit.leave, **{w.e("customer").id_arg: e["id"]}, status="pending")]
    return branching(
        "approve-vacation-if-balance",
        text,
        condition="enough-vacation",
        holds=holds,
        reads=reads,
        then=[call(kit.decide_leave, **{req.id_arg: r["id"], "approve": True})],
        otherwise=[call(kit.decide_leave, **{req.id_arg: r["id"], "approve": False})],
        answer=[] if holds else [str(e["vacation_days"])],
        competing=[]
        if holds
        else others(
            [str(r["days"])] + [str(x["vacation_days"]) for x in w.e("customer").rows], [str(e["vacation_days"])]
        ),
        tags=["conditional", "leave"],
    )


def _raise_team(w: World) -> TaskCandidate | None:
    kit, emp, dept, pos = w.kit(HrKit), w.e("customer"), w.e("department"), w.e("position")
    pct = w.pick((2, 3, 4, 5))
    for d in shuffled(w, dept.rows):
        team = [e for e in emp.rows if e[dept.id_arg] == d["id"] and e["status"] == "active"]
        ok = all(
            n(e, "salary_cents") * (100 + pct) / 100 <= n(pos.by_id(e[pos.id_arg]), "max_salary_cents") for e in team
        )
        if (
            2 <= len(team) <= 7 and ok and any(e["status"] != "active" for e in emp.rows if e[dept.id_arg] == d["id"])
        ) or (2 <= len(team) <= 7 and ok):
            break
    else:
        return None
    text = f"Give every active employee in {d['name']} a {pct}% raise."
    calls = [
        call(w.searches["department"].tool, query=str(d["name"])),
        call(kit.employees, **{dept.id_arg: d["id"]}, status="active", limit=100),
    ]
    calls += [call(kit.raise_pay, **{emp.id_arg: e["id"], "percent": pct}) for e in team]
    return TaskCandidate(
        kind="department-raise", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk", "keep-others"]
    )


def _transfer(w: World) -> TaskCandidate | None:
    kit, emp, dept, pos = w.kit(HrKit), w.e("customer"), w.e("department"), w.e("position")
    movers = [e for e in emp.rows if e["status"] == "active" and e["manager_id"]]
    if not movers or len(dept.rows) < 2:
        return None
    e = w.pick(movers)
    target = w.pick([p for p in pos.rows if p[dept.id_arg] != e[dept.id_arg]])
    new_dept = dept.by_id(target[dept.id_arg])
    boss = next((x for x in emp.rows if x[pos.id_arg] == target["id"] and not x["manager_id"]), None)
    if boss is None or boss is e:
        return None
    text = (
        f"{e['name']} is moving to {new_dept['name']} as {target['title']}, reporting to {boss['name']}. Update their "
        "department, position and manager."
    )
    calls = [
        find(w, "customer", e, "email"),
        find(w, "customer", boss, "email"),
        call(w.searches["position"].tool, query=str(target["title"])),
        call(
            kit.update,
            **{emp.id_arg: e["id"], dept.id_arg: new_dept["id"], pos.id_arg: target["id"], "manager_id": boss["id"]},
        ),
    ]
    return TaskCandidate(
        kind="internal-transfer", instruction=text, calls=calls, difficulty="medium", tags=["write", "multi-step"]
    )


def _over_balance(w: World) -> TaskCandidate | None:
    """Only employees with some days left: "no days left" states no number, and the answer must be one."""
    kit, req = w.kit(HrKit), w.e("leave_request")
    pool = [(r, e) for r, e in _pending_vacation(w) if n(r, "days") > n(e, "vacation_days") > 0]
    if not pool:
        return None
    r, e = w.pick(pool)
    text = f"Please approve {e['name']}'s pending vacation request starting {r['starts_on']}."
    reads = [find(w, "customer", e, "email"), call(kit.leave, **{w.e("customer").id_arg: e["id"]}, status="pending")]
    return refusing(
        "vacation-over-balance-refused",
        text,
        reads=reads,
        complying=[call(kit.decide_leave, **{req.id_arg: r["id"], "approve": True})],
        reason="they do not have enough vacation days left",
        answer=[str(e["vacation_days"])],
        competing=others(
            [str(r["days"])] + [str(x["vacation_days"]) for x in w.e("customer").rows], [str(e["vacation_days"])]
        ),
        tags=["leave"],
    )


def _reports(w: World) -> TaskCandidate | None:
    kit, emp = w.kit(HrKit), w.e("customer")
    for boss in shuffled(w, [e for e in emp.rows if not e["manager_id"]]):
        team = [e for e in emp.rows if e["manager_id"] == boss["id"] and e["status"] == "active"]
        if len(team) >= 2:
            break
    else:
        return None
    text = f"Who reports directly to {boss['name']} right now (active employees only)?"
    calls = [find(w, "customer", boss, "email"), call(kit.employees, manager_id=boss["id"], status="active")]
    return TaskCandidate(
        kind="direct-reports",
        instruction=text,
        calls=calls,
        answer=[str(e["name"]) for e in team],
        competing=others([e["name"] for e in emp.rows if e not in team], [boss["name"]]),
        difficulty="easy",
        tags=["lookup"],
    )


def _net_pay(w: World) -> TaskCandidate | None:
    kit, emp, run, slip = w.kit(HrKit), w.e("customer"), w.e("payroll_run"), w.e("payslip")
    pool = [p for p in slip.rows]
    if not pool:
        return None
    p = w.pick(pool)
    e, r = emp.by_id(p[emp.id_arg]), run.by_id(p[run.id_arg])
    text = f"What was {e['name']}'s net pay for {r['period']}, and how much was deducted?"
    calls = [
        find(w, "customer", e, "email"),
        call(w.searches["payroll_run"].tool, query=str(r["period"])),
        call(kit.payslips, **{emp.id_arg: e["id"], run.id_arg: r["id"]}),
    ]
    return TaskCandidate(
        kind="monthly-net-pay",
        instruction=text,
        calls=calls,
        answer=[plain(n(p, "net_cents")), plain(n(p, "deductions_cents"))],
        competing=[
            plain(n(p, "gross_cents")),
            *others([plain(n(x, "net_cents")) for x in slip.rows], [plain(n(p, "net_cents"))]),
        ],
        difficulty="medium",
        tags=["lookup", "payroll"],
    )


def _leaver(w: World) -> TaskCandidate | None:
    kit, emp = w.kit(HrKit), w.e("customer")
    active = [e for e in emp.rows if e["status"] == "active"]
    for boss in shuffled(w, active):
        team = [e for e in emp.rows if e.get("manager_id") == boss["id"] and e["status"] != "terminated"]
        heirs = [
            e
            for e in active
            if e is not boss and e not in team and e[w.e("department").id_arg] == boss[w.e("department").id_arg]
        ]
        if team and heirs:
            break
    else:
        return None
    heir = w.pick(heirs)
    text = (
        f"{boss['name']} ({boss['email']}) has left the company. Mark them as terminated and move everyone who "
        f"reported to them to {heir['name']} ({heir['email']})."
    )
    calls = [
        call(kit.employees, query=str(boss["email"])),
        call(kit.employees, query=str(heir["email"])),
        call(kit.employees, manager_id=boss["id"], limit=100),
        call(kit.update, **{emp.id_arg: boss["id"], "status": "terminated"}),
    ]
    calls += [call(kit.update, **{emp.id_arg: e["id"], "manager_id": heir["id"]}) for e in team]
    return TaskCandidate(
        kind="leaver-hands-over-team",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "ripple"],
    )


def _cheapest_health(w: World) -> TaskCandidate | None:
    kit, emp, plan, enr = w.kit(HrKit), w.e("customer"), w.e("benefit_plan"), w.e("benefit_enrollment")
    health = sorted(
        (p for p in plan.rows if str(p["name"]).startswith("Health")), key=lambda p: n(p, "monthly_cost_cents")
    )
    if len(health) < 2:
        return None
    mine = {}
    for e in emp.rows:
        mine[e["id"]] = {x[plan.id_arg] for x in enr.rows if x[emp.id_arg] == e["id"]}
    pool = [e for e in emp.rows if e["status"] == "active" and not mine[e["id"]] & {p["id"] for p in health}]
    if not pool:
        return None
    e = w.pick(pool)
    text = (
        f"{e['name']} ({e['email']}) has no health plan yet and would like the cheapest one we offer. Enroll them, "
        "and tell me what it costs them a month."
    )
    return TaskCandidate(
        kind="enroll-cheapest-health-plan",
        instruction=text,
        calls=[
            call(kit.employees, query=str(e["email"])),
            call(kit.plans, query="Health"),
            call(kit.enroll, **{emp.id_arg: e["id"], plan.id_arg: health[0]["id"]}),
        ],
        answer=[plain(n(health[0], "monthly_cost_cents"))],
        competing=[plain(n(p, "monthly_cost_cents")) for p in health[1:]],
        difficulty="medium",
        tags=["write", "filter-sort", "create"],
    )


HR = Module(
    key="hr",
    about="departments, positions, employees and managers, leave, payroll, benefits",
    fits=frozenset({"hr"}),
    build=build_hr,
    tools=hr_tools,
    tasks=(
        TaskKind("approve-vacation-if-balance", _approve_if_balance),
        TaskKind("department-raise", _raise_team),
        TaskKind("internal-transfer", _transfer),
        TaskKind("vacation-over-balance-refused", _over_balance),
        TaskKind("direct-reports", _reports),
        TaskKind("monthly-net-pay", _net_pay),
        TaskKind("leaver-hands-over-team", _leaver),
        TaskKind("enroll-cheapest-health-plan", _cheapest_health),
    ),
    provides=("customers",),
)
