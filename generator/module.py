"""The two records that extend the generator: a module and a task kind.

- A :class:`Module` declares which families it fits and which modules it needs, and adds its
  entities (with coherent seed rows), its tools (each builder returns the tool's name; the module
  keeps the names in a typed kit on the world) and its task kinds.
- A :class:`TaskKind` makes a task candidate from a finished world, or None when the world offers
  no fitting case; ``needs`` names the modules it works across (one to three).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.candidate import TaskCandidate
from generator.world import World


@dataclass(frozen=True)
class TaskKind:
    key: str
    make: Callable[[World], TaskCandidate | None]
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    key: str
    about: str
    fits: frozenset[str]
    """Family keys (or single domain keys) this module makes sense in."""
    build: Callable[[World], None]
    """Adds the module's entities and their seed rows."""
    tools: Callable[[World], None]
    """Adds the module's tools."""
    tasks: tuple[TaskKind, ...] = ()
    needs: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    """Optional parts inside the module a variant may switch on (extra columns, links, rules)."""
    provides: tuple[str, ...] = ()
    """Other modules whose entities this one builds in their place (it satisfies their ``needs``)."""
