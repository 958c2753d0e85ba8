"""A school: departments, courses with prerequisites, sections taught by instructors with a capacity,
enrollments with a credit limit per term, a waitlist, and grades."""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema as s
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import find, n, others, shuffled
from generator.modules.reviews import Reviewable, rating_columns
from generator.naming import series
from generator.prices import price
from generator.schema import Entity, Row
from generator.tooling import Step, check, execute, id_arg, make_tool, query, ret
from generator.tools import crud
from generator.tools.rows import Computed, row_schema, select_list
from generator.voice import voice
from generator.world import World

GRADES = ("A", "A-", "B+", "B", "B-", "C+", "C", "D", "F")
SLOTS = ("Mon/Wed 09:00", "Mon/Wed 13:00", "Tue/Thu 10:30", "Tue/Thu 15:00", "Fri 09:00", "Sat 10:00")


@dataclass(frozen=True)
class Term:
    current: str
    max_credits: int


@dataclass(frozen=True)
class SchoolKit:
    courses: str
    sections: str
    enroll: str
    drop: str
    waitlist: str
    enrollments: str
    grade: str
    prerequisites: str


def build_school(w: World) -> None:
    student = w.e("customer")
    dept = w.add(
        Entity(
            "department",
            w.noun("department"),
            [s.text("name", "name", unique=True, mutable=False), s.text("building", "building")],
            "name",
            "the school's departments",
        )
    )
    teacher = w.add(
        Entity(
            "instructor",
            w.noun("instructor"),
            [s.person("name", "full name"), s.email(), s.ref(dept), *rating_columns(w)],
            "name",
            "who teaches",
        )
    )
    course = w.add(
        Entity(
            "course",
            w.noun("course"),
            [
                s.code("code", "course code"),
                s.text("title", "title"),
                s.ref(dept),
                s.integer("credits", "credits", 1, 6),
                s.money("fee", "fee per enrollment"),
            ],
            "code",
            "the courses on offer",
        )
    )
    w.add(
        Entity(
            "prerequisite",
            w.noun("prerequisite"),
            [s.ref(course), s.ref(course, name="requires_course_id", label="the course that must be passed first")],
            "id",
            "which course must be completed before another",
        )
    )
    section = w.add(
        Entity(
            "section",
            w.noun("section", "class section"),
            [
                s.code("section_code", "section code"),
                s.ref(course),
                s.ref(teacher),
                s.text("term", "term"),
                s.text("schedule", "days and time"),
                s.integer("capacity", "seats", 1, 400),
            ],
            "section_code",
            "each course's classes per term",
        )
    )
    w.add(
        Entity(
            "enrollment",
            w.noun("enrollment"),
            [
                s.ref(student),
                s.ref(section),
                s.enum("status", "status", ("enrolled", "waitlisted", "dropped", "completed")),
                s.enum("grade", "final grade", GRADES, required=False),
            ],
            "id",
            "who takes which section",
        )
    )
    year = w.today[:4]
    term = Term(current=f"Fall {year}" if w.today[5:7] >= "07" else f"Spring {year}", max_credits=w.pick((12, 15, 18)))
    w.put(term)
    w.rule("current_term", term.current)
    w.rule("max_credits_per_term", term.max_credits)
    w.put(Reviewable("instructor", "class"))
    w.fact(
        f"The current term is {term.current}. A student may take at most {term.max_credits} credits a term and "
        "must have completed every prerequisite of a course; a full section only takes waitlist requests."
    )
    _seed(w, dept, teacher, course, section)


def _seed(w: World, dept: Entity, teacher: Entity, course: Entity, section: Entity) -> None:
    term = w.kit(Term)
    prior = f"Spring {w.today[:4]}" if term.current.startswith("Fall") else f"Fall {int(w.today[:4]) - 1}"
    for category in w.domain.catalog.categories:
        drow = dept.add(
            name=category.name,
            building=w.pick(("North Hall", "Science Center", "Arts Building", "Main Campus", "Annex")),
        )
        for _ in range(w.rng.randint(2, 3)):
            name = w.people.name()
            teacher.add(name=f"{name}", email=w.people.staff_email(name), **{dept.id_arg: drow["id"]})
        prefix = "".join(ch for ch in category.name.upper() if ch.isalpha())[:4]
        for k, kind in enumerate(category.items):
            crow = course.add(
                code=f"{prefix} {101 + k * 100 + w.rng.randint(0, 9)}",
                title=kind.name,
                **{dept.id_arg: drow["id"]},
                credits=kind.size or 3,
                fee_cents=price(w.rng, kind.low, kind.high),
            )
            if k and w.chance(0.6):
                w.e("prerequisite").add(**{course.id_arg: crow["id"], "requires_course_id": n(crow, "id") - 1})
    mine = {d["id"]: [t for t in teacher.rows if t[dept.id_arg] == d["id"]] for d in dept.rows}
    for crow in course.rows:
        for when in (prior, term.current):
            for k in range(w.pick((1, 1, 2))):
                section.add(
                    section_code=f"{crow['code']}-{'AB'[k]}{when[0]}",
                    **{course.id_arg: crow["id"]},
                    **{teacher.id_arg: w.pick(mine[crow[dept.id_arg]])["id"]},
                    term=when,
                    schedule=w.pick(SLOTS),
                    capacity=w.pick((4, 6, 8, 12, 20)),
                )
    _seed_enrollments(w, prior)
    _fill_one(w)


def _fill_one(w: World) -> None:
    """Make sure one section of the term is full, so its waitlist is used."""
    section = w.e("section")
    current = [x for x in section.rows if x["term"] == w.kit(Term).current and not _prereqs(w, x)]
    if current and not any(_seats_left(w, x) <= 0 for x in current):
        fullest = min(current, key=lambda x: _seats_left(w, x))
        fullest["capacity"] = max(1, n(fullest, "capacity") - _seats_left(w, fullest))


def _seed_enrollments(w: World, prior: str) -> None:
    student, section, enr, course = w.e("customer"), w.e("section"), w.e("enrollment"), w.e("course")
    term = w.kit(Term)
    for person in student.rows:
        for when in (prior, term.current):
            load = 0
            for sec in w.rng.sample([x for x in section.rows if x["term"] == when], w.pick((1, 2, 3))):
                credits = n(course.by_id(sec[course.id_arg]), "credits")
                taken = sum(1 for e in enr.rows if e[section.id_arg] == sec["id"] and e["status"] == "enrolled")
                if load + credits > term.max_credits or taken >= n(sec, "capacity"):
                    continue
                load += credits
                done = when == prior
                enr.add(
                    **{student.id_arg: person["id"], section.id_arg: sec["id"]},
                    status="completed" if done else "enrolled",
                    grade=w.pick(GRADES[:7]) if done else None,
                )


def school_tools(w: World) -> None:
    course, section, enr, student = w.e("course"), w.e("section"), w.e("enrollment"), w.e("customer")
    seats = Computed(
        "seats_left",
        f"t.capacity - (SELECT COUNT(*) FROM {enr.table} e WHERE e.{section.id_arg} = t.id AND e.status = 'enrolled')",
        "integer",
    )
    courses = crud.search(
        w,
        course,
        text=["code", "title"],
        filters=[w.e("department").id_arg],
        ranges=["credits", "fee"],
        sorts=["code", "credits"],
    )
    sections = crud.search(
        w,
        section,
        text=["section_code"],
        filters=[course.id_arg, "term", w.e("instructor").id_arg],
        sorts=["section_code"],
        extras=[seats],
    )
    enrollments = crud.search(
        w, enr, filters=[student.id_arg, section.id_arg, "status"], sorts=["id"], name="list_enrollments"
    )
    prereq = crud.search(w, w.e("prerequisite"), filters=[course.id_arg], sorts=["id"], name="list_prerequisites")
    crud.search(w, w.e("instructor"), text=["name"], filters=[w.e("department").id_arg], sorts=["name"])
    crud.search(w, w.e("department"), text=["name"], sorts=["name"], name="list_departments")
    w.put(SchoolKit(courses, sections, _enroll(w), _drop(w), _waitlist(w), enrollments, _grade(w), prereq))


def _section_steps(w: World) -> list[Step]:
    section, course, student, enr = w.e("section"), w.e("course"), w.e("customer"), w.e("enrollment")
    sid, cid = section.id_arg, student.id_arg
    term = w.kit(Term)
    return [
        query(
            "who",
            f"SELECT name FROM {student.table} WHERE id = :{cid}",
            f"no {student.label} with id {{{cid}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "sec",
            f"SELECT s.section_code, s.term, s.capacity, c.credits, c.id AS course, c.code FROM "
            f"{section.table} s JOIN {course.table} c ON c.id = s.{course.id_arg} WHERE s.id = :{sid}",
            f"no section with id {{{sid}}}; {crud.finder_hint(w, 'section')}",
        ),
        check(
            f"SELECT :sec__term = '{term.current}'",
            f"section {{sec__section_code}} is in {{sec__term}}; only {term.current} sections take enrollments",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {enr.table} e JOIN {section.table} s ON s.id = e.{sid} WHERE "
            f"e.{cid} = :{cid} AND s.{course.id_arg} = :sec__course AND e.status IN ('enrolled', 'waitlisted'))",
            "{who__name} is already enrolled or waitlisted in {sec__code}",
        ),
        query(
            "pre",
            f"SELECT c.code FROM {w.e('prerequisite').table} p JOIN {course.table} c ON c.id = "
            f"p.requires_course_id WHERE p.{course.id_arg} = :sec__course AND NOT EXISTS (SELECT 1 FROM "
            f"{enr.table} e JOIN {section.table} s ON s.id = e.{sid} WHERE e.{cid} = :{cid} AND "
            f"s.{course.id_arg} = p.requires_course_id AND e.status = 'completed' AND e.grade != 'F') LIMIT 1",
        ),
        check("SELECT :pre__code IS NULL", "{who__name} has not completed {pre__code}, which {sec__code} requires"),
    ]


def _enroll(w: World) -> str:
    section, course, student, enr = w.e("section"), w.e("course"), w.e("customer"), w.e("enrollment")
    sid, cid = section.id_arg, student.id_arg
    limit = w.kit(Term).max_credits
    load = (
        f"(SELECT COALESCE(SUM(c.credits), 0) FROM {enr.table} e JOIN {section.table} s ON s.id = e.{sid} JOIN "
        f"{course.table} c ON c.id = s.{course.id_arg} WHERE e.{cid} = :{cid} AND e.status = 'enrolled' AND "
        "s.term = :sec__term)"
    )
    program: list[Step] = [
        *_section_steps(w),
        check(
            f"SELECT (SELECT COUNT(*) FROM {enr.table} WHERE {sid} = :{sid} AND status = 'enrolled') < :sec__capacity",
            "section {sec__section_code} is full; put them on its waitlist instead",
        ),
        check(
            f"SELECT {load} + :sec__credits <= {limit}", f"that would take {{who__name}} past {limit} credits this term"
        ),
        execute(f"INSERT INTO {enr.table} ({cid}, {sid}, status) VALUES (:{cid}, :{sid}, 'enrolled')"),
        ret(f"SELECT {select_list(w, enr)} FROM {enr.table} t WHERE t.id = (SELECT MAX(id) FROM {enr.table})"),
    ]
    props = {cid: id_arg(f"the {student.label}'s id"), sid: id_arg("the section's id")}
    return w.tool(
        make_tool(
            "enroll_student",
            "Enroll a student in a section of the current term: seats, the credit limit and prerequisites are checked.",
            props,
            list(props),
            program,
            row_schema(w, enr),
            example=_enroll_example(w),
        )
    )


def _enroll_example(w: World) -> dict[str, object] | None:
    for student, sec in _open_pairs(w):
        return {w.e("customer").id_arg: student["id"], w.e("section").id_arg: sec["id"]}
    return None


def _open_pairs(w: World) -> list[tuple[Row, Row]]:
    """(student, section) pairs of the current term that enrollment would accept."""
    out = []
    for sec in w.e("section").rows:
        if sec["term"] != w.kit(Term).current or _seats_left(w, sec) <= 0 or _prereqs(w, sec):
            continue
        for student in w.e("customer").rows[:12]:
            if _can_take(w, student, sec):
                out.append((student, sec))
    return out


def _prereqs(w: World, sec: Row) -> list[int]:
    cid = w.e("course").id_arg
    return [int(p["requires_course_id"] or 0) for p in w.e("prerequisite").rows if p[cid] == sec[cid]]


def _seats_left(w: World, sec: Row) -> int:
    sid = w.e("section").id_arg
    return n(sec, "capacity") - sum(
        1 for e in w.e("enrollment").rows if e[sid] == sec["id"] and e["status"] == "enrolled"
    )


def _load(w: World, student: Row) -> int:
    enr, section, course = w.e("enrollment"), w.e("section"), w.e("course")
    total = 0
    for e in enr.rows:
        if e[w.e("customer").id_arg] == student["id"] and e["status"] == "enrolled":
            sec = section.by_id(e[section.id_arg])
            if sec["term"] == w.kit(Term).current:
                total += n(course.by_id(sec[course.id_arg]), "credits")
    return total


def _can_take(w: World, student: Row, sec: Row) -> bool:
    enr, section, course = w.e("enrollment"), w.e("section"), w.e("course")
    cid = w.e("customer").id_arg
    mine = [
        section.by_id(e[section.id_arg])[course.id_arg]
        for e in enr.rows
        if e[cid] == student["id"] and e["status"] in ("enrolled", "waitlisted")
    ]
    credits = n(course.by_id(sec[course.id_arg]), "credits")
    return sec[course.id_arg] not in mine and _load(w, student) + credits <= w.kit(Term).max_credits


def _drop(w: World) -> str:
    enr = w.e("enrollment")
    eid = enr.id_arg
    program: list[Step] = [
        query("e", f"SELECT status FROM {enr.table} WHERE id = :{eid}", f"no enrollment with id {{{eid}}}"),
        check("SELECT :e__status IN ('enrolled', 'waitlisted')", "that enrollment is {e__status}; nothing to drop"),
        execute(f"UPDATE {enr.table} SET status = 'dropped' WHERE id = :{eid}"),
        ret(f"SELECT {select_list(w, enr)} FROM {enr.table} t WHERE t.id = :{eid}"),
    ]
    example = next(({eid: e["id"]} for e in enr.rows if e["status"] == "enrolled"), None)
    return w.tool(
        make_tool(
            "drop_enrollment",
            "Drop a student from a section (or take them off its waitlist).",
            {eid: id_arg("the enrollment's id")},
            [eid],
            program,
            row_schema(w, enr),
            destructive=True,
            example=example,
        )
    )


def _waitlist(w: World) -> str:
    section, student, enr = w.e("section"), w.e("customer"), w.e("enrollment")
    sid, cid = section.id_arg, student.id_arg
    program: list[Step] = [
        *_section_steps(w),
        check(
            f"SELECT (SELECT COUNT(*) FROM {enr.table} WHERE {sid} = :{sid} AND status = 'enrolled') >= :sec__capacity",
            "section {sec__section_code} still has seats; enroll them instead",
        ),
        execute(f"INSERT INTO {enr.table} ({cid}, {sid}, status) VALUES (:{cid}, :{sid}, 'waitlisted')"),
        ret(f"SELECT {select_list(w, enr)} FROM {enr.table} t WHERE t.id = (SELECT MAX(id) FROM {enr.table})"),
    ]
    props = {cid: id_arg(f"the {student.label}'s id"), sid: id_arg("the section's id")}
    return w.tool(
        make_tool(
            "join_waitlist",
            "Put a student on a full section's waitlist.",
            props,
            list(props),
            program,
            row_schema(w, enr),
            example=_waitlist_example(w),
        )
    )


def _waitlist_example(w: World) -> dict[str, object] | None:
    section, student = w.e("section"), w.e("customer")
    for x in section.rows:
        if x["term"] == w.kit(Term).current and _seats_left(w, x) <= 0 and not _prereqs(w, x):
            for p in student.rows:
                if _can_take(w, p, x):
                    return {student.id_arg: p["id"], section.id_arg: x["id"]}
    return None


def _grade(w: World) -> str:
    enr, section = w.e("enrollment"), w.e("section")
    eid = enr.id_arg
    props = {
        eid: id_arg("the enrollment's id"),
        "grade": {"type": "string", "enum": list(GRADES), "description": "final grade"},
    }
    program: list[Step] = [
        query("e", f"SELECT status FROM {enr.table} WHERE id = :{eid}", f"no enrollment with id {{{eid}}}"),
        check("SELECT :e__status = 'enrolled'", "only enrolled students get a final grade (this one is {e__status})"),
        execute(f"UPDATE {enr.table} SET grade = :grade, status = 'completed' WHERE id = :{eid}"),
        ret(f"SELECT {select_list(w, enr)} FROM {enr.table} t WHERE t.id = :{eid}"),
    ]
    example = next(({eid: e["id"], "grade": "B"} for e in enr.rows if e["status"] == "enrolled"), None)
    del section
    return w.tool(
        make_tool(
            "record_final_grade",
            "Record a student's final grade; the enrollment is completed.",
            props,
            list(props),
            program,
            row_schema(w, enr),
            example=example,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _enroll_many(w: World) -> TaskCandidate | None:
    kit, course, section, student = w.kit(SchoolKit), w.e("course"), w.e("section"), w.e("customer")
    pairs = _open_pairs(w)
    for person in shuffled(w, student.rows[:12]):
        room = w.kit(Term).max_credits - _load(w, person)
        picks: list[Row] = []
        for sec in shuffled(w, [x for p, x in pairs if p is person]):
            credits = n(course.by_id(sec[course.id_arg]), "credits")
            if credits <= room and all(c[course.id_arg] != sec[course.id_arg] for c in picks):
                picks.append(sec)
                room -= credits
            if len(picks) == 3:
                break
        if len(picks) >= 2:
            break
    else:
        return None
    codes = [str(course.by_id(x[course.id_arg])["code"]) for x in picks]
    v = voice(w, person)
    text = v.say(
        f"Please enroll {v.me} in sections {series([str(x['section_code']) for x in picks])} this term "
        f"({series(codes)})."
    )
    calls = [find(w, "customer", person, "email")]
    calls += [call(kit.sections, query=str(x["section_code"])) for x in picks]
    calls += [call(kit.enroll, **{student.id_arg: person["id"], section.id_arg: x["id"]}) for x in picks]
    return TaskCandidate(
        kind="enroll-several", instruction=text, calls=calls, difficulty="hard", tags=["write", "multi-item"]
    )


def _enroll_or_waitlist(w: World) -> TaskCandidate | None:
    kit, section, student = w.kit(SchoolKit), w.e("section"), w.e("customer")
    term = w.kit(Term).current
    holds = w.chance(0.5)
    pool = [x for x in section.rows if x["term"] == term and not _prereqs(w, x) and (_seats_left(w, x) > 0) == holds]
    people = [p for p in student.rows if any(_can_take(w, p, x) for x in pool)]
    if not pool or not people:
        return None
    person = w.pick(people)
    sec = w.pick([x for x in pool if _can_take(w, person, x)])
    v = voice(w, person)
    text = v.say(
        f"Please get {v.me} into section {sec['section_code']}. If it's full, put {v.me} on its waitlist instead."
    )
    reads = [find(w, "customer", person, "email"), call(kit.sections, query=str(sec["section_code"]))]
    args = {student.id_arg: person["id"], section.id_arg: sec["id"]}
    return branching(
        "enroll-or-waitlist",
        text,
        condition="section-has-seats",
        holds=holds,
        reads=reads,
        then=[call(kit.enroll, **args)],
        otherwise=[call(kit.waitlist, **args)],
        tags=["conditional", "enrollment"],
    )


def _missing_prereq(w: World) -> TaskCandidate | None:
    kit, section, student, course = w.kit(SchoolKit), w.e("section"), w.e("customer"), w.e("course")
    term = w.kit(Term).current
    cid = w.e("customer").id_arg
    for sec in shuffled(w, [x for x in section.rows if x["term"] == term and _prereqs(w, x)]):
        need = course.by_id(_prereqs(w, sec)[0])
        done = {
            section.by_id(e[section.id_arg])[course.id_arg]
            for e in w.e("enrollment").rows
            if e["status"] == "completed"
        }
        people = [
            p
            for p in student.rows
            if _can_take(w, p, sec)
            and need["id"]
            not in {
                section.by_id(e[section.id_arg])[course.id_arg]
                for e in w.e("enrollment").rows
                if e[cid] == p["id"] and e["status"] == "completed"
            }
        ]
        if people and _seats_left(w, sec) > 0:
            break
    else:
        return None
    person = w.pick(people)
    v = voice(w, person)
    text = v.say(f"Please enroll {v.me} in section {sec['section_code']}.")
    reads = [
        find(w, "customer", person, "email"),
        call(kit.sections, query=str(sec["section_code"])),
        call(kit.prerequisites, **{course.id_arg: sec[course.id_arg]}),
        call(kit.enrollments, **{student.id_arg: person["id"]}),
    ]
    del done
    return refusing(
        "prerequisite-refused",
        text,
        reads=reads,
        complying=[call(kit.enroll, **{student.id_arg: person["id"], section.id_arg: sec["id"]})],
        reason=f"{sec['section_code']} requires {need['code']}, which they have not completed",
        answer=[str(need["code"])],
        competing=others([c["code"] for c in course.rows], [need["code"]]),
        tags=["enrollment"],
    )


def _grade_section(w: World) -> TaskCandidate | None:
    kit, section, enr, student = w.kit(SchoolKit), w.e("section"), w.e("enrollment"), w.e("customer")
    for sec in shuffled(w, [x for x in section.rows if x["term"] == w.kit(Term).current]):
        roster = [e for e in enr.rows if e[section.id_arg] == sec["id"] and e["status"] == "enrolled"]
        if 2 <= len(roster) <= 7:
            break
    else:
        return None
    grades = {e["id"]: w.pick(GRADES[:7]) for e in roster}
    listed = "; ".join(f"{student.by_id(e[student.id_arg])['name']}: {grades[e['id']]}" for e in roster)
    text = f"Enter the final grades for section {sec['section_code']}: {listed}."
    calls = [
        call(kit.sections, query=str(sec["section_code"])),
        call(kit.enrollments, **{section.id_arg: sec["id"]}, status="enrolled"),
    ]
    calls += [call(kit.grade, **{enr.id_arg: e["id"], "grade": grades[e["id"]]}) for e in roster]
    return TaskCandidate(
        kind="enter-section-grades", instruction=text, calls=calls, difficulty="hard", tags=["write", "bulk"]
    )


def _most_seats(w: World) -> TaskCandidate | None:
    kit, section, course = w.kit(SchoolKit), w.e("section"), w.e("course")
    term = w.kit(Term).current
    for c in shuffled(w, course.rows):
        secs = sorted(
            (x for x in section.rows if x[course.id_arg] == c["id"] and x["term"] == term),
            key=lambda x: -_seats_left(w, x),
        )
        if len(secs) >= 2 and _seats_left(w, secs[0]) != _seats_left(w, secs[1]):
            break
    else:
        return None
    text = f"Which {term} section of {c['title']} has the most open seats, and how many?"
    calls = [call(kit.courses, query=str(c["title"])), call(kit.sections, **{course.id_arg: c["id"]}, term=term)]
    return TaskCandidate(
        kind="most-open-seats",
        instruction=text,
        calls=calls,
        answer=[str(secs[0]["section_code"]), str(_seats_left(w, secs[0]))],
        competing=[str(x["section_code"]) for x in secs[1:]]
        + sorted({str(_seats_left(w, x)) for x in secs[1:]} - {str(_seats_left(w, secs[0]))}),
        difficulty="medium",
        tags=["lookup", "compare"],
    )


def _drop_one(w: World) -> TaskCandidate | None:
    kit, section, enr, student, course = (
        w.kit(SchoolKit),
        w.e("section"),
        w.e("enrollment"),
        w.e("customer"),
        w.e("course"),
    )
    for person in shuffled(w, student.rows):
        mine = [e for e in enr.rows if e[student.id_arg] == person["id"] and e["status"] == "enrolled"]
        if len(mine) >= 2:
            break
    else:
        return None
    e = w.pick(mine)
    sec = section.by_id(e[section.id_arg])
    c = course.by_id(sec[course.id_arg])
    v = voice(w, person)
    text = v.say(f"Please drop {v.me} from {c['code']} ({c['title']}); keep the rest of {v.my} schedule.")
    calls = [
        find(w, "customer", person, "email"),
        call(kit.enrollments, **{student.id_arg: person["id"]}, status="enrolled"),
        call(kit.sections, **{course.id_arg: c["id"]}),
        call(kit.drop, **{enr.id_arg: e["id"]}),
    ]
    return TaskCandidate(
        kind="drop-course", instruction=text, calls=calls, difficulty="medium", tags=["write", "keep-others"]
    )


def _switch_section(w: World) -> TaskCandidate | None:
    kit, section, enr, student, course = (
        w.kit(SchoolKit),
        w.e("section"),
        w.e("enrollment"),
        w.e("customer"),
        w.e("course"),
    )
    for e in shuffled(w, [e for e in enr.rows if e["status"] == "enrolled"]):
        sec = section.by_id(e[section.id_arg])
        other = [
            x
            for x in section.rows
            if x[course.id_arg] == sec[course.id_arg]
            and x["term"] == sec["term"]
            and x is not sec
            and _seats_left(w, x) > 0
        ]
        if other:
            break
    else:
        return None
    person, target = student.by_id(e[student.id_arg]), w.pick(other)
    v = voice(w, person)
    text = v.say(
        f"Please move {v.me} from section {sec['section_code']} to section {target['section_code']} of the same course."
    )
    calls = [
        find(w, "customer", person, "email"),
        call(kit.enrollments, **{student.id_arg: person["id"]}, status="enrolled"),
        call(kit.sections, query=str(target["section_code"])),
        call(kit.drop, **{enr.id_arg: e["id"]}),
        call(kit.enroll, **{student.id_arg: person["id"], section.id_arg: target["id"]}),
    ]
    return TaskCandidate(
        kind="switch-section", instruction=text, calls=calls, difficulty="hard", tags=["write", "multi-step"]
    )


def _class_time(w: World) -> TaskCandidate | None:
    kit, section, enr, student, course = (
        w.kit(SchoolKit),
        w.e("section"),
        w.e("enrollment"),
        w.e("customer"),
        w.e("course"),
    )
    pool = [e for e in enr.rows if e["status"] == "enrolled"]
    if not pool:
        return None
    e = w.pick(pool)
    sec = section.by_id(e[section.id_arg])
    c = course.by_id(sec[course.id_arg])
    person = student.by_id(e[student.id_arg])
    others = sorted({str(x["schedule"]) for x in section.rows if x[course.id_arg] == c["id"]} - {str(sec["schedule"])})
    text = f"When does {person['name']}'s {c['title']} class meet this term, and who teaches it?"
    calls = [
        find(w, "customer", person, "email"),
        call(kit.enrollments, **{student.id_arg: person["id"]}, status="enrolled"),
        call(kit.sections, **{course.id_arg: c["id"]}, term=sec["term"]),
    ]
    teacher = w.e("instructor").by_id(sec[w.e("instructor").id_arg])
    return TaskCandidate(
        kind="class-schedule",
        instruction=text,
        calls=calls,
        answer=[str(sec["schedule"]), str(teacher["name"])],
        competing=others,
        difficulty="medium",
        tags=["lookup", "multi-step"],
    )


SCHOOL = Module(
    key="school",
    about="courses with prerequisites, sections, enrollments with limits, waitlists and grades",
    fits=frozenset({"education"}),
    build=build_school,
    tools=school_tools,
    tasks=(
        TaskKind("enroll-several", _enroll_many),
        TaskKind("enroll-or-waitlist", _enroll_or_waitlist),
        TaskKind("prerequisite-refused", _missing_prereq),
        TaskKind("enter-section-grades", _grade_section),
        TaskKind("most-open-seats", _most_seats),
        TaskKind("drop-course", _drop_one),
        TaskKind("switch-section", _switch_section),
        TaskKind("class-schedule", _class_time),
    ),
    needs=("customers",),
)
