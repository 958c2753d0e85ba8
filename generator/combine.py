"""Requests that arrive together: two or three independent requests from different parts of the
business, handled in one task ("Two requests came in; please handle both: 1. ... 2. ...").

This is how back-office work arrives, and it is what makes a task span two or three modules and take
real work. Each part keeps its own words and calls; the combined verifier is derived from running all
of them in order, so the parts must not step on each other (a combination whose solution fails is
dropped like any other candidate). A combination's kind names its parts (``reorder__log-ticket``);
the report counts task kinds by their parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.candidate import TaskCandidate
from generator.families import family_of
from generator.world import World

PAIRS = 8
TRIPLES = 3
MAX_PART_CALLS = 7
OPTIONS = 400
"""Combinations of each size sampled to choose from."""
SHARED_PART = 0.5
"""The chance a combined request has one part from a shared module (a message, a note, a ticket)."""
MAX_KIND = 58
"""A task id is ``tNN-<kind>``, at most 64 characters."""
OPENERS = (
    "Two requests came in this morning; please handle both.",
    "Please take care of these two things from today's inbox.",
    "A couple of requests are waiting for you; do both, please.",
)
TRIPLE_OPENERS = (
    "Three requests are waiting in the queue; please handle all of them.",
    "Please work through these three requests from today.",
)


def combinable(candidate: TaskCandidate) -> bool:
    """A part must change something (or be conditional), and not be a refusal or a fallback. A combination
    has at most one part that asks for an answer and at most one conditional part, whose branch becomes
    the combination's."""
    return (
        (candidate.writes or bool(candidate.branch))
        and not candidate.refusal
        and candidate.priority >= -3
        and len(candidate.calls) <= MAX_PART_CALLS
        and "__" not in candidate.kind
    )


def combinations(w: World, candidates: list[TaskCandidate]) -> list[TaskCandidate]:
    """Up to ``PAIRS`` pairs and ``TRIPLES`` triples of ``candidates``, each led by a part from the family's
    core business, chosen so that kinds repeat as little as possible and no request (a kind on one subject)
    is part of two."""
    pool = [c for c in candidates if combinable(c)]
    core = set(w.variant.domain.core) | set(family_of(w.variant.domain).core)
    leads = [c for c in pool if c.source in core and not c.shared]
    apart = _apart(pool, _footprints(w, pool))
    out: list[TaskCandidate] = []
    used: dict[str, int] = {}
    said: set[str] = set()  # each request (one subject, in its words) in one combination at most
    for size, count, openers in ((3, TRIPLES, TRIPLE_OPENERS), (2, PAIRS, OPENERS)):
        options = [
            parts
            for lead in leads
            for parts in _options(w, lead, pool, size, apart)
            if len("__".join(p.kind for p in parts)) <= MAX_KIND
        ]
        w.rng.shuffle(options)
        del options[OPTIONS:]  # a random sample is enough to choose from, and keeps a world quick to build
        seen: set[frozenset[str]] = set()
        for _ in range(count):
            fresh = [
                o
                for o in options
                if frozenset(p.kind for p in o) not in seen and not any(p.instruction in said for p in o)
            ]
            if not fresh:
                break
            parts = min(fresh, key=lambda o: sum(used.get(p.kind, 0) for p in o))
            seen.add(frozenset(p.kind for p in parts))
            for p in parts:
                used[p.kind] = used.get(p.kind, 0) + 1
                said.add(p.instruction)
            out.append(_combine(w, parts, openers))
    return out


@dataclass(frozen=True)
class _Footprint:
    """The tables a part's calls (either branch) insert into, update or delete from, and read."""

    added: frozenset[str]
    changed: frozenset[str]
    read: frozenset[str]

    def steps_on(self, other: _Footprint) -> bool:
        """Whether this part changes what ``other`` reads or writes, or adds where it writes."""
        return bool(
            self.changed & (other.added | other.changed | other.read) or self.added & (other.added | other.changed)
        )


def _footprints(w: World, pool: list[TaskCandidate]) -> dict[int, _Footprint]:
    """Each candidate's footprint, by ``id``."""
    inserts, changes, reads = _tables(w)

    def touched(table_map: dict[str, set[str]], part: TaskCandidate) -> frozenset[str]:
        return frozenset(t for c in [*part.calls, *part.otherwise] for t in table_map.get(c.tool, ()))

    return {id(c): _Footprint(touched(inserts, c), touched(changes, c), touched(reads, c)) for c in pool}


def _options(
    w: World, lead: TaskCandidate, pool: list[TaskCandidate], size: int, apart: set[tuple[int, int]]
) -> list[list[TaskCandidate]]:
    """The combinations of ``size`` parts that ``lead`` can head: parts that go together pairwise
    (:func:`_apart`), from different modules where possible, and with a shared part only now and then."""

    def fit(a: TaskCandidate, b: TaskCandidate) -> bool:
        return (id(a), id(b)) in apart

    others = [c for c in pool if fit(lead, c)]
    if size == 2:
        candidates = [[lead, b] for b in others]
    else:
        candidates = [[lead, b, c] for i, b in enumerate(others) for c in others[i + 1 :] if fit(b, c)]
    out: list[list[TaskCandidate]] = []
    for parts in candidates:
        if any(p.shared for p in parts) and w.rng.random() >= SHARED_PART:
            continue
        if len({p.source for p in parts}) < len(parts) and w.rng.random() < 0.7:
            continue
        out.append(parts)
    return out


def _apart(pool: list[TaskCandidate], prints: dict[int, _Footprint]) -> set[tuple[int, int]]:
    """The pairs of candidates (by ``id``, both orders) that can be parts of one request: different kinds, not
    both from a shared module, not both conditional, not both asking for an answer, and neither changing
    what the other reads or writes, nor adding where it writes (it could step on it)."""
    out: set[tuple[int, int]] = set()
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            fa, fb = prints[id(a)], prints[id(b)]
            if (
                a.kind != b.kind
                and not (a.shared and b.shared)
                and not (a.branch and b.branch)
                and not (a.answer and b.answer)
                and not fa.steps_on(fb)
                and not fb.steps_on(fa)
            ):
                out |= {(id(a), id(b)), (id(b), id(a))}
    return out


_INSERT = re.compile(r"\bINSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)


_READ = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)", re.IGNORECASE)


def _tables(w: World) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """The tables each of the world's tools inserts into, those it updates or deletes from, and those it reads."""
    inserts = {
        tool.name: {m for step in tool.program if step.kind == "exec" for m in _INSERT.findall(step.sql)}
        for tool in w.tools
    }
    changes = {
        tool.name: {m for step in tool.program if step.kind == "exec" for m in _CHANGE.findall(step.sql)}
        for tool in w.tools
    }
    reads = {tool.name: {m for step in tool.program for m in _READ.findall(step.sql)} for tool in w.tools}
    return inserts, changes, reads


def _combine(w: World, parts: list[TaskCandidate], openers: tuple[str, ...]) -> TaskCandidate:
    lines = [w.pick(openers)] + [f"{n}. {p.instruction}" for n, p in enumerate(parts, start=1)]
    tags = ["multi-request", *sorted({t for p in parts for t in p.tags} - {"multi-request"})]
    fork = next((p for p in parts if p.branch), None)
    branch: dict[str, object] = {}
    if fork is not None:
        branch = {
            "branch": fork.branch,
            "condition": fork.condition,
            "otherwise": list(fork.otherwise),
            "size": sum(p.length for p in parts),
        }
    return TaskCandidate(
        kind="__".join(p.kind for p in parts),
        instruction="\n".join(lines),
        calls=[c for p in parts for c in p.calls],
        answer=[a for p in parts for a in p.answer],
        competing=[c for p in parts for c in p.competing],
        difficulty="hard",
        tags=tags,
        changes=True,
        source="+".join(p.source for p in parts),
        shared=sum(p.shared for p in parts),
        parts=list(parts),
        **branch,  # type: ignore[arg-type]
    )
