"""Recruiting for an HR department: job openings for positions, candidates moving through stages, interviews
with employees, and hiring, which adds the new employee (on the company's email domain, with a salary
inside the position's pay band) and fills the opening.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, days_ahead, find, n, others, shuffled
from generator.prices import amount, as_number, dollars, plain
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.world import World

STAGES = ("applied", "screening", "interview", "offer", "hired", "rejected")
TIMES = ("09:00", "10:00", "11:00", "13:30", "14:30", "15:30")


@dataclass(frozen=True)
class RecruitingKit:
    openings: str
    candidates: str
    interviews: str
    schedule: str
    result: str
    stage: str
    hire: str


def build_recruiting(w: World) -> None:
    dept, pos, emp = w.e("department"), w.e("position"), w.e("customer")
    opening = w.add(
        Entity(
            "opening",
            w.noun("opening", "job opening"),
            [
                s.code("code", "requisition code"),
                s.ref(pos),
                s.ref(dept),
                s.integer("openings", "people still to hire", 0, 20),
                s.enum("status", "open or closed", ("open", "closed")),
                s.day("posted_on", "date posted", mutable=False),
            ],
            "code",
            "positions the company is hiring for",
        )
    )
    cand = w.add(
        Entity(
            "candidate",
            w.noun("candidate"),
            [
                s.person("name", "full name"),
                s.email("email", "personal email", unique=False),
                s.ref(opening),
                s.enum("stage", "where they are in the process", STAGES),
                s.integer("rating", "recruiter's rating (1-5)", 1, 5),
                s.day("applied_on", "date applied", mutable=False),
            ],
            "name",
            "people who applied",
        )
    )
    w.add(
        Entity(
            "interview",
            w.noun("interview"),
            [
                s.ref(cand),
                s.ref(emp, name="interviewer_id", label="the interviewing employee's id"),
                s.day("day", "date"),
                s.clock("time", "start time (HH:MM)"),
                s.enum("result", "result", ("pending", "pass", "fail")),
            ],
            "id",
            "interviews with candidates",
        )
    )
    w.fact(
        "Hiring a candidate in the offer stage adds them as an active employee of the opening's department and "
        "position, with a work email on the company's domain and a salary inside the position's pay band; the "
        "opening closes when nobody is left to hire. Hired and rejected candidates stay where they are."
    )
    _seed(w, opening, cand, pos, dept, emp)


def _seed(w: World, opening: Entity, cand: Entity, pos: Entity, dept: Entity, emp: Entity) -> None:
    staff = [e for e in emp.rows if e["status"] == "active"]
    interviews = w.e("interview")
    for k, p in enumerate(w.rng.sample(pos.rows, min(len(pos.rows), w.rng.randint(3, 6)))):
        row = opening.add(
            code=f"REQ-{300 + k * 11 + w.rng.randint(0, 9)}",
            **{pos.id_arg: p["id"], dept.id_arg: p[dept.id_arg]},
            openings=w.pick((1, 1, 2, 3)),
            status="open",
            posted_on=days_ago(w, 10, 80),
        )
        for j in range(w.rng.randint(3, 8)):
            name = w.people.name()
            stage = STAGES[min(j, 3)] if j < 4 else w.pick(("applied", "screening", "interview", "rejected"))
            c = cand.add(
                name=name,
                email=w.people.personal_email(name),
                **{opening.id_arg: row["id"]},
                stage=stage,
                rating=w.rng.randint(1, 5),
                applied_on=shift(str(row["posted_on"]), w.rng.randint(1, 9)),
            )
            if stage in ("interview", "offer"):
                past = stage == "offer" or w.chance(0.6)
                result = "pass" if stage == "offer" else w.pick(("pass", "fail", "pending")) if past else "pending"
                interviews.add(
                    **{cand.id_arg: c["id"], "interviewer_id": w.pick(staff)["id"]},
                    day=days_ago(w, 1, 9) if past else days_ahead(w, 1, 9),
                    time=w.pick(TIMES),
                    result=result,
                )
    if not any(i["result"] == "pending" and str(i["day"]) <= w.today for i in interviews.rows):
        for i in interviews.rows:
            if cand.by_id(i[cand.id_arg])["stage"] == "interview":
                i["day"], i["result"] = w.today, "pending"
                break


# --- tools ---------------------------------------------------------------------------------------


def recruiting_tools(w: World) -> None:
    opening, cand, interview, emp = w.e("opening"), w.e("candidate"), w.e("interview"), w.e("customer")
    pos = w.e("position")
    band = [
        Computed(
            f"pay_{end}",
            f"(SELECT ROUND(p.{edge}_salary_cents / 100.0, 2) FROM {pos.table} p WHERE p.id = t.{pos.id_arg})",
            "number",
        )
        for end, edge in (("from", "min"), ("to", "max"))
    ]
    openings = crud.search(
        w,
        opening,
        text=["code"],
        filters=[pos.id_arg, w.e("department").id_arg, "status"],
        sorts=["posted_on", "code"],
        extras=band,
    )
    candidates = crud.search(
        w,
        cand,
        text=["name", "email"],
        filters=[opening.id_arg, "stage"],
        ranges=["rating", "applied_on"],
        sorts=["rating", "applied_on", "name"],
    )
    interviews = crud.search(
        w, interview, filters=[cand.id_arg, "interviewer_id", "result"], ranges=["day"], sorts=["day", "time"]
    )
    w.put(RecruitingKit(openings, candidates, interviews, _schedule(w), _result(w), _stage(w), _hire(w, emp)))


def _schedule(w: World) -> str:
    cand, interview, emp = w.e("candidate"), w.e("interview"), w.e("customer")
    cid = cand.id_arg
    props: dict[str, JsonSchema] = {
        cid: id_arg("the candidate's id"),
        "interviewer_id": id_arg("the interviewing employee's id"),
        "day": s.day("day", "").input_schema("date"),
        "time": s.clock("time", "").input_schema("start time, HH:MM"),
    }
    program: list[Step] = [
        query("c", f"SELECT name, stage FROM {cand.table} WHERE id = :{cid}", f"no candidate with id {{{cid}}}"),
        check(
            "SELECT :c__stage IN ('screening', 'interview')",
            "{c__name} is at the {c__stage} stage; interviews follow screening",
        ),
        query(
            "e",
            f"SELECT name, status FROM {emp.table} WHERE id = :interviewer_id",
            f"no employee with id {{interviewer_id}}; {crud.finder_hint(w, 'customer')}",
        ),
        check("SELECT :e__status = 'active'", "{e__name} is not active"),
        check("SELECT :day > :_today", "interviews are scheduled from tomorrow on"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {interview.table} WHERE interviewer_id = :interviewer_id AND day = :day "
            "AND time = :time AND result = 'pending')",
            "{e__name} already has an interview on {day} at {time}",
        ),
        execute(
            f"INSERT INTO {interview.table} ({cid}, interviewer_id, day, time, result) VALUES (:{cid}, "
            ":interviewer_id, :day, :time, 'pending')"
        ),
        execute(f"UPDATE {cand.table} SET stage = 'interview' WHERE id = :{cid}"),
        ret(
            f"SELECT {select_list(w, interview)} FROM {interview.table} t WHERE t.id = (SELECT MAX(id) FROM "
            f"{interview.table})"
        ),
    ]
    who = next((c for c in cand.rows if c["stage"] == "screening"), None)
    staff = next((e for e in emp.rows if e["status"] == "active"), None)
    example = (
        {cid: who["id"], "interviewer_id": staff["id"], "day": shift(w.today, 30), "time": "16:30"}
        if who and staff
        else None
    )
    return w.tool(
        make_tool(
            "schedule_interview",
            "Book an interview for a candidate in screening or interviewing, with an active employee, from tomorrow "
            "on; the candidate moves to the interview stage.",
            props,
            list(props),
            program,
            row_schema(w, interview),
            example=example,
        )
    )


def _result(w: World) -> str:
    interview = w.e("interview")
    iid = interview.id_arg
    props: dict[str, JsonSchema] = {
        iid: id_arg("the interview's id"),
        "result": {"type": "string", "enum": ["pass", "fail"], "description": "how it went"},
    }
    program: list[Step] = [
        query("i", f"SELECT result, day FROM {interview.table} WHERE id = :{iid}", f"no interview with id {{{iid}}}"),
        check("SELECT :i__result = 'pending'", "that interview already has a result ({i__result})"),
        check("SELECT :i__day <= :_today", "that interview is on {i__day}; it has not happened yet"),
        execute(f"UPDATE {interview.table} SET result = :result WHERE id = :{iid}"),
        ret(f"SELECT {select_list(w, interview)} FROM {interview.table} t WHERE t.id = :{iid}"),
    ]
    done = next((i for i in interview.rows if i["result"] == "pending" and str(i["day"]) <= w.today), None)
    return w.tool(
        make_tool(
            "record_interview_result",
            "Record whether a candidate passed an interview that has taken place.",
            props,
            list(props),
            program,
            row_schema(w, interview),
            example={iid: done["id"], "result": "pass"} if done else None,
        )
    )


def _stage(w: World) -> str:
    cand = w.e("candidate")
    cid = cand.id_arg
    props: dict[str, JsonSchema] = {
        cid: id_arg("the candidate's id"),
        "stage": {
            "type": "string",
            "enum": ["screening", "interview", "offer", "rejected"],
            "description": "new stage",
        },
    }
    program: list[Step] = [
        query("c", f"SELECT name, stage FROM {cand.table} WHERE id = :{cid}", f"no candidate with id {{{cid}}}"),
        check("SELECT :c__stage NOT IN ('hired', 'rejected')", "{c__name} is already {c__stage}"),
        check("SELECT :stage != :c__stage", "{c__name} is already at the {stage} stage"),
        execute(f"UPDATE {cand.table} SET stage = :stage WHERE id = :{cid}"),
        ret(f"SELECT {select_list(w, cand)} FROM {cand.table} t WHERE t.id = :{cid}"),
    ]
    who = next((c for c in cand.rows if c["stage"] == "applied"), None)
    return w.tool(
        make_tool(
            "move_candidate",
            "Move a candidate to another stage (screening, interview, offer) or reject them; hired and rejected "
            "candidates stay as they are.",
            props,
            list(props),
            program,
            row_schema(w, cand),
            example={cid: who["id"], "stage": "screening"} if who else None,
        )
    )


def _hire(w: World, emp: Entity) -> str:
    cand, opening, pos, dept = w.e("candidate"), w.e("opening"), w.e("position"), w.e("department")
    cid = cand.id_arg
    props: dict[str, JsonSchema] = {
        cid: id_arg("the candidate's id"),
        "salary": {"type": "number", "minimum": 1, "maximum": 10_000_000, "description": "annual salary, dollars"},
        "start_on": s.day("d", "").input_schema("first working day"),
    }
    cents = "CAST(ROUND(:salary * 100) AS INTEGER)"
    email = f"lower(replace(:c__name, ' ', '.')) || '@{w.business_domain}'"
    columns = ["name", "email", dept.id_arg, pos.id_arg, "manager_id", "hired_on", "status", "salary_cents"]
    values = [":c__name", email, ":c__dept", ":c__pos", "NULL", ":start_on", "'active'", cents]
    if emp.has("vacation_days"):
        columns.append("vacation_days")
        values.append("20")
    program: list[Step] = [
        query(
            "c",
            f"SELECT c.name, c.stage, o.id AS opening, o.openings, o.{pos.id_arg} AS pos, o.{dept.id_arg} AS dept, "
            f"p.min_salary_cents AS low, p.max_salary_cents AS high, printf('$%.2f', p.min_salary_cents / 100.0) AS "
            f"low_text, printf('$%.2f', p.max_salary_cents / 100.0) AS high_text FROM {cand.table} c JOIN "
            f"{opening.table} o ON o.id = c.{opening.id_arg} JOIN {pos.table} p ON p.id = o.{pos.id_arg} WHERE "
            f"c.id = :{cid}",
            f"no candidate with id {{{cid}}}",
        ),
        check("SELECT :c__stage = 'offer'", "{c__name} is at the {c__stage} stage; only candidates with an offer"),
        check("SELECT :c__openings > 0", "that opening has nobody left to hire"),
        check(f"SELECT {cents} BETWEEN :c__low AND :c__high", "the pay band is {c__low_text} to {c__high_text}"),
        check("SELECT :start_on >= :_today", "the start date cannot be in the past"),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {emp.table} WHERE email = {email})",
            "an employee already has the email that hire would get",
        ),
        execute(f"INSERT INTO {emp.table} ({', '.join(columns)}) VALUES ({', '.join(values)})"),
        execute(f"UPDATE {cand.table} SET stage = 'hired' WHERE id = :{cid}"),
        execute(
            f"UPDATE {opening.table} SET openings = openings - 1, status = CASE WHEN openings = 1 THEN 'closed' ELSE "
            "status END WHERE id = :c__opening"
        ),
        ret(f"SELECT {select_list(w, emp)} FROM {emp.table} t WHERE t.id = (SELECT MAX(id) FROM {emp.table})"),
    ]
    return w.tool(
        make_tool(
            "hire_candidate",
            "Hire a candidate who has an offer: adds them as an employee of the opening's department and position "
            "(work email on the company domain) and fills one place of the opening.",
            props,
            list(props),
            program,
            row_schema(w, emp),
            example=_hire_example(w),
        )
    )


def _band(w: World, c: Row) -> tuple[Row, Row]:
    opening, pos = w.e("opening"), w.e("position")
    o = opening.by_id(c[opening.id_arg])
    return o, pos.by_id(o[pos.id_arg])


def _hire_example(w: World) -> dict[str, object] | None:
    cand = w.e("candidate")
    for c in cand.rows:
        o, p = _band(w, c)
        if c["stage"] == "offer" and n(o, "openings") > 0:
            return {cand.id_arg: c["id"], "salary": as_number(n(p, "min_salary_cents")), "start_on": shift(w.today, 14)}
    return None


# --- tasks ---------------------------------------------------------------------------------------


def _offers(w: World) -> list[Row]:
    cand = w.e("candidate")
    return [c for c in cand.rows if c["stage"] == "offer" and n(_band(w, c)[0], "openings") > 0]


def _hire_task(w: World) -> TaskCandidate | None:
    kit, cand = w.kit(RecruitingKit), w.e("candidate")
    pool = _offers(w)
    if not pool:
        return None
    c = w.pick(pool)
    o, p = _band(w, c)
    salary = amount(w.rng, n(p, "min_salary_cents") / 100, n(p, "max_salary_cents") / 100)
    start = shift(w.today, w.pick((7, 14, 21)))
    email = str(c["name"]).lower().replace(" ", ".") + "@" + w.business_domain
    if any(e["email"] == email for e in w.e("customer").rows):
        return None
    text = (
        f"{c['name']} accepted our offer for {o['code']} ({p['title']}). Hire them at {dollars(salary)} a year, "
        f"starting {start}, and tell me their new work email."
    )
    return TaskCandidate(
        kind="hire-candidate",
        instruction=text,
        calls=[
            call(kit.openings, query=str(o["code"])),
            call(kit.candidates, query=str(c["name"])),
            call(kit.hire, **{cand.id_arg: c["id"], "salary": as_number(salary), "start_on": start}),
        ],
        answer=[email],
        competing=[str(c["email"])],
        difficulty="hard",
        tags=["write", "ripple", "create"],
    )


def _interview_top(w: World) -> TaskCandidate | None:
    kit, cand, opening, emp = w.kit(RecruitingKit), w.e("candidate"), w.e("opening"), w.e("customer")
    for o in shuffled(w, opening.rows):
        pool = sorted(
            (c for c in cand.rows if c[opening.id_arg] == o["id"] and c["stage"] == "screening"),
            key=lambda c: -n(c, "rating"),
        )
        if len(pool) == 2 or (len(pool) > 2 and n(pool[1], "rating") > n(pool[2], "rating")):
            break
    else:
        return None
    top = pool[:2]
    who = w.pick([e for e in emp.rows if e["status"] == "active"])
    day = days_ahead(w, 2, 9)
    times = w.rng.sample(TIMES, 2)
    busy = {(i["day"], i["time"]) for i in w.e("interview").rows if i["interviewer_id"] == who["id"]}
    if any((day, t) in busy for t in times):
        return None
    text = (
        f"For opening {o['code']}, invite the two highest-rated candidates in screening to interview with "
        f"{who['name']} on {day}: the higher-rated one at {times[0]}, the other at {times[1]}."
    )
    calls = [
        call(kit.openings, query=str(o["code"])),
        call(kit.candidates, **{opening.id_arg: o["id"]}, stage="screening", sort_by="rating", sort_order="desc"),
        find(w, "customer", who, "email"),
    ]
    calls += [
        call(kit.schedule, **{cand.id_arg: c["id"], "interviewer_id": who["id"], "day": day, "time": t})
        for c, t in zip(top, times, strict=True)
    ]
    return TaskCandidate(
        kind="interview-top-candidates",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "filter-sort", "multi-item"],
    )


def _reject_rest(w: World) -> TaskCandidate | None:
    kit, cand, opening = w.kit(RecruitingKit), w.e("candidate"), w.e("opening")
    for o in shuffled(w, opening.rows):
        live = [c for c in cand.rows if c[opening.id_arg] == o["id"] and c["stage"] in ("applied", "screening")]
        if 2 <= len(live) <= 6:
            break
    else:
        return None
    text = (
        f"We have stopped considering new applicants for {o['code']}. Reject everyone on it who is still at the "
        "applied or screening stage; candidates already interviewing or with an offer stay as they are."
    )
    calls = [call(kit.openings, query=str(o["code"])), call(kit.candidates, **{opening.id_arg: o["id"]}, limit=100)]
    calls += [call(kit.stage, **{cand.id_arg: c["id"], "stage": "rejected"}) for c in live]
    return TaskCandidate(
        kind="reject-early-candidates",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "bulk", "keep-others"],
    )


def _over_band_refused(w: World) -> TaskCandidate | None:
    kit, cand = w.kit(RecruitingKit), w.e("candidate")
    pool = _offers(w)
    if not pool:
        return None
    c = w.pick(pool)
    o, p = _band(w, c)
    salary = n(p, "max_salary_cents") + w.rng.randint(5, 60) * 100000
    start = shift(w.today, 14)
    text = f"Please hire {c['name']} for {o['code']} at {dollars(salary)} a year, starting {start}."
    return refusing(
        "hire-above-band-refused",
        text,
        reads=[call(kit.openings, query=str(o["code"])), call(kit.candidates, query=str(c["name"]))],
        complying=[call(kit.hire, **{cand.id_arg: c["id"], "salary": as_number(salary), "start_on": start})],
        reason="the salary is above the position's pay band",
        answer=[plain(n(p, "max_salary_cents"))],
        competing=[
            *others(
                [plain(n(x, "max_salary_cents")) for x in w.e("position").rows], [plain(n(p, "max_salary_cents"))], 8
            ),
            plain(n(p, "min_salary_cents")),
        ],
        tags=["recruiting"],
    )


def _decide_after_interviews(w: World) -> TaskCandidate | None:
    """Two candidates interviewed: whoever passed goes to the offer stage, whoever did not is rejected. The
    agent reads each result before it acts (a fixed pair of outcomes, so no branch is favoured)."""
    kit, cand, interview = w.kit(RecruitingKit), w.e("candidate"), w.e("interview")
    once = Counter(i[cand.id_arg] for i in interview.rows)
    done = [
        i
        for i in interview.rows
        if i["result"] in ("pass", "fail")
        and once[i[cand.id_arg]] == 1
        and cand.by_id(i[cand.id_arg])["stage"] == "interview"
    ]
    passed, failed = [i for i in done if i["result"] == "pass"], [i for i in done if i["result"] == "fail"]
    if not passed or not failed:
        return None
    pair = [w.pick(passed), w.pick(failed)]
    w.rng.shuffle(pair)
    people = [cand.by_id(i[cand.id_arg]) for i in pair]
    if sum(c["name"] in (people[0]["name"], people[1]["name"]) for c in cand.rows) != 2:
        return None  # a name two candidates share would not say whom the request means
    text = (
        f"{people[0]['name']} and {people[1]['name']} have had their interviews. Move whoever passed to the offer "
        "stage and reject whoever did not."
    )
    calls = [
        c
        for person in people
        for c in (call(kit.candidates, query=str(person["name"])), call(kit.interviews, **{cand.id_arg: person["id"]}))
    ]
    calls += [
        call(kit.stage, **{cand.id_arg: person["id"], "stage": "offer" if i["result"] == "pass" else "rejected"})
        for person, i in zip(people, pair, strict=True)
    ]
    return TaskCandidate(
        kind="decide-after-interviews",
        instruction=text,
        calls=calls,
        difficulty="medium",
        tags=["write", "multi-item", "recruiting"],
    )


def _best_applicant(w: World) -> TaskCandidate | None:
    kit, cand, opening = w.kit(RecruitingKit), w.e("candidate"), w.e("opening")
    for o in shuffled(w, opening.rows):
        live = sorted(
            (c for c in cand.rows if c[opening.id_arg] == o["id"] and c["stage"] not in ("hired", "rejected")),
            key=lambda c: (-n(c, "rating"), str(c["applied_on"])),
        )
        if len(live) >= 3 and (n(live[0], "rating"), live[0]["applied_on"]) != (
            n(live[1], "rating"),
            live[1]["applied_on"],
        ):
            break
    else:
        return None
    best = live[0]
    text = (
        f"Among the candidates for {o['code']} who are neither hired nor rejected, who has the highest rating? If two "
        "share it, I want the one who applied first. Give their name and the date they applied."
    )
    return TaskCandidate(
        kind="top-rated-candidate",
        instruction=text,
        calls=[
            call(kit.openings, query=str(o["code"])),
            call(kit.candidates, **{opening.id_arg: o["id"]}, sort_by="rating", sort_order="desc", limit=100),
        ],
        answer=[str(best["name"]), str(best["applied_on"])],
        competing=[str(c["name"]) for c in live[1:5]]
        + others([str(c["applied_on"]) for c in live[1:]], [best["applied_on"]]),
        difficulty="medium",
        tags=["lookup", "filter-sort", "compare"],
    )


RECRUITING = Module(
    key="recruiting",
    about="job openings, candidates through stages, interviews, hiring into the employee records",
    fits=frozenset({"hr"}),
    build=build_recruiting,
    tools=recruiting_tools,
    tasks=(
        TaskKind("hire-candidate", _hire_task),
        TaskKind("interview-top-candidates", _interview_top),
        TaskKind("reject-early-candidates", _reject_rest),
        TaskKind("hire-above-band-refused", _over_band_refused),
        TaskKind("decide-after-interviews", _decide_after_interviews),
        TaskKind("top-rated-candidate", _best_applicant),
    ),
    needs=("hr",),
)
