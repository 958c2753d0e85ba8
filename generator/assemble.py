"""Assemble one environment: its world (entities, rows, tools) and its task candidates, best first.

:func:`build_world` is deterministic in (set seed, index, attempt). :func:`rank` orders the candidates
so the first ones cover the world's kinds, favour longer work, and mix difficulties.
"""

from __future__ import annotations

from collections import Counter

from generator.calendar import shift
from generator.candidate import TaskCandidate
from generator.combine import combinations
from generator.compose import env_seed, rng_for, variant_of
from generator.data.places import CITIES
from generator.extras import add_optional, fill
from generator.module import TaskKind
from generator.modules import MODULES, TASK_KINDS
from generator.naming import slug
from generator.people import People
from generator.tools.policies import policy_tool
from generator.world import World

SHARED = 9
"""A module that fits this many families is shared: its task kinds come after a family's own."""
TARGET_TASKS = 10
SHARED_PARTS = 3
"""Parts from shared modules allowed among a world's first candidates."""
PART_USES = 2
"""Times one kind may appear (alone or as a part) among a world's first candidates."""
MIN_TASKS = 10
ADJECTIVES = ("Blue", "Bright", "Golden", "Green", "Harbor", "Maple", "North", "Silver", "Summit", "True")
SURNAMES = ("Abbott", "Baker", "Carver", "Dalton", "Ellis", "Fraser", "Hale", "Mercer", "Porter", "Whitman")


def new_world(seed: int, index: int, attempt: int) -> World:
    variant = variant_of(index)
    rng = rng_for(seed, index, attempt)
    today = shift("2026-01-05", rng.randrange(0, 330))
    city, state = rng.choice(CITIES)
    title = rng.choice(variant.domain.titles).format(
        city=city, surname=rng.choice(SURNAMES), adj=rng.choice(ADJECTIVES)
    )
    mail = slug(title).replace("-", "")[:20] + rng.choice((".com", ".com", ".co", ".net"))
    return World(
        index=index,
        seed=env_seed(seed, index, attempt),
        variant=variant,
        rng=rng,
        today=today,
        city=city,
        state=state,
        title=title,
        business_domain=mail,
        people=People(rng, mail),
    )


def build_world(seed: int, index: int, attempt: int = 0) -> World:
    world = new_world(seed, index, attempt)
    for key in world.variant.modules:
        MODULES[key].build(world)
    for ent in world.entities.values():
        add_optional(world, ent)
    fill(world)
    for key in world.variant.modules:
        MODULES[key].tools(world)
    policy_tool(world)
    for source, kind in kinds_for(world):
        candidate = kind.make(world)
        if candidate is not None:
            candidate.source = source
            if source in MODULES and len(MODULES[source].fits) >= SHARED:
                candidate.priority = min(candidate.priority, -3)
                candidate.shared = 1
            world.tasks.append(candidate)
    world.tasks += combinations(world)
    return world


def kinds_for(world: World) -> list[tuple[str, TaskKind]]:
    """(module, kind) for the task kinds this world's modules offer: each module's own, then those
    across modules (named by the modules they need)."""
    present = set(world.variant.modules)
    own = [(key, k) for key in world.variant.modules for k in MODULES[key].tasks if set(k.needs) <= present]
    return own + [("+".join(k.needs) or "any", k) for k in TASK_KINDS if set(k.needs) <= present]


def rank(world: World) -> list[TaskCandidate]:
    """Candidates best first: each kind once before any repeats, longer work favoured, fallbacks last,
    combined requests (every other place) mixed in with single ones, and at most ``SHARED_PARTS`` parts
    from shared modules (messages, notes, tickets) among the first ``TARGET_TASKS + 3``."""
    pool = list(world.tasks)
    world.rng.shuffle(pool)
    pool.sort(key=lambda c: -c.priority * 10 - min(c.length, 9) - (3 if c.refusal else 0) - world.rng.random() * 5)
    singles = _distinct([c for c in pool if "__" not in c.kind])
    combos = _distinct([c for c in pool if "__" in c.kind])
    first: list[TaskCandidate] = []
    uses: Counter[str] = Counter()
    shared = 0
    while singles or combos:
        queue = combos if combos and (len(first) % 2 == 0 or not singles) else singles
        candidate = queue.pop(0)
        parts = candidate.kind.split("__")
        if len(first) < TARGET_TASKS + 3 and (
            shared + candidate.shared > SHARED_PARTS or any(uses[p] >= PART_USES for p in parts)
        ):
            continue
        first.append(candidate)
        uses.update(parts)
        shared += candidate.shared
    return first + [c for c in pool if c not in first]


def _distinct(pool: list[TaskCandidate]) -> list[TaskCandidate]:
    seen: set[str] = set()
    out = []
    for candidate in pool:
        if candidate.kind not in seen:
            out.append(candidate)
            seen.add(candidate.kind)
    return out
