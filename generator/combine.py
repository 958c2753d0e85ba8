"""Requests that arrive together: two or three independent requests from different parts of the
business, handled in one task ("Two requests came in; please handle both: 1. ... 2. ...").

This is how back-office work arrives, and it is what makes a task span two or three modules and take
real work. Each part keeps its own words and calls; the combined verifier is derived from running all
of them in order, so the parts must not step on each other (a combination whose solution fails is
dropped like any other candidate). A combination's kind names its parts (``reorder__log-ticket``);
the report counts task kinds by their parts.
"""

from __future__ import annotations

from generator.candidate import TaskCandidate
from generator.world import World

PAIRS = 5
TRIPLES = 2
MAX_PART_CALLS = 7
SHARED_PART = 0.35
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
    """A part must change something, expect no answer, and not be conditional, a refusal or a fallback."""
    return (
        candidate.writes
        and not candidate.answer
        and not candidate.branch
        and not candidate.refusal
        and candidate.priority >= -3
        and len(candidate.calls) <= MAX_PART_CALLS
        and "__" not in candidate.kind
    )


def combinations(w: World) -> list[TaskCandidate]:
    """Up to ``PAIRS`` pairs and ``TRIPLES`` triples of parts from different modules."""
    pool = [c for c in w.tasks if combinable(c)]
    w.rng.shuffle(pool)
    out: list[TaskCandidate] = []
    for size, count, openers in ((2, PAIRS, OPENERS), (3, TRIPLES, TRIPLE_OPENERS)):
        for _ in range(count):
            parts = _pick(w, pool, size)
            if parts and len("__".join(p.kind for p in parts)) <= MAX_KIND:
                out.append(_combine(w, parts, openers))
    return out


def _pick(w: World, pool: list[TaskCandidate], size: int) -> list[TaskCandidate]:
    """``size`` parts of different kinds: the world's own business (from different modules where it has
    them; a family's own module offers several kinds), now and then one from a shared module."""
    own = w.rng.sample([c for c in pool if not c.shared], len([c for c in pool if not c.shared]))
    shared = [c for c in pool if c.shared]
    extra = w.rng.sample(shared, len(shared))[:1] if w.chance(SHARED_PART) else []
    for distinct_sources in (True, False):
        parts: list[TaskCandidate] = []
        for candidate in own + extra:
            if any(candidate.kind == p.kind or (distinct_sources and candidate.source == p.source) for p in parts):
                continue
            parts.append(candidate)
            if len(parts) == size:
                return parts
    return []


def _combine(w: World, parts: list[TaskCandidate], openers: tuple[str, ...]) -> TaskCandidate:
    lines = [w.pick(openers)] + [f"{n}. {p.instruction}" for n, p in enumerate(parts, start=1)]
    tags = ["multi-request"] + sorted({t for p in parts for t in p.tags} - {"multi-request"})
    return TaskCandidate(
        kind="__".join(p.kind for p in parts),
        instruction="\n".join(lines),
        calls=[c for p in parts for c in p.calls],
        difficulty="hard",
        tags=tags,
        changes=True,
        source="+".join(p.source for p in parts),
        shared=sum(p.shared for p in parts),
    )
