"""Assemble one environment: its world (entities, rows, tools) and its task candidates, best first.

:func:`build_world` is deterministic in (set seed, index, attempt). :func:`rank` orders the candidates
so the first ones cover the world's kinds, favour longer work, and mix difficulties.
"""

from __future__ import annotations

from collections import Counter

from generator.blueprint import Variant
from generator.calendar import shift
from generator.candidate import TaskCandidate, call
from generator.combine import combinations
from generator.compose import env_seed, rng_for, variant_of
from generator.data.places import CITIES
from generator.extras import add_optional, fill
from generator.families import family_of
from generator.module import TaskKind
from generator.modules import MODULES, TASK_KINDS
from generator.naming import slug
from generator.people import People
from generator.tools.policies import policy_tool
from generator.world import World

SHARED = 10
"""A module that fits this many families is shared: its task kinds come after a family's own."""
TARGET_TASKS = 10
SHARED_PARTS = 2
"""Parts from shared modules allowed among a world's first candidates."""
PART_USES = 2
"""Times one kind may appear (alone or as a part) among a world's first candidates."""
MODULE_PARTS = 2
"""Parts from one optional module (not the family's core) among a world's first candidates."""
CROSS_FAMILY = 6
"""A module that fits this many families gives a world's first candidates at most one part."""
MIN_TASKS = 10
REDRAWS = 6
"""Tries at drawing a kind's request again, on other subjects, for combined requests."""
INSTANCES = 3
"""Instances of each kind (other subjects, other words) that combined requests choose from."""
ADJECTIVES = ("Blue", "Bright", "Golden", "Green", "Harbor", "Maple", "North", "Silver", "Summit", "True")
SURNAMES = ("Abbott", "Baker", "Carver", "Dalton", "Ellis", "Fraser", "Hale", "Mercer", "Porter", "Whitman")


def new_world(seed: int, index: int, attempt: int, variant: Variant | None = None) -> World:
    """An empty world for environment ``index`` of set ``seed``: its variant (``variant_of(index)`` unless
    given), random stream, date, city, name and email domain."""
    variant = variant or variant_of(index)
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


def build_world(seed: int, index: int, attempt: int = 0, variant: Variant | None = None) -> World:
    """Environment ``index`` of set ``seed`` as a world: every module's entities, rows and tools, then the
    task candidates of its kinds and their combinations. ``variant`` overrides the set's own (an example or
    a test building a domain or a module that is not registered)."""
    world = new_world(seed, index, attempt, variant)
    for key in world.variant.modules:
        MODULES[key].build(world)
    for ent in world.entities.values():
        add_optional(world, ent)
    fill(world)
    for key in world.variant.modules:
        MODULES[key].tools(world)
    policies = policy_tool(world)
    kinds = kinds_for(world)
    for source, kind in kinds:
        candidate = _make(world, source, kind, policies)
        if candidate is not None:
            world.tasks.append(candidate)
    world.tasks += combinations(world, _other_instances(world, kinds, policies))
    return world


def _make(world: World, source: str, kind: TaskKind, policies: str | None) -> TaskCandidate | None:
    """A candidate of ``kind`` from module ``source``, or None when this world offers it nothing."""
    candidate = kind.make(world)
    if candidate is not None:
        candidate.source = source
        if candidate.refusal and policies:  # whoever refuses checks the written policy first
            candidate.calls.insert(0, call(policies))
        if source in MODULES and len(MODULES[source].fits) >= SHARED:
            candidate.priority = min(candidate.priority, -3)
            candidate.shared = 1
    return candidate


def _other_instances(world: World, kinds: list[tuple[str, TaskKind]], policies: str | None) -> list[TaskCandidate]:
    """For combined requests, each kind's request drawn again (up to ``INSTANCES`` on other subjects, in up
    to ``REDRAWS`` tries), so that a combination does not repeat a single task word for word; the first
    instance where the world offers only one."""
    said = {c.kind: c for c in world.tasks}
    out: list[TaskCandidate] = []
    for source, kind in kinds:
        first = said.get(kind.key)
        if first is None:
            continue
        drawn: dict[str, TaskCandidate] = {}
        for _ in range(REDRAWS):
            other = _make(world, source, kind, policies)
            if other is not None and other.instruction != first.instruction:
                drawn.setdefault(other.instruction, other)
                if len(drawn) == INSTANCES:
                    break
        out += list(drawn.values()) or [first]
    return out


def kinds_for(world: World) -> list[tuple[str, TaskKind]]:
    """(module, kind) for the task kinds this world's modules offer: each module's own, then those
    across modules (named by the modules they need)."""
    present = set(world.variant.modules)
    own = [(key, k) for key in world.variant.modules for k in MODULES[key].tasks if set(k.needs) <= present]
    return own + [("+".join(k.needs) or "any", k) for k in TASK_KINDS if set(k.needs) <= present]


def rank(world: World) -> list[TaskCandidate]:
    """Candidates best first: each kind once before any repeats, longer work favoured, fallbacks last,
    combined requests (three places in five) mixed in with single ones, no request made word for word
    by two of them (such repeats come last of all), and among the first
    ``TARGET_TASKS + 3`` at most ``SHARED_PARTS`` parts from shared modules (messages, notes, tickets), each
    kind at most ``PART_USES`` times (once more for the family's core), and each optional module capped."""
    pool = list(world.tasks)
    world.rng.shuffle(pool)
    pool.sort(key=lambda c: -c.priority * 10 - min(c.length, 10) - world.rng.random() * 5)
    singles = _distinct([c for c in pool if "__" not in c.kind])
    combos = _distinct([c for c in pool if "__" in c.kind])
    core = set(world.variant.domain.core) | set(family_of(world.variant.domain).core)
    first: list[TaskCandidate] = []
    uses: Counter[str] = Counter()
    modules: Counter[str] = Counter()
    shared = 0
    said: set[str] = set()
    repeats: list[TaskCandidate] = []
    while singles or combos:
        queue = combos if combos and (len(first) % 5 in (0, 2, 4) or not singles) else singles
        candidate = queue.pop(0)
        parts, sources = candidate.kind.split("__"), candidate.source.split("+")
        if said.intersection(candidate.requests):
            repeats.append(candidate)  # a request another task already makes, word for word: last resort
            continue
        if len(first) < TARGET_TASKS + 3 and (
            shared + candidate.shared > SHARED_PARTS
            or any(uses[p] >= _uses(m, core) for p, m in zip(parts, _part_sources(candidate), strict=False))
            or any(modules[m] >= _cap(world, m) for m in sources)
        ):
            continue
        first.append(candidate)
        said.update(candidate.requests)
        uses.update(parts)
        modules.update(sources)
        shared += candidate.shared
    rest = [c for c in pool if c not in first and c not in repeats]
    fresh = [c for c in rest if not said.intersection(c.requests)]
    return first + fresh + [c for c in rest if c not in fresh] + repeats


def _uses(module: str, core: set[str]) -> int:
    """How often one kind of ``module`` may appear among a world's first candidates: once for a module
    every family shares, once more than ``PART_USES`` for the family's own core."""
    found = MODULES.get(module)
    if found is not None and len(found.fits) >= SHARED:
        return 1
    return PART_USES + (module in core)


def _part_sources(candidate: TaskCandidate) -> list[str]:
    """The module of each part of ``candidate`` (a single kind across modules counts as its first)."""
    sources = candidate.source.split("+")
    return sources if "__" in candidate.kind else sources[:1]


def _cap(world: World, module: str) -> int:
    """How many parts module ``module`` may give a world's first candidates: one for a module many families
    share (customers, addresses, appointments), no limit for the family's or domain's own core, and
    ``MODULE_PARTS`` for the others."""
    found = MODULES.get(module)
    if found is not None and len(found.fits) >= CROSS_FAMILY:
        return 1
    if module in world.variant.domain.core or module in family_of(world.variant.domain).core:
        return 99
    return MODULE_PARTS


def _distinct(pool: list[TaskCandidate]) -> list[TaskCandidate]:
    """The first candidate of each kind (a combination's kind is the set of its parts, in any order)."""
    seen: set[frozenset[str]] = set()
    out = []
    for candidate in pool:
        key = frozenset(candidate.kind.split("__"))
        if key not in seen:
            out.append(candidate)
            seen.add(key)
    return out
