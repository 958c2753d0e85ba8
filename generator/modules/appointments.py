"""Appointments with staff: a bank's advisor meetings, an insurer's consultations, a permit office's
counter appointments, a school's advising, a property manager's viewings, HR's benefits meetings, a
software company's demos. One-hour slots on the hour within opening hours, one booking per staff member
per slot, and no cancelling on the day itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator import schema as s
from generator.calendar import shift
from generator.candidate import TaskCandidate, branching, call, refusing
from generator.module import Module, TaskKind
from generator.modules.common import days_ago, days_ahead, find, others, shuffled
from generator.schema import Entity, JsonSchema, Row
from generator.tooling import Step, check, execute, id_arg, items_of, make_tool, obj, query, ret
from generator.tools import crud
from generator.tools.rows import row_schema, select_list
from generator.voice import voice
from generator.world import World

TOPICS = {
    "banking": ("Mortgage consultation", "Business account opening", "Retirement planning", "Loan review"),
    "insurance": ("Policy review", "Claim consultation", "Coverage quote", "Home risk assessment"),
    "government": ("Pre-application meeting", "Document verification", "Records pickup", "License renewal"),
    "education": ("Academic advising", "Financial aid meeting", "Career counseling", "Placement test"),
    "property": ("Unit viewing", "Lease signing", "Move-out inspection", "Maintenance walk-through"),
    "hr": ("Benefits enrollment", "Performance review", "Exit interview", "Payroll question"),
    "lodging": ("Spa massage", "Airport transfer", "Guided tour", "Wine tasting"),
    "software": ("Product demo", "Onboarding session", "Quarterly business review", "Technical deep-dive"),
}
STATES = ("booked", "completed", "cancelled", "no-show")


@dataclass(frozen=True)
class Hours:
    first: int
    last: int
    """The first and last hour a one-hour appointment may start."""

    def slots(self) -> list[str]:
        return [f"{h:02d}:00" for h in range(self.first, self.last + 1)]


@dataclass(frozen=True)
class MeetingKit:
    topics: str
    meetings: str
    schedule: str
    book: str
    move: str
    cancel: str
    close: str
    load: str


def build_appointments(w: World) -> None:
    cust, staff = w.e("customer"), w.e("staff")
    hours = Hours(w.pick((8, 9, 9, 10)), w.pick((15, 16, 16, 17)))
    w.put(hours)
    topic = w.add(
        Entity(
            "meeting_topic",
            w.noun("meeting_topic", "appointment type"),
            [s.text("name", "name", unique=True, mutable=False), s.text("prepare", "what to bring")],
            "name",
            "what appointments can be booked for",
        )
    )
    meeting = w.add(
        Entity(
            "meeting",
            w.noun("meeting", "appointment"),
            [
                s.ref(cust),
                s.ref(staff),
                s.ref(topic),
                s.day("day", "date"),
                s.clock("time", "start time (HH:MM)"),
                s.enum("status", "status", STATES),
                s.day("booked_on", "date booked", mutable=False),
            ],
            "id",
            f"one-hour appointments of {cust.plural_label} with staff",
            table="appointments",
        )
    )
    w.fact(
        f"Appointments last one hour and start on the hour, from {hours.first:02d}:00 to {hours.last:02d}:00; a staff "
        "member takes one appointment at a time, and an appointment can be cancelled up to the day before."
    )
    w.rule("first_appointment", f"{hours.first:02d}:00")
    w.rule("last_appointment", f"{hours.last:02d}:00")
    w.rule("cancellation", "up to the day before")
    brings = ("photo ID", "recent statements", "nothing", "your reference number", "proof of address")
    for name in TOPICS.get(w.domain.family, TOPICS["banking"]):
        topic.add(name=name, prepare=w.pick(brings))
    busy: set[tuple[object, str, str]] = set()
    active = [p for p in staff.rows if p["active"]]
    for person in shuffled(w, cust.rows)[: w.rng.randint(16, 34)]:
        for _ in range(w.rng.choice((1, 1, 2))):
            past = w.chance(0.4)
            day = days_ago(w, 1, 40) if past else days_ahead(w, 0, 14)
            who = w.pick(active)
            time = w.pick(hours.slots())
            if (who["id"], day, time) in busy:
                continue
            busy.add((who["id"], day, time))
            status = w.pick(("completed", "completed", "no-show", "cancelled")) if past else "booked"
            if not past and w.chance(0.1):
                status = "cancelled"
            meeting.add(
                **{cust.id_arg: person["id"], staff.id_arg: who["id"], topic.id_arg: w.pick(topic.rows)["id"]},
                day=day,
                time=time,
                status=status,
                booked_on=shift(day, -w.rng.randint(1, 20)) if shift(day, -1) < w.today else days_ago(w, 1, 9),
            )
    for person in w.rng.sample(cust.rows, 2):
        who, time = w.pick(active), w.pick(hours.slots())
        if (who["id"], w.today, time) not in busy:
            busy.add((who["id"], w.today, time))
            meeting.add(
                **{cust.id_arg: person["id"], staff.id_arg: who["id"], topic.id_arg: w.pick(topic.rows)["id"]},
                day=w.today,
                time=time,
                status="booked",
                booked_on=days_ago(w, 1, 9),
            )


# --- tools ---------------------------------------------------------------------------------------


def appointment_tools(w: World) -> None:
    topic, meeting, staff, cust = w.e("meeting_topic"), w.e("meeting"), w.e("staff"), w.e("customer")
    topics = crud.search(w, topic, text=["name"], sorts=["name"])
    meetings = crud.search(
        w,
        meeting,
        filters=[cust.id_arg, staff.id_arg, topic.id_arg, "status"],
        ranges=["day"],
        sorts=["day", "time"],
    )
    w.put(
        MeetingKit(
            topics,
            meetings,
            _schedule(w, staff, meeting),
            _book(w),
            _move(w),
            _cancel(w),
            _close(w, meeting),
            _load(w, staff, meeting),
        )
    )


def _slot_checks(w: World, staff_arg: str, own: str = "") -> list[Step]:
    """The new slot is a start hour within opening hours, from today on, and the staff member is free."""
    hours, meeting = w.kit(Hours), w.e("meeting")
    other = f" AND id != :{own}" if own else ""
    return [
        check("SELECT :day >= :_today", "appointments are booked from today on, not for {day}"),
        check(
            f"SELECT substr(:time, 4, 2) = '00' AND :time BETWEEN '{hours.first:02d}:00' AND '{hours.last:02d}:00'",
            f"appointments start on the hour between {hours.first:02d}:00 and {hours.last:02d}:00, not at {{time}}",
        ),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {meeting.table} WHERE {staff_arg} = :{staff_arg} AND day = :day AND "
            f"time = :time AND status = 'booked'{other})",
            "that staff member already has an appointment on {day} at {time}",
        ),
    ]


def _schedule(w: World, staff: Entity, meeting: Entity) -> str:
    sid = staff.id_arg
    program: list[Step] = [
        query(
            "p",
            f"SELECT name, active FROM {staff.table} WHERE id = :{sid}",
            f"no staff member with id {{{sid}}}; {crud.finder_hint(w, 'staff')}",
        ),
        ret(
            f"SELECT m.time, m.id AS {meeting.id_arg}, (SELECT r.name FROM {w.e('customer').table} r WHERE r.id = "
            f"m.{w.e('customer').id_arg}) AS with_whom FROM {meeting.table} m WHERE m.{sid} = :{sid} AND m.day = :day "
            "AND m.status = 'booked' ORDER BY m.time",
            "all",
        ),
    ]
    props: dict[str, JsonSchema] = {sid: id_arg("the staff member's id"), "day": s.day("day", "").input_schema("date")}
    output = items_of(
        obj(
            {
                "time": {"type": "string"},
                meeting.id_arg: {"type": "integer"},
                "with_whom": {"type": ["string", "null"]},
            },
            ["time"],
        )
    )
    return w.tool(
        make_tool(
            "get_staff_schedule",
            "The booked appointments of one staff member on one day, by start time (the other hours are free).",
            props,
            list(props),
            program,
            output,
            read_only=True,
        )
    )


def _book(w: World) -> str:
    cust, staff, topic, meeting = w.e("customer"), w.e("staff"), w.e("meeting_topic"), w.e("meeting")
    props: dict[str, JsonSchema] = {
        cust.id_arg: id_arg(f"the {cust.label}'s id"),
        staff.id_arg: id_arg("the staff member's id"),
        topic.id_arg: id_arg("the appointment type's id"),
        "day": s.day("day", "").input_schema("date"),
        "time": s.clock("time", "").input_schema("start time, HH:MM on the hour"),
    }
    program: list[Step] = [
        query(
            "who",
            f"SELECT name FROM {cust.table} WHERE id = :{cust.id_arg}",
            f"no {cust.label} with id {{{cust.id_arg}}}; {crud.finder_hint(w, 'customer')}",
        ),
        query(
            "p",
            f"SELECT name, active FROM {staff.table} WHERE id = :{staff.id_arg}",
            f"no staff member with id {{{staff.id_arg}}}; {crud.finder_hint(w, 'staff')}",
        ),
        check("SELECT :p__active = 1", "{p__name} no longer works here"),
        crud.exists(w, topic),
        *_slot_checks(w, staff.id_arg),
        check(
            f"SELECT NOT EXISTS (SELECT 1 FROM {meeting.table} WHERE {cust.id_arg} = :{cust.id_arg} AND day = :day "
            "AND time = :time AND status = 'booked')",
            "{who__name} already has an appointment on {day} at {time}",
        ),
        execute(
            f"INSERT INTO {meeting.table} ({cust.id_arg}, {staff.id_arg}, {topic.id_arg}, day, time, status, "
            f"booked_on) VALUES (:{cust.id_arg}, :{staff.id_arg}, :{topic.id_arg}, :day, :time, 'booked', :_today)"
        ),
        ret(
            f"SELECT {select_list(w, meeting)} FROM {meeting.table} t "
            f"WHERE t.id = (SELECT MAX(id) FROM {meeting.table})"
        ),
    ]
    return w.tool(
        make_tool(
            "book_appointment",
            f"Book a one-hour appointment for {cust.noun.a()} with a staff member, from today on, at a free hour.",
            props,
            list(props),
            program,
            row_schema(w, meeting),
            example=_free_example(w),
        )
    )


def _free_example(w: World) -> dict[str, object] | None:
    cust, staff, topic = w.e("customer"), w.e("staff"), w.e("meeting_topic")
    who = next((p for p in staff.rows if p["active"]), None)
    if who is None:
        return None
    day = shift(w.today, 20)
    return {
        cust.id_arg: cust.rows[0]["id"],
        staff.id_arg: who["id"],
        topic.id_arg: topic.rows[0]["id"],
        "day": day,
        "time": w.kit(Hours).slots()[0],
    }


def _move(w: World) -> str:
    meeting, staff = w.e("meeting"), w.e("staff")
    mid = meeting.id_arg
    props: dict[str, JsonSchema] = {
        mid: id_arg("the appointment's id"),
        "day": s.day("day", "").input_schema("new date"),
        "time": s.clock("time", "").input_schema("new start time, HH:MM on the hour"),
    }
    program: list[Step] = [
        query(
            "m",
            f"SELECT status, {staff.id_arg} AS staff FROM {meeting.table} WHERE id = :{mid}",
            f"no appointment with id {{{mid}}}",
        ),
        check("SELECT :m__status = 'booked'", "appointment {" + mid + "} is {m__status}; only booked ones move"),
        check("SELECT :day >= :_today", "appointments are booked from today on, not for {day}"),
        *[
            step.model_copy(update={"sql": step.sql.replace(f":{staff.id_arg}", ":m__staff")})
            for step in _slot_checks(w, staff.id_arg, own=mid)[1:]
        ],
        execute(f"UPDATE {meeting.table} SET day = :day, time = :time WHERE id = :{mid}"),
        ret(f"SELECT {select_list(w, meeting)} FROM {meeting.table} t WHERE t.id = :{mid}"),
    ]
    booked = next((m for m in meeting.rows if m["status"] == "booked"), None)
    example = {mid: booked["id"], "day": shift(w.today, 21), "time": w.kit(Hours).slots()[-1]} if booked else None
    return w.tool(
        make_tool(
            "reschedule_appointment",
            "Move a booked appointment to another day or hour with the same staff member, if they are free then.",
            props,
            list(props),
            program,
            row_schema(w, meeting),
            example=example,
        )
    )


def _cancel(w: World) -> str:
    meeting = w.e("meeting")
    mid = meeting.id_arg
    program: list[Step] = [
        query("m", f"SELECT status, day FROM {meeting.table} WHERE id = :{mid}", f"no appointment with id {{{mid}}}"),
        check("SELECT :m__status = 'booked'", "appointment {" + mid + "} is {m__status}; only booked ones cancel"),
        check("SELECT :m__day > :_today", "appointments can be cancelled up to the day before, not on {m__day}"),
        execute(f"UPDATE {meeting.table} SET status = 'cancelled' WHERE id = :{mid}"),
        ret(f"SELECT {select_list(w, meeting)} FROM {meeting.table} t WHERE t.id = :{mid}"),
    ]
    ahead = next((m for m in meeting.rows if m["status"] == "booked" and str(m["day"]) > w.today), None)
    return w.tool(
        make_tool(
            "cancel_appointment",
            "Cancel a booked appointment (up to the day before it).",
            {mid: id_arg("the appointment's id")},
            [mid],
            program,
            row_schema(w, meeting),
            example={mid: ahead["id"]} if ahead else None,
        )
    )


def _close(w: World, meeting: Entity) -> str:
    mid = meeting.id_arg
    props: dict[str, JsonSchema] = {
        mid: id_arg("the appointment's id"),
        "outcome": {"type": "string", "enum": ["completed", "no-show"], "description": "what happened"},
    }
    program: list[Step] = [
        query("m", f"SELECT status, day FROM {meeting.table} WHERE id = :{mid}", f"no appointment with id {{{mid}}}"),
        check("SELECT :m__status = 'booked'", "appointment {" + mid + "} is {m__status}"),
        check("SELECT :m__day <= :_today", "appointment {" + mid + "} is on {m__day}; it has not happened yet"),
        execute(f"UPDATE {meeting.table} SET status = :outcome WHERE id = :{mid}"),
        ret(f"SELECT {select_list(w, meeting)} FROM {meeting.table} t WHERE t.id = :{mid}"),
    ]
    today = next((m for m in meeting.rows if m["status"] == "booked" and m["day"] == w.today), None)
    return w.tool(
        make_tool(
            "close_appointment",
            "Record how a booked appointment from today or earlier went: completed, or the person did not come.",
            props,
            list(props),
            program,
            row_schema(w, meeting),
            example={mid: today["id"], "outcome": "completed"} if today else None,
        )
    )


# --- tasks ---------------------------------------------------------------------------------------


def _booked(w: World, **where: object) -> list[Row]:
    return [m for m in w.e("meeting").rows if m["status"] == "booked" and all(m[k] == v for k, v in where.items())]


def _taken(w: World, staff_id: object, day: str) -> set[str]:
    return {str(m["time"]) for m in _booked(w, day=day) if m[w.e("staff").id_arg] == staff_id}


def _first_free(w: World) -> TaskCandidate | None:
    kit, cust, staff, topic = w.kit(MeetingKit), w.e("customer"), w.e("staff"), w.e("meeting_topic")
    hours = w.kit(Hours)
    days = sorted({str(m["day"]) for m in _booked(w) if str(m["day"]) > w.today})
    for who in shuffled(w, [p for p in staff.rows if p["active"]]):
        day = w.pick(days) if days else days_ahead(w, 1, 10)
        taken = _taken(w, who["id"], day)
        starts = [t for t in hours.slots()[:-1] if t in taken and any(x > t and x not in taken for x in hours.slots())]
        if starts:
            after = w.pick(starts)
            free = [t for t in hours.slots() if t > after and t not in taken]
            break
    else:
        return None
    person, kind = w.pick(cust.rows), w.pick(topic.rows)
    v = voice(w, person)
    text = v.say(
        f"Please book {v.me} a {str(kind['name']).lower()} with {who['name']} on {day}, at the earliest free hour from "
        f"{after} on. What time did {v.i} get?"
    )
    calls = [
        find(w, "customer", person, "email"),
        find(w, "staff", who),
        call(kit.topics, query=str(kind["name"])),
        call(kit.schedule, **{staff.id_arg: who["id"], "day": day}),
        call(
            kit.book,
            **{cust.id_arg: person["id"], staff.id_arg: who["id"], topic.id_arg: kind["id"], "day": day},
            time=free[0],
        ),
    ]
    return TaskCandidate(
        kind="book-first-free-hour",
        instruction=text,
        calls=calls,
        answer=[free[0]],
        competing=others(hours.slots(), [free[0], after]),
        difficulty="hard",
        tags=["write", "filter-sort", "create"],
    )


def _move_next(w: World) -> TaskCandidate | None:
    kit, cust, staff, meeting = w.kit(MeetingKit), w.e("customer"), w.e("staff"), w.e("meeting")
    hours = w.kit(Hours)
    for m in shuffled(w, [m for m in _booked(w) if str(m["day"]) > w.today]):
        person = cust.by_id(m[cust.id_arg])
        mine = [x for x in _booked(w) if x[cust.id_arg] == person["id"]]
        day = shift(str(m["day"]), w.pick((1, 2, 3)))
        free = [t for t in hours.slots() if t not in _taken(w, m[staff.id_arg], day)]
        clash = {str(x["time"]) for x in mine if x["day"] == day}
        free = [t for t in free if t not in clash]
        if len(mine) == 1 and free:
            break
    else:
        return None
    time = w.pick(free)
    who = staff.by_id(m[staff.id_arg])
    v = voice(w, person)
    text = v.say(f"Something came up. Please move {v.my} appointment with {who['name']} to {day} at {time}.")
    calls = [
        find(w, "customer", person, "email"),
        call(kit.meetings, **{cust.id_arg: person["id"]}, status="booked"),
        call(kit.schedule, **{staff.id_arg: who["id"], "day": day}),
        call(kit.move, **{meeting.id_arg: m["id"], "day": day, "time": time}),
    ]
    return TaskCandidate(
        kind="reschedule-appointment", instruction=text, calls=calls, difficulty="medium", tags=["write"]
    )


def _move_if_free(w: World) -> TaskCandidate | None:
    kit, cust, staff, meeting = w.kit(MeetingKit), w.e("customer"), w.e("staff"), w.e("meeting")
    hours = w.kit(Hours)
    holds = w.chance(0.5)
    for m in shuffled(w, [m for m in _booked(w) if str(m["day"]) > w.today]):
        taken = _taken(w, m[staff.id_arg], str(m["day"])) - {str(m["time"])}
        pool = [t for t in hours.slots() if (t not in taken) == holds and t != m["time"]]
        person = cust.by_id(m[cust.id_arg])
        clash = {str(x["time"]) for x in _booked(w, day=m["day"]) if x[cust.id_arg] == person["id"]}
        pool = [t for t in pool if t not in clash]
        if pool and len([x for x in _booked(w) if x[cust.id_arg] == person["id"]]) == 1:
            break
    else:
        return None
    time = w.pick(pool)
    who = staff.by_id(m[staff.id_arg])
    v = voice(w, person)
    text = v.say(
        f"Could {v.my} appointment on {m['day']} with {who['name']} move to {time} the same day? If {who['name']} "
        f"is booked then, leave it where it is and tell {v.me} what time it is at."
    )
    reads = [
        find(w, "customer", person, "email"),
        call(kit.meetings, **{cust.id_arg: person["id"]}, status="booked"),
        call(kit.schedule, **{staff.id_arg: who["id"], "day": m["day"]}),
    ]
    return branching(
        "move-appointment-if-free",
        text,
        condition="staff-free",
        holds=holds,
        reads=reads,
        then=[call(kit.move, **{meeting.id_arg: m["id"], "day": m["day"], "time": time})],
        otherwise=[],
        answer=[] if holds else [str(m["time"])],
        competing=[] if holds else others(hours.slots(), [str(m["time"]), time]),
        tags=["conditional", "appointments"],
    )


def _cancel_today_refused(w: World) -> TaskCandidate | None:
    kit, cust, meeting = w.kit(MeetingKit), w.e("customer"), w.e("meeting")
    pool = [m for m in _booked(w, day=w.today)]
    if not pool:
        return None
    m = w.pick(pool)
    person = cust.by_id(m[cust.id_arg])
    if len([x for x in _booked(w) if x[cust.id_arg] == person["id"]]) != 1:
        return None
    v = voice(w, person)
    text = v.say(
        f"{v.i.capitalize()} can't make it to today's appointment. Please cancel it; if it is too late for that,"
        " tell me what time it is."
    )
    return refusing(
        "cancel-same-day-refused",
        text,
        reads=[
            find(w, "customer", person, "email"),
            call(kit.meetings, **{cust.id_arg: person["id"]}, status="booked"),
        ],
        complying=[call(kit.cancel, **{meeting.id_arg: m["id"]})],
        reason="appointments can only be cancelled up to the day before",
        answer=[str(m["time"])],
        competing=others(w.kit(Hours).slots(), [str(m["time"])]),
        tags=["appointments"],
    )


def _sick_day(w: World) -> TaskCandidate | None:
    kit, staff, meeting = w.kit(MeetingKit), w.e("staff"), w.e("meeting")
    days = Counter((m[staff.id_arg], str(m["day"])) for m in _booked(w) if str(m["day"]) > w.today)
    pool = [
        k for k, c in days.items() if c >= 2 and any(x[staff.id_arg] != k[0] and x["day"] == k[1] for x in _booked(w))
    ]
    if not pool:
        return None
    sid, day = w.pick(sorted(pool))
    who = staff.by_id(sid)
    mine = sorted((m for m in _booked(w, day=day) if m[staff.id_arg] == sid), key=lambda m: str(m["time"]))
    text = (
        f"{who['name']} is off sick on {day}. Cancel all of their booked appointments that day; the other staff's "
        "stay as they are."
    )
    calls = [find(w, "staff", who), call(kit.schedule, **{staff.id_arg: sid, "day": day})]
    calls += [call(kit.cancel, **{meeting.id_arg: m["id"]}) for m in mine]
    return TaskCandidate(
        kind="cancel-sick-staff-day",
        instruction=text,
        calls=calls,
        difficulty="hard",
        tags=["write", "bulk", "keep-others"],
    )


def _busiest(w: World) -> TaskCandidate | None:
    kit, staff = w.kit(MeetingKit), w.e("staff")
    start, end = w.today, shift(w.today, 7)
    counts = Counter(m[staff.id_arg] for m in _booked(w) if start <= str(m["day"]) <= end)
    ranked = counts.most_common()
    if len(ranked) < 3 or ranked[0][1] == ranked[1][1]:
        return None
    top, count = ranked[0]
    who = staff.by_id(top)
    text = f"Which {staff.label} has the most booked appointments from {start} to {end}, and how many do they have?"
    return TaskCandidate(
        kind="busiest-staff-member",
        instruction=text,
        calls=[call(kit.load, day_from=start, day_to=end)],
        answer=[str(who["name"]), str(count)],
        competing=[str(staff.by_id(k)["name"]) for k, _ in ranked[1:5]]
        + [str(c) for _, c in ranked[1:3] if c != count],
        difficulty="medium",
        tags=["lookup", "compare"],
    )


def _load(w: World, staff: Entity, meeting: Entity) -> str:
    props: dict[str, JsonSchema] = {
        "day_from": s.day("day", "").input_schema("first date"),
        "day_to": s.day("day", "").input_schema("last date"),
    }
    program: list[Step] = [
        check("SELECT :day_from <= :day_to", "the first date must not be after the last"),
        ret(
            f"SELECT p.id AS {staff.id_arg}, p.name, COUNT(m.id) AS booked FROM {staff.table} p LEFT JOIN "
            f"{meeting.table} m ON m.{staff.id_arg} = p.id AND m.status = 'booked' AND m.day BETWEEN :day_from AND "
            ":day_to WHERE p.active = 1 GROUP BY p.id ORDER BY booked DESC, p.name",
            "all",
        ),
    ]
    output = items_of(
        obj({staff.id_arg: {"type": "integer"}, "name": {"type": "string"}, "booked": {"type": "integer"}}, ["name"])
    )
    return w.tool(
        make_tool(
            "get_staff_load",
            f"How many booked appointments each active {staff.label} has between two dates, busiest first.",
            props,
            list(props),
            program,
            output,
            read_only=True,
        )
    )


APPOINTMENTS = Module(
    key="appointments",
    about="one-hour appointments with staff: booking, moving, cancelling, closing",
    fits=frozenset({"banking", "insurance", "government", "education", "property", "hr", "software", "lodging"}),
    build=build_appointments,
    tools=appointment_tools,
    tasks=(
        TaskKind("book-first-free-hour", _first_free),
        TaskKind("reschedule-appointment", _move_next),
        TaskKind("move-appointment-if-free", _move_if_free),
        TaskKind("cancel-same-day-refused", _cancel_today_refused),
        TaskKind("cancel-sick-staff-day", _sick_day),
        TaskKind("busiest-staff-member", _busiest),
    ),
    needs=("customers", "staff"),
)
